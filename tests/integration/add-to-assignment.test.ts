/**
 * "Add to assignment" on a problem's page (lib/authoring/assignments.ts, behind addToAssignmentAction):
 * the problem goes at the end, pinned to its latest version as the assignment form pins it, with the
 * points given; every refusal leaves the assignment as it was and writes no audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addProblemToAssignment, addToAssignmentChoices, bankChoices } from "@/lib/authoring/assignments";
import { importBank } from "@/lib/problem-store/bank";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
let slugs: Record<string, string>;
/** An instructor of a course of their own only, and that course's assignment. */
let stranger: { id: string; isSiteAdmin: boolean };
let strangersAssignment = "";
const actor = (u: { id: string; isSiteAdmin: boolean }) => ({ id: u.id, isSiteAdmin: u.isSiteAdmin });

beforeAll(async () => {
  t = await freshDatabase();
  await importBank(t.db, "problems");
  world = await demoWorld(t.db);
  slugs = Object.fromEntries((await t.db.problem.findMany()).map((p) => [p.slug, p.id]));
  const u = await t.db.user.create({ data: { email: "stranger@example.test", name: "Stranger", passwordHash: "x" } });
  const course = await t.db.course.create({ data: { code: "ML-900", title: "Elsewhere", joinCode: "ELSEWHERE9" } });
  await t.db.membership.create({ data: { userId: u.id, courseId: course.id, role: "INSTRUCTOR" } });
  const a = await t.db.assignment.create({
    data: { courseId: course.id, title: "Stranger's homework", opensAt: new Date("2026-12-01T00:00:00Z"), dueAt: new Date("2026-12-08T00:00:00Z") },
  });
  stranger = actor(u);
  strangersAssignment = a.id;
});
afterAll(() => t.dispose());

/** An assignment's problems in order (problem, version, points, position) and its audit entries: what a refusal must not change. */
async function state(assignmentId: string) {
  const rows = await t.db.assignmentProblem.findMany({
    where: { assignmentId },
    orderBy: { position: "asc" },
    select: { problemId: true, position: true, points: true, problemVersion: { select: { version: true } } },
  });
  const audits = await t.db.auditLog.count({ where: { entityId: assignmentId } });
  return { rows, audits };
}

describe("adding a problem to an assignment from its page", () => {
  it("appends it at the end, pinned to its latest version, with the points given, and audits before and after", async () => {
    const problemId = slugs["add-mul-gate"]!;
    // A second version: the new entry is pinned to it, the latest.
    const v1 = await t.db.problemVersion.findFirstOrThrow({ where: { problemId } });
    const v2 = await t.db.problemVersion.create({ data: { problemId, version: 2, content: v1.content as object, contentHash: "add-2", title: v1.title } });
    const assignmentId = world.assignment.id;
    const before = await state(assignmentId);
    expect(before.rows.length).toBeGreaterThan(0);
    expect(before.rows.map((r) => r.problemId)).not.toContain(problemId);

    const r = await addProblemToAssignment(t.db, actor(world.users.instructor!), problemId, { assignmentId, points: "7.5" });
    expect(r).toEqual({
      status: "ok",
      value: { assignmentId, title: "Homework 2: theory", version: 2, points: 7.5, position: before.rows.length + 1 },
    });
    const after = await state(assignmentId);
    expect(after.rows.slice(0, -1)).toEqual(before.rows);
    expect(after.rows.at(-1)).toEqual({ problemId, position: before.rows.length, points: 7.5, problemVersion: { version: 2 } });
    const row = await t.db.assignmentProblem.findFirstOrThrow({ where: { assignmentId, problemId } });
    expect(row.problemVersionId).toBe(v2.id);
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { entityId: assignmentId }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ action: "assignment.update", actorId: world.users.instructor!.id, courseId: world.courses["DL-101"]!.id });
    expect((entry.before as { problems: unknown[] }).problems).toHaveLength(before.rows.length);
    expect((entry.after as { problems: unknown[] }).problems.at(-1)).toEqual({ problemId, points: 7.5, problemVersion: { version: 2 } });
  });

  it("takes points typed as text or sent as a number, and site admins may add to any course's assignment", async () => {
    const r = await addProblemToAssignment(t.db, actor(world.users.admin!), slugs["sigmoid-neuron"]!, { assignmentId: strangersAssignment, points: 3 });
    expect(r).toMatchObject({ status: "ok", value: { position: 1, points: 3 } });
  });

  it("refuses, leaving the assignment unchanged: another instructor's assignment, a TA, a student, someone in no course", async () => {
    const problemId = slugs["swish-fanout"]!;
    const assignmentId = world.assignment.id;
    const before = await state(assignmentId);
    for (const who of ["ta", "student1", "ta2"]) {
      expect(await addProblemToAssignment(t.db, actor(world.users[who]!), problemId, { assignmentId, points: "5" }), who).toEqual({ status: "forbidden" });
    }
    expect(await addProblemToAssignment(t.db, stranger, problemId, { assignmentId, points: "5" })).toEqual({ status: "forbidden" });
    // ... and DL-101's instructor on the stranger's course.
    const theirs = await state(strangersAssignment);
    expect(await addProblemToAssignment(t.db, actor(world.users.instructor!), problemId, { assignmentId: strangersAssignment, points: "5" })).toEqual({
      status: "forbidden",
    });
    expect(await state(assignmentId)).toEqual(before);
    expect(await state(strangersAssignment)).toEqual(theirs);
  });

  it("says what was wrong, leaving the assignment unchanged: duplicate, bad points, no assignment chosen, unknown or archived problem", async () => {
    const me = actor(world.users.instructor!);
    const assignmentId = world.assignment.id;
    const already = (await t.db.assignmentProblem.findFirstOrThrow({ where: { assignmentId } })).problemId;
    const fresh = slugs["tanh-relu-chain"]!;
    const before = await state(assignmentId);
    const add = (problemId: string, input: unknown) => addProblemToAssignment(t.db, me, problemId, input);

    expect(await add(already, { assignmentId, points: "5" })).toEqual({ status: "invalid", errors: { assignmentId: { code: "duplicateProblem" } } });
    expect(await add(fresh, { assignmentId, points: "0" })).toEqual({ status: "invalid", errors: { points: { code: "pointsPositive" } } });
    expect(await add(fresh, { assignmentId, points: "-2" })).toEqual({ status: "invalid", errors: { points: { code: "pointsPositive" } } });
    expect(await add(fresh, { assignmentId, points: "ten" })).toEqual({ status: "invalid", errors: { points: { code: "notANumber" } } });
    expect(await add(fresh, { assignmentId, points: "" })).toEqual({ status: "invalid", errors: { points: { code: "required" } } });
    expect(await add(fresh, { assignmentId, points: "1001" })).toEqual({ status: "invalid", errors: { points: { code: "pointsTooBig" } } });
    expect(await add(fresh, { assignmentId: "", points: "5" })).toEqual({ status: "invalid", errors: { assignmentId: { code: "chooseAssignment" } } });
    expect(await add(fresh, "not an object")).toEqual({ status: "invalid", errors: { form: { code: "invalid" } } });
    expect(await add(fresh, { assignmentId: "zzzzzzzzzzzzzzzzzzzzzzzz", points: "5" })).toEqual({ status: "not-found" });
    expect(await add("zzzzzzzzzzzzzzzzzzzzzzzz", { assignmentId, points: "5" })).toEqual({ status: "invalid", errors: { form: { code: "unknownProblem" } } });

    await t.db.problem.update({ where: { id: fresh }, data: { archivedAt: new Date() } });
    expect(await add(fresh, { assignmentId, points: "5" })).toEqual({ status: "invalid", errors: { form: { code: "problemArchived" } } });
    await t.db.problem.update({ where: { id: fresh }, data: { archivedAt: null } });

    expect(await state(assignmentId)).toEqual(before);
  });

  it("refuses bad points only to those who may edit the assignment (nobody else learns more than 'forbidden')", async () => {
    const r = await addProblemToAssignment(t.db, actor(world.users.student1!), slugs["swish-fanout"]!, { assignmentId: world.assignment.id, points: "-1" });
    expect(r).toEqual({ status: "forbidden" });
  });
});

describe("what the problem page offers", () => {
  it("the assignments of the courses one teaches as instructor, marking those that have the problem, and the part points as default", async () => {
    const problemId = slugs["add-mul-gate"]!;
    const dl201 = await t.db.assignment.create({
      data: {
        courseId: world.courses["DL-201"]!.id,
        title: "DL-201 homework",
        opensAt: new Date("2026-12-01T00:00:00Z"),
        dueAt: new Date("2026-12-08T00:00:00Z"),
      },
    });
    const mine = await addToAssignmentChoices(t.db, actor(world.users.instructor!), problemId);
    expect(mine.points).toBe(8); // 6 + 1 + 1, the latest version's parts
    // ... the same sum the assignment form's bank offers as a new entry's points.
    expect((await bankChoices(t.db)).find((c) => c.id === problemId)?.points).toBe(8);
    expect(new Set(mine.assignments.map((a) => a.courseCode))).toEqual(new Set(["DL-101", "DL-201"]));
    expect(mine.assignments.find((a) => a.assignmentId === world.assignment.id)).toMatchObject({ title: "Homework 2: theory", hasProblem: true });
    expect(mine.assignments.find((a) => a.assignmentId === dl201.id)).toEqual({
      assignmentId: dl201.id,
      title: "DL-201 homework",
      courseCode: "DL-201",
      hasProblem: false,
    });
    expect(mine.assignments.map((a) => a.assignmentId)).not.toContain(strangersAssignment);

    expect((await addToAssignmentChoices(t.db, stranger, problemId)).assignments.map((a) => a.assignmentId)).toEqual([strangersAssignment]);
    expect((await addToAssignmentChoices(t.db, actor(world.users.ta!), problemId)).assignments).toEqual([]);
    expect((await addToAssignmentChoices(t.db, actor(world.users.student1!), problemId)).assignments).toEqual([]);
  });

  it("leaves archived assignments out", async () => {
    await t.db.assignment.update({ where: { id: strangersAssignment }, data: { archivedAt: new Date() } });
    expect((await addToAssignmentChoices(t.db, stranger, slugs["add-mul-gate"]!)).assignments).toEqual([]);
    await t.db.assignment.update({ where: { id: strangersAssignment }, data: { archivedAt: null } });
  });

  it("defaults to 10 points for a problem whose parts carry none", async () => {
    const p = await t.db.problem.create({
      data: { slug: "no-points", title: "No points", versions: { create: { version: 1, content: { parts: [{ id: "a" }] }, contentHash: "np" } } },
    });
    expect((await addToAssignmentChoices(t.db, actor(world.users.instructor!), p.id)).points).toBe(10);
  });
});
