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
