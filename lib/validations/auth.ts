import { z } from "zod";

export const EMAIL_MAX = 254;
export const PASSWORD_MAX = 200;

export const credentialsSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(EMAIL_MAX, `An email address has at most ${EMAIL_MAX} characters.`)
    .pipe(z.email("That is not an email address.")),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters.`),
});

export type Credentials = z.infer<typeof credentialsSchema>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const NEW_PASSWORD_MIN = 8;
