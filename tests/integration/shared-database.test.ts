/**
 * Two app processes on one database, as two instances of the app have: the submission transaction
 * and the per-user limiter decide the same way whichever process a request arrives at, with no
 * errors from the two writing at once (on SQLite: two processes on one WAL file).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { takeRequest } from "@/lib/assignments/request-limits";
import { createDb, type Db } from "@/lib/db/client";
import { importBank } from "@/lib/problem-store/bank";
import { seedDemo } from "@/lib/ops/seed";
import { freshDatabase, type TestDatabase } from "../setup/database";
import type { ClientJob, ClientOutcome } from "./processes/shared-database-client";

let t: TestDatabase;
let ids: { practice: string; stdRandom: string };
let users: Record<string, { id: string; isSiteAdmin: boolean }>;
const start = new Date("2026-11-26T12:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);
/** Time for both client processes to start (tsx) and connect before they go. */
const START_DELAY_MS = 8_000;

beforeAll(async () => {
  t = await freshDatabase();
  await importBank(t.db, "problems");
  await seedDemo(t.db, start);
  users = Object.fromEntries((await t.db.user.findMany()).map((u) => [u.email.split("@")[0]!, { id: u.id, isSiteAdmin: u.isSiteAdmin }]));
  const practice = await t.db.assignment.findFirstOrThrow({ where: { title: "Backpropagation practice" } });
  ids = { practice: practice.id, stdRandom: (await t.db.problem.findUniqueOrThrow({ where: { slug: "seed-std-dev-random" } })).id };
});
afterAll(() => t.dispose());

/** Runs the job in a process of its own; its outcomes, or a rejection with its standard error. */
function inProcess(job: ClientJob): Promise<ClientOutcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", path.join("tests/integration/processes/shared-database-client.ts"), JSON.stringify(job)],
      {
        env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "silent", RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "0" },
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as ClientOutcome[]) : reject(new Error(`the client process failed (${code}):\n${err}`))));
  });
}

describe("one database, two processes", () => {
  it("submissions arriving together at both get attempts 1..3 under a limit of 3, the rest refused for no attempts", async () => {
    await t.db.assignment.update({ where: { id: ids.practice }, data: { maxAttempts: 3 } });
    const student = users.student1!;
    const job: ClientJob = {
      kind: "submit",
      goAt: Date.now() + START_DELAY_MS,
      count: 10,
      user: student,
      input: { assignmentId: ids.practice, problemId: ids.stdRandom, answers: { "grad-x1": "0.5" } },
      at: at(0).toISOString(),
    };
    const outcomes = (await Promise.all([inProcess(job), inProcess(job)])).flat();
    expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.reason)).toEqual(Array.from({ length: 17 }, () => "no-attempts"));
    const stored = await t.db.submission.findMany({ where: { userId: student.id, assignmentId: ids.practice }, orderBy: { attempt: "asc" } });
    expect(stored.map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect(stored.map((s) => s.id).sort()).toEqual(outcomes.flatMap((o) => (o.submissionId ? [o.submissionId] : [])).sort());
  });

  it("the limiter lets exactly `limit` through when requests arrive together at both", async () => {
    const job: ClientJob = { kind: "take", goAt: Date.now() + START_DELAY_MS, count: 12, userId: "two-processes", limit: 7, at: at(60 * 60_000).toISOString() };
    const outcomes = (await Promise.all([inProcess(job), inProcess(job)])).flat();
    expect(outcomes.filter((o) => o.ok)).toHaveLength(7);
    expect(await t.db.rateLimitHit.count({ where: { key: "submit:two-processes" } })).toBe(7);
  });

  it("a request that started earlier but reaches the limiter later counts the ones already let through", async () => {
    const other: Db = createDb(t.url);
    try {
      const when = at(2 * 60 * 60_000);
      expect(await takeRequest(t.db, "submit", "late-arrival", new Date(when.getTime() + 10), 1)).toEqual({ ok: true });
      expect(await takeRequest(other, "submit", "late-arrival", when, 1)).toMatchObject({ ok: false, limit: 1 });
    } finally {
      await other.$disconnect();
    }
  });
});
