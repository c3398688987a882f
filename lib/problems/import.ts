/**
 * Problem files → database. A problem is keyed by its file id (slug); a new ProblemVersion is made
 * only when the content changed (by content hash), so submissions keep the exact version they were
 * graded against and re-importing an unchanged bank changes nothing.
 */
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ProblemFile } from "./schema";

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(file: ProblemFile): string {
  return crypto.createHash("sha256").update(canonicalJson(file)).digest("hex");
}

export type ImportResult = { slug: string; problemId: string; versionId: string; version: number; action: "created" | "new-version" | "unchanged" };

function englishTitle(file: ProblemFile): string {
  return typeof file.title === "string" ? file.title : file.title.en;
}

export interface ImportOptions {
  /** Runs inside the import's transaction when something changed (e.g. to write the audit entry with it). */
  onChange?: (tx: Prisma.TransactionClient, result: ImportResult) => Promise<void>;
}

/** Upserts one validated problem; one transaction, so a failure leaves nothing half-written. */
export async function importProblem(db: Db, file: ProblemFile, source: string, options: ImportOptions = {}): Promise<ImportResult> {
  const hash = contentHash(file);
  return db.$transaction(async (tx) => {
    const existing = await tx.problem.findUnique({ where: { slug: file.id }, select: { id: true } });
    const problem = existing
      ? await tx.problem.update({ where: { id: existing.id }, data: { title: englishTitle(file), topic: file.topic } })
      : await tx.problem.create({ data: { slug: file.id, title: englishTitle(file), topic: file.topic } });
    // Only the latest version counts as "the same": content equal to an older version (a revert) is
    // a new version, since the latest is what students get.
    const latest = await tx.problemVersion.findFirst({ where: { problemId: problem.id }, orderBy: { version: "desc" }, select: { id: true, version: true, contentHash: true } });
    if (latest?.contentHash === hash) return { slug: file.id, problemId: problem.id, versionId: latest.id, version: latest.version, action: "unchanged" as const };
    const version = (latest?.version ?? 0) + 1;
    const created = await tx.problemVersion.create({
      data: { problemId: problem.id, version, content: JSON.parse(JSON.stringify(file)), source, contentHash: hash },
    });
    const result: ImportResult = { slug: file.id, problemId: problem.id, versionId: created.id, version, action: existing ? "new-version" : "created" };
    await options.onChange?.(tx, result);
    return result;
  });
}
