/**
 * The problem bank as instructors manage it: what is in it and where this course uses it, saving a
 * problem file from the browser editor or an upload (a new version only when the content changed,
 * audited in the same transaction), and each problem's current file for export. The bank is shared by
 * all courses; usage and submission counts shown to a course are that course's own.
 */
import { stringify } from "yaml";
import type { Actor } from "@/lib/authz";
import { recordAudit } from "@/lib/audit";
import { refusal, type Refusal } from "@/lib/courses/access";
import type { Db } from "@/lib/db/client";
import { importProblem, type ImportResult } from "@/lib/problems/import";
import type { ProblemIssue } from "@/lib/problems/source";
import { fieldErrorsOf, invalid, type FieldErrors } from "@/lib/validations/form-result";
import { problemSourceSchema, uploadFileNameSchema } from "@/lib/validations/problem-editor";
import { checkInWorker, jobFieldError, WorkerJobError } from "@/lib/workers/problem-pool";

export type VersionUsage = { id: string; version: number; createdAt: Date; submissionsHere: number };

export type BankRow = {
  id: string;
  slug: string;
  title: string;
  topic: string;
  latest: number;
  versions: VersionUsage[];
  usedBy: { assignmentId: string; title: string }[];
};

/** Submissions per version in this course only: staff see nothing of other courses' work. */
async function submissionCounts(db: Db, courseId: string, problemIds?: string[]) {
  const where = problemIds ? { problemId: { in: problemIds } } : {};
  const here = await db.submission.groupBy({ by: ["problemVersionId"], where: { ...where, assignment: { courseId } }, _count: { _all: true } });
  return { here: new Map(here.map((r) => [r.problemVersionId, r._count._all])) };
}

/** Every problem of the bank with its versions' submission counts and this course's assignments that use it. */
export async function listBank(db: Db, courseId: string): Promise<BankRow[]> {
  const problems = await db.problem.findMany({
    orderBy: [{ topic: "asc" }, { title: "asc" }],
    select: {
      id: true,
      slug: true,
      title: true,
      topic: true,
      versions: { orderBy: { version: "asc" }, select: { id: true, version: true, createdAt: true } },
      assignments: { where: { assignment: { courseId } }, orderBy: { assignment: { dueAt: "asc" } }, select: { assignment: { select: { id: true, title: true } } } },
    },
  });
  const counts = await submissionCounts(db, courseId);
  return problems.map((p) => ({
    id: p.id,
    slug: p.slug,
    title: p.title,
    topic: p.topic,
    latest: p.versions.at(-1)?.version ?? 0,
    versions: p.versions.map((v) => ({ ...v, submissionsHere: counts.here.get(v.id) ?? 0 })),
    usedBy: p.assignments.map((a) => ({ assignmentId: a.assignment.id, title: a.assignment.title })),
  }));
}

export type ProblemForEditor = {
  id: string;
  slug: string;
  title: string;
  latest: { id: string; version: number; source: string };
  versions: VersionUsage[];
  usedBy: { assignmentId: string; title: string }[];
  /** How many other courses have an assignment with this problem (a count only: nothing else of theirs is shown). */
  otherCourses: number;
};

/** The current file of a problem: the source as written, or (for versions stored without it) the content as YAML. */
function sourceOf(version: { source: string; content: unknown }): string {
  return version.source.trim() ? version.source : stringify(version.content);
}

export async function problemForEditor(db: Db, courseId: string, problemId: string): Promise<ProblemForEditor | null> {
  const p = await db.problem.findUnique({
    where: { id: problemId },
    select: {
      id: true,
      slug: true,
      title: true,
      versions: { orderBy: { version: "asc" }, select: { id: true, version: true, createdAt: true, source: true, content: true } },
      assignments: { select: { assignment: { select: { id: true, title: true, courseId: true } } } },
    },
  });
  const latest = p?.versions.at(-1);
  if (!p || !latest) return null;
  const counts = await submissionCounts(db, courseId, [p.id]);
  const others = new Set(p.assignments.map((a) => a.assignment.courseId).filter((c) => c !== courseId));
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    latest: { id: latest.id, version: latest.version, source: sourceOf(latest) },
    versions: p.versions.map((v) => ({ id: v.id, version: v.version, createdAt: v.createdAt, submissionsHere: counts.here.get(v.id) ?? 0 })),
    usedBy: p.assignments.filter((a) => a.assignment.courseId === courseId).map((a) => ({ assignmentId: a.assignment.id, title: a.assignment.title })),
    otherCourses: others.size,
  };
}

/** The file to download: `<id>.yaml` with the current version's text. */
export async function exportProblem(db: Db, problemId: string): Promise<{ fileName: string; text: string } | null> {
  const p = await db.problem.findUnique({
    where: { id: problemId },
    select: { slug: true, versions: { orderBy: { version: "desc" }, take: 1, select: { source: true, content: true } } },
  });
  const latest = p?.versions[0];
  return p && latest ? { fileName: `${p.slug}.yaml`, text: sourceOf(latest) } : null;
}

export type SaveOutcome =
  | { status: "saved"; result: ImportResult }
  | { status: "invalid-file"; issues: ProblemIssue[] }
  /** Editing problem `expected`, the file's id says something else (a different id is a different problem). */
  | { status: "id-changed"; expected: string; line: number }
  /** A new problem whose id the bank already has. */
  | { status: "id-taken"; slug: string; problemId: string; line: number }
  | { status: "invalid"; errors: FieldErrors }
  | Refusal;

/**
 * Where a save comes from: the editor of an existing problem (the file keeps its id), the editor of
 * a new one (its id must be new), or an uploaded file (a new problem or a new version of one).
 */
export type SaveTarget = { kind: "edit"; problemId: string } | { kind: "new" } | { kind: "upload"; fileName: unknown };

export async function saveProblem(db: Db, actor: Actor, courseId: string, target: SaveTarget, rawSource: unknown): Promise<SaveOutcome> {
  const refused = await refusal(db, actor, "problem.edit", { courseId });
  if (refused) return refused;
  if (target.kind === "upload") {
    const name = uploadFileNameSchema.safeParse(target.fileName);
    if (!name.success) return invalid({ file: fieldErrorsOf(name.error.issues).form! });
  }
  const parsed = problemSourceSchema.safeParse(rawSource);
  if (!parsed.success) return invalid({ source: fieldErrorsOf(parsed.error.issues).form! });
  const source = parsed.data;
  const editing = target.kind === "edit" ? await db.problem.findUnique({ where: { id: target.problemId }, select: { id: true, slug: true } }) : null;
  if (target.kind === "edit" && !editing) return { status: "not-found" };

  // The full check (1,000 vetted variants, author tests) runs in a worker thread: see lib/workers.
  let checked: Awaited<ReturnType<typeof checkInWorker>>;
  try {
    checked = await checkInWorker(source);
  } catch (e) {
    if (e instanceof WorkerJobError) return invalid({ source: jobFieldError(e) });
    throw e;
  }
  if (!checked.ok) return { status: "invalid-file", issues: checked.issues };
  const { file, idLine } = checked;
  if (editing && file.id !== editing.slug) return { status: "id-changed", expected: editing.slug, line: idLine };
  if (target.kind === "new") {
    const taken = await db.problem.findUnique({ where: { slug: file.id }, select: { id: true } });
    if (taken) return { status: "id-taken", slug: file.id, problemId: taken.id, line: idLine };
  }

  const previous = await db.problemVersion.findFirst({ where: { problem: { slug: file.id } }, orderBy: { version: "desc" }, select: { version: true } });
  const result = await importProblem(db, file, source, {
    onChange: (tx, r) =>
      recordAudit(tx, {
        actorId: actor.id,
        action: "problem.save",
        entityType: "Problem",
        entityId: r.problemId,
        courseId,
        before: previous ? { version: previous.version } : undefined,
        after: { slug: r.slug, version: r.version, versionId: r.versionId, via: target.kind === "upload" ? "upload" : "editor" },
      }),
  });
  return { status: "saved", result };
}
