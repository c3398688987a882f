import "server-only";

/**
 * What the student pages read: each function checks who is asking (lib/guards.ts, which asks
 * lib/authz.ts), reads through the lib/assignments loaders, and returns only what its page renders.
 * A refusal becomes the 403 or 404 page here, so a page never holds data it may not show.
 */
import { loadStudentDashboard, type StudentCourse } from "@/lib/assignments/dashboard";
import type { AssignmentRules } from "@/lib/assignments/rules";
import {
  loadAssignmentPage,
  loadHistory,
  loadProblemPage,
  loadSubmissionPage,
  type AssignmentPageData,
  type HistoryPage,
  type ProblemPageData,
} from "@/lib/assignments/student-pages";
import type { Translate } from "@/lib/assignments/student-view";
import type { PartSpecView, SubmissionView } from "@/lib/assignments/view-types";
import { isRefusal } from "@/lib/authz";
import { courseForJoinCode, joinCourse, type Joined } from "@/lib/courses/join";
import { getDb } from "@/lib/db/client";
import type { WorkedSolutionView } from "@/lib/problems/worked-solution";
import type { Locale } from "@/lib/grading";
import { refusePage, requirePermission } from "@/lib/guards";
import type { ReviewResult } from "@/lib/review/override";
import { regradeThreads, requestRegrade, type RegradeThread } from "@/lib/review/regrade";
import { getCurrentUser, requireUser } from "@/lib/session";
import type { Outcome } from "@/lib/validations/form-result";

export type { Joined };
export { historyPageSchema } from "@/lib/assignments/student-pages";

/** What the rules summary shows of an assignment. */
export type RulesView = Pick<AssignmentRules, "dueAt" | "latePolicy" | "latePenaltyPercent" | "lateUntil" | "maxAttempts" | "releasePolicy"> & {
  practice: boolean;
  scoreRule: "BEST" | "LATEST";
};

/** The signed-in person's courses, their assignments and how far they are with each. */
export async function studentDashboard(locale: Locale = "en"): Promise<StudentCourse[]> {
  const user = await requireUser();
  return loadStudentDashboard(getDb(), user, new Date(), locale);
}

/** The course an invite code names (code, title, term), or null when no open course has it. */
export async function inviteCourse(code: string): Promise<{ code: string; title: string; term: string } | null> {
  await requireUser();
  const course = await courseForJoinCode(getDb(), code);
  return course ? { code: course.code, title: course.title, term: course.term } : null;
}

/** The assignment page: its rules for anyone in the course; its problems only once lib/authz.ts shows them. */
export async function assignmentPage(args: { assignmentId: string; locale: Locale }): Promise<AssignmentPageData> {
  const { user } = await requirePermission("assignment.view", { assignmentId: args.assignmentId });
  const data = await loadAssignmentPage(getDb(), user, args);
  if (isRefusal(data)) refusePage(data);
  return data;
}

export type ProblemPageView = {
  assignment: RulesView & { id: string; title: string };
  problem: { id: string; slug: string };
  mayWork: boolean;
  variantKey: string;
  title: string;
  statementHtml: string;
  parts: PartSpecView[];
  draft: { answers: Record<string, unknown>; savedAt: string | null };
  last: SubmissionView | null;
  attempts: { used: number; max: number | null };
  submit: ProblemPageData["submit"];
  solutionHtml: string | null;
  worked: WorkedSolutionView | null;
};

/**
 * The problem page, without the compiled problem or the variant (both hold reference answers).
 * Before the assignment opens a student gets only when it opens; any other refusal is the 403/404 page.
 */
export async function problemPage(args: {
  assignmentId: string;
  problemId: string;
  locale: Locale;
  t: Translate;
}): Promise<ProblemPageView | { notOpen: true; opensAt: Date }> {
  const { user } = await requirePermission("assignment.view", { assignmentId: args.assignmentId });
  const data = await loadProblemPage(getDb(), user, args);
  if (isRefusal(data)) {
    if (data.reason !== "not-open") refusePage(data);
    return { notOpen: true, opensAt: data.opensAt };
  }
  const { assignment, problem } = data.context;
  return {
    assignment: {
      id: assignment.id,
      title: assignment.title,
      dueAt: assignment.dueAt,
      latePolicy: assignment.latePolicy,
      latePenaltyPercent: assignment.latePenaltyPercent,
      lateUntil: assignment.lateUntil,
      maxAttempts: assignment.maxAttempts,
      releasePolicy: assignment.releasePolicy,
      scoreRule: assignment.scoreRule,
      practice: assignment.practice,
    },
    problem: { id: problem.id, slug: problem.slug },
    mayWork: data.mayWork,
    variantKey: data.variantKey,
    title: data.title,
    statementHtml: data.statementHtml,
    parts: data.parts,
    draft: data.draft,
    last: data.last,
    attempts: data.attempts,
    submit: data.submit,
    solutionHtml: data.solutionHtml,
    worked: data.worked,
  };
}

export type AttemptRow = { id: string; attempt: number; createdAt: Date; score: number; late: boolean; latePenalty: number };
export type AttemptHistoryView = { attempts: AttemptRow[]; page: HistoryPage["page"]; points: number };

/** One page of the viewer's own attempts at one problem, newest first (HISTORY_PAGE_SIZE a page). */
export async function attemptHistory(args: { assignmentId: string; problemId: string; page?: number }): Promise<AttemptHistoryView> {
  const { user } = await requirePermission("assignment.view", { assignmentId: args.assignmentId });
  const history = await loadHistory(getDb(), user, args);
  if (isRefusal(history)) refusePage(history);
  return history;
}

export type SubmissionPageView = {
  submission: {
    id: string;
    attempt: number;
    answers: Record<string, unknown>;
    problemId: string;
    authorName: string;
    assignment: { id: string; title: string; maxAttempts: number | null };
  };
  title: string;
  statementHtml: string;
  parts: PartSpecView[];
  view: SubmissionView;
  slug: string;
  solutionHtml: string | null;
  worked: WorkedSolutionView | null;
  mayAskRegrade: boolean;
  threads: RegradeThread[];
};

/** One past attempt as its author (or staff) may see it, with the regrade threads on it. */
export async function submissionPage(args: { submissionId: string; locale: Locale; t: Translate }): Promise<SubmissionPageView> {
  const { user } = await requirePermission("submission.view", { submissionId: args.submissionId });
  const data = await loadSubmissionPage(getDb(), user, args);
  if (isRefusal(data)) refusePage(data);
  const s = data.submission;
  const threads = await regradeThreads(getDb(), s.id);
  return {
    submission: {
      id: s.id,
      attempt: s.attempt,
      answers: s.answers as Record<string, unknown>,
      problemId: s.problemId,
      authorName: s.user.name,
      assignment: { id: s.assignment.id, title: s.assignment.title, maxAttempts: s.assignment.maxAttempts },
    },
    title: data.title,
    statementHtml: data.statementHtml,
    parts: data.parts,
    view: data.view,
    slug: data.slug,
    solutionHtml: data.solutionHtml,
    worked: data.worked,
    mayAskRegrade: data.mayAskRegrade,
    threads,
  };
}

/** Joins the signed-in person to the course a code opens (lib/courses/join.ts reads and checks the code). */
export async function joinWithCode(code: unknown): Promise<Outcome<Joined>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return joinCourse(getDb(), user, code);
}

/** Asks staff to look again at one part of the viewer's own submission (lib/review/regrade.ts decides who may). */
export async function askForRegrade(
  values: Record<string, string>,
): Promise<ReviewResult<{ requestId: string }> | { ok: false; error: "unauthenticated"; field?: undefined }> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "unauthenticated" };
  return requestRegrade(getDb(), user, values);
}
