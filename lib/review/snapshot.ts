/**
 * What the staff pages of one assignment read from every submission: each student's counted attempt
 * (counted.ts countedAttempts) and what the stored results of those attempts say (named mistakes,
 * the reference graph's annotation verdicts). Reading them costs a pass over every submission and the
 * parse of thousands of results, so they are kept in this process between requests, but only while
 * the database says nothing under them changed.
 *
 * Every request first reads the assignment's stamp (stampOf: one query on three indexes): how many
 * submissions the assignment has and the newest one's time (the newest per problem, each one index
 * lookup), and how many audit entries its course has
 * other than staff views, and the newest one's time. A submission is only ever added (the submit
 * path) or changed by an override, a regrade answer or a bulk regrade, and each of those writes an
 * audit entry with the course in the same transaction (override.ts, regrade.ts, bulk-regrade.ts). So
 * an entry read under the stamp the database gives now is what the database would answer now. What a
 * stored result says is kept longer: only a bulk regrade changes a stored result ("submission.regrade"
 * entries, the stamp's first part), so new submissions and overrides cost only their own reads. Each
 * app instance keeps its own entries and checks the same stamp, so none serves another's stale data.
 * Anything new that changes a stored submission must write an audit entry with the course as well.
 */
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import type { PartResult } from "@/lib/problems/grade";
import { inBatches } from "./batches";
import { countedAttempts, type CountedAttempt } from "./counted";
import { mistakesOf, type NamedMistake, type ScoreRule } from "./scoring";

/** One field's verdict in an annotation part on the reference graph. */
export type FieldVerdict = { node: string; field: string; from: string | null; verdict: string };

/** What the staff pages use of one submission's stored results. */
export type ResultFacts = {
  mistakes: NamedMistake[];
  /** Per annotation part on the reference graph, its fields' verdicts. */
  referenceAnnotations: Map<string, FieldVerdict[]>;
};

type Entry = { stamp: string; counted: Promise<CountedAttempt[]> | null };
/** Results facts of an assignment's submissions, kept across stamps while no bulk regrade changed results. */
type FactsEntry = { resultsStamp: string; facts: Map<string, ResultFacts> };

/** Assignments kept per database client (the least recently used go first), and results facts per assignment. */
const MAX_ENTRIES = 16;
const MAX_FACTS = 30_000;
const entries = new WeakMap<object, Map<string, Entry>>();
const factEntries = new WeakMap<object, Map<string, FactsEntry>>();

type StampRow = {
  n: number | bigint;
  last: string | Date | null;
  audits: number | bigint;
  lastAudit: string | Date | null;
  regrades: number | bigint;
  lastRegrade: string | Date | null;
};

/**
 * The assignment's stamp: it changes whenever a submission of the assignment is added or changed.
 * Staff views ("submission.view") are audited too but change nothing here, so they are left out
 * (the index on courseId, action, createdAt keeps that an index-only count). Its first part, before
 * "#", changes only when stored results may have (a bulk regrade, "submission.regrade"): what the
 * results say of a submission is kept across the other changes (resultFacts).
 */
export async function stampOf(db: Db, assignment: { id: string; courseId: string; scoreRule: ScoreRule }): Promise<string> {
  const [row] = await db.$queryRaw<StampRow[]>(Prisma.sql`
    SELECT
      (SELECT COUNT(*) FROM "Submission" WHERE "assignmentId" = ${assignment.id}) AS n,
      (SELECT MAX(m) FROM (
        SELECT (SELECT MAX(s."createdAt") FROM "Submission" s WHERE s."assignmentId" = p."assignmentId" AND s."problemId" = p."problemId") AS m
        FROM "AssignmentProblem" p WHERE p."assignmentId" = ${assignment.id}) per) AS last,
      (SELECT COUNT(*) FROM "AuditLog" WHERE "courseId" = ${assignment.courseId} AND action <> 'submission.view') AS audits,
      (SELECT MAX("createdAt") FROM "AuditLog" WHERE "courseId" = ${assignment.courseId} AND action <> 'submission.view') AS "lastAudit",
      (SELECT COUNT(*) FROM "AuditLog" WHERE "courseId" = ${assignment.courseId} AND action = 'submission.regrade') AS regrades,
      (SELECT MAX("createdAt") FROM "AuditLog" WHERE "courseId" = ${assignment.courseId} AND action = 'submission.regrade') AS "lastRegrade"`);
  const r = row!;
  const time = (t: string | Date | null) => (t === null ? "" : new Date(t).toISOString());
  return `${Number(r.regrades)}|${time(r.lastRegrade)}#${[assignment.scoreRule, Number(r.n), time(r.last), Number(r.audits), time(r.lastAudit)].join("|")}`;
}

function entryFor(db: Db, assignmentId: string, stamp: string): Entry {
  let perDb = entries.get(db);
  if (!perDb) entries.set(db, (perDb = new Map<string, Entry>()));
  let entry = perDb.get(assignmentId);
  if (!entry || entry.stamp !== stamp) entry = { stamp, counted: null };
  perDb.delete(assignmentId);
  perDb.set(assignmentId, entry);
  for (const old of perDb.keys()) {
    if (perDb.size <= MAX_ENTRIES) break;
    perDb.delete(old);
    factEntries.get(db)?.delete(old);
  }
  return entry;
}

/** Each student's counted attempt at each problem, as countedAttempts answers, read once per stamp. */
export async function cachedCountedAttempts(
  db: Db,
  assignment: { id: string; courseId: string; scoreRule: ScoreRule },
): Promise<{ stamp: string; counted: CountedAttempt[] }> {
  const stamp = await stampOf(db, assignment);
  const entry = entryFor(db, assignment.id, stamp);
  if (!entry.counted) {
    const reading = countedAttempts(db, assignment.id, assignment.scoreRule);
    entry.counted = reading;
    reading.catch(() => {
      if (entry.counted === reading) entry.counted = null;
    });
  }
  return { stamp, counted: await entry.counted };
}

/** The facts kept for an assignment under the results part of `stamp` (a new, empty keep when that part changed). */
function factsFor(db: Db, assignmentId: string, stamp: string): Map<string, ResultFacts> {
  const resultsStamp = stamp.slice(0, stamp.indexOf("#"));
  let perDb = factEntries.get(db);
  if (!perDb) factEntries.set(db, (perDb = new Map<string, FactsEntry>()));
  let entry = perDb.get(assignmentId);
  if (!entry || entry.resultsStamp !== resultsStamp) perDb.set(assignmentId, (entry = { resultsStamp, facts: new Map() }));
  return entry.facts;
}

function factsOf(results: unknown): ResultFacts {
  const parsed = typeof results === "string" ? (JSON.parse(results) as unknown) : results;
  const referenceAnnotations = new Map<string, FieldVerdict[]>();
  if (Array.isArray(parsed)) {
    for (const p of parsed as PartResult[]) {
      if (p.kind === "graph-annotation" && p.graph === "reference") {
        referenceAnnotations.set(
          p.id,
          p.results.map((r) => ({ node: r.node, field: r.field, from: r.from, verdict: r.verdict })),
        );
      }
    }
  }
  return { mistakes: mistakesOf(parsed), referenceAnnotations };
}

/**
 * What the stored results of these submissions (all of the assignment) say. Those already read since
 * the last bulk regrade (the results part of `stamp`) come from this process, as a stored result
 * changes only by a bulk regrade; the others are read with SQL (the driver's rows, not the ORM's,
 * which costs several times more per JSON value) in slices of ids, and kept (at most MAX_FACTS per
 * assignment, the oldest dropped first).
 */
export async function resultFacts(db: Db, assignmentId: string, stamp: string, ids: readonly string[]): Promise<Map<string, ResultFacts>> {
  const kept = factsFor(db, assignmentId, stamp);
  const out = new Map<string, ResultFacts>();
  const missing: string[] = [];
  for (const id of ids) {
    const f = kept.get(id);
    if (f) out.set(id, f);
    else missing.push(id);
  }
  const rows = await inBatches(missing, (slice) =>
    db.$queryRaw<{ id: string; results: unknown }[]>(Prisma.sql`SELECT id, results FROM "Submission" WHERE id IN (${Prisma.join(slice)})`),
  );
  for (const r of rows) {
    const f = factsOf(r.results);
    out.set(r.id, f);
    kept.set(r.id, f);
  }
  for (const old of kept.keys()) {
    if (kept.size <= MAX_FACTS) break;
    kept.delete(old);
  }
  return out;
}
