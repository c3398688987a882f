/**
 * The problem bank as instructors manage it: what is in it, who owns each problem and where this
 * course uses it, saving a problem file from the browser editor or an upload (a new version only when
 * the content changed, audited in the same transaction), and each version's file for export and
 * comparison. Every course sees the whole bank; only the owning course's instructors (and site
 * admins, for the built-in bank) save new versions. Usage and submission counts shown to a course
 * are that course's own.
 */
import "server-only";
import { stringify } from "yaml";
import { authorize, type Actor } from "@/lib/authz";
import { recordAudit } from "@/lib/audit";
import { refusal, type Refusal } from "@/lib/courses/access";
import type { Db } from "@/lib/db/client";
import { importProblem, OwnedElsewhereError, ProblemExistsError, type ImportResult } from "@/lib/problem-store/import";
import type { ProblemIssue } from "@/lib/problems/source";
import { contentTitle } from "@/lib/problems/schema";
import { fieldErrorsOf, invalid, type FieldErrors } from "@/lib/validations/form-result";
import { problemSourceSchema, uploadFileNameSchema } from "@/lib/validations/problem-editor";
import { sideBySide, type SideBySide } from "./version-diff";
import { checkInWorker, jobFieldError, WorkerJobError } from "@/lib/authoring/workers/problem-pool";

export type VersionUsage = { id: string; version: number; createdAt: Date; submissionsHere: number };

/** Who owns a problem: a course (its code), or nobody (the built-in bank). `here`: the course asking. */
export type Ownership = { kind: "bank" } | { kind: "course"; courseId: string; code: string; here: boolean };

/** The version a fork was copied from, and where that problem is now (null once it was deleted). */
export type ForkOrigin = { problemId: string; slug: string; version: number } | null;

/** An assignment of this course that uses the problem, and the version it is pinned to. */
export type PinnedUse = { assignmentId: string; title: string; version: number; archived: boolean };

export type BankRow = {
  id: string;
  slug: string;
  title: string;
  topic: string;
  owner: Ownership;
  forkedFrom: ForkOrigin;
  archived: boolean;
  latest: number;
  versions: VersionUsage[];
  usedBy: PinnedUse[];
};

/** Submissions per version in this course only: staff see nothing of other courses' work. */
async function submissionCounts(db: Db, courseId: string, problemIds?: string[]) {
  const where = problemIds ? { problemId: { in: problemIds } } : {};
  const here = await db.submission.groupBy({ by: ["problemVersionId"], where: { ...where, assignment: { courseId } }, _count: { _all: true } });
  return { here: new Map(here.map((r) => [r.problemVersionId, r._count._all])) };
}

const OWNERSHIP_SELECT = {
  ownerCourse: { select: { id: true, code: true } },
  forkedFrom: { select: { version: true, problem: { select: { id: true, slug: true } } } },
  archivedAt: true,
} as const;

function ownership(owner: { id: string; code: string } | null, courseId: string): Ownership {
  return owner ? { kind: "course", courseId: owner.id, code: owner.code, here: owner.id === courseId } : { kind: "bank" };
}

function forkOrigin(from: { version: number; problem: { id: string; slug: string } } | null): ForkOrigin {
  return from ? { problemId: from.problem.id, slug: from.problem.slug, version: from.version } : null;
}

const usedHere = (courseId: string) =>
  ({
    where: { assignment: { courseId } },
    orderBy: { assignment: { dueAt: "asc" } },
    select: { problemVersion: { select: { version: true } }, assignment: { select: { id: true, title: true, archivedAt: true } } },
  }) as const;

function pinnedUse(a: { problemVersion: { version: number }; assignment: { id: string; title: string; archivedAt: Date | null } }): PinnedUse {
  return { assignmentId: a.assignment.id, title: a.assignment.title, version: a.problemVersion.version, archived: a.assignment.archivedAt !== null };
}

/**
 * Every problem of the bank with its owner, its versions' submission counts and this course's
 * assignments that use it. Archived problems only when asked for.
 */
export async function listBank(db: Db, courseId: string, options: { archived?: boolean; locale?: string } = {}): Promise<BankRow[]> {
  const problems = await db.problem.findMany({
    where: options.archived ? {} : { archivedAt: null },
    orderBy: [{ topic: "asc" }, { title: "asc" }],
    select: {
      id: true,
      slug: true,
      title: true,
      topic: true,
      ...OWNERSHIP_SELECT,
      versions: { orderBy: { version: "asc" }, select: { id: true, version: true, createdAt: true } },
      assignments: usedHere(courseId),
    },
  });
  const counts = await submissionCounts(db, courseId);
  const titles = await latestTitles(
    db,
    problems.map((p) => p.versions.at(-1)?.id).filter((id): id is string => id !== undefined),
    options.locale ?? "en",
  );
  return problems.map((p) => ({
    id: p.id,
    slug: p.slug,
    title: titles.get(p.versions.at(-1)?.id ?? "") ?? p.title,
    topic: p.topic,
    owner: ownership(p.ownerCourse, courseId),
    forkedFrom: forkOrigin(p.forkedFrom),
    archived: p.archivedAt !== null,
    latest: p.versions.at(-1)?.version ?? 0,
    versions: p.versions.map((v) => ({ ...v, submissionsHere: counts.here.get(v.id) ?? 0 })),
    usedBy: p.assignments.map(pinnedUse),
  }));
}

/** The titles of these versions in the reader's language (only for a language other than English, whose title is stored). */
async function latestTitles(db: Db, versionIds: string[], locale: string): Promise<Map<string, string>> {
  if (locale === "en" || versionIds.length === 0) return new Map();
  const versions = await db.problemVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, title: true, content: true } });
  return new Map(versions.map((v) => [v.id, contentTitle(v.content, v.title, locale)]));
}

export type ProblemForEditor = {
  id: string;
  slug: string;
  title: string;
  owner: Ownership;
  forkedFrom: ForkOrigin;
  archived: boolean;
  latest: { id: string; version: number; source: string };
  versions: VersionUsage[];
  usedBy: PinnedUse[];
  /** How many other courses have an assignment with this problem (a count only: nothing else of theirs is shown). */
  otherCourses: number;
  /** Problems forked from this one, as a count. */
  forks: number;
  /** Deleting is possible only while no assignment of any course uses it. */
  deletable: boolean;
};

/** A version's file: the source as written, or (for versions stored without it) the content as YAML. */
export function sourceOf(version: { source: string; content: unknown }): string {
  return version.source.trim() ? version.source : stringify(version.content);
}

export async function problemForEditor(db: Db, courseId: string, problemId: string, locale = "en"): Promise<ProblemForEditor | null> {
  const p = await db.problem.findUnique({
    where: { id: problemId },
    select: {
      id: true,
      slug: true,
      title: true,
      ...OWNERSHIP_SELECT,
      versions: {
        orderBy: { version: "asc" },
        select: { id: true, version: true, createdAt: true, source: true, content: true, _count: { select: { forks: true } } },
      },
      assignments: {
        orderBy: { assignment: { dueAt: "asc" } },
        select: { problemVersion: { select: { version: true } }, assignment: { select: { id: true, title: true, archivedAt: true, courseId: true } } },
      },
    },
  });
  const latest = p?.versions.at(-1);
  if (!p || !latest) return null;
  const counts = await submissionCounts(db, courseId, [p.id]);
  const others = new Set(p.assignments.map((a) => a.assignment.courseId).filter((c) => c !== courseId));
  return {
    id: p.id,
    slug: p.slug,
    title: contentTitle(latest.content, p.title, locale),
    owner: ownership(p.ownerCourse, courseId),
    forkedFrom: forkOrigin(p.forkedFrom),
    archived: p.archivedAt !== null,
    latest: { id: latest.id, version: latest.version, source: sourceOf(latest) },
    versions: p.versions.map((v) => ({ id: v.id, version: v.version, createdAt: v.createdAt, submissionsHere: counts.here.get(v.id) ?? 0 })),
    usedBy: p.assignments.filter((a) => a.assignment.courseId === courseId).map(pinnedUse),
    otherCourses: others.size,
    forks: p.versions.reduce((n, v) => n + v._count.forks, 0),
    deletable: p.assignments.length === 0,
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
  /** An upload whose id names a problem another course (or the built-in bank) owns: fork it instead. */
  | { status: "owned-elsewhere"; slug: string; problemId: string; owner: string | null; line: number }
  | { status: "invalid"; errors: FieldErrors }
  | Refusal;

/**
 * Where a save comes from: the editor of an existing problem (the file keeps its id), the editor of
 * a new one (its id must be new), or an uploaded file (a new problem of this course, or a new
 * version of one the uploader may change).
 */
export type SaveTarget = { kind: "edit"; problemId: string } | { kind: "new" } | { kind: "upload"; fileName: unknown };

export async function saveProblem(db: Db, actor: Actor, courseId: string, target: SaveTarget, rawSource: unknown): Promise<SaveOutcome> {
  const refused =
    target.kind === "edit"
      ? await refusal(db, actor, "problem.edit", { problemId: target.problemId, courseId })
      : await refusal(db, actor, "problem.create", { courseId });
  if (refused) return refused;
  if (target.kind === "upload") {
    const name = uploadFileNameSchema.safeParse(target.fileName);
    if (!name.success) return invalid({ file: fieldErrorsOf(name.error.issues).form! });
  }
  const parsed = problemSourceSchema.safeParse(rawSource);
  if (!parsed.success) return invalid({ source: fieldErrorsOf(parsed.error.issues).form! });
  const source = parsed.data;
  const editing =
    target.kind === "edit" ? await db.problem.findUnique({ where: { id: target.problemId }, select: { id: true, slug: true, ownerCourseId: true } }) : null;
  if (target.kind === "edit" && !editing) return { status: "not-found" };

  // The full check (1,000 vetted variants, author tests) runs in a worker thread: see lib/authoring/workers.
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
  const taken =
    target.kind === "edit"
      ? null
      : await db.problem.findUnique({ where: { slug: file.id }, select: { id: true, ownerCourseId: true, ownerCourse: { select: { code: true } } } });
  if (target.kind === "new" && taken) return { status: "id-taken", slug: file.id, problemId: taken.id, line: idLine };
  if (taken) {
    // An upload of a file the bank has: a new version only for someone who may change that problem.
    const may = await authorize(db, actor, "problem.edit", { problemId: taken.id, courseId });
    if (!may.allowed) return { status: "owned-elsewhere", slug: file.id, problemId: taken.id, owner: taken.ownerCourse?.code ?? null, line: idLine };
  }
  // The problem keeps its owner; a new one belongs to the course it was made in.
  const ownerCourseId = editing ? editing.ownerCourseId : taken ? taken.ownerCourseId : courseId;

  const previous = await db.problemVersion.findFirst({ where: { problem: { slug: file.id } }, orderBy: { version: "desc" }, select: { version: true } });
  try {
    const result = await importProblem(db, file, source, {
      ownerCourseId,
      createOnly: target.kind === "new",
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
  } catch (e) {
    // The owner changed between the check and the write (or another save made the id at the same moment).
    if (e instanceof OwnedElsewhereError) return { status: "forbidden" };
    if (e instanceof ProblemExistsError)
      return { status: "id-taken", slug: file.id, problemId: (await db.problem.findUniqueOrThrow({ where: { slug: file.id } })).id, line: idLine };
    throw e;
  }
}

export type VersionComparison = {
  slug: string;
  title: string;
  /** Every version number, for choosing others to compare. */
  versions: number[];
  a: { version: number; createdAt: Date };
  b: { version: number; createdAt: Date };
  diff: SideBySide;
};

/** Versions `a` and `b` of a problem, their files compared side by side; null when either does not exist. */
export async function compareVersions(db: Db, problemId: string, a: number, b: number): Promise<VersionComparison | null> {
  const p = await db.problem.findUnique({
    where: { id: problemId },
    select: { slug: true, title: true, versions: { orderBy: { version: "asc" }, select: { version: true } } },
  });
  if (!p) return null;
  const rows = await db.problemVersion.findMany({
    where: { problemId, version: { in: [a, b] } },
    select: { version: true, createdAt: true, source: true, content: true },
  });
  const va = rows.find((r) => r.version === a);
  const vb = rows.find((r) => r.version === b);
  if (!va || !vb) return null;
  return {
    slug: p.slug,
    title: p.title,
    versions: p.versions.map((v) => v.version),
    a: { version: a, createdAt: va.createdAt },
    b: { version: b, createdAt: vb.createdAt },
    diff: sideBySide(sourceOf(va), sourceOf(vb)),
  };
}
