/**
 * Walks every server action and every route handler of the app with each kind of person and checks
 * that lib/authz.ts's answer is what reaches them: passed (Y), refused as forbidden (N), refused
 * because the assignment has not opened (O), or refused for being signed out (-).
 *
 * The real action and route modules are called; only the session lookup, the database handle and
 * Next's request-bound helpers (cache revalidation, translations, cookies) are replaced. A new
 * action or route that is not walked here fails the coverage tests at the bottom.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Phase } from "@/lib/authz";
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
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next-intl/server", () => {
  const t = Object.assign((key: string) => key, { has: () => true, rich: (key: string) => key, markup: (key: string) => key, raw: (key: string) => key });
  return { getTranslations: async () => t, getLocale: async () => "en" };
});
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
  headers: async () => new Headers(),
}));

import { changePasswordAction } from "@/app/(auth)/password/actions";
import { setLocale } from "@/app/_actions/locale";
import { addToAssignmentAction } from "@/app/_actions/add-to-assignment";
import { revokeSessionsAction, unlinkSsoAction } from "@/app/(staff)/accounts/actions";
import { syncGradesNowAction, syncRosterAction } from "@/app/(staff)/teach/courses/[courseId]/lms-actions";
import { deletePlatformAction, registerPlatformAction, rotateKeysAction, updatePlatformAction } from "@/app/(staff)/lti/actions";
import { joinCourseAction } from "@/app/(student)/join/actions";
import { checkGraphAction, newVariantAction, saveDraftAction, submitAction } from "@/app/(student)/assignments/[assignmentId]/problems/[problemId]/actions";
import { requestRegradeAction } from "@/app/(student)/submissions/[submissionId]/actions";
import {
  applyRubricAction,
  createRubricAction,
  deleteRubricAction,
  moveRubricAction,
  overrideAction,
  respondRegradeAction,
  updateRubricAction,
} from "@/app/(staff)/teach/submissions/[submissionId]/actions";
import { createCourseAction } from "@/app/(staff)/teach/courses/new/actions";
import {
  addMemberAction,
  applyImportAction,
  changeRoleAction,
  previewImportAction,
  removeMemberAction,
} from "@/app/(staff)/teach/courses/[courseId]/roster/actions";
import { regenerateJoinCodeAction, setJoiningAction, updateCourseAction } from "@/app/(staff)/teach/courses/[courseId]/settings/actions";
import {
  archiveProblemAction,
  deleteProblemAction,
  forkProblemAction,
  previewProblemAction,
  saveProblemAction,
  uploadProblemAction,
} from "@/app/(staff)/teach/courses/[courseId]/problems/actions";
import { createAssignmentAction } from "@/app/(staff)/teach/courses/[courseId]/assignments/new/actions";
import {
  archiveAssignmentAction,
  deleteAssignmentAction,
  duplicateAssignmentAction,
  updateAssignmentAction,
} from "@/app/(staff)/teach/assignments/[assignmentId]/edit/actions";
import { applyBulkRegradeAction } from "@/app/(staff)/teach/assignments/[assignmentId]/regrade/actions";
import { GET as courseRoute } from "@/app/api/courses/[courseId]/route";
import { GET as gradebookRoute } from "@/app/api/courses/[courseId]/gradebook.csv/route";
import { GET as problemExportRoute } from "@/app/api/courses/[courseId]/problems/[problemId]/export/route";
import { GET as submissionsCsvRoute } from "@/app/api/assignments/[assignmentId]/submissions.csv/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";

const PEOPLE = ["student1", "student2", "ta", "instructor", "ta2", "other", "nobody", "admin", "anonymous"] as const;
const PHASES: Phase[] = ["unopened", "open", "closed"];

let t: TestDatabase;
let w: Awaited<ReturnType<typeof authzWorld>>;
const requests = {} as Record<Phase, string>;
/** A rubric item of each phase's problem, applied to student1's submission (so deleting it asks first). */
const rubricItems = {} as Record<Phase, string>;
/** A DL-101 student for the remove action to remove. */
let leaving = "";
/** A problem DL-101 owns (the bank's, w.problemId, belongs to no course), and the bank problem's versions. */
let owned = "";
let versions: { v1: string; v2: string } = { v1: "", v2: "" };

beforeAll(async () => {
  t = await freshDatabase();
  state.db = t.db;
  w = await authzWorld(t.db, new Date());
  const u = await t.db.user.create({ data: { email: "walk.leaving@example.test", name: "Leaving", passwordHash: "x" } });
  await t.db.membership.create({ data: { userId: u.id, courseId: w.courses["DL-101"], role: "STUDENT" } });
  leaving = u.id;
  const bank = await t.db.problemVersion.findFirstOrThrow({ where: { problemId: w.problemId } });
  const own = await t.db.problem.create({
    data: {
      slug: "walk-owned",
      title: "Walk",
      ownerCourseId: w.courses["DL-101"],
      versions: { create: { version: 1, content: bank.content as object, contentHash: "walk" } },
    },
  });
  owned = own.id;
  // A second version of the bank problem (the same content), for moving an assignment to it.
  const v2 = await t.db.problemVersion.create({
    data: { problemId: w.problemId, version: bank.version + 1, content: bank.content as object, contentHash: "walk-2", title: bank.title },
  });
  versions = { v1: bank.id, v2: v2.id };
  // An open regrade request on each of student1's submissions, for the respond action to answer.
  for (const phase of PHASES) {
    const r = await t.db.regradeRequest.create({
      data: { submissionId: w.submissions[phase], partId: "loss", studentId: w.users.student1!.id, reason: "please look" },
    });
    requests[phase] = r.id;
    const s = await t.db.submission.findUniqueOrThrow({ where: { id: w.submissions[phase] }, select: { assignmentId: true, problemId: true } });
    const item = await t.db.rubricItem.create({ data: { ...s, partId: "loss", text: "walk", points: 0, position: 0 } });
    await t.db.rubricApplication.create({ data: { rubricItemId: item.id, submissionId: w.submissions[phase] } });
    rubricItems[phase] = item.id;
  }
});
afterAll(() => t.dispose());

const REFUSALS = new Set(["forbidden", "not-found", "not-open", "unauthenticated"]);

/** What the person got: "passed" (lib/authz.ts let them through, whatever came next) or the refusal. */
async function outcome(r: unknown): Promise<string> {
  if (r instanceof Response) {
    if (r.status === 401) return "unauthenticated";
    if (r.status === 404) return "not-found";
    if (r.status === 403) return ((await r.json()) as { error: { code: string } }).error.code === "not-open" ? "not-open" : "forbidden";
    return r.status < 300 ? "passed" : `HTTP ${r.status}`;
  }
  const o = (r ?? {}) as Record<string, unknown>;
  for (const key of ["status", "reason", "error"]) {
    const v = o[key];
    if (typeof v === "string" && REFUSALS.has(v)) return v;
  }
  return "passed";
}

function letter(got: string, person: (typeof PEOPLE)[number]): string {
  if (got === "passed") return "Y";
  if (person === "anonymous" && REFUSALS.has(got) && got !== "not-open") return "-";
  if (got === "forbidden") return "N";
  if (got === "not-open") return "O";
  return `?${got}`;
}

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};
const IDLE = { status: "idle" as const, seq: 0 };
const params = <T extends object>(p: T) => ({ params: Promise.resolve(p) });
const request = (url: string) => new Request(`http://localhost${url}`);

type Step = { name: string; run: () => Promise<unknown>; expected: string; classify?: (r: unknown, person: string) => Promise<string> };
const walked = new Set<string>();

/** One row: the action (named by its file under app/ and its export) called by each person in turn; `expected` reads s1 s2 ta instr ta2 other nobody admin anonymous. */
function walk(covers: string, steps: Step[]) {
  walked.add(covers);
  describe(covers, () => {
    for (const step of steps) {
      it(step.name, async () => {
        const got: string[] = [];
        for (const person of PEOPLE) {
          state.user = person === "anonymous" ? null : w.users[person];
          const r = await step.run();
          got.push(letter(step.classify ? await step.classify(r, person) : await outcome(r), person));
        }
        state.user = null;
        expect(got.join(" "), "student1 student2 ta instructor ta2 other nobody admin anonymous").toBe(step.expected);
      });
    }
  });
}

const perPhase = (expected: Record<Phase, string>, run: (phase: Phase) => Promise<unknown>): Step[] =>
  PHASES.map((phase) => ({ name: `on the ${phase} assignment`, expected: expected[phase], run: () => run(phase) }));

// ----- a student's own work: students of the course once it has opened; never staff or admins -----
const STUDENT_WORK = {
  unopened: "O O N N N N N N -",
  open: "Y Y N N N N N N -",
  closed: "Y Y N N N N N N -", // authz lets them through; the assignment's rules then say "closed" (lib/assignments/rules.ts)
};
const work = (phase: Phase) => ({ assignmentId: w.assignments[phase], problemId: w.problemId });

walk(
  "(student)/assignments/[assignmentId]/problems/[problemId]/actions.ts#saveDraftAction",
  perPhase(STUDENT_WORK, (p) => saveDraftAction({ ...work(p), answers: { loss: "2.5" } })),
);
walk(
  "(student)/assignments/[assignmentId]/problems/[problemId]/actions.ts#submitAction",
  perPhase(STUDENT_WORK, (p) => submitAction({ ...work(p), answers: { loss: "2.5" } })),
);
walk(
  "(student)/assignments/[assignmentId]/problems/[problemId]/actions.ts#checkGraphAction",
  perPhase(STUDENT_WORK, (p) => checkGraphAction({ ...work(p), partId: "loss", source: "input x\ny = 2 * x" })),
);
walk(
  "(student)/assignments/[assignmentId]/problems/[problemId]/actions.ts#newVariantAction",
  perPhase(STUDENT_WORK, (p) => newVariantAction(work(p))),
);
walk(
  "(student)/submissions/[submissionId]/actions.ts#requestRegradeAction",
  perPhase({ unopened: "O N N N N N N N -", open: "Y N N N N N N N -", closed: "Y N N N N N N N -" }, (p) =>
    requestRegradeAction(IDLE, form({ submissionId: w.submissions[p], partId: "loss", reason: "I think this is right" })),
  ),
);

// ----- staff of the course (and site admins), whatever the phase -----
const STAFF = "N N Y Y N N N Y -";
const INSTRUCTOR = "N N N Y N N N Y -";
const allPhases = (expected: string) => ({ unopened: expected, open: expected, closed: expected });

walk(
  "(staff)/teach/submissions/[submissionId]/actions.ts#overrideAction",
  perPhase(allPhases(STAFF), (p) =>
    overrideAction(IDLE, form({ submissionId: w.submissions[p], partId: "loss", score: "1", unit: "fraction", comment: "walk" })),
  ),
);
walk(
  "(staff)/teach/submissions/[submissionId]/actions.ts#respondRegradeAction",
  perPhase(allPhases(STAFF), (p) =>
    respondRegradeAction(IDLE, form({ requestId: requests[p], decision: "decline", response: "walk", submissionId: w.submissions[p] })),
  ),
);
walk(
  "(staff)/teach/submissions/[submissionId]/actions.ts#createRubricAction",
  perPhase(allPhases(STAFF), (p) => createRubricAction(IDLE, form({ submissionId: w.submissions[p], partId: "loss", text: "walk", points: "0" }))),
);
walk(
  "(staff)/teach/submissions/[submissionId]/actions.ts#updateRubricAction",
  perPhase(allPhases(STAFF), (p) => updateRubricAction(IDLE, form({ itemId: rubricItems[p], text: "walk", points: "0" }))),
);
walk(
  "(staff)/teach/submissions/[submissionId]/actions.ts#applyRubricAction",
  perPhase(allPhases(STAFF), (p) => applyRubricAction(IDLE, form({ submissionId: w.submissions[p], itemId: rubricItems[p], applied: "true" }))),
);
walk(
  "(staff)/teach/submissions/[submissionId]/actions.ts#moveRubricAction",
  perPhase(allPhases(STAFF), (p) => moveRubricAction(IDLE, form({ itemId: rubricItems[p], direction: "up" }))),
);
// Applied, so without the confirmation the staff's call is refused after access is decided.
walk(
  "(staff)/teach/submissions/[submissionId]/actions.ts#deleteRubricAction",
  perPhase(allPhases(STAFF), (p) => deleteRubricAction(IDLE, form({ itemId: rubricItems[p] }))),
);
walk(
  "(staff)/teach/assignments/[assignmentId]/regrade/actions.ts#applyBulkRegradeAction",
  perPhase(allPhases(STAFF), (p) => applyBulkRegradeAction(IDLE, form({ assignmentId: w.assignments[p], replaceOverrides: "0", versions: "" }))),
);
walk(
  "(staff)/teach/assignments/[assignmentId]/edit/actions.ts#updateAssignmentAction",
  perPhase(allPhases(INSTRUCTOR), (p) => updateAssignmentAction(w.assignments[p], {})),
);
// Each with input refused after access is decided, so no one's call changes what the next person finds.
walk(
  "(staff)/teach/assignments/[assignmentId]/edit/actions.ts#archiveAssignmentAction",
  perPhase(allPhases(INSTRUCTOR), (p) => archiveAssignmentAction(w.assignments[p], { archived: "x" })),
);
walk(
  "(staff)/teach/assignments/[assignmentId]/edit/actions.ts#duplicateAssignmentAction",
  perPhase(allPhases(INSTRUCTOR), (p) => duplicateAssignmentAction(w.assignments[p], { title: "" })),
);
// The problem is already in each of them: refused as such once access is granted (assignment.manage).
walk(
  "_actions/add-to-assignment.ts#addToAssignmentAction",
  perPhase(allPhases(INSTRUCTOR), (p) => addToAssignmentAction(w.problemId, { assignmentId: w.assignments[p], points: "5" })),
);
// (They have submissions: refused as such once access is granted.)
walk(
  "(staff)/teach/assignments/[assignmentId]/edit/actions.ts#deleteAssignmentAction",
  perPhase(allPhases(INSTRUCTOR), (p) => deleteAssignmentAction(w.assignments[p])),
);
walk("(staff)/teach/assignments/[assignmentId]/regrade/actions.ts#applyBulkRegradeAction (moving to another version)", [
  {
    name: "on the open assignment",
    expected: INSTRUCTOR,
    run: async () => {
      const token = `${w.problemId}:${versions.v1}:${versions.v2}`;
      const r = await applyBulkRegradeAction(IDLE, form({ assignmentId: w.assignments.open, replaceOverrides: "0", versions: token }));
      // Back where it was for the next person (the two versions' content is the same).
      await t.db.assignmentProblem.updateMany({ where: { problemId: w.problemId }, data: { problemVersionId: versions.v1 } });
      await t.db.submission.updateMany({ where: { problemId: w.problemId }, data: { problemVersionId: versions.v1 } });
      return r;
    },
  },
]);

const course = () => w.courses["DL-101"];
walk("(staff)/teach/courses/[courseId]/assignments/new/actions.ts#createAssignmentAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => createAssignmentAction(course(), {}) },
]);
walk("(staff)/teach/courses/[courseId]/roster/actions.ts#addMemberAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => addMemberAction(course(), { email: "walk.new@example.test", role: "STUDENT" }) },
]);
walk("(staff)/teach/courses/[courseId]/roster/actions.ts#changeRoleAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => changeRoleAction(course(), { userId: w.users.student3!.id, role: "STUDENT" }) },
]);
walk("(staff)/teach/courses/[courseId]/roster/actions.ts#removeMemberAction", [
  {
    name: "in DL-101",
    expected: INSTRUCTOR,
    run: async () => {
      // Back in the course before each person tries, so every allowed one has someone to remove.
      const key = { userId_courseId: { userId: leaving, courseId: course() } };
      await t.db.membership.upsert({ where: key, create: { userId: leaving, courseId: course(), role: "STUDENT" }, update: {} });
      return removeMemberAction(course(), { userId: leaving });
    },
  },
]);
walk("(staff)/teach/courses/[courseId]/roster/actions.ts#previewImportAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => previewImportAction(course(), { text: "email,name,role\nwalk.csv@example.test,Walk,student\n" }) },
]);
walk("(staff)/teach/courses/[courseId]/roster/actions.ts#applyImportAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => applyImportAction(course(), { text: "email,name,role\nwalk.csv@example.test,Walk,student\n" }) },
]);
walk("(staff)/teach/courses/[courseId]/settings/actions.ts#updateCourseAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => updateCourseAction(course(), { code: "DL-101", title: "Deep Learning", term: "Autumn 2026" }) },
]);
walk("(staff)/teach/courses/[courseId]/settings/actions.ts#regenerateJoinCodeAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => regenerateJoinCodeAction(course()) },
]);
walk("(staff)/teach/courses/[courseId]/settings/actions.ts#setJoiningAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => setJoiningAction(course(), true) },
]);
walk("(staff)/teach/courses/[courseId]/problems/actions.ts#previewProblemAction", [
  { name: "in DL-101", expected: STAFF, run: () => previewProblemAction(course(), { source: "", seeds: [] }) },
]);
// A problem's owner decides: the built-in bank's are changed by site admins only, DL-101's by its instructors.
const ADMIN = "N N N N N N N Y -";
walk("(staff)/teach/courses/[courseId]/problems/actions.ts#saveProblemAction", [
  { name: "a bank problem, from DL-101", expected: ADMIN, run: () => saveProblemAction(course(), w.problemId, "") },
  { name: "DL-101's own problem", expected: INSTRUCTOR, run: () => saveProblemAction(course(), owned, "") },
]);
walk("(staff)/teach/courses/[courseId]/problems/actions.ts#forkProblemAction", [
  { name: "a bank problem, into DL-101", expected: INSTRUCTOR, run: () => forkProblemAction(course(), w.problemId, { version: 999 }) },
]);
walk("(staff)/teach/courses/[courseId]/problems/actions.ts#archiveProblemAction", [
  { name: "a bank problem, from DL-101", expected: ADMIN, run: () => archiveProblemAction(course(), w.problemId, { archived: "x" }) },
  { name: "DL-101's own problem", expected: INSTRUCTOR, run: () => archiveProblemAction(course(), owned, { archived: "x" }) },
]);
walk("(staff)/teach/courses/[courseId]/problems/actions.ts#deleteProblemAction", [
  // Assignments use it: refused as such once access is granted.
  { name: "a bank problem, from DL-101", expected: ADMIN, run: () => deleteProblemAction(course(), w.problemId) },
  {
    name: "DL-101's own problem",
    expected: INSTRUCTOR,
    run: async () => {
      // A fresh one for each person, so every allowed one has something to delete.
      const bank = await t.db.problemVersion.findFirstOrThrow({ where: { problemId: owned } });
      const p = await t.db.problem.create({
        data: {
          slug: `walk-delete-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
          title: "Walk",
          ownerCourseId: course(),
          versions: { create: { version: 1, content: bank.content as object, contentHash: "d" } },
        },
      });
      return deleteProblemAction(course(), p.id);
    },
  },
]);
walk("(staff)/teach/courses/[courseId]/problems/actions.ts#uploadProblemAction", [
  { name: "in DL-101", expected: INSTRUCTOR, run: () => uploadProblemAction(course(), "walk.yaml", "") },
]);

// ----- not tied to a course -----
walk("(staff)/teach/courses/new/actions.ts#createCourseAction", [
  {
    name: "instructors of a course and site admins",
    expected: "N N N Y N N N Y -",
    run: () => createCourseAction({ code: "WALK-1", title: "Walk", term: "" }),
  },
]);
walk("(student)/join/actions.ts#joinCourseAction", [
  { name: "anyone signed in (an unknown code)", expected: "Y Y Y Y Y Y Y Y -", run: () => joinCourseAction("ZZZZ9999") },
]);
walk("(auth)/password/actions.ts#changePasswordAction", [
  {
    name: "anyone signed in, for their own password",
    expected: "Y Y Y Y Y Y Y Y -",
    run: () => changePasswordAction({ current: "not-the-password", next: "another-long-password", confirm: "another-long-password" }),
    // Signed out, it answers that the current password is required (it knows no user to check it for).
    classify: async (r, person) => {
      const o = r as { ok: boolean; problem?: string };
      if (person === "anonymous") return o.problem === "required" ? "unauthenticated" : `unexpected ${o.problem}`;
      return o.problem === "wrong-current" ? "passed" : `unexpected ${o.problem}`;
    },
  },
]);
walk("(staff)/accounts/actions.ts#revokeSessionsAction", [
  { name: "site admins only, for any account", expected: "N N N N N N N Y -", run: () => revokeSessionsAction({ userId: leaving }) },
]);
// The LMS registrations page: an empty form and an unknown id are enough to see who gets past the check.
walk("(staff)/lti/actions.ts#registerPlatformAction", [{ name: "site admins only", expected: "N N N N N N N Y -", run: () => registerPlatformAction({}) }]);
walk("(staff)/lti/actions.ts#updatePlatformAction", [
  { name: "site admins only", expected: "N N N N N N N Y -", run: () => updatePlatformAction("no-such-registration", { deploymentIds: "" }) },
]);
walk("(staff)/lti/actions.ts#deletePlatformAction", [
  {
    name: "site admins only",
    expected: "N N N N N N N Y -",
    run: () => deletePlatformAction("no-such-registration"),
    // not-found: past the check, and nothing to delete.
    classify: async (r) => ((r as { status: string }).status === "forbidden" ? "forbidden" : "passed"),
  },
]);
walk("(staff)/lti/actions.ts#rotateKeysAction", [{ name: "site admins only", expected: "N N N N N N N Y -", run: () => rotateKeysAction() }]);
walk("(staff)/accounts/actions.ts#unlinkSsoAction", [
  {
    name: "site admins only (an unknown link)",
    expected: "N N N N N N N Y -",
    run: () => unlinkSsoAction({ userId: leaving, linkId: "no-such-link" }),
    // not-found: past the check, and nothing to unlink.
    classify: async (r) => ((r as { status: string }).status === "forbidden" ? "forbidden" : "passed"),
  },
]);
// The LMS sync panel on DL-101 (not linked to an LMS: past the check there is nothing to send or fetch).
walk("(staff)/teach/courses/[courseId]/lms-actions.ts#syncGradesNowAction", [{ name: "DL-101", expected: STAFF, run: () => syncGradesNowAction(course()) }]);
walk("(staff)/teach/courses/[courseId]/lms-actions.ts#syncRosterAction", [
  { name: "DL-101, its instructors only", expected: "N N N Y N N N Y -", run: () => syncRosterAction(course()) },
]);
walk("_actions/locale.ts#setLocale", [{ name: "anyone, signed in or not", expected: "Y Y Y Y Y Y Y Y Y", run: () => setLocale("zh-CN") }]);

// ----- route handlers -----
walk("api/courses/[courseId]/route.ts#GET", [
  { name: "DL-101", expected: "Y Y Y Y N N N Y -", run: () => courseRoute(request(`/api/courses/${course()}`), params({ courseId: course() })) },
]);
walk("api/courses/[courseId]/gradebook.csv/route.ts#GET", [
  { name: "DL-101", expected: STAFF, run: () => gradebookRoute(request(`/api/courses/${course()}/gradebook.csv`), params({ courseId: course() })) },
]);
walk("api/courses/[courseId]/problems/[problemId]/export/route.ts#GET", [
  {
    name: "a problem DL-101 uses",
    expected: STAFF,
    run: () => problemExportRoute(request(`/api/courses/${course()}/problems/${w.problemId}/export`), params({ courseId: course(), problemId: w.problemId })),
  },
]);
walk(
  "api/assignments/[assignmentId]/submissions.csv/route.ts#GET",
  perPhase(allPhases(STAFF), (p) =>
    submissionsCsvRoute(request(`/api/assignments/${w.assignments[p]}/submissions.csv`), params({ assignmentId: w.assignments[p] })),
  ),
);
walk("api/health/route.ts#GET", [{ name: "anyone, signed in or not", expected: "Y Y Y Y Y Y Y Y Y", run: () => healthRoute() }]);
// A scraper's bearer token (METRICS_TOKEN) is tested in metrics.test.ts; here, sessions only.
walk("api/metrics/route.ts#GET", [{ name: "site admins only", expected: "N N N N N N N Y -", run: () => metricsRoute(request("/api/metrics")) }]);

/** Route handlers deliberately not walked, and why. */
const NOT_WALKED = new Map([
  ["api/auth/[...nextauth]/route.ts", "next-auth's own sign-in and session endpoints: public by design, tested in signin.test.ts"],
  // An LMS sends a browser with no session here: the platform's signed id_token, not a session, decides who signs in.
  ["api/lti/login/route.ts", "LTI login initiation: public by design, tested in lti/launch.test.ts"],
  ["api/lti/launch/route.ts", "LTI launch: public by design (the id_token is the credential), tested in lti/launch.test.ts"],
  ["api/lti/jwks/route.ts", "the tool's public keys: public by design, tested in lti/registration.test.ts"],
  [
    "api/lti/handoff/route.ts",
    "a framed launch continued in a new window: public by design (the one-time token is the credential), tested in lti/framing.test.ts",
  ],
  [
    "api/lti/deep-link/[id]/route.ts",
    "the deep linking picker's answer: allowed only to the person who launched that stored request while staff of its course, same-origin; tested in lti/deep-linking.test.ts",
  ],
  ["api/lti/session/route.ts", "answers 204 and nothing else: whether the session cookie arrived is the proxy's 401 or not (lib/lti/handoff.ts)"],
]);

// ----- coverage: every action and route of the app is walked above -----
const APP = path.resolve(import.meta.dirname, "../../app");

function filesUnder(dir: string, match: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, match) : match(full) ? [full] : [];
  });
}
/** How a file is named above: its path under app/, route groups included. */
const shortName = (file: string) => path.relative(APP, file).split(path.sep).join("/");
const moduleLevelServer = (src: string) => /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(src);

describe("coverage of the walk", () => {
  it("walks every exported server action of every 'use server' module", async () => {
    const modules = filesUnder(APP, (f) => /\.(ts|tsx)$/.test(f) && moduleLevelServer(fs.readFileSync(f, "utf8")));
    expect(modules.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const file of modules) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value === "function" && !walked.has(`${shortName(file)}#${name}`)) missing.push(`${path.relative(APP, file)}#${name}`);
      }
    }
    expect(missing, "server actions that no row of the walk calls").toEqual([]);
  });

  it("finds no inline server actions: pages bind module-level ones, whose every argument is checked", () => {
    // An inline action's closure is decrypted by Next before any of our code runs, so a forged call
    // to it fails inside the framework; a bound module action gets its ids as ordinary arguments.
    const inline = filesUnder(APP, (f) => /\.(ts|tsx)$/.test(f)).filter((f) => {
      const src = fs.readFileSync(f, "utf8");
      return !moduleLevelServer(src) && /["']use server["']/.test(src);
    });
    expect(inline.map((f) => path.relative(APP, f))).toEqual([]);
  });

  it("walks every route handler, or says why not", async () => {
    const routes = filesUnder(path.join(APP, "api"), (f) => path.basename(f) === "route.ts");
    const missing: string[] = [];
    for (const file of routes) {
      const name = path.relative(APP, file).split(path.sep).join("/");
      if (NOT_WALKED.has(name)) continue;
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        if (typeof mod[method] === "function" && !walked.has(`${name}#${method}`)) missing.push(`${name}#${method}`);
      }
    }
    expect(missing, "route handlers that no row of the walk calls").toEqual([]);
  });
});
