/**
 * The data-access layer the student pages, the account actions, the API routes and the app's frame
 * read through (lib/dal/student*.ts, auth.ts, api.ts, shell.ts): each function asks who is signed in
 * and lib/authz.ts whether they may, and returns only what its page shows. Only the session lookup,
 * the database handle and Next's request-bound helpers are replaced.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadWorkContext } from "@/lib/assignments/workspace";
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
  forbidden: () => {
    throw new Error("403 page");
  },
  notFound: () => {
    throw new Error("404 page");
  },
  redirect: (to: string) => {
    throw new Error(`redirect ${to}`);
  },
}));

import { changeOwnPassword } from "@/lib/dal/auth";
import { courseSummary, gradebookExport, pingDatabase, problemFileExport, submissionsExport } from "@/lib/dal/api";
import { navigationFor, ownLandingPath } from "@/lib/dal/shell";
import { assignmentPage, attemptHistory, inviteCourse, problemPage, studentDashboard, submissionPage } from "@/lib/dal/student";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof authzWorld>>;
const tr = (key: string) => key;

beforeAll(async () => {
  t = await freshDatabase();
  state.db = t.db;
  w = await authzWorld(t.db, new Date());
});
afterAll(() => t.dispose());

const as = (name: string | null) => {
  state.user = name === null ? null : w.users[name]!;
};

describe("the student pages' data", () => {
  it("gives the problem page what it renders, without the compiled problem, the variant or its seed", async () => {
    as("student1");
    const view = await problemPage({ assignmentId: w.assignments.open, problemId: w.problemId, locale: "en", t: tr });
    if ("notOpen" in view) throw new Error("expected the page");
    expect(Object.keys(view)).not.toContain("context");
    expect(view.problem).toEqual({ id: w.problemId, slug: "seed-cross-entropy" });
    expect(Object.keys(view.assignment).sort()).toEqual([
      "dueAt",
      "id",
      "latePenaltyPercent",
      "latePolicy",
      "lateUntil",
      "maxAttempts",
      "practice",
      "releasePolicy",
      "scoreRule",
      "title",
    ]);
    expect(view.attempts.used).toBe(1);
    const context = (await loadWorkContext(t.db, { userId: w.users.student1!.id, assignmentId: w.assignments.open, problemId: w.problemId }))!;
    expect(JSON.stringify(view)).not.toContain(context.seed);
  });

  it("says only when the assignment opens before it does, and shows the 403 page to someone outside the course", async () => {
    as("student1");
    const view = await problemPage({ assignmentId: w.assignments.unopened, problemId: w.problemId, locale: "en", t: tr });
    expect(view).toEqual({ notOpen: true, opensAt: expect.any(Date) });
    as("other");
    await expect(problemPage({ assignmentId: w.assignments.open, problemId: w.problemId, locale: "en", t: tr })).rejects.toThrow("403 page");
    await expect(assignmentPage({ assignmentId: w.assignments.open, locale: "en" })).rejects.toThrow("403 page");
    await expect(attemptHistory({ assignmentId: w.assignments.open, problemId: w.problemId })).rejects.toThrow("403 page");
    as(null);
    await expect(studentDashboard()).rejects.toThrow("signed out");
  });

  it("lists an assignment's problems once open, and the viewer's own attempts", async () => {
    as("student1");
    expect((await assignmentPage({ assignmentId: w.assignments.unopened, locale: "en" })).problems).toBeNull();
    expect((await assignmentPage({ assignmentId: w.assignments.open, locale: "en" })).problems!.map((p) => p.id)).toEqual([w.problemId]);
    expect((await attemptHistory({ assignmentId: w.assignments.open, problemId: w.problemId })).attempts).toHaveLength(1);
    expect((await studentDashboard()).map((c) => c.id)).toEqual([w.courses["DL-101"]]);
  });

  it("gives the submission page the attempt without its stored results, its author's email or the problem file", async () => {
    as("student1");
    const view = await submissionPage({ submissionId: w.submissions.open, locale: "en", t: tr });
    expect(Object.keys(view.submission).sort()).toEqual(["answers", "assignment", "attempt", "authorName", "id", "problemId"]);
    expect(view.submission.authorName).toBe(w.users.student1!.name);
    expect(JSON.stringify(view)).not.toContain(w.users.student1!.email);
    expect(view.mayAskRegrade).toBe(true);
    expect(view.threads).toEqual([]);
    as("student2");
    await expect(submissionPage({ submissionId: w.submissions.open, locale: "en", t: tr })).rejects.toThrow("403 page");
  });

  it("names a course by its invite code only (a malformed or unknown code names none)", async () => {
    as("student1");
    const course = await t.db.course.findUniqueOrThrow({ where: { id: w.courses["DL-101"] }, select: { code: true, title: true, term: true, joinCode: true } });
    expect(course.joinCode).toBeTruthy();
    expect(await inviteCourse(course.joinCode!)).toEqual({ code: course.code, title: course.title, term: course.term });
    expect(await inviteCourse("no such code")).toBeNull();
  });
});

describe("the API routes' data", () => {
  it("answers 401 signed out, the refusal's status when refused, and the data when allowed", async () => {
    as(null);
    const signedOut = await courseSummary(w.courses["DL-101"]);
    expect(signedOut.ok ? 200 : signedOut.response.status).toBe(401);
    as("ta2");
    const refused = await courseSummary(w.courses["DL-101"]);
    expect(refused.ok ? 200 : refused.response.status).toBe(403);
    as("student1");
    const allowed = await courseSummary(w.courses["DL-101"]);
    expect(allowed.ok && allowed.value.course.id).toBe(w.courses["DL-101"]);
  });

  it("exports grades, submissions and problem files to staff only", async () => {
    as("student1");
    for (const out of [
      await gradebookExport(w.courses["DL-101"]),
      await submissionsExport(w.assignments.open),
      await problemFileExport(w.courses["DL-101"], w.problemId),
    ]) {
      expect(out.ok ? 200 : out.response.status).toBe(403);
    }
    as("instructor");
    const gradebook = await gradebookExport(w.courses["DL-101"]);
    let text = "";
    if (gradebook.ok && gradebook.value) for await (const chunk of gradebook.value.lines) text += chunk;
    expect(text).toContain("Student name");
    const submissions = await submissionsExport(w.assignments.open);
    expect(submissions.ok && submissions.value?.fileName).toMatch(/\.csv$/);
    const file = await problemFileExport(w.courses["DL-101"], w.problemId);
    expect(file.ok && file.value?.fileName).toMatch(/\.yaml$/);
    await expect(pingDatabase()).resolves.toBeUndefined();
  });
});

describe("the frame and the account", () => {
  it("sends staff who study nothing to teaching and students to their dashboard", async () => {
    as("ta");
    expect(await ownLandingPath()).toBe("/teach");
    expect(await navigationFor(w.users.ta!)).toEqual({ studies: false, teaches: true });
    as("student1");
    expect(await ownLandingPath()).toBe("/dashboard");
  });

  it("changes no password when signed out, and names the wrong current password", async () => {
    as(null);
    expect(await changeOwnPassword({ current: "x", next: "a long new password 1", confirm: "a long new password 1" })).toEqual({
      ok: false,
      field: "current",
      problem: "required",
    });
    as("student1");
    expect(await changeOwnPassword({ current: "not the password", next: "a long new password 1", confirm: "a long new password 1" })).toEqual({
      ok: false,
      field: "current",
      problem: "wrong-current",
    });
  });
});
