/**
 * How precisely a part's numbers must be given, and how that is said to the student before they
 * submit. A part's own `tolerance` wins; otherwise the problem's `decimals` (e.g. 2, for a figure whose
 * numbers are printed to two places); otherwise 4 significant figures.
 */
import { type Locale, type Tolerance, describePrecision } from "@/lib/grading";
import type { PartSpec, ProblemFile } from "./schema";

export const DEFAULT_PART_TOLERANCE: Tolerance = Object.freeze({ mode: "sigfigs", digits: 4 });

/** The tolerance numbers of this part are graded with (null for parts that have no numbers). */
export function partTolerance(file: Pick<ProblemFile, "decimals">, part: PartSpec): Tolerance | null {
  if (part.kind === "expression" || part.kind === "graph-construction") return null;
  if (part.tolerance) return part.tolerance;
  if (file.decimals !== undefined) return { mode: "decimals", places: file.decimals };
  return DEFAULT_PART_TOLERANCE;
}

/** "Give at least 4 significant figures." in the student's language, or null for parts without numbers. */
export function precisionText(file: Pick<ProblemFile, "decimals">, part: PartSpec, locale: Locale): string | null {
  const tol = partTolerance(file, part);
  return tol === null ? null : describePrecision(tol, locale);
}
