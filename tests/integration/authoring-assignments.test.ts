import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentFormValues, bankChoices, createAssignment, updateAssignment } from "@/lib/authoring/assignments";
import { importBank } from "@/lib/problem-store/bank";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { addSubmission, demoWorld } from "../setup/fixtures";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
let slugs: Record<string, string>;
const actor = (u: { id: string; isSiteAdmin: boolean }) => ({ id: u.id, isSiteAdmin: u.isSiteAdmin });

beforeAll(async () => {
  t = await freshDatabase();
  await importBank(t.db, "problems");
  world = await demoWorld(t.db);
  slugs = Object.fromEntries((await t.db.problem.findMany()).map((p) => [p.slug, p.id]));
});
afterAll(() => t.dispose());

const valid = () => ({
  title: "Homework 3",
  description: "Two graphs.",
  problems: [
    { problemId: slugs["add-mul-gate"]!, points: "4" },
    { problemId: slugs["sigmoid-neuron"]!, points: 6 },
  ],
  opensAt: "2026-12-01T08:00:00.000Z",
  dueAt: "2026-12-08T08:00:00.000Z",
  maxAttempts: "",
  latePolicy: "PENALTY",
  latePenaltyPercent: "25",
  lateUntil: "2026-12-10T08:00:00.000Z",
  releasePolicy: "AFTER_DUE",
  scoreRule: "LATEST",
  practice: false,
});

describe("creating an assignment", () => {
  it("stores its problems in order with their points, its rules in UTC, and an audit entry", async () => {
    const course = world.courses["DL-201"]!.id;
    const r = await createAssignment(t.db, actor(world.users.instructor!), course, valid());
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    const a = await t.db.assignment.findUniqueOrThrow({ where: { id: r.value.assignmentId }, include: { problems: { orderBy: { position: "asc" } } } });
    expect(a).toMatchObject({
      courseId: course,
      title: "Homework 3",
      maxAttempts: null,
      latePolicy: "PENALTY",
      latePenaltyPercent: 25,
      scoreRule: "LATEST",
      practice: false,
    });
    expect(a.opensAt.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(a.lateUntil?.toISOString()).toBe("2026-12-10T08:00:00.000Z");
    expect(a.problems.map((p) => [p.problemId, p.position, p.points])).toEqual([
      [slugs["add-mul-gate"], 0, 4],
      [slugs["sigmoid-neuron"], 1, 6],
    ]);
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { entityId: a.id } });
    expect(entry).toMatchObject({ action: "assignment.create", actorId: world.users.instructor!.id, courseId: course });
    expect((entry.after as { problems: unknown[] }).problems).toHaveLength(2);
  });

  it("keeps no penalty or late window when late work is refused", async () => {
    const r = await createAssignment(t.db, actor(world.users.instructor!), world.courses["DL-201"]!.id, {
      ...valid(),
      title: "Strict",
      latePolicy: "REFUSE",
      maxAttempts: 3,
    });
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    const a = await t.db.assignment.findUniqueOrThrow({ where: { id: r.value.assignmentId } });
    expect(a).toMatchObject({ latePenaltyPercent: 0, lateUntil: null, maxAttempts: 3 });
  });

  it("names every bad field and creates nothing", async () => {
    const course = world.courses["DL-201"]!.id;
    const before = await t.db.assignment.count();
    const me = actor(world.users.instructor!);
    const errors = async (patch: Record<string, unknown>) => {
      const r = await createAssignment(t.db, me, course, { ...valid(), ...patch });
      return r.status === "invalid" ? r.errors : r;
    };
    expect(await errors({ dueAt: "2026-11-30T08:00:00.000Z" })).toEqual({ dueAt: { code: "dueBeforeOpens" } });
    expect(await errors({ lateUntil: "2026-12-08T07:00:00.000Z" })).toEqual({ lateUntil: { code: "lateUntilBeforeDue" } });
    expect(await errors({ latePenaltyPercent: "150" })).toEqual({ latePenaltyPercent: { code: "percentRange" } });
    expect(await errors({ latePenaltyPercent: "-1" })).toEqual({ latePenaltyPercent: { code: "percentRange" } });
    expect(await errors({ latePenaltyPercent: "" })).toEqual({ latePenaltyPercent: { code: "required" } });
    expect(
      await errors({
        problems: [
          { problemId: slugs["add-mul-gate"], points: 1 },
          { problemId: slugs["add-mul-gate"], points: 2 },
        ],
      }),
    ).toEqual({
      "problems.1.problemId": { code: "duplicateProblem" },
    });
    expect(await errors({ problems: [] })).toEqual({ problems: { code: "problemsRequired", values: { min: 1 } } });
    expect(await errors({ problems: [{ problemId: "nosuchproblem1", points: 1 }] })).toEqual({ "problems.0.problemId": { code: "unknownProblem" } });
    expect(await errors({ problems: [{ problemId: slugs["add-mul-gate"], points: "0" }] })).toEqual({ "problems.0.points": { code: "pointsPositive" } });
    expect(await errors({ problems: [{ problemId: slugs["add-mul-gate"], points: "ten" }] })).toEqual({ "problems.0.points": { code: "notANumber" } });
    expect(await errors({ title: "", maxAttempts: "0", opensAt: "tomorrow" })).toEqual({
      title: { code: "required", values: { min: 1 } },
      maxAttempts: { code: "attemptsRange" },
      opensAt: { code: "invalidDate" },
    });
    expect(await errors({ maxAttempts: "2.5" })).toEqual({ maxAttempts: { code: "wholeNumber" } });
    // every mistake at once, those across fields included
    expect(await errors({ title: "", latePenaltyPercent: "150", dueAt: "2026-11-30T08:00:00.000Z" })).toEqual({
      title: { code: "required", values: { min: 1 } },
      latePenaltyPercent: { code: "percentRange" },
      dueAt: { code: "dueBeforeOpens" },
    });
    expect(await errors({ title: "t".repeat(201) })).toEqual({ title: { code: "tooLong", values: { max: 200 } } });
    expect(Object.keys((await errors({ latePolicy: "SOMETIMES", practice: "yes", releasePolicy: 3 })) as object).sort()).toEqual([
      "latePolicy",
      "practice",
      "releasePolicy",
    ]);
    expect(await createAssignment(t.db, me, course, "not an object")).toMatchObject({ status: "invalid" });
    expect(await t.db.assignment.count()).toBe(before);
  });

  it("is for the course's instructor and site admins", async () => {
    expect(await createAssignment(t.db, actor(world.users.ta2!), world.courses["DL-201"]!.id, valid())).toEqual({ status: "forbidden" });
    expect(await createAssignment(t.db, actor(world.users.ta!), world.courses["DL-101"]!.id, valid())).toEqual({ status: "forbidden" });
    expect(await createAssignment(t.db, actor(world.users.student1!), world.courses["DL-101"]!.id, valid())).toEqual({ status: "forbidden" });
    expect(await createAssignment(t.db, actor(world.users.instructor!), "nosuchcourse1", valid())).toEqual({ status: "not-found" });
    expect((await createAssignment(t.db, actor(world.users.admin!), world.courses["DL-201"]!.id, { ...valid(), title: "By admin" })).status).toBe("ok");
  });
});

describe("editing an assignment", () => {
  it("reorders problems, changes points and rules, and audits before and after", async () => {
    const a = await t.db.assignment.findFirstOrThrow({ where: { title: "Homework 3" } });
    const input = {
      ...valid(),
      title: "Homework 3 (revised)",
      problems: [
        { problemId: slugs["sigmoid-neuron"]!, points: 5 },
        { problemId: slugs["mse-linear"]!, points: 2.5 },
        { problemId: slugs["add-mul-gate"]!, points: 4 },
      ],
      practice: true,
    };
    const r = await updateAssignment(t.db, actor(world.users.instructor!), a.id, input);
    expect(r).toEqual({ status: "ok", value: { changed: true } });
    const { values } = await assignmentFormValues(t.db, a.id);
    expect(values.problems.map((p) => [p.problemId, p.points])).toEqual([
      [slugs["sigmoid-neuron"], 5],
      [slugs["mse-linear"], 2.5],
      [slugs["add-mul-gate"], 4],
    ]);
    expect(values).toMatchObject({ title: "Homework 3 (revised)", practice: true });
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { entityId: a.id, action: "assignment.update" } });
    expect(entry.before).toMatchObject({ title: "Homework 3", practice: false });
    expect(entry.after).toMatchObject({ title: "Homework 3 (revised)", practice: true });
    expect(await updateAssignment(t.db, actor(world.users.instructor!), a.id, input)).toEqual({ status: "ok", value: { changed: false } });
    expect(await t.db.auditLog.count({ where: { entityId: a.id, action: "assignment.update" } })).toBe(1);
  });

  it("refuses to take out a problem that has submissions, and changes nothing", async () => {
    const a = await t.db.assignment.findFirstOrThrow({ where: { title: "Homework 3 (revised)" } });
    const version = await t.db.problemVersion.findFirstOrThrow({ where: { problemId: slugs["mse-linear"] } });
    await addSubmission(t.db, {
      userId: world.users.student1!.id,
      assignmentId: a.id,
      problemId: slugs["mse-linear"]!,
      versionId: version.id,
      score: 1,
      attempt: 1,
    });
    const before = await assignmentFormValues(t.db, a.id);
    expect(before.values.problems[1]).toMatchObject({ submissions: 1 });
    const r = await updateAssignment(t.db, actor(world.users.instructor!), a.id, {
      ...valid(),
      title: "Changed too",
      problems: [{ problemId: slugs["sigmoid-neuron"]!, points: 5 }],
    });
    expect(r).toEqual({
      status: "invalid",
      errors: { problems: { code: "removeHasSubmissions", values: { problems: "Mean squared error of a linear model over a batch", count: 1 } } },
    });
    expect(await assignmentFormValues(t.db, a.id)).toEqual(before);
    // a problem without submissions may go
    const ok = await updateAssignment(t.db, actor(world.users.instructor!), a.id, {
      ...valid(),
      problems: [
        { problemId: slugs["mse-linear"]!, points: 3 },
        { problemId: slugs["sigmoid-neuron"]!, points: 5 },
      ],
    });
    expect(ok.status).toBe("ok");
    expect((await assignmentFormValues(t.db, a.id)).values.problems.map((p) => p.problemId)).toEqual([slugs["mse-linear"], slugs["sigmoid-neuron"]]);
  });

  it("refuses TAs, other courses' staff, unknown assignments and bad input", async () => {
    const a = await t.db.assignment.findFirstOrThrow({ where: { title: "Homework 2: theory" } });
    expect(await updateAssignment(t.db, actor(world.users.ta!), a.id, valid())).toEqual({ status: "forbidden" });
    expect(await updateAssignment(t.db, actor(world.users.ta2!), a.id, valid())).toEqual({ status: "forbidden" });
    expect(await updateAssignment(t.db, actor(world.users.instructor!), "nosuchassignment", valid())).toEqual({ status: "not-found" });
    expect(await updateAssignment(t.db, actor(world.users.instructor!), a.id, { ...valid(), dueAt: "" })).toEqual({
      status: "invalid",
      errors: { dueAt: { code: "required" } },
    });
    expect((await t.db.assignment.findUniqueOrThrow({ where: { id: a.id } })).title).toBe("Homework 2: theory");
  });

  it("offers the whole bank to choose from", async () => {
    const choices = await bankChoices(t.db);
    expect(choices.length).toBe(await t.db.problem.count());
    expect(choices.find((c) => c.slug === "seed-std-dev")).toMatchObject({ version: 1, title: expect.stringContaining("tandard deviation") });
  });
});
