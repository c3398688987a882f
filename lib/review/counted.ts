/**
 * Each student's counted attempt at each problem of an assignment, as the database finds it (read
 * through snapshot.ts, which keeps it while the database's stamp says it still holds).
 */
import { isPostgres, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ScoreRule } from "./scoring";

export type Attempt = {
  id: string;
  userId: string;
  problemId: string;
  problemVersionId: string;
  attempt: number;
  score: number;
  autoScore: number;
  late: boolean;
  latePenalty: number;
  variantSeed: string;
  createdAt: Date;
};

/** The attempt that counts for a student and problem, with how many attempts they made there. */
export type CountedAttempt = Attempt & { attempts: number };

type CountedRow = Omit<CountedAttempt, "late" | "createdAt" | "attempt" | "attempts"> & {
  late: number | bigint | boolean;
  createdAt: string | Date;
  attempt: number | bigint;
  attempts: number | bigint;
};

/**
 * Each student's counted attempt at each problem, with their number of attempts, found by the
 * database from the index on (assignmentId, userId, problemId, score, attempt): per student and
 * problem the count, the best score and the last attempt, then the attempt that counts: the last
 * one (LATEST), or the last of those within 1e-12 of the best score (BEST, as countedAttempt in
 * lib/review/scoring.ts). Only the counted rows are read, never every attempt. Two hints for SQLite,
 * whose planner would otherwise read far more: a CROSS JOIN keeps the join order (from the picks, by
 * the unique index, rather than a scan of every submission; PostgreSQL gets the same with a LATERAL
 * lookup, below), and INDEXED BY keeps the best-score
 * lookup on the covering index (its own choice, the unique index, reads every attempt's row, results
 * and all: four times slower at 100,000 submissions). PostgreSQL's planner needs neither and has no
 * such syntax. Identifiers are quoted, as PostgreSQL folds unquoted ones to lower case; SQLite reads
 * them the same either way.
 */
export async function countedAttempts(db: Db, assignmentId: string, rule: ScoreRule): Promise<CountedAttempt[]> {
  const pg = isPostgres(db);
  const byScore = Prisma.raw(pg ? "" : `INDEXED BY "Submission_assignmentId_userId_problemId_score_attempt_idx"`);
  const columns = Prisma.raw(
    `s.id, s."userId", s."problemId", s."problemVersionId", s.attempt, s.score, s."autoScore", s.late, s."latePenalty", s."variantSeed", s."createdAt", pick.n AS attempts`,
  );
  // The counted row of each pick, by the unique index. PostgreSQL, left to itself, hashes a scan of
  // every submission (results and all) against the picks (180 ms at 100,000 submissions after ANALYZE,
  // 370 ms before); a LATERAL subquery with LIMIT 1 is not flattened, so it looks up each pick (117 ms).
  const counted = pg
    ? Prisma.sql`SELECT ${columns} FROM pick CROSS JOIN LATERAL (
        SELECT * FROM "Submission" x
        WHERE x."userId" = pick."userId" AND x."assignmentId" = ${assignmentId} AND x."problemId" = pick."problemId" AND x.attempt = pick.attempt
        LIMIT 1) s`
    : Prisma.sql`SELECT ${columns} FROM pick CROSS JOIN "Submission" s
        ON s."userId" = pick."userId" AND s."assignmentId" = ${assignmentId} AND s."problemId" = pick."problemId" AND s.attempt = pick.attempt`;
  const rows = await db.$queryRaw<CountedRow[]>`
    WITH g AS (
      SELECT "userId", "problemId", COUNT(*) AS n, MAX(score) AS best, MAX(attempt) AS last
      FROM "Submission" WHERE "assignmentId" = ${assignmentId} GROUP BY "userId", "problemId"
    ), pick AS ${Prisma.raw(pg ? "MATERIALIZED" : "")} (
      SELECT g."userId", g."problemId", g.n,
        CASE WHEN CAST(${rule} AS TEXT) = 'LATEST' THEN g.last ELSE (
          SELECT MAX(t.attempt) FROM "Submission" t ${byScore}
          WHERE t."assignmentId" = ${assignmentId} AND t."userId" = g."userId" AND t."problemId" = g."problemId" AND t.score >= g.best - 1e-12
        ) END AS attempt
      FROM g
    )
    ${counted}`;
  return rows.map((r) => ({
    ...r,
    attempt: Number(r.attempt),
    attempts: Number(r.attempts),
    late: Boolean(Number(r.late)),
    createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt),
  }));
}
