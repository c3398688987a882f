/**
 * Creating and editing assignments: their problems (from the shared bank) with points and order,
 * times, attempts, late policy, release policy, score rule and practice mode. A problem that already
 * has submissions in the assignment cannot be taken out of it (its students' work would lose its
 * place); every change is audited with the assignment before and after.
 */
import type { Actor } from "@/lib/authz";
import { recordAudit, type DbOrTx } from "@/lib/audit";
import { refusal } from "@/lib/courses/access";
import { RULES_SELECT } from "@/lib/assignments/rules";
import type { Db } from "@/lib/db/client";
import { assignmentInputSchema, type AssignmentInput } from "@/lib/validations/assignment";
import { fieldErrorsOf, invalid, ok, type FieldErrors, type Outcome } from "@/lib/validations/form-result";

const SNAPSHOT_SELECT = {
  ...RULES_SELECT,
  title: true,
  description: true,
  scoreRule: true,
  practice: true,
  problems: { orderBy: { position: "asc" }, select: { problemId: true, points: true } },
} as const;

async function snapshot(db: DbOrTx, assignmentId: string) {
  return db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: SNAPSHOT_SELECT });
}

/** Problems the input names that are not in the bank, as field errors. */
async function unknownProblems(db: Db, input: AssignmentInput): Promise<FieldErrors> {
  const found = new Set(
    (await db.problem.findMany({ where: { id: { in: input.problems.map((p) => p.problemId) } }, select: { id: true } })).map((p) => p.id),
  );
  const errors: FieldErrors = {};
  input.problems.forEach((p, i) => {
    if (!found.has(p.problemId)) errors[`problems.${i}.problemId`] = { code: "unknownProblem" };
  });
  return errors;
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
  const unknown = await unknownProblems(db, input);
  if (Object.keys(unknown).length) return invalid(unknown);
  const id = await db.$transaction(async (tx) => {
    const created = await tx.assignment.create({
      data: { courseId, ...fields(input), problems: { create: input.problems.map((p, position) => ({ problemId: p.problemId, points: p.points, position })) } },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: "assignment.create", entityType: "Assignment", entityId: created.id, courseId, after: await snapshot(tx, created.id) });
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
  const unknown = await unknownProblems(db, input);
  if (Object.keys(unknown).length) return invalid(unknown);
  return db.$transaction(async (tx): Promise<Outcome<{ changed: boolean }>> => {
    const before = await snapshot(tx, assignmentId);
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
      else await tx.assignmentProblem.create({ data: { assignmentId, problemId: p.problemId, position, points: p.points } });
    }
    const after = await snapshot(tx, assignmentId);
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    if (changed) await recordAudit(tx, { actorId: actor.id, action: "assignment.update", entityType: "Assignment", entityId: assignmentId, courseId, before, after });
    return ok({ changed });
  });
}

/** The problems an assignment can use: the whole shared bank, with each one's latest version. */
export async function bankChoices(db: Db) {
  const problems = await db.problem.findMany({
    orderBy: [{ topic: "asc" }, { title: "asc" }],
    select: { id: true, slug: true, title: true, topic: true, versions: { orderBy: { version: "desc" }, take: 1, select: { version: true } } },
  });
  return problems.map((p) => ({ id: p.id, slug: p.slug, title: p.title, topic: p.topic, version: p.versions[0]?.version ?? 0 }));
}

export type AssignmentFormValues = {
  title: string;
  description: string;
  problems: { problemId: string; points: number; submissions: number }[];
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
export async function assignmentFormValues(db: Db, assignmentId: string): Promise<{ courseId: string; values: AssignmentFormValues }> {
  const a = await db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { ...SNAPSHOT_SELECT, courseId: true } });
  const counts = new Map(
    (await db.submission.groupBy({ by: ["problemId"], where: { assignmentId }, _count: { _all: true } })).map((c) => [c.problemId, c._count._all]),
  );
  return {
    courseId: a.courseId,
    values: {
      title: a.title,
      description: a.description,
      problems: a.problems.map((p) => ({ problemId: p.problemId, points: p.points, submissions: counts.get(p.problemId) ?? 0 })),
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
