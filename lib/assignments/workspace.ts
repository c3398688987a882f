/**
 * Where a student works on a problem: which version and variant they get, what they have drafted
 * and submitted. Server only (it reads the database and computes reference answers); what reaches
 * the browser is decided by lib/assignments/student-view.ts.
 */
import type { Db } from "@/lib/db/client";
import { newVariantSecret } from "@/lib/courses/codes";
import { compileProblem, generateVariant, studentSeed, type CompiledProblem, type Variant } from "@/lib/problems/variant";
import { problemFile } from "@/lib/problems/schema";
import { RULES_SELECT, type AssignmentRules } from "./rules";

const compiledCache = new Map<string, CompiledProblem>();
const CACHE_LIMIT = 200;

/** Whether a version is compiled and cached already (then its content need not be loaded). */
export function isVersionCompiled(versionId: string): boolean {
  return compiledCache.has(versionId);
}

/** A stored version's content, validated again and compiled (cached by version id: versions never change). */
export function compiledVersion(version: { id: string; content: unknown }): CompiledProblem {
  const hit = compiledCache.get(version.id);
  if (hit) return hit;
  const compiled = compileProblem(problemFile.parse(version.content));
  if (compiledCache.size >= CACHE_LIMIT) compiledCache.delete(compiledCache.keys().next().value!);
  compiledCache.set(version.id, compiled);
  return compiled;
}

const variantCache = new Map<string, Variant>();
/** Variants kept: a student's own (or a class's, while a TA reviews) for the whole of a deadline night. */
export const VARIANT_CACHE_LIMIT = 2000;

/**
 * A version's variant at a seed, the least recently used dropped past VARIANT_CACHE_LIMIT. A variant is
 * a pure function of the version (which never changes) and the seed, so a cached one is the same
 * variant; keeping it also keeps what grading builds once per reference evaluation (the mistake
 * alternatives, ~10 ms for the seed's cross-entropy), so a student's next submission does not rebuild them.
 */
export function variantOf(version: { id: string; content: unknown }, seed: string): Variant {
  const key = `${version.id}\u0000${seed}`;
  const hit = variantCache.get(key);
  if (hit) {
    variantCache.delete(key);
    variantCache.set(key, hit);
    return hit;
  }
  const variant = generateVariant(compiledVersion(version), seed);
  if (variantCache.size >= VARIANT_CACHE_LIMIT) variantCache.delete(variantCache.keys().next().value!);
  variantCache.set(key, variant);
  return variant;
}

/** The course's variant secret, created on first use for courses made before it existed. */
export async function courseVariantSecret(db: Db, courseId: string): Promise<string> {
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { variantSecret: true } });
  if (course.variantSecret) return course.variantSecret;
  // Only the first writer sets it; everyone then reads the same value.
  await db.course.updateMany({ where: { id: courseId, variantSecret: "" }, data: { variantSecret: newVariantSecret() } });
  return (await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { variantSecret: true } })).variantSecret;
}

export type WorkContext = {
  assignment: AssignmentRules & { id: string; title: string; courseId: string; scoreRule: "BEST" | "LATEST"; practice: boolean };
  course: { id: string; code: string; title: string };
  problem: { id: string; slug: string; points: number; position: number };
  version: { id: string; version: number };
  compiled: CompiledProblem;
  seed: string;
  variant: Variant;
};

/**
 * Everything needed to show or grade one student's problem: the assignment's rules, the version of
 * the problem the assignment is pinned to (never simply the latest: a new version reaches students
 * only when staff move the assignment to it), and the student's variant (their HMAC seed, or in
 * practice mode the seed they drew). Null when the problem is not part of the assignment.
 */
export async function loadWorkContext(db: Db, args: { userId: string; assignmentId: string; problemId: string }): Promise<WorkContext | null> {
  const link = await db.assignmentProblem.findUnique({
    where: { assignmentId_problemId: { assignmentId: args.assignmentId, problemId: args.problemId } },
    select: {
      points: true,
      position: true,
      problem: { select: { id: true, slug: true } },
      problemVersion: { select: { id: true, version: true } },
      assignment: {
        select: {
          ...RULES_SELECT,
          id: true,
          title: true,
          courseId: true,
          scoreRule: true,
          practice: true,
          course: { select: { id: true, code: true, title: true, variantSecret: true } },
        },
      },
    },
  });
  if (!link) return null;
  const { course: withSecret, ...assignment } = link.assignment;
  const { variantSecret, ...course } = withSecret;
  const draft = assignment.practice
    ? await db.draft.findUnique({
        where: { userId_assignmentId_problemId: { userId: args.userId, assignmentId: args.assignmentId, problemId: args.problemId } },
        select: { variantSeed: true },
      })
    : null;
  const seed =
    draft?.variantSeed ??
    studentSeed(variantSecret || (await courseVariantSecret(db, course.id)), {
      courseId: course.id,
      assignmentId: assignment.id,
      problemId: args.problemId,
      userId: args.userId,
    });
  // A version's content (the whole problem file) is read only when this process has not compiled it
  // yet; nothing awaits between that check and the compiled version's use below.
  const { id: versionId, version: versionNumber } = link.problemVersion;
  const content = isVersionCompiled(versionId)
    ? null
    : (await db.problemVersion.findUniqueOrThrow({ where: { id: versionId }, select: { content: true } })).content;
  const version = { id: versionId, content };
  const compiled = compiledVersion(version);
  return {
    assignment,
    course,
    problem: { id: link.problem.id, slug: link.problem.slug, points: link.points, position: link.position },
    version: { id: versionId, version: versionNumber },
    compiled,
    seed,
    variant: variantOf(version, seed),
  };
}
