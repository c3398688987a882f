/**
 * Grade exports. The gradebook has one row per student in the layout common LMS imports expect
 * (name, email, login id, then one column per assignment problem with the points earned under the
 * assignment's score rule, then the total); the per-submission file has one row per attempt.
 * A student who has not submitted a problem gets an empty cell there (counted as 0 in the total).
 */
import { isPostgres, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { countedOf, loadClassWork, type ClassStudent, type ClassWork } from "@/lib/review/class-work";
import { countCodes, latestOverrides, mistakesOf, partScores, resultParts } from "@/lib/review/scoring";
import { BOM, csvRecord, formatNumber, type Cell } from "@/lib/csv";

export const GRADEBOOK_FIXED_COLUMNS = ["Student name", "Email", "Login ID"] as const;

export function problemColumn(assignmentTitle: string, problemTitle: string, points: number): string {
  return `${assignmentTitle} — ${problemTitle} (${formatNumber(points)})`;
}

/** Students per chunk of the streamed gradebook. */
const GRADEBOOK_CHUNK = 200;

/**
 * The gradebook as CSV text in chunks: the header, then GRADEBOOK_CHUNK students at a time, so a
 * route can stream it (lib/export/csv.ts csvStreamResponse) and never holds the file. Each student's
 * cells come from the counted attempts the database picks (lib/review/class-work.ts countedAttempts).
 */
export async function gradebookCsvLines(db: Db, courseId: string): Promise<{ lines: AsyncIterable<string>; fileName: string } | null> {
  const course = await db.course.findUnique({
    where: { id: courseId },
    select: { code: true, assignments: { orderBy: [{ dueAt: "asc" }, { title: "asc" }], select: { id: true } } },
  });
  if (!course) return null;
  const works: ClassWork[] = [];
  for (const a of course.assignments) {
    const w = await loadClassWork(db, a.id, "en");
    if (w) works.push(w);
  }
  const students = new Map<string, ClassStudent>();
  for (const w of works) for (const s of w.students) students.set(s.id, s);
  const sorted = [...students.values()].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));

  const columns = works.flatMap((w) => w.problems.map((p) => ({ work: w, problem: p })));
  const possible = columns.reduce((s, c) => s + c.problem.points, 0);
  const header = [
    ...GRADEBOOK_FIXED_COLUMNS,
    ...columns.map((c) => problemColumn(c.work.assignment.title, c.problem.title, c.problem.points)),
    `Total (${formatNumber(possible)})`,
  ];
  const row = (s: ClassStudent): Cell[] => {
    let total = 0;
    const cells = columns.map(({ work, problem }) => {
      const counted = countedOf(work, s.id, problem.id);
      if (!counted) return null;
      const earned = counted.score * problem.points;
      total += earned;
      return earned;
    });
    return [s.name, s.email, s.email, ...cells, total];
  };
  async function* lines(): AsyncGenerator<string> {
    yield `${BOM}${csvRecord(header)}\r\n`;
    for (let i = 0; i < sorted.length; i += GRADEBOOK_CHUNK) {
      yield sorted
        .slice(i, i + GRADEBOOK_CHUNK)
        .map((s) => `${csvRecord(row(s))}\r\n`)
        .join("");
    }
  }
  return { lines: lines(), fileName: `${course.code}-gradebook.csv` };
}

/** A streamed CSV as one string (what its download adds up to). */
async function whole(out: { lines: AsyncIterable<string>; fileName: string } | null): Promise<{ csv: string; fileName: string } | null> {
  if (!out) return null;
  let csv = "";
  for await (const chunk of out.lines) csv += chunk;
  return { csv, fileName: out.fileName };
}

/** The whole gradebook as one string (what the streamed download adds up to). */
export async function gradebookCsv(db: Db, courseId: string): Promise<{ csv: string; fileName: string } | null> {
  return whole(await gradebookCsvLines(db, courseId));
}

/** Attempts per query (and so per chunk) of the submissions CSV, about: one problem's attempts are never split. */
const SUBMISSIONS_CHUNK = 500;

/**
 * A student's problems, in the assignment's order, in runs whose attempts add up to about
 * SUBMISSIONS_CHUNK (counts from the counted attempts): a student with thousands of attempts is read
 * and sent a run at a time, not in one query that holds them all.
 */
function problemSlices(work: ClassWork, userId: string): string[][] {
  const slices: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const p of work.problems) {
    const n = countedOf(work, userId, p.id)?.attempts ?? 0;
    if (n === 0) continue;
    if (current.length > 0 && size + n > SUBMISSIONS_CHUNK) {
      slices.push(current);
      current = [];
      size = 0;
    }
    current.push(p.id);
    size += n;
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

export const SUBMISSION_COLUMNS = [
  "Student name",
  "Email",
  "Problem",
  "Points possible",
  "Attempt",
  "Created at",
  "Late",
  "Auto score",
  "Late penalty %",
  "Score",
  "Counted",
  "Overridden parts",
  "Mistakes",
  // Appended later: tools read the columns above by position.
  "Part scores",
  "Override final score",
  "Override comments",
  "Rubric comments",
] as const;

type SubmissionLine = {
  id: string;
  problemId: string;
  attempt: number | bigint;
  createdAt: string | Date;
  late: number | bigint | boolean;
  autoScore: number;
  latePenalty: number;
  score: number;
  /** Text, or already parsed by the driver adapter. */
  results: unknown;
  overridden: string | null;
};

/**
 * One row per submission: scores in points of the problem, the penalty in percent, the time in ISO
 * 8601 (UTC); students by name, then problems in the assignment's order, then attempts. The lines
 * come one student at a time, a run of problems per query (problemSlices: about SUBMISSIONS_CHUNK
 * attempts, by the unique index on userId, assignmentId, problemId, attempt), so a route can stream
 * them without holding the file or one student's thousands of attempts. The rows are read with SQL:
 * the stored results are parsed here for their named mistakes and part scores. "Part scores" are in
 * points after applied rubric items and overrides ("formula: 0; loss: 2"); "Override final score" is the Score of a submission
 * staff changed (empty when they did not), "Override comments" the latest comment per overridden part, and "Rubric comments" the applied
 * rubric items ("loss: -1 sign error").
 */
export async function submissionsCsvLines(db: Db, assignmentId: string): Promise<{ lines: AsyncIterable<string>; fileName: string } | null> {
  const work = await loadClassWork(db, assignmentId, "en");
  if (!work) return null;
  const slug = work.assignment.title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "assignment";
  const fileName = `${work.assignment.course.code}-${slug}-submissions.csv`;
  const position = new Map(work.problems.map((p, i) => [p.id, i]));
  const submitted = work.students.filter((s) => work.counted.has(s.id));
  // The overridden parts of a submission as one comma-separated text, in each database's words.
  const overriddenParts = Prisma.raw(isPostgres(db) ? `string_agg(DISTINCT o."partId", ',')` : `group_concat(DISTINCT o."partId")`);
  async function* lines(): AsyncGenerator<string> {
    yield `${BOM}${csvRecord(SUBMISSION_COLUMNS)}\r\n`;
    for (const s of submitted) {
      for (const problemIds of problemSlices(work!, s.id)) {
        const rows = await db.$queryRaw<SubmissionLine[]>`
          SELECT s.id, s."problemId", s.attempt, s."createdAt", s.late, s."autoScore", s."latePenalty", s.score, s.results,
            (SELECT ${overriddenParts} FROM "ScoreOverride" o WHERE o."submissionId" = s.id) AS overridden
          FROM "Submission" s WHERE s."userId" = ${s.id} AND s."assignmentId" = ${assignmentId} AND s."problemId" IN (${Prisma.join(problemIds)})`;
        const overrides = await db.scoreOverride.findMany({
          where: { submissionId: { in: rows.map((r) => r.id) } },
          select: { submissionId: true, partId: true, score: true, comment: true, createdAt: true },
        });
        const overridesOf = new Map<string, typeof overrides>();
        for (const o of overrides) overridesOf.set(o.submissionId, [...(overridesOf.get(o.submissionId) ?? []), o]);
        const applied = await db.rubricApplication.findMany({
          where: { submissionId: { in: rows.map((r) => r.id) } },
          orderBy: [{ item: { partId: "asc" } }, { item: { position: "asc" } }],
          select: { submissionId: true, item: { select: { partId: true, points: true, text: true } } },
        });
        const rubricOf = new Map<string, (typeof applied)[number]["item"][]>();
        for (const r of applied) rubricOf.set(r.submissionId, [...(rubricOf.get(r.submissionId) ?? []), r.item]);
        const mine = rows.sort((a, b) => position.get(a.problemId)! - position.get(b.problemId)! || Number(a.attempt) - Number(b.attempt));
        let chunk = "";
        for (const a of mine) {
          const p = work!.problems[position.get(a.problemId)!]!;
          const results: unknown = typeof a.results === "string" ? JSON.parse(a.results) : a.results;
          const mistakes = countCodes(mistakesOf(results).map((m) => m.code));
          const own = overridesOf.get(a.id) ?? [];
          const rubric = rubricOf.get(a.id) ?? [];
          const latest = [...latestOverrides(own).values()].sort((x, y) => x.partId.localeCompare(y.partId));
          const cells: Cell[] = [
            s.name,
            s.email,
            p.title,
            p.points,
            Number(a.attempt),
            (a.createdAt instanceof Date ? a.createdAt : new Date(a.createdAt)).toISOString(),
            Boolean(Number(a.late)),
            a.autoScore * p.points,
            a.latePenalty * 100,
            a.score * p.points,
            countedOf(work!, s.id, p.id)?.id === a.id,
            (a.overridden ?? "").split(",").filter(Boolean).sort().join("; "),
            mistakes.map((m) => `${m.code} (${m.count})`).join("; "),
            partScores(resultParts(results), own, rubric)
              .map((part) => `${part.id}: ${formatNumber(part.score * part.points)}`)
              .join("; "),
            latest.length > 0 || rubric.length > 0 ? a.score * p.points : null,
            latest.map((o) => `${o.partId}: ${o.comment}`).join("; "),
            rubric.map((r) => `${r.partId}: ${formatNumber(r.points)} ${r.text}`).join("; "),
          ];
          chunk += `${csvRecord(cells)}\r\n`;
        }
        if (chunk) yield chunk;
      }
    }
  }
  return { lines: lines(), fileName };
}

/** The whole submissions CSV as one string (what the streamed download adds up to). */
export async function submissionsCsv(db: Db, assignmentId: string): Promise<{ csv: string; fileName: string } | null> {
  return whole(await submissionsCsvLines(db, assignmentId));
}
