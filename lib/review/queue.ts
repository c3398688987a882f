/**
 * The review queue of an assignment: per problem, every student's counted attempt with its score,
 * attempts, late flag, named mistakes and open regrade requests, filtered as staff ask.
 *
 * "Ungraded" (what "next ungraded" walks to): a counted attempt that has an open regrade request, or
 * that no staff member has looked at yet: no "submission.view" audit entry (written the first time
 * each staff member opens it on /teach/submissions/…) and no score override. A new attempt that
 * becomes the counted one is therefore ungraded again until someone opens it.
 *
 * Order: the whole class's matching rows are sorted by the chosen column (student, score, submitted,
 * status) before they are cut into pages, and students without a submission come last under every
 * order, since there is nothing of theirs to review.
 */
import { z } from "zod";
import { isPostgres, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { localizedText, textIn } from "@/lib/problems/schema";
import type { QueueFilters, QueueSort } from "@/lib/validations/review";
import { attemptCount, countedOf, loadClassWork, type ClassProblem, type ClassWork } from "./class-work";
import { countCodes } from "./scoring";
import { resultFacts } from "./snapshot";

export type QueueRow = {
  student: { id: string; name: string; email: string };
  problemId: string;
  counted: {
    id: string;
    attempt: number;
    score: number;
    late: boolean;
    latePenalty: number;
    createdAt: Date;
    overriddenParts: string[];
    viewed: boolean;
  } | null;
  attempts: number;
  /** `message`: what the problem's file says about its own mistake, in the reader's language; null for the grader's built-in codes. */
  mistakes: { code: string; count: number; message: string | null }[];
  openRequests: number;
  /** The attempt with the oldest open request (it may not be the counted one). */
  requestSubmissionId: string | null;
  ungraded: boolean;
};

/** `rows`: every student's row; `matched`: how many pass the filters; `shown`: those of them on this page. */
export type QueueProblem = ClassProblem & { rows: QueueRow[]; matched: number; shown: QueueRow[] };

/** Rows per problem on one page of the queue. */
export const QUEUE_PAGE_SIZE = 50;

/** The queue's page from the URL's `page` (1 when absent or not a whole number from 1). */
export const queuePageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export type ReviewQueue = {
  work: ClassWork;
  problems: QueueProblem[];
  /**
   * The filter's choices: the mistake codes found in the counted attempts whose results were read
   * (those on this page, and every matching one while filtering by a mistake), and the chosen one,
   * each with its problem's message when a problem defines it.
   */
  mistakeCodes: { code: string; message: string | null }[];
  sort: { column: QueueSort; dir: "asc" | "desc" };
  page: { page: number; pages: number; size: number };
  next: { ungraded: string | null; request: string | null };
  counts: { ungraded: number; openRequests: number; submitted: number; students: number };
};

/**
 * Every row of the queue, unfiltered, in navigation order (problem position, then student name),
 * with `mistakes` still empty: they are in the stored results, read only for the rows that need them
 * (withMistakes).
 */
async function buildRows(db: Db, work: ClassWork): Promise<Map<string, QueueRow[]>> {
  const assignmentId = work.assignment.id;
  // The assignment's views, overrides and open requests, each by a join on the submission. Views are
  // the course's "submission.view" audit entries (markViewed writes them with the course), read by
  // the index on courseId, action, createdAt.
  const [views, overrides, requests] = await Promise.all([
    db.$queryRaw<{ entityId: string }[]>`
      SELECT DISTINCT v."entityId" FROM "AuditLog" v JOIN "Submission" s ON s.id = v."entityId"
      WHERE v."courseId" = ${work.assignment.courseId} AND v.action = 'submission.view' AND v."entityType" = 'submission'
        AND s."assignmentId" = ${assignmentId}`,
    // From the overrides (few) to their submissions by its key; SQLite's own order, every submission of
    // the assignment probed for overrides, reads a hundred times more (CROSS JOIN keeps this order).
    db.$queryRaw<{ submissionId: string; partId: string }[]>`
      SELECT o."submissionId", o."partId" FROM "ScoreOverride" o ${Prisma.raw(isPostgres(db) ? "JOIN" : "CROSS JOIN")} "Submission" s ON s.id = o."submissionId"
      WHERE s."assignmentId" = ${assignmentId}`,
    db.regradeRequest.findMany({
      where: { submission: { assignmentId }, status: "OPEN" },
      orderBy: { createdAt: "asc" },
      select: { submissionId: true, submission: { select: { userId: true, problemId: true } } },
    }),
  ]);
  const overridden = new Map<string, Set<string>>();
  for (const o of overrides) overridden.set(o.submissionId, (overridden.get(o.submissionId) ?? new Set()).add(o.partId));
  const viewed = new Set(views.map((v) => v.entityId));
  // Per student and problem: open requests on any of their attempts, and the attempt with the oldest one.
  const openOf = new Map<string, { open: number; first: string }>();
  for (const r of requests) {
    const key = `${r.submission.userId}\u0000${r.submission.problemId}`;
    const seen = openOf.get(key);
    if (seen) seen.open += 1;
    else openOf.set(key, { open: 1, first: r.submissionId });
  }

  const out = new Map<string, QueueRow[]>();
  for (const p of work.problems) {
    out.set(
      p.id,
      work.students.map((student): QueueRow => {
        const c = countedOf(work, student.id, p.id);
        const requested = openOf.get(`${student.id}\u0000${p.id}`);
        const open = requested?.open ?? 0;
        const withRequest = requested?.first ?? null;
        const parts = c ? [...(overridden.get(c.id) ?? [])].sort() : [];
        const wasViewed = c ? viewed.has(c.id) : false;
        return {
          student,
          problemId: p.id,
          counted: c && {
            id: c.id,
            attempt: c.attempt,
            score: c.score,
            late: c.late,
            latePenalty: c.latePenalty,
            createdAt: c.createdAt,
            overriddenParts: parts,
            viewed: wasViewed,
          },
          attempts: attemptCount(work, student.id, p.id),
          mistakes: [],
          openRequests: open,
          requestSubmissionId: withRequest,
          ungraded: c !== null && (open > 0 || (!wasViewed && parts.length === 0)),
        };
      }),
    );
  }
  return out;
}

function matches(row: QueueRow, f: QueueFilters): boolean {
  if (f.student) {
    const q = f.student.toLowerCase();
    if (!row.student.name.toLowerCase().includes(q) && !row.student.email.toLowerCase().includes(q)) return false;
  }
  // Filters about the work itself leave out students who have not submitted.
  const aboutWork = f.min !== undefined || f.max !== undefined || f.mistake !== undefined || f.late !== undefined || f.status !== undefined;
  if (aboutWork && !row.counted) return false;
  const pct = row.counted ? row.counted.score * 100 : null;
  if (f.min !== undefined && pct !== null && pct < f.min - 1e-9) return false;
  if (f.max !== undefined && pct !== null && pct > f.max + 1e-9) return false;
  if (f.mistake !== undefined && !row.mistakes.some((m) => m.code === f.mistake)) return false;
  if (f.late === "yes" && !row.counted?.late) return false;
  if (f.late === "no" && row.counted?.late) return false;
  if (f.requests === "open" && row.openRequests === 0) return false;
  if (f.status === "ungraded" && !row.ungraded) return false;
  return true;
}

const byName = (a: QueueRow, b: QueueRow) => a.student.name.localeCompare(b.student.name) || a.student.email.localeCompare(b.student.email);
/** Work waiting for staff before reviewed work. */
const statusRank = (r: QueueRow) => (r.ungraded ? 0 : 1);
/** How two submitted rows compare in ascending order of each column (ties keep navigation order: the sort is stable). */
const ASCENDING: Record<QueueSort, (a: QueueRow & { counted: object }, b: QueueRow & { counted: object }) => number> = {
  student: byName,
  score: (a, b) => a.counted.score - b.counted.score,
  submitted: (a, b) => a.counted.createdAt.getTime() - b.counted.createdAt.getTime(),
  status: (a, b) => statusRank(a) - statusRank(b),
};

/** The rows in the chosen order, students without a submission last (by name, in the chosen direction when sorting by student). */
function sortRows(rows: readonly QueueRow[], column: QueueSort, dir: "asc" | "desc"): QueueRow[] {
  const sign = dir === "desc" ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (a.counted && b.counted) return sign * ASCENDING[column](a as QueueRow & { counted: object }, b as QueueRow & { counted: object });
    if (a.counted || b.counted) return a.counted ? -1 : 1;
    return column === "student" ? sign * byName(a, b) : 0;
  });
}

/** The mistakes a problem's file defines (code and message), as stored with each version. */
const versionMistakes = z.object({ mistakes: z.array(z.object({ code: z.string(), message: localizedText })).catch([]) }).catch({ mistakes: [] });

/** Per problem: its own mistakes' messages by code in the reader's language, from the pinned version's file (one row per problem). */
async function mistakeMessages(db: Db, work: ClassWork, locale: string): Promise<Map<string, Map<string, string>>> {
  const versions = await db.problemVersion.findMany({ where: { id: { in: work.problems.map((p) => p.version.id) } }, select: { id: true, content: true } });
  const byVersion = new Map(versions.map((v) => [v.id, versionMistakes.parse(v.content).mistakes]));
  return new Map(work.problems.map((p) => [p.id, new Map((byVersion.get(p.version.id) ?? []).map((m) => [m.code, textIn(m.message, locale)]))]));
}

/** Fills in the named mistakes of these rows' counted attempts from their stored results (snapshot.ts resultFacts). */
async function withMistakes(db: Db, work: ClassWork, rows: readonly QueueRow[], messages: Map<string, Map<string, string>>): Promise<void> {
  const ids = rows.flatMap((r) => (r.counted ? [r.counted.id] : []));
  const facts = await resultFacts(db, work.assignment.id, work.stamp, ids);
  for (const r of rows) {
    if (!r.counted) continue;
    const own = messages.get(r.problemId);
    r.mistakes = countCodes((facts.get(r.counted.id)?.mistakes ?? []).map((m) => m.code)).map((m) => ({ ...m, message: own?.get(m.code) ?? null }));
  }
}

/**
 * One page of the review queue: per problem, the rows that pass the filters in the chosen order (by
 * student name when none is chosen), QUEUE_PAGE_SIZE at a time (page 1 when `page` is past the end).
 * Counts and "next" are over the whole class, in navigation order.
 */
export async function loadReviewQueue(
  db: Db,
  args: { assignmentId: string; filters: QueueFilters; locale?: string; page?: number },
): Promise<ReviewQueue | null> {
  const work = await loadClassWork(db, args.assignmentId, args.locale);
  if (!work) return null;
  const [rows, messages] = await Promise.all([buildRows(db, work), mistakeMessages(db, work, args.locale ?? "en")]);
  const all = [...rows.values()].flat();
  const { mistake, ...rest } = args.filters;
  const chosen = work.problems.filter((p) => !args.filters.problem || p.id === args.filters.problem);
  let matching = chosen.map((p) => rows.get(p.id)!.filter((r) => matches(r, rest)));
  if (mistake !== undefined) {
    await withMistakes(db, work, matching.flat(), messages);
    matching = matching.map((list) => list.filter((r) => matches(r, args.filters)));
  }
  const sort = { column: args.filters.sort ?? "student", dir: args.filters.dir ?? "asc" } as const;
  matching = matching.map((list) => sortRows(list, sort.column, sort.dir));
  const size = QUEUE_PAGE_SIZE;
  const pages = Math.max(1, ...matching.map((list) => Math.ceil(list.length / size)));
  const page = args.page !== undefined && args.page <= pages ? args.page : 1;
  const problems = chosen.map((p, i) => ({
    ...p,
    rows: rows.get(p.id)!,
    matched: matching[i]!.length,
    shown: matching[i]!.slice((page - 1) * size, page * size),
  }));
  const shown = problems.flatMap((p) => p.shown);
  if (mistake === undefined) await withMistakes(db, work, shown, messages);
  const codes = new Map<string, string | null>();
  for (const m of shown.flatMap((r) => r.mistakes)) if (!codes.get(m.code)) codes.set(m.code, m.message);
  if (mistake !== undefined && !codes.has(mistake)) {
    const own = [...messages.values()].find((byCode) => byCode.has(mistake));
    codes.set(mistake, own?.get(mistake) ?? null);
  }
  return {
    work,
    problems,
    mistakeCodes: [...codes].map(([code, message]) => ({ code, message })).sort((a, b) => (a.message ?? a.code).localeCompare(b.message ?? b.code)),
    sort,
    page: { page, pages, size },
    next: {
      ungraded: all.find((r) => r.ungraded)?.counted?.id ?? null,
      request: all.find((r) => r.requestSubmissionId)?.requestSubmissionId ?? null,
    },
    counts: {
      ungraded: all.filter((r) => r.ungraded).length,
      openRequests: all.reduce((n, r) => n + r.openRequests, 0),
      submitted: all.filter((r) => r.counted).length,
      students: work.students.length,
    },
  };
}

/**
 * Where "next" goes from a submission page: the first ungraded counted attempt, and the first attempt
 * with an open request, in queue order, other than the one being looked at.
 */
export async function nextInQueue(db: Db, args: { assignmentId: string; except?: string }): Promise<{ ungraded: string | null; request: string | null }> {
  const work = await loadClassWork(db, args.assignmentId);
  if (!work) return { ungraded: null, request: null };
  const rows = [...(await buildRows(db, work)).values()].flat();
  const first = (pick: (r: QueueRow) => string | null) => rows.map(pick).find((id) => id !== null && id !== args.except) ?? null;
  return { ungraded: first((r) => (r.ungraded ? r.counted!.id : null)), request: first((r) => r.requestSubmissionId) };
}
