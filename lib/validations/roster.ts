import { z } from "zod";
import { COURSE_ROLES } from "@/lib/authz";
import { EMAIL_MAX, normalizeEmail } from "./auth";
import { userIdSchema } from "./ids";

export const NAME_MAX = 120;
/** A roster file: at most this many bytes and rows (each new person's password is hashed, ~70 ms each). */
export const ROSTER_CSV_MAX_BYTES = 256 * 1024;
export const ROSTER_CSV_MAX_ROWS = 500;

export const emailField = z
  .string({ error: "required" })
  .trim()
  .min(1, "required")
  .max(EMAIL_MAX, "tooLong")
  .pipe(z.email("emailInvalid"))
  .transform(normalizeEmail);

export const roleField = z.enum(COURSE_ROLES, { error: "roleUnknown" });

export const addMemberSchema = z.object({
  email: emailField,
  /** Needed only when the email is new (a user is created with this name). */
  name: z.string({ error: "invalid" }).trim().max(NAME_MAX, "tooLong").default(""),
  role: roleField,
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const changeRoleSchema = z.object({ userId: userIdSchema, role: roleField });
export const removeMemberSchema = z.object({ userId: userIdSchema });

export const rosterCsvSchema = z.object({
  text: z
    .string({ error: "required" })
    .refine((s) => Buffer.byteLength(s, "utf8") <= ROSTER_CSV_MAX_BYTES, "fileTooLarge")
    .refine((s) => s.trim().length > 0, "fileEmpty"),
});
