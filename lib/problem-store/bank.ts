/** The built-in problem bank (problems/) into the database, as `npm start` does for an empty database. */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { yamlFilesUnder } from "@/lib/problems/files";
import { loadProblem } from "@/lib/problems/load";
import { formatIssue } from "@/lib/problems/source";
import { importProblem, type ImportResult } from "./import";

export { yamlFilesUnder } from "@/lib/problems/files";

/**
 * Imports every problem file under `dir` into the built-in bank (problems owned by no course);
 * refuses, importing nothing, if any file is invalid or names a problem a course owns.
 */
export async function importBank(db: Db, dir: string): Promise<ImportResult[]> {
  const loaded = yamlFilesUnder(dir).map((file) => {
    const text = fs.readFileSync(file, "utf8");
    return { file, text, result: loadProblem(text) };
  });
  const errors = loaded.flatMap(({ file, result }) =>
    result.ok ? [] : result.issues.filter((i) => i.severity === "error").map((i) => formatIssue(path.relative(process.cwd(), file), i)),
  );
  if (errors.length) throw new Error(`the problem bank has errors; nothing was imported:\n${errors.join("\n")}`);
  const slugs = loaded.flatMap(({ result }) => (result.ok ? [result.problem.file.id] : []));
  const owned = await db.problem.findMany({ where: { slug: { in: slugs }, ownerCourseId: { not: null } }, select: { slug: true } });
  if (owned.length) throw new Error(`the problem bank names problems that courses own; nothing was imported: ${owned.map((p) => p.slug).join(", ")}`);
  const results: ImportResult[] = [];
  for (const { text, result } of loaded) {
    if (result.ok) results.push(await importProblem(db, result.problem.file, text));
  }
  return results;
}
