/**
 * Creating and editing assignments: their problems (from the shared bank) with points and order,
 * times, attempts, late policy, release policy, score rule and practice mode. A problem added to an
 * assignment is pinned to its latest version then; saving the form never changes a pin (moving to a
 * newer version is its own previewed action, lib/review/bulk-regrade.ts). A problem that already
 * has submissions in the assignment cannot be taken out of it (its students' work would lose its
 * place); every change is audited with the assignment before and after.
 */
import { can, coursesWhere, type Actor } from "@/lib/authz";
import { recordAudit, type DbOrTx } from "@/lib/audit";
import { isUniqueViolation, refusal } from "@/lib/courses/access";
import { RULES_SELECT } from "@/lib/assignments/rules";
import type { Db } from "@/lib/db/client";
import { addToAssignmentSchema, ASSIGNMENT_PROBLEMS_MAX, assignmentInputSchema, defaultEntryPoints, type AssignmentInput } from "@/lib/validations/assignment";
import { fieldErrorsOf, invalid, ok, type FieldErrors, type Outcome } from "@/lib/validations/form-result";

const SNAPSHOT_SELECT = {
  ...RULES_SELECT,
  title: true,
  description: true,
  scoreRule: true,
  practice: true,
  problems: { orderBy: { position: "asc" }, select: { problemId: true, points: true, problemVersion: { select: { version: true } } } },
} as const;

async function snapshot(db: DbOrTx, assignmentId: string) {
  return db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: SNAPSHOT_SELECT });
}

/**
 * The latest version of each problem the input adds (those not already in the assignment), or field
 * errors for problems not in the bank and archived ones (which stay only where they already are).
 * Every path that adds a problem to an assignment pins it here: the new and edit forms, and "Add to
 * assignment" on the problem's page.
 */
async function versionsToPin(
  db: DbOrTx,
  problems: readonly { problemId: string }[],
  already: ReadonlySet<string>,
): Promise<{ errors: FieldErrors; latest: Map<string, string> }> {
  const adding = problems.map((p) => p.problemId).filter((id) => !already.has(id));
  const found = new Map(
    (
      await db.problem.findMany({
        where: { id: { in: adding } },
        select: { id: true, archivedAt: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true } } },
      })
    ).map((p) => [p.id, p]),
  );
  const errors: FieldErrors = {};
  const latest = new Map<string, string>();
  problems.forEach((p, i) => {
    if (already.has(p.problemId)) return;
    const problem = found.get(p.problemId);
    const version = problem?.versions[0];
    if (!problem || !version) errors[`problems.${i}.problemId`] = { code: "unknownProblem" };
    else if (problem.archivedAt) errors[`problems.${i}.problemId`] = { code: "problemArchived" };
    else latest.set(p.problemId, version.id);
  });
  return { errors, latest };
}

function fields(input: AssignmentInput) {
  const { problems: _problems, ...rest } = input;
  return rest;
}

export async function createAssignment(db: Db, actor: Actor, courseId: string, raw: unknown): Promise<Outcome<{ assignmentId: string }>> {
  const refused = await refusal(db, actor, "course.edit", { courseId });
  if (refused) return refused;
  const parsed = assignmentInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const input = parsed.data;
  const pins = await versionsToPin(db, input.problems, new Set());
  if (Object.keys(pins.errors).length) return invalid(pins.errors);
  const id = await db.$transaction(async (tx) => {
    const created = await tx.assignment.create({
      data: {
        courseId,
        ...fields(input),
        problems: {
          create: input.problems.map((p, position) => ({
            problemId: p.problemId,
            problemVersionId: pins.latest.get(p.problemId)!,
            points: p.points,
            position,
          })),
        },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.create",
      entityType: "Assignment",
      entityId: created.id,
      courseId,
      after: await snapshot(tx, created.id),
    });
    return created.id;
  });
  return ok({ assignmentId: id });
}

export async function updateAssignment(db: Db, actor: Actor, assignmentId: string, raw: unknown): Promise<Outcome<{ changed: boolean }>> {
  const refused = await refusal(db, actor, "assignment.manage", { assignmentId });
  if (refused) return refused;
  const parsed = assignmentInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const input = parsed.data;
  return db.$transaction(async (tx): Promise<Outcome<{ changed: boolean }>> => {
    const before = await snapshot(tx, assignmentId);
    const pins = await versionsToPin(tx, input.problems, new Set(before.problems.map((p) => p.problemId)));
    if (Object.keys(pins.errors).length) return invalid(pins.errors);
    const { courseId } = await tx.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { courseId: true } });
    const kept = new Set(input.problems.map((p) => p.problemId));
    const removed = before.problems.filter((p) => !kept.has(p.problemId)).map((p) => p.problemId);
    if (removed.length) {
      const used = await tx.submission.groupBy({ by: ["problemId"], where: { assignmentId, problemId: { in: removed } }, _count: { _all: true } });
      if (used.length) {
        const titles = await tx.problem.findMany({ where: { id: { in: used.map((u) => u.problemId) } }, select: { title: true } });
        const count = used.reduce((n, u) => n + u._count._all, 0);
        return invalid({ problems: { code: "removeHasSubmissions", values: { problems: titles.map((t) => t.title).join(", "), count } } });
      }
    }
    await tx.assignment.update({ where: { id: assignmentId }, data: fields(input) });
    // Positions are unique per assignment: park the kept rows out of the way, then place every row.
    await tx.assignmentProblem.deleteMany({ where: { assignmentId, problemId: { in: removed } } });
    const current = await tx.assignmentProblem.findMany({ where: { assignmentId }, select: { id: true, problemId: true } });
    for (const [i, row] of current.entries()) await tx.assignmentProblem.update({ where: { id: row.id }, data: { position: -1 - i } });
    const byProblem = new Map(current.map((r) => [r.problemId, r.id]));
    for (const [position, p] of input.problems.entries()) {
      const id = byProblem.get(p.problemId);
      if (id) await tx.assignmentProblem.update({ where: { id }, data: { position, points: p.points } });
      else
        await tx.assignmentProblem.create({
          data: { assignmentId, problemId: p.problemId, problemVersionId: pins.latest.get(p.problemId)!, position, points: p.points },
        });
    }
    const after = await snapshot(tx, assignmentId);
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    if (changed)
      await recordAudit(tx, { actorId: actor.id, action: "assignment.update", entityType: "Assignment", entityId: assignmentId, courseId, before, after });
    return ok({ changed });
  });
}

export type AddedToAssignment = {
  assignmentId: string;
  title: string;
  /** The version the new entry is pinned to (the problem's latest), its points and its place (1-based). */
  version: number;
  points: number;
  position: number;
};

/**
 * "Add to assignment" on a problem's page: appends the problem to one assignment, at the end, pinned
 * to its latest version by the same rule as the assignment form (versionsToPin). Refused, with the
 * assignment unchanged, when the person may not edit that assignment (assignment.manage), when the
 * course cannot see the problem (problem.view from the assignment's course), when the problem is
 * archived, already there, or the points are not a positive number; audited like an edit, before and after.
 */
export async function addProblemToAssignment(db: Db, actor: Actor, problemId: string, raw: unknown): Promise<Outcome<AddedToAssignment>> {
  const parsed = addToAssignmentSchema.safeParse(raw);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
  // Which assignment comes first: nobody learns what else was wrong with a form for an assignment that is not theirs.
  if (errors.assignmentId || errors.form) return invalid(errors.form ? { form: errors.form } : { assignmentId: errors.assignmentId! });
  const assignmentId = (raw as { assignmentId: string }).assignmentId;
  const refused = await refusal(db, actor, "assignment.manage", { assignmentId });
  if (refused) return refused;
  if (!parsed.success) return invalid(errors);
  const { points } = parsed.data;
  const { courseId } = await db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { courseId: true } });
  const unseen = await refusal(db, actor, "problem.view", { problemId, courseId });
  if (unseen) return invalid({ form: { code: unseen.status === "not-found" ? "unknownProblem" : "problemNotVisible" } });
  try {
    return await db.$transaction(async (tx): Promise<Outcome<AddedToAssignment>> => {
      const before = await snapshot(tx, assignmentId);
      if (before.problems.some((p) => p.problemId === problemId)) return invalid({ assignmentId: { code: "duplicateProblem" } });
      if (before.problems.length >= ASSIGNMENT_PROBLEMS_MAX) return invalid({ assignmentId: { code: "tooManyProblems" } });
      const pins = await versionsToPin(tx, [{ problemId }], new Set());
      const pinError = pins.errors["problems.0.problemId"];
      if (pinError) return invalid({ form: pinError });
      const last = await tx.assignmentProblem.aggregate({ where: { assignmentId }, _max: { position: true } });
      const position = (last._max.position ?? -1) + 1;
      const row = await tx.assignmentProblem.create({
        data: { assignmentId, problemId, problemVersionId: pins.latest.get(problemId)!, position, points },
        select: { problemVersion: { select: { version: true } } },
      });
      const after = await snapshot(tx, assignmentId);
      await recordAudit(tx, { actorId: actor.id, action: "assignment.update", entityType: "Assignment", entityId: assignmentId, courseId, before, after });
      return ok({ assignmentId, title: before.title, version: row.problemVersion.version, points, position: after.problems.length });
    });
  } catch (e) {
    // Added by someone else between our read and our write.
    if (isUniqueViolation(e)) return invalid({ assignmentId: { code: "duplicateProblem" } });
    throw e;
  }
}

export type AssignmentToAddTo = { assignmentId: string; title: string; courseCode: string; hasProblem: boolean };

/**
 * What "Add to assignment" offers on a problem's page: the assignments this person may add it to
 * (those of the courses where lib/authz.ts allows them assignment.manage; archived ones left out),
 * each saying whether it already has the problem, by course code then opening time; and the points
 * the new entry defaults to (the latest version's part points).
 */
export async function addToAssignmentChoices(db: Db, actor: Actor, problemId: string): Promise<{ assignments: AssignmentToAddTo[]; points: number }> {
  const latest = await db.problemVersion.findFirst({ where: { problemId }, orderBy: { version: "desc" }, select: { content: true } });
  return { assignments: await assignmentsToAddTo(db, actor, problemId), points: defaultEntryPoints(partPointsSum(latest?.content)) };
}

async function assignmentsToAddTo(db: Db, actor: Actor, problemId: string): Promise<AssignmentToAddTo[]> {
  const courses = await db.course.findMany({
    where: coursesWhere(actor, "course.edit"),
    orderBy: { code: "asc" },
    select: {
      code: true,
      memberships: { where: { userId: actor.id }, select: { role: true } },
      assignments: {
        where: { archivedAt: null },
        orderBy: [{ opensAt: "asc" }, { title: "asc" }],
        select: { id: true, title: true, problems: { where: { problemId }, select: { id: true } } },
      },
    },
  });
  return courses
    .filter((c) => can(actor, "assignment.manage", { role: c.memberships[0]?.role ?? null, isOwner: false }))
    .flatMap((c) => c.assignments.map((a) => ({ assignmentId: a.id, title: a.title, courseCode: c.code, hasProblem: a.problems.length > 0 })));
}

export type BankChoice = {
  id: string;
  slug: string;
  title: string;
  topic: string;
  /** The latest version: what a problem added now is pinned to. */
  version: number;
  /** The owning course's code; null for the built-in bank. */
  owner: string | null;
  archived: boolean;
  /** The sum of the latest version's part points: what a new assignment entry's points default to. */
  points: number;
};

/** The sum of a stored problem file's part points (0 when the content holds none). */
export function partPointsSum(content: unknown): number {
  const parts = (content as { parts?: unknown } | null)?.parts;
  if (!Array.isArray(parts)) return 0;
  const sum = parts.reduce((n: number, p: unknown) => n + (typeof (p as { points?: unknown })?.points === "number" ? (p as { points: number }).points : 0), 0);
  return Math.round(sum * 1e6) / 1e6;
}

/**
 * The problems an assignment can use: the shared bank without archived problems, with each one's
 * latest version and owner, plus the ones the assignment already has (`keep`), archived or not.
 */
export async function bankChoices(db: Db, keep: readonly string[] = []): Promise<BankChoice[]> {
  const problems = await db.problem.findMany({
    where: { OR: [{ archivedAt: null }, { id: { in: [...keep] } }] },
    orderBy: [{ topic: "asc" }, { title: "asc" }],
    select: {
      id: true,
      slug: true,
      title: true,
      topic: true,
      archivedAt: true,
      ownerCourse: { select: { code: true } },
      versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, content: true } },
    },
  });
  return problems.map((p) => ({
    id: p.id,
    slug: p.slug,
    title: p.title,
    topic: p.topic,
    version: p.versions[0]?.version ?? 0,
    owner: p.ownerCourse?.code ?? null,
    archived: p.archivedAt !== null,
    points: partPointsSum(p.versions[0]?.content),
  }));
}

export type AssignmentFormValues = {
  title: string;
  description: string;
  /** `version`: the version the assignment is pinned to. */
  problems: { problemId: string; points: number; submissions: number; version: number }[];
  opensAt: string;
  dueAt: string;
  maxAttempts: number | null;
  latePolicy: "REFUSE" | "PENALTY" | "ACCEPT";
  latePenaltyPercent: number;
  lateUntil: string | null;
  releasePolicy: "IMMEDIATE" | "AFTER_DUE" | "NEVER";
  scoreRule: "BEST" | "LATEST";
  practice: boolean;
};

/** An assignment as its edit form shows it (times as ISO instants; the browser shows them in its zone). */
export async function assignmentFormValues(db: Db, assignmentId: string): Promise<{ courseId: string; archived: boolean; values: AssignmentFormValues }> {
  const a = await db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { ...SNAPSHOT_SELECT, courseId: true, archivedAt: true } });
  const counts = new Map(
    (await db.submission.groupBy({ by: ["problemId"], where: { assignmentId }, _count: { _all: true } })).map((c) => [c.problemId, c._count._all]),
  );
  return {
    courseId: a.courseId,
    archived: a.archivedAt !== null,
    values: {
      title: a.title,
      description: a.description,
      problems: a.problems.map((p) => ({
        problemId: p.problemId,
        points: p.points,
        submissions: counts.get(p.problemId) ?? 0,
        version: p.problemVersion.version,
      })),
      opensAt: a.opensAt.toISOString(),
      dueAt: a.dueAt.toISOString(),
      maxAttempts: a.maxAttempts,
      latePolicy: a.latePolicy,
      latePenaltyPercent: a.latePenaltyPercent,
      lateUntil: a.lateUntil?.toISOString() ?? null,
      releasePolicy: a.releasePolicy,
      scoreRule: a.scoreRule,
      practice: a.practice,
    },
  };
}
