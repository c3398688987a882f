import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importBank } from "@/lib/problem-store/bank";
import { contentHash, importProblem } from "@/lib/problem-store/import";
import { loadProblem } from "@/lib/problems/load";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { addSubmission, demoWorld } from "../setup/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.dispose());

function load(text: string) {
  const r = loadProblem(text);
  if (!r.ok) throw new Error("invalid");
  return r.problem.file;
}

describe("importing problems", () => {
  const original = fs.readFileSync("problems/seed/std-dev.yaml", "utf8");

  it("creates version 1, then changes nothing when the content is the same (comments and layout do not count)", async () => {
    const first = await importProblem(t.db, load(original), original);
    expect(first).toMatchObject({ slug: "seed-std-dev", version: 1, action: "created" });
    const reformatted = `# a comment\n${original}`;
    const again = await importProblem(t.db, load(reformatted), reformatted);
    expect(again).toMatchObject({ version: 1, action: "unchanged", versionId: first.versionId });
    expect(await t.db.problemVersion.count({ where: { problemId: first.problemId } })).toBe(1);
    const stored = await t.db.problemVersion.findUniqueOrThrow({ where: { id: first.versionId } });
    expect(stored.source).toBe(original);
    expect(stored.contentHash).toBe(contentHash(load(original)));
  });

  it("makes a new version when the content changes; submissions keep the version they were graded against", async () => {
    const world = await demoWorld(t.db);
    const v1 = await t.db.problemVersion.findFirstOrThrow({ where: { problem: { slug: "seed-std-dev" } } });
    const sub = await addSubmission(t.db, {
      userId: world.users.student1!.id,
      assignmentId: world.assignment.id,
      problemId: v1.problemId,
      versionId: v1.id,
      score: 1,
      attempt: 1,
    });
    const changed = original.replace("points: 6", "points: 7");
    const second = await importProblem(t.db, load(changed), changed);
    expect(second).toMatchObject({ version: 2, action: "new-version" });
    expect((await t.db.submission.findUniqueOrThrow({ where: { id: sub.id } })).problemVersionId).toBe(v1.id);
    // going back to the first content is a new version: the latest one is what students get
    const third = await importProblem(t.db, load(original), original);
    expect(third).toMatchObject({ action: "new-version", version: 3 });
    expect(await importProblem(t.db, load(original), original)).toMatchObject({ action: "unchanged", version: 3 });
  });

  it("imports the whole bank, and refuses a bank with any invalid file without importing anything", async () => {
    const results = await importBank(t.db, "problems");
    expect(results.map((r) => r.slug)).toEqual(
      expect.arrayContaining(["seed-cross-entropy", "seed-std-dev", "seed-cross-entropy-random", "seed-std-dev-random"]),
    );
    const before = await t.db.problem.count();
    await expect(importBank(t.db, "tests/fixtures/problems")).rejects.toThrow(
      /the problem bank has errors; nothing was imported:\ntests\/fixtures\/problems\/bad-yaml.yaml:7/,
    );
    expect(await t.db.problem.count()).toBe(before);
  });

  it("`problem import` validates everything first, then upserts", () => {
    const env = { ...process.env, DATABASE_URL: t.url };
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "lib/cli/main.ts", "problem", "import", ...args], { encoding: "utf8", env });
    const ok = run(["problems/seed/cross-entropy.yaml"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^seed-cross-entropy: unchanged \(version 1\)/m);
    const bad = run(["problems/seed/cross-entropy.yaml", "tests/fixtures/problems/graph-error.yaml"]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("nothing imported: 1 of 2 files have errors");
  });
});
