/**
 * One submission as staff see it: the student's answers with verdicts and the reference values, every
 * attempt of that student at that problem, the named mistakes with the TA-facing detail, overrides,
 * regrade threads, the rubric of each part and the submission's audit history.
 */
import { recordAudit } from "@/lib/audit";
import { overridesOf, submissionPageData } from "@/lib/assignments/student-pages";
import { authorize, can, type Actor, type Refusal } from "@/lib/authz";
import { compiledVersion } from "@/lib/assignments/workspace";
import type { Translate } from "@/lib/assignments/student-view";
import type { Db } from "@/lib/db/client";
import { describe, describeDetail, type FieldResult, type Locale } from "@/lib/grading";
import type { PartResult } from "@/lib/problems/grade";
import { loadReviewQueue } from "./queue";
import { regradeThreads } from "./regrade";
import { rubricForSubmission } from "./rubric";

export type StaffField = {
  node: string;
  field: string;
  from: string | null;
  verdict: string;
  given: unknown;
  expected: unknown;
  diagnosis: string | null;
  /** For TAs: which alternative computation matched. */
  detail: string | null;
  message: string;
};

export type AuditView = { id: string; action: string; actor: string | null; at: Date; before: unknown; after: unknown; changes: AuditChange[] };

/** One stored field of an audit entry that differs between before and after; `null` where it was (or is) absent. */
export type AuditChange = { field: string; from: unknown; to: unknown };

/** Nested objects as dotted paths ("parts.dfdx"), so a change deep inside reads as one line. */
function flatten(v: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, v ?? null);
  return out;
}

/**
 * What an audit entry changed, field by field, in the order the fields were stored (before's first):
 * only fields whose value differs, so an entry reads as "partScore: 0 → 1" rather than two JSON blobs.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = flatten(before, "", new Map());
  const a = flatten(after, "", new Map());
  const out: AuditChange[] = [];
  for (const field of new Set([...b.keys(), ...a.keys()])) {
    const from = b.has(field) ? b.get(field) : null;
    const to = a.has(field) ? a.get(field) : null;
    if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ field, from, to });
  }
  return out;
}

function staffField(r: FieldResult, locale: Locale): StaffField {
  return {
    node: r.node,
    field: r.field,
    from: r.from,
    verdict: r.verdict,
    given: r.given,
    expected: r.expected,
    diagnosis: r.diagnosis?.code ?? null,
    detail: describeDetail(r, locale),
    message: describe(r, locale),
  };
}

/** Every graded field of each part (numbers and graph annotations), with reference and diagnosis. */
export function staffFields(results: unknown, locale: Locale): Map<string, StaffField[]> {
  const out = new Map<string, StaffField[]>();
  if (!Array.isArray(results)) return out;
  for (const p of results as PartResult[]) {
    if (p.kind === "numeric" || p.kind === "vector") out.set(p.id, [staffField(p.result, locale)]);
    else if (p.kind === "graph-annotation")
      out.set(
        p.id,
        p.results.map((r) => staffField(r, locale)),
      );
  }
  return out;
}

export async function submissionAudit(db: Db, submissionId: string): Promise<AuditView[]> {
  const rows = await db.auditLog.findMany({
    where: { entityType: "submission", entityId: submissionId },
    orderBy: { createdAt: "asc" },
    select: { id: true, action: true, createdAt: true, before: true, after: true, actor: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actor?.name ?? null,
    at: r.createdAt,
    before: r.before,
    after: r.after,
    changes: auditChanges(r.before, r.after),
  }));
}

/**
 * The submissions before and after this one in the review queue's navigation order (problem, then
 * student name; each student's counted attempt), for "previous" and "next" on the submission page. An
 * attempt that is not the counted one sits where its student's row does.
 */
export async function queueNeighbours(
  db: Db,
  args: { assignmentId: string; problemId: string; userId: string; submissionId: string },
): Promise<{ previous: string | null; next: string | null }> {
  const queue = await loadReviewQueue(db, { assignmentId: args.assignmentId, filters: {} });
  if (!queue) return { previous: null, next: null };
  const rows = queue.problems.flatMap((p) => p.rows);
  const at = rows.findIndex((r) => r.problemId === args.problemId && r.student.id === args.userId);
  const counted = (r: (typeof rows)[number] | undefined) => (r?.counted && r.counted.id !== args.submissionId ? r.counted.id : null);
  let previous: string | null = null;
  for (let i = at - 1; i >= 0 && previous === null; i--) previous = counted(rows[i]);
  let next: string | null = null;
  for (let i = at + 1; at >= 0 && i < rows.length && next === null; i++) next = counted(rows[i]);
  return { previous, next };
}

export async function loadStaffSubmission(db: Db, viewer: Actor, args: { submissionId: string; locale: Locale; t: Translate }) {
  const decision = await authorize(db, viewer, "submission.grade", { submissionId: args.submissionId });
  if (!decision.allowed) return decision;
  const revealAlways = can(viewer, "answers.reveal-always", decision.ctx);
  const page = await submissionPageData(db, { submissionId: args.submissionId, revealAlways, locale: args.locale, t: args.t, now: new Date() });
  if (!page) return { allowed: false, reason: "not-found" } satisfies Refusal;
  const s = page.submission;
  const [attempts, latest, link, overrides, threads, audit, row, neighbours, rubric] = await Promise.all([
    db.submission.findMany({
      where: { userId: s.userId, assignmentId: s.assignment.id, problemId: s.problemId },
      orderBy: { attempt: "asc" },
      select: { id: true, attempt: true, createdAt: true, score: true, late: true },
    }),
    db.problemVersion.findFirst({ where: { problemId: s.problemId }, orderBy: { version: "desc" }, select: { version: true } }),
    db.assignmentProblem.findUnique({
      where: { assignmentId_problemId: { assignmentId: s.assignment.id, problemId: s.problemId } },
      select: { points: true, problemVersion: { select: { version: true } } },
    }),
    overridesOf(db, s.id),
    regradeThreads(db, s.id),
    submissionAudit(db, s.id),
    db.submission.findUniqueOrThrow({ where: { id: s.id }, select: { autoScore: true, assignment: { select: { courseId: true, scoreRule: true } } } }),
    queueNeighbours(db, { assignmentId: s.assignment.id, problemId: s.problemId, userId: s.userId, submissionId: s.id }),
    rubricForSubmission(db, s.id),
  ]);
  const fields = staffFields(s.results, args.locale);
  // Formulas and graphs have no field table: staff see the student's text beside the reference's.
  const answers = (s.answers ?? {}) as Record<string, unknown>;
  const texts = new Map<string, { given: string | null; reference: string }>();
  for (const part of compiledVersion(s.problemVersion).file.parts) {
    const given = typeof answers[part.id] === "string" && String(answers[part.id]).trim() ? String(answers[part.id]) : null;
    if (part.kind === "expression") texts.set(part.id, { given, reference: part.expected });
    if (part.kind === "graph-construction") texts.set(part.id, { given, reference: compiledVersion(s.problemVersion).file.graph });
  }
  const mistakes = [...fields].flatMap(([partId, list]) => list.filter((f) => f.diagnosis).map((f) => ({ partId, ...f })));
  return {
    ...page,
    autoScore: row.autoScore,
    courseId: row.assignment.courseId,
    scoreRule: row.assignment.scoreRule,
    problemPoints: link?.points ?? null,
    // graded: what this submission was graded on; pinned: what the assignment uses now; latest: the problem's newest.
    version: {
      graded: s.problemVersion.version,
      pinned: link?.problemVersion.version ?? s.problemVersion.version,
      latest: latest?.version ?? s.problemVersion.version,
    },
    attempts,
    fields,
    texts,
    mistakes,
    overrides,
    threads,
    audit,
    neighbours,
    rubric,
  };
}

/**
 * Records that a staff member opened a submission (once per person and submission): what makes it no
 * longer "ungraded" in the review queue.
 */
export async function markViewed(db: Db, actor: Actor, args: { submissionId: string; courseId: string }): Promise<boolean> {
  const seen = await db.auditLog.findFirst({
    where: { action: "submission.view", entityType: "submission", entityId: args.submissionId, actorId: actor.id },
    select: { id: true },
  });
  if (seen) return false;
  await recordAudit(db, { actorId: actor.id, action: "submission.view", entityType: "submission", entityId: args.submissionId, courseId: args.courseId });
  return true;
}
