import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStudentDashboard } from "@/lib/assignments/dashboard";
import { loadAssignmentPage } from "@/lib/assignments/student-pages";
import { loadWorkContext } from "@/lib/assignments/workspace";
import { bankChoices, createAssignment, updateAssignment } from "@/lib/authoring/assignments";
import { deleteProblem, forkProblem, setProblemArchived, suggestForkSlug } from "@/lib/authoring/problem-lifecycle";
import { compareVersions, listBank, problemForEditor, saveProblem } from "@/lib/authoring/problems";
import { NEW_PROBLEM_TEMPLATE } from "@/lib/authoring/template";
import { importBank } from "@/lib/problem-store/bank";
import { importProblem, OwnedElsewhereError } from "@/lib/problem-store/import";
import { loadProblem } from "@/lib/problems/load";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

/**
 * Problems belong to a course (or, for the built-in bank, to none), and only the owner's
 * instructors change them, on every path: the browser editor, an upload, `problem import`, and the
 * import function under them. Everyone who may use the bank may fork; archived problems leave the
 * lists; unused problems may be deleted.
 */
let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
let dl101: string;
let dl201: string;
type Person = { id: string; isSiteAdmin: boolean };
let dana: Person; // instructor of DL-201 only: the "unrelated course"
let eve: Person; // instructor of DL-101 only
let std: { id: string; slug: string };
const now = new Date("2026-11-26T12:00:00Z");
const STD_FILE = fs.readFileSync("problems/seed/std-dev.yaml", "utf8");
/** The seed standard deviation's file with another English title. */
const retitled = (title: string) => STD_FILE.replace('en: "Standard deviation of two samples (homework 2, 1.2)"', `en: "${title}"`);
const actor = (u: { id: string; isSiteAdmin: boolean }) => ({ id: u.id, isSiteAdmin: u.isSiteAdmin });

async function person(email: string, course: string): Promise<Person> {
  const u = await t.db.user.create({ data: { email, name: email.split("@")[0]!, passwordHash: "x" } });
  await t.db.membership.create({ data: { userId: u.id, courseId: course, role: "INSTRUCTOR" } });
  return { id: u.id, isSiteAdmin: false };
}

const versions = (problemId: string) => t.db.problemVersion.count({ where: { problemId } });

beforeAll(async () => {
  t = await freshDatabase();
  await importBank(t.db, "problems");
  world = await demoWorld(t.db, now);
  dl101 = world.courses["DL-101"]!.id;
  dl201 = world.courses["DL-201"]!.id;
  dana = await person("dana@uni.test", dl201);
  eve = await person("eve@uni.test", dl101);
  std = await t.db.problem.findUniqueOrThrow({ where: { slug: "seed-std-dev" }, select: { id: true, slug: true } });
});
afterAll(() => t.dispose());

describe("the built-in bank", () => {
  it("belongs to no course", async () => {
    expect(await t.db.problem.count({ where: { ownerCourseId: { not: null } } })).toBe(0);
    const row = (await listBank(t.db, dl101)).find((p) => p.slug === "seed-std-dev")!;
    expect(row.owner).toEqual({ kind: "bank" });
  });

  it("is imported again (as `npm start` does) only where no course owns a problem of the same id", async () => {
    const gate = await t.db.problem.update({ where: { slug: "add-mul-gate" }, data: { ownerCourseId: dl101 } });
    const before = await t.db.problemVersion.count();
    await expect(importBank(t.db, "problems")).rejects.toThrow(/names problems that courses own; nothing was imported: add-mul-gate/);
    expect(await t.db.problemVersion.count()).toBe(before);
    await t.db.problem.update({ where: { id: gate.id }, data: { ownerCourseId: null } });
    expect((await importBank(t.db, "problems")).every((r) => r.action === "unchanged")).toBe(true);
  });

  it("cannot be changed by an instructor of an unrelated course, in the editor or by upload (an unrelated instructor rewriting another course's problem), and DL-101 sees nothing new", async () => {
    const changed = retitled("Hijacked");
    expect(loadProblem(changed).ok).toBe(true);
    expect(await saveProblem(t.db, actor(dana), dl201, { kind: "edit", problemId: std.id }, changed)).toEqual({ status: "forbidden" });
    const upload = await saveProblem(t.db, actor(dana), dl201, { kind: "upload", fileName: "std-dev.yaml" }, changed);
    expect(upload).toMatchObject({ status: "owned-elsewhere", slug: "seed-std-dev", problemId: std.id, owner: null });
    // Not even DL-101's own instructor: the bank is changed by site admins (in the browser) and `problem import`.
    expect(await saveProblem(t.db, actor(eve), dl101, { kind: "edit", problemId: std.id }, changed)).toEqual({ status: "forbidden" });
    expect(await versions(std.id)).toBe(1);
    const titles = (await loadStudentDashboard(t.db, world.users.student1!, now))[0]!.assignments.flatMap((a) => a.problems.map((p) => p.title));
    expect(titles).not.toContain("Hijacked");
  });

  it("is changed by a site admin from any course's page, staying in the bank, while DL-101 keeps the version it uses", async () => {
    const changed = retitled("Standard deviation, revised");
    const r = await saveProblem(t.db, actor(world.users.admin!), dl201, { kind: "edit", problemId: std.id }, changed);
    expect(r).toMatchObject({ status: "saved", result: { action: "new-version", version: 2 } });
    expect((await t.db.problem.findUniqueOrThrow({ where: { id: std.id } })).ownerCourseId).toBeNull();
    const context = await loadWorkContext(t.db, { userId: world.users.student1!.id, assignmentId: world.assignment.id, problemId: std.id });
    expect(context!.version.version).toBe(1);
    const dashboard = (await loadStudentDashboard(t.db, world.users.student1!, now))[0]!.assignments.find((a) => a.id === world.assignment.id)!;
    expect(dashboard.problems.map((p) => p.title)).not.toContain("Standard deviation, revised");
    const page = await loadAssignmentPage(t.db, world.users.student1!, { assignmentId: world.assignment.id, locale: "en", now });
    if (!("problems" in page)) throw new Error(JSON.stringify(page));
    expect(page.problems!.map((p) => p.title)).not.toContain("Standard deviation, revised");
  });
});

describe("a course's own problems", () => {
  const FILE = NEW_PROBLEM_TEMPLATE.replace("id: new-problem", "id: dl201-gate");
  let gate: string;

  it("belong to the course they are created in, from the editor or an upload", async () => {
    const r = await saveProblem(t.db, actor(dana), dl201, { kind: "new" }, FILE);
    if (r.status !== "saved") throw new Error(JSON.stringify(r));
    gate = r.result.problemId;
    expect((await t.db.problem.findUniqueOrThrow({ where: { id: gate } })).ownerCourseId).toBe(dl201);
    const upload = await saveProblem(t.db, actor(eve), dl101, { kind: "upload", fileName: "x.yaml" }, FILE.replace("id: dl201-gate", "id: dl101-upload"));
    if (upload.status !== "saved") throw new Error(JSON.stringify(upload));
    expect((await t.db.problem.findUniqueOrThrow({ where: { id: upload.result.problemId } })).ownerCourseId).toBe(dl101);
    expect((await listBank(t.db, dl201)).find((p) => p.id === gate)!.owner).toEqual({ kind: "course", courseId: dl201, code: "DL-201", here: true });
    expect((await listBank(t.db, dl101)).find((p) => p.id === gate)!.owner).toEqual({ kind: "course", courseId: dl201, code: "DL-201", here: false });
  });

  it("are changed only by the owning course's instructors: not from another course's page, not by its TAs, not by upload elsewhere", async () => {
    const changed = FILE.replace("points: 4", "points: 5");
    expect(await saveProblem(t.db, actor(eve), dl101, { kind: "edit", problemId: gate }, changed)).toEqual({ status: "forbidden" });
    expect(await saveProblem(t.db, actor(eve), dl201, { kind: "edit", problemId: gate }, changed)).toEqual({ status: "forbidden" });
    expect(await saveProblem(t.db, actor(dana), dl101, { kind: "edit", problemId: gate }, changed)).toEqual({ status: "forbidden" });
    expect(await saveProblem(t.db, actor(world.users.ta2!), dl201, { kind: "edit", problemId: gate }, changed)).toEqual({ status: "forbidden" });
    expect(await saveProblem(t.db, actor(eve), dl101, { kind: "upload", fileName: "dl201-gate.yaml" }, changed)).toMatchObject({
      status: "owned-elsewhere",
      owner: "DL-201",
    });
    expect(await versions(gate)).toBe(1);
    expect(await saveProblem(t.db, actor(dana), dl201, { kind: "edit", problemId: gate }, changed)).toMatchObject({ status: "saved", result: { version: 2 } });
    expect(await saveProblem(t.db, actor(dana), dl201, { kind: "upload", fileName: "dl201-gate.yaml" }, FILE.replace("points: 4", "points: 6"))).toMatchObject({
      status: "saved",
      result: { version: 3 },
    });
  });

  it("are refused by the import function itself when another owner asks (the check every path shares)", async () => {
    const loaded = loadProblem(FILE);
    if (!loaded.ok) throw new Error("invalid");
    await expect(importProblem(t.db, loaded.problem.file, FILE, { ownerCourseId: dl101 })).rejects.toBeInstanceOf(OwnedElsewhereError);
    await expect(importProblem(t.db, loaded.problem.file, FILE)).rejects.toThrow(/belongs to course/);
    expect(await versions(gate)).toBe(3);
  });

  it("are compared version by version, side by side", async () => {
    const c = await compareVersions(t.db, gate, 1, 3);
    expect(c).toMatchObject({
      slug: "dl201-gate",
      versions: [1, 2, 3],
      a: { version: 1 },
      b: { version: 3 },
      diff: { added: 1, removed: 1, identical: false },
    });
    const changedRow = c!.diff.rows.find((r) => r.kind === "changed")!;
    expect(changedRow.left.text).toContain("points: 4");
    expect(changedRow.right.text).toContain("points: 6");
    expect(changedRow.left.line).toBe(changedRow.right.line);
    expect(await compareVersions(t.db, gate, 1, 9)).toBeNull();
  });
});

describe("forking", () => {
  let fork: string;

  it("copies the latest version into the instructor's course with a new id and a link to where it came from, audited", async () => {
    expect(await suggestForkSlug(t.db, "seed-std-dev", "DL-101")).toBe("seed-std-dev-dl-101");
    const r = await forkProblem(t.db, actor(eve), { courseId: dl101, problemId: std.id }, {});
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    fork = r.value.problemId;
    expect(r.value).toMatchObject({ slug: "seed-std-dev-dl-101", fromVersion: 2 });
    const p = await t.db.problem.findUniqueOrThrow({ where: { id: fork }, include: { versions: true, forkedFrom: true } });
    expect(p.ownerCourseId).toBe(dl101);
    expect(p.forkedFrom).toMatchObject({ problemId: std.id, version: 2 });
    expect(p.versions).toHaveLength(1);
    const origin = await t.db.problemVersion.findFirstOrThrow({ where: { problemId: std.id, version: 2 } });
    // The file is the origin's, word for word, but for its id.
    expect(p.versions[0]!.source).toBe(origin.source.replace("id: seed-std-dev", "id: seed-std-dev-dl-101"));
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "problem.fork", entityId: fork } });
    expect(entry).toMatchObject({
      actorId: eve.id,
      courseId: dl101,
      before: { problemId: std.id, slug: "seed-std-dev", version: 2 },
      after: { slug: "seed-std-dev-dl-101", version: 1 },
    });
    const editor = await problemForEditor(t.db, dl101, fork);
    expect(editor).toMatchObject({ forkedFrom: { problemId: std.id, slug: "seed-std-dev", version: 2 }, owner: { kind: "course", here: true } });
    expect((await problemForEditor(t.db, dl101, std.id))!.forks).toBe(1);
  });

  it("lets the fork be edited by its course while the origin (and who uses it) stays as it was", async () => {
    const text = (await problemForEditor(t.db, dl101, fork))!.latest.source.replace("Standard deviation, revised", "Our own standard deviation");
    expect(await saveProblem(t.db, actor(eve), dl101, { kind: "edit", problemId: fork }, text)).toMatchObject({ status: "saved", result: { version: 2 } });
    expect(await versions(std.id)).toBe(2);
    expect((await t.db.problem.findUniqueOrThrow({ where: { id: std.id } })).title).toBe("Standard deviation, revised");
  });

  it("copies an older version when asked, with the id the instructor chose", async () => {
    const r = await forkProblem(t.db, actor(dana), { courseId: dl201, problemId: std.id }, { slug: "std-dev-v1-copy", version: 1 });
    expect(r).toMatchObject({ status: "ok", value: { slug: "std-dev-v1-copy", fromVersion: 1 } });
    const p = await t.db.problem.findUniqueOrThrow({ where: { slug: "std-dev-v1-copy" }, include: { forkedFrom: true } });
    expect(p).toMatchObject({ ownerCourseId: dl201, forkedFrom: { version: 1 } });
  });

  it("is a duplicate within the owning course: a copy in the same course", async () => {
    const r = await forkProblem(t.db, actor(eve), { courseId: dl101, problemId: fork }, {});
    expect(r).toMatchObject({ status: "ok", value: { slug: "seed-std-dev-dl-101-copy" } });
    expect(await suggestForkSlug(t.db, "seed-std-dev-dl-101", "DL-101", true)).toBe("seed-std-dev-dl-101-copy-2");
  });

  it("refuses taken and malformed ids, missing versions, TAs, students and instructors of other courses, making nothing", async () => {
    const before = await t.db.problem.count();
    expect(await forkProblem(t.db, actor(eve), { courseId: dl101, problemId: std.id }, { slug: "seed-cross-entropy" })).toEqual({
      status: "invalid",
      errors: { slug: { code: "slugTaken", values: { slug: "seed-cross-entropy" } } },
    });
    expect(await forkProblem(t.db, actor(eve), { courseId: dl101, problemId: std.id }, { slug: "Not An Id" })).toMatchObject({
      status: "invalid",
      errors: { slug: { code: "slugFormat" } },
    });
    expect(await forkProblem(t.db, actor(eve), { courseId: dl101, problemId: std.id }, { version: 9 })).toMatchObject({
      status: "invalid",
      errors: { version: { code: "noSuchVersion" } },
    });
    expect(await forkProblem(t.db, actor(eve), { courseId: dl101, problemId: std.id }, { version: "two" })).toMatchObject({
      status: "invalid",
      errors: { version: { code: "invalid" } },
    });
    expect(await forkProblem(t.db, actor(world.users.ta!), { courseId: dl101, problemId: std.id }, {})).toEqual({ status: "forbidden" });
    expect(await forkProblem(t.db, actor(world.users.student1!), { courseId: dl101, problemId: std.id }, {})).toEqual({ status: "forbidden" });
    expect(await forkProblem(t.db, actor(dana), { courseId: dl101, problemId: std.id }, {})).toEqual({ status: "forbidden" });
    expect(await forkProblem(t.db, actor(eve), { courseId: dl101, problemId: "nosuchproblem1" }, {})).toEqual({ status: "not-found" });
    expect(await t.db.problem.count()).toBe(before);
  });
});

describe("archiving and deleting problems", () => {
  let spare: string;
  beforeAll(async () => {
    const r = await saveProblem(t.db, actor(dana), dl201, { kind: "new" }, NEW_PROBLEM_TEMPLATE.replace("id: new-problem", "id: dl201-spare"));
    if (r.status !== "saved") throw new Error(JSON.stringify(r));
    spare = r.result.problemId;
  });

  it("hides an archived problem from the bank and from new assignments, audited; only the owner's instructors archive", async () => {
    expect(await setProblemArchived(t.db, actor(eve), { courseId: dl101, problemId: spare }, { archived: true })).toEqual({ status: "forbidden" });
    expect(await setProblemArchived(t.db, actor(world.users.ta2!), { courseId: dl201, problemId: spare }, { archived: true })).toEqual({ status: "forbidden" });
    expect(await setProblemArchived(t.db, actor(dana), { courseId: dl201, problemId: spare }, { archived: "yes" })).toMatchObject({ status: "invalid" });
    expect(await setProblemArchived(t.db, actor(dana), { courseId: dl201, problemId: spare }, { archived: true })).toEqual({
      status: "ok",
      value: { changed: true },
    });
    expect(await setProblemArchived(t.db, actor(dana), { courseId: dl201, problemId: spare }, { archived: true })).toEqual({
      status: "ok",
      value: { changed: false },
    });
    expect((await listBank(t.db, dl201)).map((p) => p.id)).not.toContain(spare);
    expect((await listBank(t.db, dl201, { archived: true })).find((p) => p.id === spare)).toMatchObject({ archived: true });
    expect((await bankChoices(t.db)).map((p) => p.id)).not.toContain(spare);
    expect((await bankChoices(t.db, [spare])).find((p) => p.id === spare)).toMatchObject({ archived: true });
    expect(await t.db.auditLog.count({ where: { action: "problem.archive", entityId: spare, actorId: dana.id } })).toBe(1);
  });

  it("keeps an archived problem where an assignment has it, and refuses it in new ones", async () => {
    const input = (problemId: string) => ({
      title: "Uses the spare",
      problems: [{ problemId, points: 1 }],
      opensAt: "2026-12-01T08:00:00.000Z",
      dueAt: "2026-12-08T08:00:00.000Z",
      maxAttempts: "",
      latePolicy: "REFUSE",
      latePenaltyPercent: "",
      lateUntil: "",
      releasePolicy: "AFTER_DUE",
      scoreRule: "BEST",
      practice: false,
    });
    expect(await createAssignment(t.db, actor(dana), dl201, input(spare))).toEqual({
      status: "invalid",
      errors: { "problems.0.problemId": { code: "problemArchived" } },
    });
    await setProblemArchived(t.db, actor(dana), { courseId: dl201, problemId: spare }, { archived: false });
    const made = await createAssignment(t.db, actor(dana), dl201, input(spare));
    if (made.status !== "ok") throw new Error(JSON.stringify(made));
    await setProblemArchived(t.db, actor(dana), { courseId: dl201, problemId: spare }, { archived: true });
    expect(await updateAssignment(t.db, actor(dana), made.value.assignmentId, { ...input(spare), title: "Still uses the spare" })).toEqual({
      status: "ok",
      value: { changed: true },
    });
  });

  it("deletes only a problem no assignment uses, with its versions; forks keep their content and lose the link", async () => {
    expect(await deleteProblem(t.db, actor(dana), { courseId: dl201, problemId: spare })).toMatchObject({
      status: "invalid",
      errors: { form: { code: "problemInUse", values: { count: 1 } } },
    });
    const unused = await saveProblem(t.db, actor(dana), dl201, { kind: "new" }, NEW_PROBLEM_TEMPLATE.replace("id: new-problem", "id: dl201-unused"));
    if (unused.status !== "saved") throw new Error(JSON.stringify(unused));
    const copy = await forkProblem(t.db, actor(eve), { courseId: dl101, problemId: unused.result.problemId }, {});
    if (copy.status !== "ok") throw new Error(JSON.stringify(copy));
    expect(await deleteProblem(t.db, actor(eve), { courseId: dl101, problemId: unused.result.problemId })).toEqual({ status: "forbidden" });
    expect(await deleteProblem(t.db, actor(dana), { courseId: dl201, problemId: unused.result.problemId })).toEqual({
      status: "ok",
      value: { slug: "dl201-unused" },
    });
    expect(await t.db.problem.findUnique({ where: { id: unused.result.problemId } })).toBeNull();
    expect(await versions(unused.result.problemId)).toBe(0);
    const orphan = await t.db.problem.findUniqueOrThrow({ where: { id: copy.value.problemId }, include: { versions: true } });
    expect(orphan.forkedFromVersionId).toBeNull();
    expect(orphan.versions).toHaveLength(1);
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: "problem.delete", entityId: unused.result.problemId } })).toMatchObject({
      actorId: dana.id,
      before: { slug: "dl201-unused", versions: 1 },
    });
  });
});

describe("`problem import` keeps owners", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-owned-"));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "lib/cli/main.ts", "problem", "import", ...args], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: t.url },
    });
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("refuses, importing nothing, a file naming a course's problem unless --course names that course", () => {
    const own = write("dl201-gate.yaml", NEW_PROBLEM_TEMPLATE.replace("id: new-problem", "id: dl201-gate").replace("points: 4", "points: 7"));
    const fresh = write("brand-new.yaml", NEW_PROBLEM_TEMPLATE.replace("id: new-problem", "id: brand-new"));
    const plain = run(own, fresh);
    expect(plain.status).toBe(1);
    expect(plain.stdout).toContain(`${own}: the problem "dl201-gate" belongs to course DL-201 (import it with --course DL-201)`);
    expect(plain.stdout).toContain("nothing imported: 1 of 2 files name problems owned elsewhere");
    const wrong = run("--course", "dl-101", own);
    expect(wrong.status).toBe(1);
    const bank = run("--course", "DL-101", "problems/seed/std-dev.yaml");
    expect(bank.status).toBe(1);
    expect(bank.stdout).toContain('the problem "seed-std-dev" belongs to the built-in bank (import it without --course)');
    const unknown = run("--course", "NOPE-1", own);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain('nothing imported: no course has the code "NOPE-1"');
  }, 180_000);

  it("imports for a course with --course: new problems owned by it, new versions of its own", async () => {
    const own = write("dl201-gate.yaml", NEW_PROBLEM_TEMPLATE.replace("id: new-problem", "id: dl201-gate").replace("points: 4", "points: 7"));
    const fresh = write("brand-new.yaml", NEW_PROBLEM_TEMPLATE.replace("id: new-problem", "id: brand-new"));
    const before = await versions((await t.db.problem.findUniqueOrThrow({ where: { slug: "dl201-gate" } })).id);
    const r = run("--course=dl-201", own, fresh);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`dl201-gate: new version ${before + 1}`);
    expect(r.stdout).toContain("brand-new: created 1");
    expect((await t.db.problem.findUniqueOrThrow({ where: { slug: "brand-new" } })).ownerCourseId).toBe(dl201);
  }, 120_000);
});
