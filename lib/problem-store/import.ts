/**
 * Problem files → database. A problem is keyed by its file id (slug); a new ProblemVersion is made
 * only when the content changed (by content hash), so submissions keep the exact version they were
 * graded against and re-importing an unchanged bank changes nothing. A problem has one owner (a
 * course, or none for the built-in bank) and only an import on the owner's behalf changes it.
 */
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { contentHash } from "@/lib/problems/content-hash";
import type { ProblemFile } from "@/lib/problems/schema";

export { canonicalJson, contentHash } from "@/lib/problems/content-hash";

export type ImportResult = { slug: string; problemId: string; versionId: string; version: number; action: "created" | "new-version" | "unchanged" };

function englishTitle(file: ProblemFile): string {
  return typeof file.title === "string" ? file.title : file.title.en;
}

export interface ImportOptions {
  /** Runs inside the import's transaction when something changed (e.g. to write the audit entry with it). */
  onChange?: (tx: Prisma.TransactionClient, result: ImportResult) => Promise<void>;
  /**
   * The course the problem belongs to; null (the default) is the built-in bank. A new problem gets
   * this owner; an existing one is changed only when it has the same owner (OwnedElsewhereError).
   */
  ownerCourseId?: string | null;
  /** For a new problem that is a copy: the version it was forked from. */
  forkedFromVersionId?: string;
  /** Only create: a problem with the file's id already there is an error (ProblemExistsError), not a new version. */
  createOnly?: boolean;
}

/** A create-only import found its id taken (by another save at the same moment): nothing was changed. */
export class ProblemExistsError extends Error {
  constructor(readonly slug: string) {
    super(`a problem with the id "${slug}" already exists`);
    this.name = "ProblemExistsError";
  }
}

/** The file's id names a problem that another course (or the built-in bank) owns: nothing was changed. */
export class OwnedElsewhereError extends Error {
  constructor(
    readonly slug: string,
    readonly ownerCourseId: string | null,
  ) {
    super(`problem "${slug}" belongs to ${ownerCourseId === null ? "the built-in bank" : `course ${ownerCourseId}`}; only its owner can change it`);
    this.name = "OwnedElsewhereError";
  }
}

/** Upserts one validated problem; one transaction, so a failure leaves nothing half-written. */
export async function importProblem(db: Db, file: ProblemFile, source: string, options: ImportOptions = {}): Promise<ImportResult> {
  const hash = contentHash(file);
  const owner = options.ownerCourseId ?? null;
  return db.$transaction(async (tx) => {
    const existing = await tx.problem.findUnique({ where: { slug: file.id }, select: { id: true, ownerCourseId: true } });
    if (existing && options.createOnly) throw new ProblemExistsError(file.id);
    // Checked here, inside the write, so that no caller can change a problem it does not own.
    if (existing && existing.ownerCourseId !== owner) throw new OwnedElsewhereError(file.id, existing.ownerCourseId);
    const problem = existing
      ? await tx.problem.update({ where: { id: existing.id }, data: { title: englishTitle(file), topic: file.topic } })
      : await tx.problem.create({
          data: { slug: file.id, title: englishTitle(file), topic: file.topic, ownerCourseId: owner, forkedFromVersionId: options.forkedFromVersionId ?? null },
        });
    // Only the latest version counts as "the same": content equal to an older version (a revert) is
    // a new version, since the latest is what students get.
    const latest = await tx.problemVersion.findFirst({
      where: { problemId: problem.id },
      orderBy: { version: "desc" },
      select: { id: true, version: true, contentHash: true },
    });
    if (latest?.contentHash === hash)
      return { slug: file.id, problemId: problem.id, versionId: latest.id, version: latest.version, action: "unchanged" as const };
    const version = (latest?.version ?? 0) + 1;
    const created = await tx.problemVersion.create({
      data: { problemId: problem.id, version, content: JSON.parse(JSON.stringify(file)) as object, source, contentHash: hash, title: englishTitle(file) },
    });
    const result: ImportResult = { slug: file.id, problemId: problem.id, versionId: created.id, version, action: existing ? "new-version" : "created" };
    await options.onChange?.(tx, result);
    return result;
  });
}
