import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewProblem } from "@/lib/authoring/preview";
import { exportProblem, listBank, problemForEditor, saveProblem } from "@/lib/authoring/problems";
import { NEW_PROBLEM_TEMPLATE } from "@/lib/authoring/template";
import { importBank } from "@/lib/problem-store/bank";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { addSubmission, demoWorld } from "../setup/fixtures";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
let dl101: string;
let dl201: string;
const actor = (u: { id: string; isSiteAdmin: boolean }) => ({ id: u.id, isSiteAdmin: u.isSiteAdmin });
const FILE = NEW_PROBLEM_TEMPLATE.replace("id: new-problem", "id: gate-practice");
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

beforeAll(async () => {
  t = await freshDatabase();
  await importBank(t.db, "problems");
  world = await demoWorld(t.db);
  dl101 = world.courses["DL-101"]!.id;
  dl201 = world.courses["DL-201"]!.id;
});
afterAll(() => t.dispose());

describe("saving a problem from the editor", () => {
  it("creates a new problem as version 1, audited, and keeps the text as written", async () => {
    const r = await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "new" }, FILE);
    if (r.status !== "saved") throw new Error(JSON.stringify(r));
    expect(r.result).toMatchObject({ slug: "gate-practice", version: 1, action: "created" });
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "problem.save", entityId: r.result.problemId } });
    expect(entry).toMatchObject({ actorId: world.users.instructor!.id, courseId: dl201, after: { slug: "gate-practice", version: 1, via: "editor" } });
    expect(await exportProblem(t.db, r.result.problemId)).toEqual({ fileName: "gate-practice.yaml", text: FILE });
  });

  it("makes no version when nothing but layout and comments changed, and a new one when the content did", async () => {
    const p = await t.db.problem.findUniqueOrThrow({ where: { slug: "gate-practice" } });
    const target = { kind: "edit" as const, problemId: p.id };
    const same = await saveProblem(t.db, actor(world.users.instructor!), dl201, target, `# just a comment\n${FILE}`);
    expect(same).toMatchObject({ status: "saved", result: { action: "unchanged", version: 1 } });
    expect(await t.db.auditLog.count({ where: { action: "problem.save", entityId: p.id } })).toBe(1);
    const changed = FILE.replace("points: 4", "points: 5");
    const r = await saveProblem(t.db, actor(world.users.instructor!), dl201, target, changed);
    expect(r).toMatchObject({ status: "saved", result: { action: "new-version", version: 2 } });
    expect(await t.db.problemVersion.count({ where: { problemId: p.id } })).toBe(2);
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "problem.save", entityId: p.id }, orderBy: { createdAt: "desc" } });
    expect(entry.before).toEqual({ version: 1 });
    expect(entry.after).toMatchObject({ version: 2 });
    expect((await problemForEditor(t.db, dl201, p.id))?.latest).toMatchObject({ version: 2, source: changed });
  });

  it("refuses an invalid file with its errors at their lines, saving nothing", async () => {
    const p = await t.db.problem.findUniqueOrThrow({ where: { slug: "gate-practice" } });
    const versions = await t.db.problemVersion.count();
    const broken = FILE.replace("f = q * z", "f = q * w");
    const r = await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "edit", problemId: p.id }, broken);
    if (r.status !== "invalid-file") throw new Error(JSON.stringify(r));
    expect(r.issues).toEqual([
      expect.objectContaining({ severity: "error", line: lineOf(broken, "f = q * w"), message: expect.stringContaining('unknown name "w"') }),
    ]);
    const yaml = FILE.replace("topic: computational graphs", "topic: [computational graphs");
    const y = await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "edit", problemId: p.id }, yaml);
    expect(y.status === "invalid-file" && y.issues[0]!.message).toMatch(/^YAML:/);
    const schema = FILE.replace("    points: 1\n", "    points: -1\n");
    const s = await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "edit", problemId: p.id }, schema);
    expect(s.status === "invalid-file" && s.issues.map((i) => i.line)).toEqual([lineOf(schema, "points: -1")]);
    expect(await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "edit", problemId: p.id }, "  ")).toEqual({
      status: "invalid",
      errors: { source: { code: "fileEmpty" } },
    });
    expect(await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "edit", problemId: p.id }, 12)).toMatchObject({ status: "invalid" });
    expect(await t.db.problemVersion.count()).toBe(versions);
  });

  it("keeps a problem's id: a changed id in the editor, or a new problem with a taken id, is refused", async () => {
    const p = await t.db.problem.findUniqueOrThrow({ where: { slug: "gate-practice" } });
    const renamed = FILE.replace("id: gate-practice", "id: another-id");
    expect(await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "edit", problemId: p.id }, renamed)).toEqual({
      status: "id-changed",
      expected: "gate-practice",
      line: 2,
    });
    expect(await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "new" }, FILE)).toEqual({
      status: "id-taken",
      slug: "gate-practice",
      problemId: p.id,
      line: 2,
    });
    expect(await t.db.problem.count({ where: { slug: "another-id" } })).toBe(0);
  });

  it("takes uploads of .yaml files: a new version of the problem the file names", async () => {
    const p = await t.db.problem.findUniqueOrThrow({ where: { slug: "gate-practice" } });
    const changed = FILE.replace("points: 4", "points: 6");
    const r = await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "upload", fileName: "gate-practice.yaml" }, changed);
    expect(r).toMatchObject({ status: "saved", result: { problemId: p.id, version: 3, action: "new-version" } });
    expect((await t.db.auditLog.findFirstOrThrow({ where: { entityId: p.id }, orderBy: { createdAt: "desc" } })).after).toMatchObject({
      version: 3,
      via: "upload",
    });
    expect(await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "upload", fileName: "notes.txt" }, changed)).toEqual({
      status: "invalid",
      errors: { file: { code: "notYaml" } },
    });
  });

  it("lets only the course's instructor save (TAs preview only)", async () => {
    const p = await t.db.problem.findUniqueOrThrow({ where: { slug: "gate-practice" } });
    const changed = FILE.replace("points: 4", "points: 7");
    expect(await saveProblem(t.db, actor(world.users.ta!), dl101, { kind: "edit", problemId: p.id }, changed)).toEqual({ status: "forbidden" });
    expect(await saveProblem(t.db, actor(world.users.ta2!), dl201, { kind: "new" }, changed)).toEqual({ status: "forbidden" });
    expect(await saveProblem(t.db, actor(world.users.ta2!), dl101, { kind: "upload", fileName: "x.yaml" }, changed)).toEqual({ status: "forbidden" });
    expect(await saveProblem(t.db, actor(world.users.instructor!), dl201, { kind: "edit", problemId: "nosuchproblem" }, changed)).toEqual({
      status: "not-found",
    });
    expect(await t.db.problemVersion.count({ where: { problemId: p.id } })).toBe(3);
  });
});

describe("where problems are used", () => {
  it("counts each version's submissions in this course only, and lists only this course's assignments", async () => {
    const std = await t.db.problem.findUniqueOrThrow({ where: { slug: "seed-std-dev" }, include: { versions: true } });
    const v1 = std.versions[0]!;
    await addSubmission(t.db, {
      userId: world.users.student1!.id,
      assignmentId: world.assignment.id,
      problemId: std.id,
      versionId: v1.id,
      score: 1,
      attempt: 1,
    });
    await addSubmission(t.db, {
      userId: world.users.student2!.id,
      assignmentId: world.assignment.id,
      problemId: std.id,
      versionId: v1.id,
      score: 0.5,
      attempt: 1,
    });
    const other = await t.db.assignment.create({ data: { courseId: dl201, title: "DL-201 quiz", opensAt: new Date(), dueAt: new Date(Date.now() + 1e9) } });
    await t.db.assignmentProblem.create({ data: { assignmentId: other.id, problemId: std.id, problemVersionId: v1.id, position: 0, points: 1 } });
    await addSubmission(t.db, { userId: world.users.student3!.id, assignmentId: other.id, problemId: std.id, versionId: v1.id, score: 0, attempt: 1 });

    const bank101 = (await listBank(t.db, dl101)).find((r) => r.slug === "seed-std-dev")!;
    expect(bank101.usedBy.map((u) => u.title)).toEqual(["Homework 2: theory"]);
    expect(bank101.versions).toEqual([expect.objectContaining({ version: 1, submissionsHere: 2 })]);
    // nothing of another course's work: not even its submission count
    expect(bank101.versions[0]).not.toHaveProperty("submissionsAll");
    const bank201 = (await listBank(t.db, dl201)).find((r) => r.slug === "seed-std-dev")!;
    expect(bank201.usedBy.map((u) => u.title)).toEqual(["DL-201 quiz"]);
    expect(bank201.versions[0]).toMatchObject({ submissionsHere: 1 });

    const editor = await problemForEditor(t.db, dl201, std.id);
    expect(editor).toMatchObject({ slug: "seed-std-dev", otherCourses: 1, usedBy: [{ title: "DL-201 quiz" }], latest: { version: 1 } });
    expect(editor!.latest.source).toContain("id: seed-std-dev");
    const gate = (await listBank(t.db, dl201)).find((r) => r.slug === "gate-practice")!;
    expect(gate).toMatchObject({ latest: 3, usedBy: [] });
    expect(gate.versions.map((v) => v.submissionsHere)).toEqual([0, 0, 0]);
  });
});

describe("the live preview", () => {
  it("shows two seeds' variants with their own numbers, the reference answers and the author tests", () => {
    const p = previewProblem(FILE, ["0", "1"], "en");
    expect(p).toMatchObject({ valid: true, slug: "gate-practice", issues: [], tests: [{ name: "the reference answers get full marks", passed: true }] });
    const [a, b] = p.seeds;
    if (!a?.ok || !b?.ok) throw new Error("seed failed");
    expect(a.parameters.map((x) => x.name)).toEqual(["x", "y", "z"]);
    expect(a.parameters).not.toEqual(b.parameters);
    const value = (s: typeof a, n: string) => Number(s.parameters.find((x) => x.name === n)!.value);
    expect(Number(a.parts.find((x) => x.id === "value")!.answer)).toBe((value(a, "x") + value(a, "y")) * value(a, "z"));
    expect(a.structure.nodes.map((n) => n.id)).toEqual(["x", "y", "z", "q", "f"]);
    expect(a.entries.nodes.f).toEqual({ value: a.parts[0]!.answer, grad: "1" });
    expect(a.parts.find((x) => x.id === "annotate")!.fields).toHaveLength(10);
    expect(a.statementHtml).toContain("katex");
  });

  it("reports a broken file's problems at their lines and shows no variant", () => {
    const broken = FILE.replace("  - x + y != 0", "  - x + w != 0");
    const p = previewProblem(broken, ["0"], "en");
    expect(p.valid).toBe(false);
    expect(p.issues).toEqual([expect.objectContaining({ line: lineOf(broken, "x + w"), message: expect.stringContaining('"w"') })]);
    expect(p.seeds).toEqual([]);
  });
});

describe("problem titles on the staff pages", () => {
  it("are in the reader's language, from the latest version's file (English, the stored title, otherwise)", async () => {
    const std = await t.db.problem.findUniqueOrThrow({ where: { slug: "seed-std-dev" } });
    const zh = (await listBank(t.db, dl101, { locale: "zh-CN" })).find((r) => r.slug === "seed-std-dev")!;
    expect(zh.title).toBe("两个样本的标准差（作业 2，1.2）");
    expect((await listBank(t.db, dl101, { locale: "en" })).find((r) => r.slug === "seed-std-dev")!.title).toBe(std.title);
    expect((await problemForEditor(t.db, dl101, std.id, "zh-CN"))!.title).toBe("两个样本的标准差（作业 2，1.2）");
    expect((await problemForEditor(t.db, dl101, std.id))!.title).toBe("Standard deviation of two samples (homework 2, 1.2)");
    // A problem whose file has no Chinese title keeps its English one.
    const gate = (await listBank(t.db, dl201, { locale: "zh-CN" })).find((r) => r.slug === "gate-practice")!;
    expect(gate.title).toBe((await t.db.problem.findUniqueOrThrow({ where: { slug: "gate-practice" } })).title);
  });
});
