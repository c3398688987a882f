/**
 * Accounts an operator manages from the command line, and the demo data's place in a deployment.
 *
 * Demo data (the DL-101 course and its accounts, whose passwords the README publishes) is for the local
 * quick start. A production deployment says so: `CHAINRULE_DEMO=0`, or `NODE_ENV=production` with a
 * PostgreSQL URL, which defaults to no demo. Without demo data the first administrator is made by
 * `npm run -s cli -- admin create`, and the server does not start while a demo account still has its
 * published password.
 */
import { recordAudit } from "@/lib/audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import { NEW_PASSWORD_MIN, PASSWORD_MAX } from "@/lib/validations/auth";
import { NAME_MAX, emailField } from "@/lib/validations/roster";
import { DEMO_ACCOUNTS } from "./seed";

export interface DemoSetting {
  readonly demo: boolean;
  /** Why, in words, for the start log. */
  readonly because: string;
}

/** Whether `npm start` seeds the demo course, from CHAINRULE_DEMO, NODE_ENV and the database URL. */
export function demoSetting(env: Readonly<Record<string, string | undefined>>, databaseUrl: string): DemoSetting {
  const raw = env.CHAINRULE_DEMO?.trim();
  if (raw !== undefined && raw !== "") {
    if (raw === "1" || raw === "true") return { demo: true, because: "CHAINRULE_DEMO=1" };
    if (raw === "0" || raw === "false") return { demo: false, because: "CHAINRULE_DEMO=0" };
    throw new Error(`CHAINRULE_DEMO must be 1 (seed the demo course and its accounts) or 0 (no demo data), got "${raw}"`);
  }
  if (env.NODE_ENV === "production" && /^postgres(ql)?:/i.test(databaseUrl)) {
    return { demo: false, because: "NODE_ENV=production with a PostgreSQL database; set CHAINRULE_DEMO=1 to seed the demo anyway" };
  }
  return { demo: true, because: "the default for a local start; set CHAINRULE_DEMO=0 for a deployment" };
}

/** The demo accounts that exist and still have their published password (every one is a way in). */
export async function demoAccountsWithPublishedPasswords(db: Db): Promise<string[]> {
  const emails = DEMO_ACCOUNTS.map((a) => a.email);
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { email: true, passwordHash: true } });
  const open: string[] = [];
  for (const u of users) {
    const published = DEMO_ACCOUNTS.find((a) => a.email === u.email)!.password;
    if (await verifyPassword(published, u.passwordHash)) open.push(u.email);
  }
  return open.sort();
}

/** What stops a deployment without demo data from starting, or null. */
export async function demoPasswordProblem(db: Db): Promise<string | null> {
  const open = await demoAccountsWithPublishedPasswords(db);
  if (open.length === 0) return null;
  return (
    `refusing to start without demo data (CHAINRULE_DEMO=0 or production) while ${open.length === 1 ? "a demo account has" : `${open.length} demo accounts have`} ` +
    `the password the README publishes: ${open.join(", ")}. Give each a new password with \`npm run -s cli -- admin password --email EMAIL\` ` +
    `(or delete the demo course's accounts), or set CHAINRULE_DEMO=1 if this is a local demo.`
  );
}

/** A new password as an operator typed it: one line, its newline removed, within the length rules. */
export function checkNewPassword(text: string): string {
  const password = text.replace(/\r?\n$/, "");
  if (password.includes("\n")) throw new Error("the password must be one line (standard input held more than one)");
  if (password.length < NEW_PASSWORD_MIN) throw new Error(`the password must have at least ${NEW_PASSWORD_MIN} characters (it has ${password.length})`);
  if (password.length > PASSWORD_MAX) throw new Error(`the password must have at most ${PASSWORD_MAX} characters (it has ${password.length})`);
  if (DEMO_ACCOUNTS.some((a) => a.password === password)) throw new Error("that is one of the demo passwords the README publishes: choose another");
  return password;
}

export function checkEmail(text: string): string {
  const parsed = emailField.safeParse(text);
  if (!parsed.success) throw new Error(`--email: "${text}" is not an email address`);
  return parsed.data;
}

export function checkName(text: string): string {
  const name = text.trim();
  if (name === "") throw new Error("--name must not be empty");
  if (name.length > NAME_MAX) throw new Error(`--name has ${name.length} characters, more than ${NAME_MAX}`);
  return name;
}

/** Creates a site administrator; an existing email is an error (nothing changes). Audited as `user.createAdmin`. */
export async function createSiteAdmin(db: Db, input: { email: string; name: string; password: string }): Promise<{ id: string }> {
  const hash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw new Error(`an account with the email ${input.email} already exists (to give it a new password: admin password --email ${input.email})`);
    }
    const user = await tx.user.create({ data: { email: input.email, name: input.name, isSiteAdmin: true, passwordHash: hash }, select: { id: true } });
    await recordAudit(tx, {
      actorId: null,
      action: "user.createAdmin",
      entityType: "user",
      entityId: user.id,
      after: { email: input.email, isSiteAdmin: true, via: "cli" },
    });
    return user;
  });
}

/** Gives an account a new password and ends its sessions; an unknown email is an error. Audited as `user.setPassword`. */
export async function setPassword(db: Db, email: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) throw new Error(`no account has the email ${email}`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash: hash, mustChangePassword: false, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { actorId: null, action: "user.setPassword", entityType: "user", entityId: user.id, after: { email, via: "cli" } });
  });
}
