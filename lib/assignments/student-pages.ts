/**
 * Data for the student's assignment and problem pages, from the database, shaped so that nothing the
 * student may not see yet is in it. Each loader asks lib/authz.ts itself (who may see it, and
 * whether the assignment has opened for them) and answers a Refusal instead of data when not.
 */
import crypto from "node:crypto";
import { z } from "zod";
import { authorize, can, type Actor, type Refusal } from "@/lib/authz";
import type { Db } from "@/lib/db/client";
import type { Locale } from "@/lib/grading";
import type { PartResult } from "@/lib/problems/grade";
import { textIn } from "@/lib/problems/schema";
import { solutionGraph, workedSolutionView, type WorkedSolutionView } from "@/lib/problems/worked-solution";
import { isClosed, mayRevealAnswers, RULES_SELECT, submitDecision } from "./rules";
import { partSpecViews, renderText, submissionView, type AppliedRubric, type Override, type Translate } from "./student-view";
import { attemptTotals, totalsKey } from "./dashboard";
import { progressOf, type ProblemStatus } from "./progress";
import type { PartSpecView, SubmissionView } from "./view-types";
import { compiledVersion, loadWorkContext, variantOf, type WorkContext } from "./workspace";

export async function overridesOf(db: Db, submissionId: string): Promise<Override[]> {
  const rows = await db.scoreOverride.findMany({
    where: { submissionId },
    orderBy: { createdAt: "asc" },
    select: { partId: true, score: true, comment: true, createdAt: true, by: { select: { name: true } } },
  });
  return rows.map((r) => ({ partId: r.partId, score: r.score, comment: r.comment, by: r.by?.name ?? null, at: r.createdAt }));
}

/** The rubric items applied to a submission, in each part's list order. */
export async function rubricOf(db: Db, submissionId: string): Promise<AppliedRubric[]> {
  const rows = await db.rubricApplication.findMany({
    where: { submissionId },
    orderBy: [{ item: { partId: "asc" } }, { item: { position: "asc" } }],
    select: { item: { select: { partId: true, text: true, points: true } } },
  });
  return rows.map((r) => r.item);
}

export type ProblemPageData = {
  context: WorkContext;
  /** Whether the viewer works on it as a student (submit, drafts, checks, practice numbers): lib/authz.ts's `assignment.submit`. */
  mayWork: boolean;
  /** Names the variant without giving its seed away (the browser keys its kept draft by it). */
  variantKey: string;
  title: string;
  statementHtml: string;
  parts: PartSpecView[];
  draft: { answers: Record<string, unknown>; savedAt: string | null };
  last: SubmissionView | null;
  attempts: { used: number; max: number | null };
  submit: ReturnType<typeof submitDecision>;
  reveal: boolean;
  solutionHtml: string | null;
  /** Generated from the graph (the student's own when they built one), under the same reveal rule as solutionHtml. */
  worked: WorkedSolutionView | null;
};

/** The problem page: refused to whoever may not see the assignment's problems (students until it opens). */
export async function loadProblemPage(
  db: Db,
  viewer: Actor,
  args: { assignmentId: string; problemId: string; locale: Locale; t: Translate; now?: Date },
): Promise<ProblemPageData | Refusal> {
  const now = args.now ?? new Date();
  const decision = await authorize(db, viewer, "assignment.problems", { assignmentId: args.assignmentId }, now);
  if (!decision.allowed) return decision;
  const key = { userId: viewer.id, assignmentId: args.assignmentId, problemId: args.problemId };
  const context = await loadWorkContext(db, key);
  if (!context) return { allowed: false, reason: "not-found" };
  const [draft, submissions] = await Promise.all([
    db.draft.findUnique({ where: { userId_assignmentId_problemId: key }, select: { answers: true, updatedAt: true } }),
    db.submission.findMany({
      where: key,
      orderBy: { attempt: "asc" },
      select: { id: true, attempt: true, createdAt: true, score: true, late: true, latePenalty: true, results: true, answers: true, variantSeed: true },
    }),
  ]);
  // Feedback, hints and the release of reference answers belong to one variant: after drawing new
  // practice numbers, nothing of the earlier variant's attempts is shown against the new ones.
  const onThisVariant = submissions.filter((s) => s.variantSeed === context.seed);
  const reveal = mayRevealAnswers(context.assignment, now, onThisVariant.length > 0);
  const latest = onThisVariant.at(-1) ?? null;
  // A hint opens once an attempt got that part wrong.
  const unlocked = new Set<string>();
  for (const s of onThisVariant) for (const p of s.results as unknown as PartResult[]) if (p.score < 1) unlocked.add(p.id);
  const last = latest
    ? submissionView(latest, { locale: args.locale, reveal, t: args.t, overrides: await overridesOf(db, latest.id), rubric: await rubricOf(db, latest.id) })
    : null;
  const { file } = context.compiled;
  return {
    context,
    mayWork: can(viewer, "assignment.submit", decision.ctx),
    variantKey: crypto.createHash("sha256").update(`${context.version.id}\u0000${context.seed}`).digest("base64url").slice(0, 16),
    title: textIn(file.title, args.locale),
    statementHtml: renderText(file.statement, args.locale, context.variant),
    parts: partSpecViews(context.compiled, context.variant, args.locale, unlocked),
    draft: {
      answers: (draft?.answers as Record<string, unknown> | undefined) ?? (latest?.answers as Record<string, unknown> | undefined) ?? {},
      savedAt: draft?.updatedAt.toISOString() ?? null,
    },
    last,
    attempts: { used: submissions.length, max: context.assignment.maxAttempts },
    submit: submitDecision(context.assignment, now, submissions.length),
    reveal,
    solutionHtml: reveal ? renderText(file.solution, args.locale, context.variant) : null,
    worked: reveal ? workedSolutionView(solutionGraph(context.compiled, context.variant, latest?.answers as Record<string, unknown> | null)) : null,
  };
}

export type AssignmentPageData = {
  assignment: WorkContext["assignment"] & { description: string };
  course: { id: string; code: string; title: string };
  closed: boolean;
  /** Null while the viewer may not see them (lib/authz.ts: a student before it opens); the page says when it opens. */
  problems: { id: string; title: string; points: number; status: ProblemStatus; score: number | null; attemptsUsed: number }[] | null;
};

/** The assignment page: anyone in the course sees that it exists and its rules; its problems only by `assignment.problems`. */
export async function loadAssignmentPage(
  db: Db,
  viewer: Actor,
  args: { assignmentId: string; locale: Locale; now?: Date },
): Promise<AssignmentPageData | Refusal> {
  const now = args.now ?? new Date();
  const decision = await authorize(db, viewer, "assignment.view", { assignmentId: args.assignmentId }, now);
  if (!decision.allowed) return decision;
  const showProblems = can(viewer, "assignment.problems", decision.ctx);
  const a = await db.assignment.findUnique({
    where: { id: args.assignmentId },
    select: {
      ...RULES_SELECT,
      id: true,
      title: true,
      description: true,
      courseId: true,
      scoreRule: true,
      practice: true,
      course: { select: { id: true, code: true, title: true } },
      problems: {
        // Not even read when the viewer may not see them.
        where: showProblems ? {} : { problemId: { in: [] } },
        orderBy: { position: "asc" },
        select: { points: true, problemVersion: { select: { title: true, content: true } }, problem: { select: { id: true } } },
      },
    },
  });
  if (!a) return { allowed: false, reason: "not-found" };
  const { course, problems, ...assignment } = a;
  const closed = isClosed(assignment, now);
  if (!showProblems) return { assignment, course, closed, problems: null };
  const totals = await attemptTotals(db, viewer.id, [a.id]);
  return {
    assignment,
    course,
    closed,
    problems: problems.map((p) => {
      // The title of the version the assignment is pinned to, in the reader's language.
      const content = p.problemVersion.content as { title?: Parameters<typeof textIn>[0] } | undefined;
      const progress = progressOf(totals.get(totalsKey(a.id, p.problem.id)) ?? null, assignment.scoreRule, assignment.maxAttempts, closed);
      return {
        id: p.problem.id,
        title: content?.title ? textIn(content.title, args.locale) : p.problemVersion.title,
        points: p.points,
        status: progress.status,
        score: progress.score,
        attemptsUsed: progress.attemptsUsed,
      };
    }),
  };
}

/** Attempts on one page of a student's history. */
export const HISTORY_PAGE_SIZE = 50;

/** The history's page from the URL's `page` (1 when absent or not a whole number from 1). */
export const historyPageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

export type HistoryPage = {
  attempts: { id: string; attempt: number; createdAt: Date; score: number; late: boolean; latePenalty: number }[];
  /** `page` of `pages` (the last one when the asked page is past the end); `total` attempts in all. */
  page: { page: number; pages: number; size: number; total: number };
  /** The problem's points in this assignment (a score of 1 is worth this many). */
  points: number;
};

/**
 * One page of the viewer's own attempts at one problem, newest first, HISTORY_PAGE_SIZE at a time
 * (read by the unique index on userId, assignmentId, problemId, attempt); refused like the problem page.
 */
export async function loadHistory(
  db: Db,
  viewer: Actor,
  args: { assignmentId: string; problemId: string; page?: number; now?: Date },
): Promise<HistoryPage | Refusal> {
  const decision = await authorize(db, viewer, "assignment.problems", { assignmentId: args.assignmentId }, args.now);
  if (!decision.allowed) return decision;
  const listed = await db.assignmentProblem.findFirst({
    where: { assignmentId: args.assignmentId, problemId: args.problemId },
    select: { points: true },
  });
  if (!listed) return { allowed: false, reason: "not-found" } satisfies Refusal;
  const where = { userId: viewer.id, assignmentId: args.assignmentId, problemId: args.problemId };
  const total = await db.submission.count({ where });
  const size = HISTORY_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.floor(args.page ?? 1)), pages);
  const attempts = await db.submission.findMany({
    where,
    orderBy: { attempt: "desc" },
    skip: (page - 1) * size,
    take: size,
    select: { id: true, attempt: true, createdAt: true, score: true, late: true, latePenalty: true },
  });
  return { attempts, page: { page, pages, size, total }, points: listed.points };
}

/**
 * One past attempt, as its author (or staff) sees it: the version and variant it was graded on.
 * Reference answers are in it when lib/authz.ts lets the viewer see them always (staff), else by the
 * assignment's release policy; `mayAskRegrade` is the `regrade.request` rule (the author only).
 */
export async function loadSubmissionPage(db: Db, viewer: Actor, args: { submissionId: string; locale: Locale; t: Translate; now?: Date }) {
  const now = args.now ?? new Date();
  const decision = await authorize(db, viewer, "submission.view", { submissionId: args.submissionId }, now);
  if (!decision.allowed) return decision;
  const page = await submissionPageData(db, { ...args, now, revealAlways: can(viewer, "answers.reveal-always", decision.ctx) });
  if (!page) return { allowed: false, reason: "not-found" } satisfies Refusal;
  return { ...page, mayAskRegrade: can(viewer, "regrade.request", decision.ctx) };
}

/** The submission as shown, once the caller has asked lib/authz.ts (this file's loader, or lib/review's staff loader). */
export async function submissionPageData(db: Db, args: { submissionId: string; revealAlways: boolean; locale: Locale; t: Translate; now: Date }) {
  const now = args.now;
  const s = await db.submission.findUnique({
    where: { id: args.submissionId },
    select: {
      id: true,
      attempt: true,
      createdAt: true,
      score: true,
      late: true,
      latePenalty: true,
      results: true,
      answers: true,
      variantSeed: true,
      userId: true,
      user: { select: { name: true, email: true } },
      problemVersion: { select: { id: true, version: true, content: true } },
      problemId: true,
      assignment: { select: { ...RULES_SELECT, id: true, title: true } },
    },
  });
  if (!s) return null;
  const compiled = compiledVersion(s.problemVersion);
  const variant = variantOf(s.problemVersion, s.variantSeed);
  const reveal = args.revealAlways || mayRevealAnswers(s.assignment, now, true);
  const file = compiled.file;
  const unlocked = new Set((s.results as unknown as PartResult[]).filter((p) => p.score < 1).map((p) => p.id));
  return {
    submission: s,
    title: textIn(file.title, args.locale),
    statementHtml: renderText(file.statement, args.locale, variant),
    parts: partSpecViews(compiled, variant, args.locale, unlocked),
    view: submissionView(s, { locale: args.locale, reveal, t: args.t, overrides: await overridesOf(db, s.id), rubric: await rubricOf(db, s.id) }),
    reveal,
    solutionHtml: reveal ? renderText(file.solution, args.locale, variant) : null,
    worked: reveal ? workedSolutionView(solutionGraph(compiled, variant, s.answers as Record<string, unknown> | null)) : null,
    slug: file.id,
  };
}
