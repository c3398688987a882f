import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAssignmentAnalytics } from "@/lib/analytics/assignment";
import { loadCourseSummary, loadStudentDashboard, loadTeachingOverview } from "@/lib/assignments/dashboard";
import { loadAssignmentPage, loadProblemPage } from "@/lib/assignments/student-pages";
import { loadWorkContext } from "@/lib/assignments/workspace";
import { deleteAssignment, duplicateAssignment, setAssignmentArchived } from "@/lib/authoring/assignment-lifecycle";
import { assignmentFormValues, createAssignment, updateAssignment } from "@/lib/authoring/assignments";
import { gradebookCsv, submissionsCsv } from "@/lib/export/gradebook";
import { importProblem } from "@/lib/problem-store/import";
import { loadProblem } from "@/lib/problems/load";
import { loadClassWork } from "@/lib/review/class-work";
import { loadStaffSubmission } from "@/lib/review/submission-page";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { reviewWorld, submit } from "../setup/review";

/**
 * An assignment is pinned to a version of each problem: every loader that shows or grades it reads
 * that version, never simply the latest, so a new version reaches nobody until staff move the
 * assignment to it (tests/integration/review-bulk-regrade.test.ts). Then: archiving, duplicating and
 * deleting assignments.
 */
let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
const now = new Date("2026-11-26T12:00:00Z");
const tr = (key: string, params?: Record<string, string | number>) => `${key}${params ? JSON.stringify(params) : ""}`;
const V1_TITLE = "Backpropagation through f = (x + y) · z";
const V2_TITLE = "Gates, second edition";
let alice: string;

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  alice = await submit(t.db, w.users.student1!, w.practice.id, w.problems.gate, { dfdx: "z" }, now);
  // A second version of the bank's gate problem: another title and one more node in its graph.
  const text = fs
    .readFileSync("problems/classic/add-mul-gate.yaml", "utf8")
    .replace(`en: "${V1_TITLE}"`, `en: "${V2_TITLE}"`)
    .replace("  f = q * z\n", "  s = q * z\n  f = s * 1\n");
  const loaded = loadProblem(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  expect(await importProblem(t.db, loaded.problem.file, text)).toMatchObject({ action: "new-version", version: 2 });
});
afterAll(() => t.dispose());

describe("every loader reads the pinned version", () => {
  it("gives students the pinned version: its numbers, statement, title on the problem page, the assignment page and the dashboard", async () => {
    const args = { userId: w.users.student2!.id, assignmentId: w.practice.id, problemId: w.problems.gate };
    const context = await loadWorkContext(t.db, args);
    expect(context!.version.version).toBe(1);
    expect(context!.compiled.file.graph).not.toContain("s = q * z");
    const page = await loadProblemPage(t.db, w.users.student2!, { assignmentId: w.practice.id, problemId: w.problems.gate, locale: "en", t: tr, now });
    if (!("title" in page)) throw new Error(JSON.stringify(page));
    expect(page.title).toBe(V1_TITLE);
    const assignment = await loadAssignmentPage(t.db, w.users.student2!, { assignmentId: w.practice.id, locale: "en", now });
    if (!("problems" in assignment)) throw new Error(JSON.stringify(assignment));
    expect(assignment.problems!.find((p) => p.id === w.problems.gate)!.title).toBe(V1_TITLE);
    const dashboard = await loadStudentDashboard(t.db, w.users.student2!, now);
    const titles = dashboard.flatMap((c) => c.assignments.flatMap((a) => a.problems.map((p) => p.title)));
    expect(titles).toContain(V1_TITLE);
    expect(titles).not.toContain(V2_TITLE);
  });

  it("grades new work against the pinned version", async () => {
    const id = await submit(t.db, w.users.student2!, w.practice.id, w.problems.gate, { dfdx: "z" }, now);
    const s = await t.db.submission.findUniqueOrThrow({ where: { id }, include: { problemVersion: true } });
    expect(s.problemVersion.version).toBe(1);
  });

  it("shows staff, analytics and exports the pinned version's title and graph, and says which version is pinned and which is latest", async () => {
    const work = await loadClassWork(t.db, w.practice.id, "en");
    expect(work!.problems.find((p) => p.id === w.problems.gate)).toMatchObject({ title: V1_TITLE, version: { version: 1 } });
    const analytics = await loadAssignmentAnalytics(t.db, { assignmentId: w.practice.id });
    const heat = analytics!.problems.find((p) => p.id === w.problems.gate)!.heatmaps[0]!;
    expect(heat.structure.nodes.map((n) => n.id)).toEqual(["x", "y", "z", "q", "f"]);
    const gradebook = await gradebookCsv(t.db, w.courses["DL-101"]!);
    expect(gradebook!.csv).toContain(V1_TITLE);
    expect(gradebook!.csv).not.toContain(V2_TITLE);
    expect((await submissionsCsv(t.db, w.practice.id))!.csv).not.toContain(V2_TITLE);
    const summary = await loadCourseSummary(t.db, w.users.ta!, w.courses["DL-101"]!);
    if (!("course" in summary)) throw new Error(JSON.stringify(summary));
    const listed = summary.course.assignments.find((a) => a.id === w.practice.id)!.problems!.map((p) => p.title);
    expect(listed).toContain(V1_TITLE);
    expect(listed).not.toContain(V2_TITLE);
    const staff = await loadStaffSubmission(t.db, w.users.ta!, { submissionId: alice, locale: "en", t: tr });
    if (!("version" in staff)) throw new Error(JSON.stringify(staff));
    expect(staff.version).toEqual({ graded: 1, pinned: 1, latest: 2 });
  });
});

describe("the assignment form and pins", () => {
  const input = (problemIds: string[], title = "Pinned homework") => ({
    title,
    problems: problemIds.map((problemId) => ({ problemId, points: 2 })),
    opensAt: "2026-11-01T08:00:00.000Z",
    dueAt: "2026-12-08T08:00:00.000Z",
    maxAttempts: "",
    latePolicy: "REFUSE",
    latePenaltyPercent: "",
    lateUntil: "",
    releasePolicy: "IMMEDIATE",
    scoreRule: "BEST",
    practice: false,
  });
  const pins = async (assignmentId: string) =>
    Object.fromEntries(
      (await t.db.assignmentProblem.findMany({ where: { assignmentId }, include: { problemVersion: true } })).map((p) => [
        p.problemId,
        p.problemVersion.version,
      ]),
    );
  let made: string;

  it("pins a problem to its latest version when it is added, and never moves a pin when the form is saved", async () => {
    const before = await pins(w.practice.id);
    expect(before[w.problems.gate]).toBe(1);
    const values = (await assignmentFormValues(t.db, w.practice.id)).values;
    expect(values.problems.find((p) => p.problemId === w.problems.gate)!.version).toBe(1);
    // What the form sends back: blanks for "no limit", numbers as typed.
    const same = {
      ...values,
      maxAttempts: values.maxAttempts ?? "",
      lateUntil: values.lateUntil ?? "",
      problems: values.problems.map((p) => ({ problemId: p.problemId, points: p.points })),
    };
    expect(await updateAssignment(t.db, w.users.instructor!, w.practice.id, { ...same, title: "Practice, renamed" })).toEqual({
      status: "ok",
      value: { changed: true },
    });
    expect(await pins(w.practice.id)).toEqual(before);

    const r = await createAssignment(t.db, w.users.instructor!, w.courses["DL-101"]!, input([w.problems.ce]));
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    made = r.value.assignmentId;
    expect(await updateAssignment(t.db, w.users.instructor!, made, input([w.problems.ce, w.problems.gate]))).toMatchObject({ status: "ok" });
    expect(await pins(made)).toEqual({ [w.problems.ce]: 1, [w.problems.gate]: 2 });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "assignment.update", entityId: made } });
    expect((audit.after as { problems: { problemVersion: { version: number } }[] }).problems.map((p) => p.problemVersion.version)).toEqual([1, 2]);
  });

  it("duplicates an assignment with its problems, pins, points and rules under a new title, audited", async () => {
    expect(await duplicateAssignment(t.db, w.users.ta!, made, { title: "Copy" })).toEqual({ status: "forbidden" });
    expect(await duplicateAssignment(t.db, w.users.instructor!, made, { title: "  " })).toMatchObject({
      status: "invalid",
      errors: { title: { code: "required" } },
    });
    const r = await duplicateAssignment(t.db, w.users.instructor!, made, { title: "Pinned homework (copy)" });
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    const [a, b] = await Promise.all(
      [made, r.value.assignmentId].map((id) => t.db.assignment.findUniqueOrThrow({ where: { id }, include: { problems: { orderBy: { position: "asc" } } } })),
    );
    expect(b!.title).toBe("Pinned homework (copy)");
    expect(b!.courseId).toBe(a!.courseId);
    expect(b!.problems.map((p) => [p.problemId, p.problemVersionId, p.points, p.position])).toEqual(
      a!.problems.map((p) => [p.problemId, p.problemVersionId, p.points, p.position]),
    );
    expect({ ...b!, id: "", title: "", createdAt: null, updatedAt: null, problems: [] }).toEqual({
      ...a!,
      id: "",
      title: "",
      createdAt: null,
      updatedAt: null,
      problems: [],
    });
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: "assignment.duplicate", entityId: b!.id } })).toMatchObject({
      actorId: w.users.instructor!.id,
      before: { assignmentId: made },
    });
  });

  it("archives an assignment out of students' and staff's lists, keeping its work; only instructors archive", async () => {
    expect(await setAssignmentArchived(t.db, w.users.ta!, w.practice.id, { archived: true })).toEqual({ status: "forbidden" });
    expect(await setAssignmentArchived(t.db, w.users.student1!, w.practice.id, { archived: true })).toEqual({ status: "forbidden" });
    expect(await setAssignmentArchived(t.db, w.users.instructor!, w.practice.id, { archived: 1 })).toMatchObject({ status: "invalid" });
    expect(await setAssignmentArchived(t.db, w.users.instructor!, w.practice.id, { archived: true })).toEqual({ status: "ok", value: { changed: true } });
    const listed = async () => ({
      student: (await loadStudentDashboard(t.db, w.users.student1!, now)).flatMap((c) => c.assignments.map((a) => a.id)),
      staff: (await loadTeachingOverview(t.db, w.users.ta!)).flatMap((c) => c.assignments.map((a) => a.id)),
      route: (
        (await loadCourseSummary(t.db, w.users.student1!, w.courses["DL-101"]!, now)) as { course: { assignments: { id: string }[] } }
      ).course.assignments.map((a) => a.id),
    });
    expect((await listed()).student).not.toContain(w.practice.id);
    expect((await listed()).staff).not.toContain(w.practice.id);
    expect((await listed()).route).not.toContain(w.practice.id);
    expect(await t.db.submission.count({ where: { assignmentId: w.practice.id } })).toBe(2);
    expect(await t.db.auditLog.count({ where: { action: "assignment.archive", entityId: w.practice.id } })).toBe(1);
    expect(await setAssignmentArchived(t.db, w.users.instructor!, w.practice.id, { archived: false })).toEqual({ status: "ok", value: { changed: true } });
    expect((await listed()).student).toContain(w.practice.id);
    expect(await t.db.auditLog.count({ where: { action: "assignment.unarchive", entityId: w.practice.id } })).toBe(1);
  });

  it("deletes an assignment only while nobody has submitted to it, audited", async () => {
    expect(await deleteAssignment(t.db, w.users.instructor!, w.practice.id)).toEqual({
      status: "invalid",
      errors: { form: { code: "assignmentHasSubmissions", values: { count: 2 } } },
    });
    expect(await deleteAssignment(t.db, w.users.ta!, made)).toEqual({ status: "forbidden" });
    await t.db.draft.create({ data: { userId: w.users.student1!.id, assignmentId: made, problemId: w.problems.ce, answers: {} } });
    expect(await deleteAssignment(t.db, w.users.instructor!, made)).toEqual({ status: "ok", value: { courseId: w.courses["DL-101"] } });
    expect(await t.db.assignment.findUnique({ where: { id: made } })).toBeNull();
    expect(await t.db.draft.count({ where: { assignmentId: made } })).toBe(0);
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: "assignment.delete", entityId: made } })).toMatchObject({
      actorId: w.users.instructor!.id,
      before: { title: "Pinned homework" },
    });
    expect(await deleteAssignment(t.db, w.users.instructor!, made)).toEqual({ status: "not-found" });
  });
});
