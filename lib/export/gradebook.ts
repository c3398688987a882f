/**
 * Grade exports. The gradebook has one row per student in the layout common LMS imports expect
 * (name, email, login id, then one column per assignment problem with the points earned under the
 * assignment's score rule, then the total); the per-submission file has one row per attempt.
 * A student who has not submitted a problem gets an empty cell there (counted as 0 in the total).
 */
import type { Db } from "@/lib/db/client";
import { attemptsOf, countedOf, loadClassWork, type ClassStudent, type ClassWork } from "@/lib/review/class-work";
import { countCodes, mistakesOf } from "@/lib/review/scoring";
import { formatNumber, toCsv, type Cell } from "@/lib/csv";

export const GRADEBOOK_FIXED_COLUMNS = ["Student name", "Email", "Login ID"] as const;

export function problemColumn(assignmentTitle: string, problemTitle: string, points: number): string {
  return `${assignmentTitle} — ${problemTitle} (${formatNumber(points)})`;
}

export async function gradebookCsv(db: Db, courseId: string): Promise<{ csv: string; fileName: string } | null> {
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
  const rows = sorted.map((s): Cell[] => {
    let total = 0;
    const cells = columns.map(({ work, problem }) => {
      const counted = countedOf(work, s.id, problem.id);
      if (!counted) return null;
      const earned = counted.score * problem.points;
      total += earned;
      return earned;
    });
    return [s.name, s.email, s.email, ...cells, total];
  });
  return { csv: toCsv(header, rows), fileName: `${course.code}-gradebook.csv` };
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
] as const;

/** One row per submission: scores in points of the problem, the penalty in percent, the time in ISO 8601 (UTC). */
export async function submissionsCsv(db: Db, assignmentId: string): Promise<{ csv: string; fileName: string } | null> {
  const work = await loadClassWork(db, assignmentId, "en");
  if (!work) return null;
  const [details, overrides] = await Promise.all([
    db.submission.findMany({ where: { assignmentId }, select: { id: true, results: true } }),
    db.scoreOverride.findMany({ where: { submission: { assignmentId } }, select: { submissionId: true, partId: true } }),
  ]);
  const resultsOf = new Map(details.map((d) => [d.id, d.results]));
  const overridden = new Map<string, Set<string>>();
  for (const o of overrides) overridden.set(o.submissionId, (overridden.get(o.submissionId) ?? new Set()).add(o.partId));
  const rows: Cell[][] = [];
  for (const s of work.students) {
    for (const p of work.problems) {
      const counted = countedOf(work, s.id, p.id);
      for (const a of attemptsOf(work, s.id, p.id)) {
        const mistakes = countCodes(mistakesOf(resultsOf.get(a.id)).map((m) => m.code));
        rows.push([
          s.name,
          s.email,
          p.title,
          p.points,
          a.attempt,
          a.createdAt.toISOString(),
          a.late,
          a.autoScore * p.points,
          a.latePenalty * 100,
          a.score * p.points,
          counted?.id === a.id,
          [...(overridden.get(a.id) ?? [])].sort().join("; "),
          mistakes.map((m) => `${m.code} (${m.count})`).join("; "),
        ]);
      }
    }
  }
  const slug = work.assignment.title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "assignment";
  return { csv: toCsv(SUBMISSION_COLUMNS, rows), fileName: `${work.assignment.course.code}-${slug}-submissions.csv` };
}
