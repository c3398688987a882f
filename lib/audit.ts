/**
 * The audit log: every change staff make (an override, a regrade, a roster change, a new problem
 * version...) is recorded with who, what, when, and the state before and after.
 */
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A database client or an open transaction: audit entries are written inside the change's own transaction. */
export type DbOrTx = Db | Prisma.TransactionClient;

export interface AuditEntry {
  actorId: string | null;
  /** What was done, e.g. "submission.override", "roster.add", "problem.save". */
  action: string;
  entityType: string;
  entityId: string;
  courseId?: string | null;
  before?: unknown;
  after?: unknown;
}

function json(v: unknown): Prisma.InputJsonValue | undefined {
  return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue);
}

export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      courseId: entry.courseId ?? null,
      before: json(entry.before),
      after: json(entry.after),
    },
  });
}
