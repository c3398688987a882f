/**
 * A problem's life beyond saving versions: forking it into a course (a copy of one version, owned by
 * that course, that remembers where it came from; forking within the owning course is duplicating),
 * archiving it (hidden from the bank and from new assignments, nothing else changes), and deleting
 * it while no assignment uses it. Each is asked of lib/authz.ts and audited in its own transaction.
 */
import "server-only";
import type { Actor } from "@/lib/authz";
import { recordAudit } from "@/lib/audit";
import { refusal } from "@/lib/courses/access";
import type { Db } from "@/lib/db/client";
import { importProblem, ProblemExistsError } from "@/lib/problem-store/import";
import { loadProblem } from "@/lib/problems/load";
import { fieldErrorsOf, invalid, ok, type Outcome } from "@/lib/validations/form-result";
import { archiveInputSchema, forkInputSchema } from "@/lib/validations/problem-editor";
import { sourceOf } from "./problems";
import { withProblemId } from "./rename";

const SLUG_MAX = 80;

/**
 * The id a fork gets unless its author names one: `<slug>-<course code>`, or `<slug>-copy` for a
 * duplicate within the owning course, made unique with -2, -3, ….
 */
export async function suggestForkSlug(db: Db, slug: string, courseCode: string, duplicate = false): Promise<string> {
  const code =
    courseCode
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "copy";
  const base = `${slug}-${duplicate ? "copy" : code}`.slice(0, SLUG_MAX - 4).replace(/-+$/, "");
  const taken = new Set((await db.problem.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((p) => p.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export type Forked = { problemId: string; slug: string; fromVersion: number };

/**
 * Copies one version of a problem (the latest unless `version` names another) into `courseId` as a
 * new problem with its own id, owned by that course, version 1, linked to the version it came from.
 */
export async function forkProblem(db: Db, actor: Actor, args: { courseId: string; problemId: string }, raw: unknown): Promise<Outcome<Forked>> {
  const refused = await refusal(db, actor, "problem.fork", { problemId: args.problemId, courseId: args.courseId });
  if (refused) return refused;
  const parsed = forkInputSchema.safeParse(raw ?? {});
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const input = parsed.data;
  const [origin, course] = await Promise.all([
    db.problem.findUniqueOrThrow({
      where: { id: args.problemId },
      select: {
        slug: true,
        ownerCourseId: true,
        versions: {
          where: input.version === null ? {} : { version: input.version },
          orderBy: { version: "desc" },
          take: 1,
          select: { id: true, version: true, source: true, content: true },
        },
      },
    }),
    db.course.findUniqueOrThrow({ where: { id: args.courseId }, select: { code: true } }),
  ]);
  const from = origin.versions[0];
  if (!from) return invalid({ version: { code: "noSuchVersion" } });
  const slug = input.slug || (await suggestForkSlug(db, origin.slug, course.code, origin.ownerCourseId === args.courseId));
  if (await db.problem.findUnique({ where: { slug }, select: { id: true } })) return invalid({ slug: { code: "slugTaken", values: { slug } } });

  const text = withProblemId(sourceOf(from), slug);
  const loaded = text === null ? null : loadProblem(text);
  // The stored version was valid when it was saved; only its id changes, so this holds unless the
  // format itself changed since. Then the fork is refused rather than stored half-checked.
  if (!loaded?.ok) return invalid({ form: { code: "forkUnreadable", values: { version: from.version } } });
  try {
    const r = await importProblem(db, loaded.problem.file, text!, {
      ownerCourseId: args.courseId,
      forkedFromVersionId: from.id,
      createOnly: true,
      onChange: (tx, result) =>
        recordAudit(tx, {
          actorId: actor.id,
          action: "problem.fork",
          entityType: "Problem",
          entityId: result.problemId,
          courseId: args.courseId,
          before: { problemId: args.problemId, slug: origin.slug, version: from.version, versionId: from.id },
          after: { slug: result.slug, version: result.version, versionId: result.versionId },
        }),
    });
    return ok({ problemId: r.problemId, slug: r.slug, fromVersion: from.version });
  } catch (e) {
    // Someone made a problem with this id at the same moment.
    if (e instanceof ProblemExistsError) return invalid({ slug: { code: "slugTaken", values: { slug } } });
    throw e;
  }
}

/** Hides a problem from the bank and from new assignments (or shows it again). Assignments that use it keep it. */
export async function setProblemArchived(
  db: Db,
  actor: Actor,
  args: { courseId: string; problemId: string },
  raw: unknown,
): Promise<Outcome<{ changed: boolean }>> {
  const refused = await refusal(db, actor, "problem.archive", args);
  if (refused) return refused;
  const parsed = archiveInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const { archived } = parsed.data;
  return db.$transaction(async (tx) => {
    const before = await tx.problem.findUniqueOrThrow({ where: { id: args.problemId }, select: { slug: true, archivedAt: true } });
    if ((before.archivedAt !== null) === archived) return ok({ changed: false });
    const after = await tx.problem.update({ where: { id: args.problemId }, data: { archivedAt: archived ? new Date() : null }, select: { archivedAt: true } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: archived ? "problem.archive" : "problem.unarchive",
      entityType: "Problem",
      entityId: args.problemId,
      courseId: args.courseId,
      before: { slug: before.slug, archivedAt: before.archivedAt },
      after: { slug: before.slug, archivedAt: after.archivedAt },
    });
    return ok({ changed: true });
  });
}

/**
 * Deletes a problem with all its versions, only while no assignment of any course uses it (and so
 * no submission can point at it). Problems forked from it keep their content and lose the link.
 */
export async function deleteProblem(db: Db, actor: Actor, args: { courseId: string; problemId: string }): Promise<Outcome<{ slug: string }>> {
  const refused = await refusal(db, actor, "problem.archive", args);
  if (refused) return refused;
  return db.$transaction(async (tx) => {
    const p = await tx.problem.findUniqueOrThrow({
      where: { id: args.problemId },
      select: { slug: true, title: true, ownerCourseId: true, _count: { select: { assignments: true, versions: true } } },
    });
    const submissions = await tx.submission.count({ where: { problemId: args.problemId } });
    if (p._count.assignments > 0 || submissions > 0) {
      return invalid({ form: { code: "problemInUse", values: { count: p._count.assignments, submissions } } });
    }
    await tx.problem.delete({ where: { id: args.problemId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "problem.delete",
      entityType: "Problem",
      entityId: args.problemId,
      courseId: args.courseId,
      before: { slug: p.slug, title: p.title, ownerCourseId: p.ownerCourseId, versions: p._count.versions },
    });
    return ok({ slug: p.slug });
  });
}
