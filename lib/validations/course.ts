import { z } from "zod";

export const COURSE_CODE_MAX = 32;
export const COURSE_TITLE_MAX = 200;
export const COURSE_TERM_MAX = 100;

/** Letters, digits and . _ - inside, e.g. "DL-101"; stored in capitals so "dl-101" and "DL-101" are one code. */
const COURSE_CODE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export const courseInputSchema = z.object({
  code: z
    .string({ error: "required" })
    .trim()
    .min(1, "required")
    .max(COURSE_CODE_MAX, "tooLong")
    .regex(COURSE_CODE, "courseCodeFormat")
    .transform((s) => s.toUpperCase()),
  title: z.string({ error: "required" }).trim().min(1, "required").max(COURSE_TITLE_MAX, "tooLong"),
  term: z.string({ error: "invalid" }).trim().max(COURSE_TERM_MAX, "tooLong").default(""),
});
export type CourseInput = z.infer<typeof courseInputSchema>;

/**
 * A join code as typed: spaces, dashes and case do not matter. (Here rather than beside the code
 * generator in lib/courses/codes.ts: input schemas depend on nothing but zod, so lib/courses can use
 * them without a cycle, and they never pull node:crypto along.)
 */
export function normalizeJoinCode(input: string): string {
  return input.trim().toUpperCase().replace(/[\s-]/g, "");
}

export const joinCodeSchema = z
  .string({ error: "joinCodeUnknown" })
  .max(64, "joinCodeUnknown")
  .transform(normalizeJoinCode)
  .pipe(
    z
      .string()
      .min(1, "required")
      .regex(/^[A-Z0-9]{4,16}$/, "joinCodeUnknown"),
  );

export const joiningSchema = z.object({ open: z.boolean({ error: "invalid" }) });
