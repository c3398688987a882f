import { z } from "zod";
import { MAX_PROBLEM_FILE_BYTES } from "@/lib/problems/load";

/** The problem file as typed or uploaded; its own validator (lib/problems) reports what is wrong inside. */
export const problemSourceSchema = z
  .string({ error: "required" })
  .refine((s) => s.trim().length > 0, "fileEmpty")
  .refine((s) => Buffer.byteLength(s, "utf8") <= MAX_PROBLEM_FILE_BYTES, "fileTooLarge");

export const previewSeedSchema = z.string({ error: "invalid" }).trim().min(1, "required").max(64, "tooLong");

export const previewInputSchema = z.object({
  source: problemSourceSchema,
  seeds: z.array(previewSeedSchema).min(1).max(2),
});

export const uploadFileNameSchema = z
  .string({ error: "invalid" })
  .max(255, "tooLong")
  .regex(/\.ya?ml$/i, "notYaml");

/** A problem file id as a person types it for a fork (blank: the suggested one). */
export const forkSlugSchema = z
  .string({ error: "invalid" })
  .trim()
  .max(80, "tooLong")
  .refine((s) => s === "" || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), "slugFormat");

export const forkInputSchema = z.object({
  slug: forkSlugSchema.default(""),
  /** Which version to copy; null or absent: the latest. */
  version: z.number({ error: "invalid" }).int("invalid").positive("invalid").nullable().default(null),
});

export const archiveInputSchema = z.object({ archived: z.boolean({ error: "invalid" }) });

/** Two versions of one problem to compare, as the compare page's address gives them (`?a=1&b=3`). */
export const compareQuerySchema = z.object({
  a: z.coerce.number({ error: "invalid" }).int().positive(),
  b: z.coerce.number({ error: "invalid" }).int().positive(),
});
