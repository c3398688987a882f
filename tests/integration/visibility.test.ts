/**
 * What each page's loader gives each person, by lib/authz.ts's rules: a student learns that an
 * assignment exists and when it opens, and nothing of its problems until then (no title, no link,
 * no statement, no history); staff always see them; reference answers are shown to staff always and
 * to the student by the release policy; only the author may ask for a regrade.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourseSummary, loadStudentDashboard } from "@/lib/assignments/dashboard";
import { loadAssignmentPage, loadHistory, loadProblemPage, loadSubmissionPage } from "@/lib/assignments/student-pages";
import { loadStaffSubmission } from "@/lib/review/submission-page";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { authzWorld } from "../setup/authz-world";
import { granted } from "../setup/granted";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof authzWorld>>;
const now = new Date();
const opensAt = new Date(now.getTime() + 7 * 86_400_000);
const tr = (key: string) => key;

beforeAll(async () => {
  t = await freshDatabase();
  w = await authzWorld(t.db, now);
});
afterAll(() => t.dispose());

const who = (name: string) => w.users[name]!;
const page = (name: string, phase: "unopened" | "open" | "closed") =>
  loadProblemPage(t.db, who(name), { assignmentId: w.assignments[phase], problemId: w.problemId, locale: "en", t: tr, now });

describe("an assignment that has not opened", () => {
  it("is on the student's dashboard with its dates, without its problems' titles or links", async () => {
    const [course] = await loadStudentDashboard(t.db, who("student1"), now);
    const unopened = course!.assignments.find((a) => a.id === w.assignments.unopened)!;
    expect(unopened).toMatchObject({ open: false, problems: [], problemCount: 1, opensAt });
    expect(JSON.stringify(unopened)).not.toContain(w.problemId);
    const open = course!.assignments.find((a) => a.id === w.assignments.open)!;
    expect(open).toMatchObject({ open: true, problems: [{ id: w.problemId, title: w.problemTitle }] });
  });

  it("is in GET /api/courses/<id> without its problems for a student, with them for staff", async () => {
    const student = granted(await loadCourseSummary(t.db, who("student1"), w.courses["DL-101"], now));
    const byId = new Map(student.course.assignments.map((a) => [a.id, a]));
    expect(byId.get(w.assignments.unopened)).toMatchObject({ opensAt, problems: null });
    expect(JSON.stringify(byId.get(w.assignments.unopened))).not.toContain(w.problemId);
    expect(byId.get(w.assignments.open)!.problems).toEqual([{ id: w.problemId, title: w.problemTitle }]);
    expect(student.role).toBe("STUDENT");
    for (const staff of ["ta", "instructor", "admin"]) {
      const summary = granted(await loadCourseSummary(t.db, who(staff), w.courses["DL-101"], now));
      expect(summary.course.assignments.find((a) => a.id === w.assignments.unopened)!.problems, staff).toEqual([{ id: w.problemId, title: w.problemTitle }]);
    }
    expect(await loadCourseSummary(t.db, who("ta2"), w.courses["DL-101"], now)).toEqual({ allowed: false, reason: "forbidden" });
    expect(await loadCourseSummary(t.db, who("nobody"), w.courses["DL-101"], now)).toEqual({ allowed: false, reason: "forbidden" });
  });

  it("has an assignment page that says when it opens and lists no problems to a student", async () => {
    const student = granted(await loadAssignmentPage(t.db, who("student2"), { assignmentId: w.assignments.unopened, locale: "en", now }));
    expect(student.problems).toBeNull();
    expect(student.assignment.opensAt).toEqual(opensAt);
    expect(JSON.stringify(student)).not.toContain(w.problemId);
    const ta = granted(await loadAssignmentPage(t.db, who("ta"), { assignmentId: w.assignments.unopened, locale: "en", now }));
    expect(ta.problems!.map((p) => p.id)).toEqual([w.problemId]);
    const open = granted(await loadAssignmentPage(t.db, who("student2"), { assignmentId: w.assignments.open, locale: "en", now }));
    expect(open.problems!.map((p) => p.id)).toEqual([w.problemId]);
    expect(await loadAssignmentPage(t.db, who("other"), { assignmentId: w.assignments.open, locale: "en", now })).toEqual({
      allowed: false,
      reason: "forbidden",
    });
  });

  it("refuses its problem page and history to a student with the opening time, and shows them to staff", async () => {
    expect(await page("student1", "unopened")).toEqual({ allowed: false, reason: "not-open", opensAt });
    expect(await loadHistory(t.db, who("student1"), { assignmentId: w.assignments.unopened, problemId: w.problemId, now })).toEqual({
      allowed: false,
      reason: "not-open",
      opensAt,
    });
    expect(granted(await page("ta", "unopened")).title).toBeTruthy();
    const history = granted(await loadHistory(t.db, who("student1"), { assignmentId: w.assignments.open, problemId: w.problemId, now }));
    expect(history.attempts).toHaveLength(1);
    // Scores are shown in the problem's points in this assignment; a problem it does not list has no history.
    const listed = await t.db.assignmentProblem.findFirstOrThrow({ where: { assignmentId: w.assignments.open, problemId: w.problemId } });
    expect(history.points).toBe(listed.points);
    expect(await loadHistory(t.db, who("student1"), { assignmentId: w.assignments.open, problemId: "notlistedproblem0", now })).toEqual({
      allowed: false,
      reason: "not-found",
    });
    expect(await page("ta2", "open")).toEqual({ allowed: false, reason: "forbidden" });
  });

  it("refuses the student's own submission page until it opens (its opening was moved after they submitted)", async () => {
    const args = { submissionId: w.submissions.unopened, locale: "en" as const, t: tr, now };
    expect(await loadSubmissionPage(t.db, who("student1"), args)).toEqual({ allowed: false, reason: "not-open", opensAt });
    expect(granted(await loadSubmissionPage(t.db, who("ta"), args)).submission.id).toBe(w.submissions.unopened);
  });
});

describe("the problem page's capabilities come from lib/authz.ts", () => {
  it("lets students of the course work (submit, draft, practice numbers), and nobody else", async () => {
    expect(granted(await page("student1", "open")).mayWork).toBe(true);
    expect(granted(await page("student2", "closed")).mayWork).toBe(true);
    for (const staff of ["ta", "instructor", "admin"]) expect(granted(await page(staff, "open")).mayWork, staff).toBe(false);
  });
});

describe("a submission page", () => {
  const args = () => ({ submissionId: w.submissions.open, locale: "en" as const, t: tr, now });

  it("shows the author the reference answers by the release policy, and lets only them ask for a regrade", async () => {
    const own = granted(await loadSubmissionPage(t.db, who("student1"), args()));
    expect(own.reveal).toBe(false); // AFTER_DUE, and the assignment is still open
    expect(own.solutionHtml).toBeNull();
    expect(own.mayAskRegrade).toBe(true);
    const closed = granted(await loadSubmissionPage(t.db, who("student1"), { ...args(), submissionId: w.submissions.closed }));
    expect(closed.reveal).toBe(true);
  });

  it("shows staff and site admins the reference answers always, and does not let them ask in the student's name", async () => {
    for (const staff of ["ta", "instructor", "admin"]) {
      const p = granted(await loadSubmissionPage(t.db, who(staff), args()));
      expect(p.reveal, staff).toBe(true);
      expect(p.solutionHtml, staff).not.toBeNull();
      expect(p.mayAskRegrade, staff).toBe(false);
    }
  });

  it("is refused to a classmate and to other courses' people", async () => {
    for (const person of ["student2", "ta2", "other", "nobody"]) {
      expect(await loadSubmissionPage(t.db, who(person), args()), person).toEqual({ allowed: false, reason: "forbidden" });
    }
  });

  it("has a staff version for the course's staff only", async () => {
    const ta = granted(await loadStaffSubmission(t.db, who("ta"), { submissionId: w.submissions.open, locale: "en", t: tr }));
    expect(ta.reveal).toBe(true);
    for (const person of ["student1", "ta2"]) {
      expect(await loadStaffSubmission(t.db, who(person), { submissionId: w.submissions.open, locale: "en", t: tr }), person).toEqual({
        allowed: false,
        reason: "forbidden",
      });
    }
  });
});
