/**
 * Importing a roster file (email, name, role): first a preview that gives every row its outcome or
 * its errors (with the file's line numbers), then, only on confirmation, all of it in one
 * transaction or nothing. The apply step checks the file again against the roster as it is then.
 */
import { hashPassword } from "@/lib/auth/password";
import type { Actor, CourseRole } from "@/lib/authz";
import { recordAudit, type DbOrTx } from "@/lib/audit";
import { refusal } from "@/lib/courses/access";
import type { Db } from "@/lib/db/client";
import { fieldErrorsOf, invalid, ok, type FieldError, type Outcome } from "@/lib/validations/form-result";
import { emailField, NAME_MAX, ROSTER_CSV_MAX_ROWS, rosterCsvSchema } from "@/lib/validations/roster";
import { parseCsv, type CsvRecord } from "@/lib/csv";
import { newTemporaryPassword } from "./temporary-password";

export type RowAction = "create" | "add" | "change-role" | "unchanged";
export type RowError = FieldError & { field: "email" | "name" | "role" | "row" };

export interface RowPreview {
  line: number;
  email: string;
  name: string;
  role: CourseRole | null;
  /** What applying would do; null when the row has errors. */
  action: RowAction | null;
  /** The person's role in the course now, and their name when they already have an account. */
  currentRole: CourseRole | null;
  existingName: string | null;
  errors: RowError[];
}

export interface ImportPreview {
  rows: RowPreview[];
  /** Problems with the file as a whole (empty, too many rows, a header without an email column). */
  fileErrors: FieldError[];
  counts: Record<RowAction, number>;
  errorRows: number;
}

const ROLE_WORDS: Record<string, CourseRole> = {
  student: "STUDENT",
  ta: "TA",
  "teaching assistant": "TA",
  instructor: "INSTRUCTOR",
  teacher: "INSTRUCTOR",
  学生: "STUDENT",
  助教: "TA",
  教师: "INSTRUCTOR",
};

const HEADER_WORDS: Record<string, "email" | "name" | "role"> = {
  email: "email",
  "e-mail": "email",
  "email address": "email",
  邮箱: "email",
  name: "name",
  "full name": "name",
  姓名: "name",
  role: "role",
  角色: "role",
};

type RawRow = { line: number; email: string; name: string; role: string; extra: boolean };

/** Rows as written: with a header row, columns by their names (others ignored); without, email, name, role in that order. */
function rawRows(records: CsvRecord[]): { rows: RawRow[]; fileErrors: FieldError[] } {
  if (records.length === 0) return { rows: [], fileErrors: [{ code: "fileEmpty" }] };
  const head = records[0]!.cells.map((c) => HEADER_WORDS[c.trim().toLowerCase()] ?? null);
  const hasHeader = head.includes("email") || (head.includes("name") && head.includes("role"));
  if (hasHeader && !head.includes("email")) return { rows: [], fileErrors: [{ code: "headerNoEmail" }] };
  const body = hasHeader ? records.slice(1) : records;
  if (body.length === 0) return { rows: [], fileErrors: [{ code: "fileEmpty" }] };
  if (body.length > ROSTER_CSV_MAX_ROWS) return { rows: [], fileErrors: [{ code: "tooManyRows", values: { max: ROSTER_CSV_MAX_ROWS } }] };
  const column = (name: "email" | "name" | "role", position: number) => (hasHeader ? head.indexOf(name) : position);
  const [e, n, r] = [column("email", 0), column("name", 1), column("role", 2)];
  const rows = body.map(({ line, cells }) => ({
    line,
    email: e >= 0 ? (cells[e] ?? "").trim() : "",
    name: n >= 0 ? (cells[n] ?? "").trim() : "",
    role: r >= 0 ? (cells[r] ?? "").trim() : "",
    extra: !hasHeader && cells.length > 3,
  }));
  return { rows, fileErrors: [] };
}

/** What the file would do to the course's roster as it is now (read through `db`, which may be a transaction). */
export async function previewRoster(db: DbOrTx, courseId: string, text: string): Promise<ImportPreview> {
  const { rows: raw, fileErrors } = rawRows(parseCsv(text));
  const emails = raw.map((r) => emailField.safeParse(r.email));
  const known = emails.flatMap((p) => (p.success ? [p.data] : []));
  const users = new Map((await db.user.findMany({ where: { email: { in: known } }, select: { id: true, email: true, name: true } })).map((u) => [u.email, u]));
  const members = new Map((await db.membership.findMany({ where: { courseId }, select: { userId: true, role: true } })).map((m) => [m.userId, m.role]));
  const firstLine = new Map<string, number>();

  const rows: RowPreview[] = raw.map((r, i) => {
    const errors: RowError[] = [];
    const parsedEmail = emails[i]!;
    const email = parsedEmail.success ? parsedEmail.data : r.email;
    if (!parsedEmail.success) errors.push({ field: "email", ...Object.values(fieldErrorsOf(parsedEmail.error.issues))[0]! });
    if (r.extra) errors.push({ field: "row", code: "tooManyColumns" });
    const role = r.role === "" ? "STUDENT" : (ROLE_WORDS[r.role.toLowerCase()] ?? null);
    if (!role) errors.push({ field: "role", code: "roleUnknownNamed", values: { role: r.role.slice(0, 40) } });
    if (r.name.length > NAME_MAX) errors.push({ field: "name", code: "tooLong", values: { max: NAME_MAX } });
    const user = parsedEmail.success ? users.get(email) : undefined;
    if (parsedEmail.success && !user && r.name === "") errors.push({ field: "name", code: "nameRequiredForNew" });
    if (parsedEmail.success) {
      const first = firstLine.get(email);
      if (first !== undefined) errors.push({ field: "email", code: "duplicateEmail", values: { line: first } });
      else firstLine.set(email, r.line);
    }
    const currentRole = user ? (members.get(user.id) ?? null) : null;
    const action: RowAction | null = errors.length
      ? null
      : !user
        ? "create"
        : currentRole === null
          ? "add"
          : currentRole === role
            ? "unchanged"
            : "change-role";
    return { line: r.line, email, name: r.name, role, action, currentRole, existingName: user?.name ?? null, errors };
  });

  // The file may not leave the course without an instructor.
  const demoted = rows.filter((r) => r.action === "change-role" && r.currentRole === "INSTRUCTOR");
  if (demoted.length) {
    const instructorsNow = [...members.values()].filter((role) => role === "INSTRUCTOR").length;
    const promoted = rows.filter((r) => r.action !== null && r.action !== "unchanged" && r.role === "INSTRUCTOR").length;
    if (instructorsNow - demoted.length + promoted < 1) {
      for (const r of demoted) {
        r.errors.push({ field: "role", code: "lastInstructor" });
        r.action = null;
      }
    }
  }

  const counts: Record<RowAction, number> = { create: 0, add: 0, "change-role": 0, unchanged: 0 };
  for (const r of rows) if (r.action) counts[r.action]++;
  return { rows, fileErrors, counts, errorRows: rows.filter((r) => r.errors.length).length };
}

export async function previewRosterImport(db: Db, actor: Actor, courseId: string, input: unknown): Promise<Outcome<ImportPreview>> {
  const refused = await refusal(db, actor, "roster.manage", { courseId });
  if (refused) return refused;
  const parsed = rosterCsvSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  return ok(await previewRoster(db, courseId, parsed.data.text));
}

export type Applied = {
  counts: Record<RowAction, number>;
  /** The people whose accounts were made, each with the one-time password to pass on (shown once, never stored in clear). */
  created: { email: string; name: string; temporaryPassword: string }[];
};

export type ApplyOutcome = Outcome<Applied> | { status: "rejected"; preview: ImportPreview };

/** Applies the whole file or nothing: refused when any row has an error or the roster changed since it was read. */
export async function applyRosterImport(db: Db, actor: Actor, courseId: string, input: unknown): Promise<ApplyOutcome> {
  const previewed = await previewRosterImport(db, actor, courseId, input);
  if (previewed.status !== "ok") return previewed;
  const first = previewed.value;
  if (first.fileErrors.length || first.errorRows) return { status: "rejected", preview: first };
  const text = (input as { text: string }).text;
  // Hashing is slow (by design): done before the transaction so the database is locked only briefly.
  const passwords = new Map<string, { temporaryPassword: string; hash: string }>();
  for (const r of first.rows) {
    if (r.action !== "create") continue;
    const temporaryPassword = newTemporaryPassword();
    passwords.set(r.email, { temporaryPassword, hash: await hashPassword(temporaryPassword) });
  }
  return db.$transaction(async (tx): Promise<ApplyOutcome> => {
    const preview = await previewRoster(tx, courseId, text);
    const same = preview.rows.every((r, i) => r.action === first.rows[i]!.action) && !preview.errorRows;
    if (!same) return { status: "rejected", preview };
    const created: Applied["created"] = [];
    for (const r of preview.rows) {
      if (r.action === "unchanged" || r.action === null || r.role === null) continue;
      let userId: string;
      if (r.action === "create") {
        const p = passwords.get(r.email)!;
        userId = (await tx.user.create({ data: { email: r.email, name: r.name, passwordHash: p.hash, mustChangePassword: true }, select: { id: true } })).id;
        created.push({ email: r.email, name: r.name, temporaryPassword: p.temporaryPassword });
      } else {
        userId = (await tx.user.findUniqueOrThrow({ where: { email: r.email }, select: { id: true } })).id;
      }
      if (r.action === "change-role") {
        const m = await tx.membership.update({ where: { userId_courseId: { userId, courseId } }, data: { role: r.role } });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "roster.role",
          entityType: "Membership",
          entityId: m.id,
          courseId,
          before: { userId, role: r.currentRole },
          after: { userId, role: r.role, via: "csv", line: r.line },
        });
      } else {
        const m = await tx.membership.create({ data: { userId, courseId, role: r.role } });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "roster.add",
          entityType: "Membership",
          entityId: m.id,
          courseId,
          after: { userId, email: r.email, role: r.role, createdUser: r.action === "create", via: "csv", line: r.line },
        });
      }
    }
    return ok({ counts: preview.counts, created });
  });
}
