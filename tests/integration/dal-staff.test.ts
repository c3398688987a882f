/**
 * The staff data-access layer (lib/dal/staff*.ts) with real data: each page loader asks lib/authz.ts
 * before it reads (a stranger gets the 403 or 404 page, never data) and returns only what its page
 * renders; the submission loader records the staff member's view. Only the session, the database
 * handle and Next's request-bound helpers are replaced.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { authzWorld } from "../setup/authz-world";

const state = vi.hoisted((): { user: unknown; db: unknown } => ({ user: null, db: null }));

vi.mock("@/lib/session", () => ({
  getCurrentUser: async () => state.user,
  requireUser: async () => {
    if (!state.user) throw new Error("requireUser: signed out");
    return state.user;
  },
}));
vi.mock("@/lib/db/client", async (original) => ({ ...(await original<object>()), getDb: () => state.db }));
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("page: 404");
  },
  forbidden: () => {
    throw new Error("page: 403");
  },
  redirect: (to: string) => {
    throw new Error(`page: redirect ${to}`);
  },
}));

import { courseSettingsPage, requireCourseCreator, rosterPage, teachCourse, teachingOverview } from "@/lib/dal/staff";
import { editAssignmentPage, newAssignmentPage } from "@/lib/dal/staff-assignments";
import { problemBank, problemComparison, problemEditorPage } from "@/lib/dal/staff-problems";
import { assignmentAnalytics, bulkRegradePreview, reviewQueue, staffSubmission } from "@/lib/dal/staff-review";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof authzWorld>>;
const as = (who: keyof typeof w.users | null) => {
  state.user = who === null ? null : w.users[who];
};
const translate = (key: string) => key;

beforeAll(async () => {
  t = await freshDatabase();
  state.db = t.db;
  w = await authzWorld(t.db, new Date());
});
afterAll(async () => {
  await t.dispose();
});

describe("course pages", () => {
  it("the course page: its staff see assignments and members; a student or another course's staff get the 403 page", async () => {
    as("ta");
    const page = await teachCourse(w.courses["DL-101"], { showArchived: false });
    expect(page.course.code).toBe("DL-101");
    expect(page.course.assignments.map((a) => a.title)).toEqual(expect.arrayContaining(["Access walk: open", "Access walk: closed"]));
    expect(page.course.memberships.map((m) => m.user.email)).toContain(w.users.student1!.email);
    expect(page.allows("course.edit")).toBe(false);
    as("student1");
    await expect(teachCourse(w.courses["DL-101"], { showArchived: false })).rejects.toThrow("page: 403");
    as("ta2");
    await expect(teachCourse(w.courses["DL-101"], { showArchived: false })).rejects.toThrow("page: 403");
  });

  it("the roster page: instructors get each member as a small row; TAs get the 403 page", async () => {
    as("instructor");
    const page = await rosterPage(w.courses["DL-101"]);
    expect(page.code).toBe("DL-101");
    expect(page.selfId).toBe(w.users.instructor!.id);
    expect(Object.keys(page.members[0]!).sort()).toEqual(["email", "name", "role", "submissions", "userId"]);
    const student = page.members.find((m) => m.email === w.users.student1!.email);
    expect(student).toMatchObject({ role: "STUDENT", submissions: 3 });
    as("ta");
    await expect(rosterPage(w.courses["DL-101"])).rejects.toThrow("page: 403");
  });

  it("settings and course creation ask lib/authz.ts: instructors and site admins yes, TAs and students no", async () => {
    as("instructor");
    expect((await courseSettingsPage(w.courses["DL-101"])).course.code).toBe("DL-101");
    as("ta");
    await expect(courseSettingsPage(w.courses["DL-101"])).rejects.toThrow("page: 403");
    as("admin");
    await expect(requireCourseCreator()).resolves.toBeUndefined();
    as("student1");
    await expect(requireCourseCreator()).rejects.toThrow("page: 403");
  });

  it("the teaching overview lists only the courses this user teaches", async () => {
    as("ta2");
    const { courses } = await teachingOverview();
    expect(courses.map((c) => c.code)).toEqual(["DL-201"]);
    as("student1");
    expect((await teachingOverview()).courses).toEqual([]);
  });

  it("a course id that does not exist is the 404 page", async () => {
    as("admin");
    await expect(teachCourse("c_does_not_exist", { showArchived: false })).rejects.toThrow("page: 404");
  });
});

describe("problems and assignments", () => {
  it("the bank from DL-101: TAs preview but may neither create nor edit; instructors may create", async () => {
    as("ta");
    const ta = await problemBank(w.courses["DL-101"], { showArchived: false });
    expect(ta.code).toBe("DL-101");
    expect(ta.mayCreate).toBe(false);
    expect(ta.bank.length).toBeGreaterThan(0);
    expect(ta.bank.every((p) => p.mayEdit === false)).toBe(true);
    as("instructor");
    expect((await problemBank(w.courses["DL-101"], { showArchived: false })).mayCreate).toBe(true);
    as("student1");
    await expect(problemBank(w.courses["DL-101"], { showArchived: false })).rejects.toThrow("page: 403");
  });

  it("the editor page says what this user may do with the problem; a missing version pair is null, after the access check", async () => {
    as("instructor");
    const page = await problemEditorPage(w.courses["DL-101"], w.problemId);
    expect(page).toMatchObject({ code: "DL-101", canSave: false, canArchive: false, canFork: true });
    expect(page!.suggested).not.toBe("");
    expect(await problemComparison(w.courses["DL-101"], w.problemId, { a: "1", b: "999" })).toBeNull();
    as("student1");
    await expect(problemComparison(w.courses["DL-101"], w.problemId, { a: "1", b: "999" })).rejects.toThrow("page: 403");
  });

  it("the assignment form pages: the course's code and the bank for editors; the 403 page for TAs", async () => {
    as("instructor");
    const fresh = await newAssignmentPage(w.courses["DL-101"]);
    expect(fresh.code).toBe("DL-101");
    expect(fresh.bank.some((p) => p.id === w.problemId)).toBe(true);
    const edit = await editAssignmentPage(w.assignments.open);
    expect(edit).toMatchObject({ courseId: w.courses["DL-101"], code: "DL-101", archived: false, mayManage: true });
    expect(edit.values.title).toBe("Access walk: open");
    as("ta");
    await expect(newAssignmentPage(w.courses["DL-101"])).rejects.toThrow("page: 403");
    await expect(editAssignmentPage(w.assignments.open)).rejects.toThrow("page: 403");
  });
});

describe("review pages", () => {
  it("the queue: staff see student1's counted attempt; exporting is for whom lib/authz.ts allows it", async () => {
    as("ta");
    const loaded = await reviewQueue(w.assignments.open, {}, "en");
    expect(loaded).not.toBeNull();
    const rows = loaded!.queue.problems.flatMap((p) => p.rows);
    expect(rows.find((r) => r.student.email === w.users.student1!.email)?.counted?.id).toBe(w.submissions.open);
    as("ta2");
    await expect(reviewQueue(w.assignments.open, {}, "en")).rejects.toThrow("page: 403");
  });

  it("a submission as staff see it is recorded as viewed by them, once; a student gets the 403 page and records nothing", async () => {
    const views = () => t.db.auditLog.count({ where: { action: "submission.view", entityId: w.submissions.closed } });
    const before = await views();
    as("student1");
    await expect(staffSubmission(w.submissions.closed, { locale: "en", t: translate })).rejects.toThrow("page: 403");
    expect(await views()).toBe(before);
    as("ta");
    const { data, next } = await staffSubmission(w.submissions.closed, { locale: "en", t: translate });
    expect(data.submission.id).toBe(w.submissions.closed);
    expect(next.request).toBeNull();
    expect(await views()).toBe(before + 1);
    await staffSubmission(w.submissions.closed, { locale: "en", t: translate });
    expect(await views()).toBe(before + 1);
  });

  it("analytics and the bulk-regrade preview ask first; a malformed move is reported, not applied", async () => {
    as("ta");
    expect((await assignmentAnalytics(w.assignments.closed, "en"))?.problems.length).toBe(1);
    const preview = await bulkRegradePreview(w.assignments.closed, { replaceOverrides: false, requestedMoves: null, locale: "en" });
    expect(preview).toMatchObject({ courseId: w.courses["DL-101"], badMove: true });
    expect(preview!.plan.problems.every((p) => p.target.id === p.pinned.id)).toBe(true);
    as("student1");
    await expect(assignmentAnalytics(w.assignments.closed, "en")).rejects.toThrow("page: 403");
    await expect(bulkRegradePreview(w.assignments.closed, { replaceOverrides: false, requestedMoves: new Map(), locale: "en" })).rejects.toThrow("page: 403");
  });
});
