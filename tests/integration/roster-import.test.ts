import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { parseCsv } from "@/lib/csv";
import { applyRosterImport, previewRosterImport } from "@/lib/roster/import";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
let course: string;
const actor = (u: { id: string; isSiteAdmin: boolean }) => ({ id: u.id, isSiteAdmin: u.isSiteAdmin });

beforeAll(async () => {
  t = await freshDatabase();
  world = await demoWorld(t.db);
  course = world.courses["DL-201"]!.id;
});
afterAll(() => t.dispose());

describe("reading CSV", () => {
  it("handles quotes, doubled quotes, line breaks inside quotes, CRLF, a BOM and blank lines, keeping each record's line", () => {
    const text = '\uFEFFemail,name,role\r\n"a@x.test","Li, Ming",student\r\n\r\nb@x.test,"He said ""hi""\nand left",TA\nc@x.test,C,';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ["email", "name", "role"] },
      { line: 2, cells: ["a@x.test", "Li, Ming", "student"] },
      { line: 4, cells: ["b@x.test", 'He said "hi"\nand left', "TA"] },
      { line: 6, cells: ["c@x.test", "C", ""] },
    ]);
  });
});

const FILE = [
  "Email,Name,Role",
  "student1@chainrule.test,Alice Zhang,student", // existing account, not in DL-201: add
  "fresh.one@uni.test,Fresh One,", // new: create (blank role = student)
  "ta2@chainrule.test,Zhou Min,TA", // already TA: unchanged
  "fresh.two@uni.test,Fresh Two,Instructor", // new instructor
].join("\n");

describe("previewing a roster file", () => {
  it("gives every row its outcome", async () => {
    const r = await previewRosterImport(t.db, actor(world.users.instructor!), course, { text: FILE });
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    expect(r.value.fileErrors).toEqual([]);
    expect(r.value.rows.map((row) => [row.line, row.email, row.role, row.action])).toEqual([
      [2, "student1@chainrule.test", "STUDENT", "add"],
      [3, "fresh.one@uni.test", "STUDENT", "create"],
      [4, "ta2@chainrule.test", "TA", "unchanged"],
      [5, "fresh.two@uni.test", "INSTRUCTOR", "create"],
    ]);
    expect(r.value.counts).toEqual({ create: 2, add: 1, "change-role": 0, unchanged: 1 });
    expect(r.value.errorRows).toBe(0);
  });

  it("lists each row's errors with its line number", async () => {
    const text = [
      "email,name,role",
      "fine@uni.test,Fine,student",
      "not-an-email,Someone,student",
      "nameless@uni.test,,student",
      "fine@uni.test,Fine Again,student",
      "odd@uni.test,Odd,professor",
      "ta2@chainrule.test,Zhou Min,student",
    ].join("\n");
    const r = await previewRosterImport(t.db, actor(world.users.instructor!), course, { text });
    if (r.status !== "ok") throw new Error(r.status);
    const errors = Object.fromEntries(r.value.rows.map((row) => [row.line, row.errors.map((e) => [e.field, e.code, e.values ?? null])]));
    expect(errors).toEqual({
      2: [],
      3: [["email", "emailInvalid", null]],
      4: [["name", "nameRequiredForNew", null]],
      5: [["email", "duplicateEmail", { line: 2 }]],
      6: [["role", "roleUnknownNamed", { role: "professor" }]],
      7: [],
    });
    expect(r.value.rows.find((row) => row.line === 7)).toMatchObject({ action: "change-role", currentRole: "TA", role: "STUDENT" });
    expect(r.value.errorRows).toBe(4);
  });

  it("reads a file without a header as email, name, role and flags extra columns", async () => {
    const r = await previewRosterImport(t.db, actor(world.users.instructor!), course, { text: "x1@uni.test,X One,ta\nx2@uni.test,X Two,student,extra" });
    if (r.status !== "ok") throw new Error(r.status);
    expect(r.value.rows.map((row) => [row.line, row.action, row.errors.map((e) => e.code)])).toEqual([
      [1, "create", []],
      [2, null, ["tooManyColumns"]],
    ]);
  });

  it("refuses a file that would leave the course without an instructor", async () => {
    const r = await previewRosterImport(t.db, actor(world.users.instructor!), course, { text: "email,role\ninstructor@chainrule.test,ta" });
    if (r.status !== "ok") throw new Error(r.status);
    expect(r.value.rows[0]!.errors).toEqual([{ field: "role", code: "lastInstructor" }]);
  });

  it("reports empty and oversized files, and refuses TAs and other courses' staff", async () => {
    const me = actor(world.users.instructor!);
    expect(await previewRosterImport(t.db, me, course, { text: "  \n" })).toEqual({ status: "invalid", errors: { text: { code: "fileEmpty" } } });
    expect(await previewRosterImport(t.db, me, course, { text: "x".repeat(300_000) })).toMatchObject({
      status: "invalid",
      errors: { text: { code: "fileTooLarge" } },
    });
    expect(await previewRosterImport(t.db, me, course, { text: 42 })).toMatchObject({ status: "invalid" });
    const onlyHeader = await previewRosterImport(t.db, me, course, { text: "email,name,role\n" });
    expect(onlyHeader.status === "ok" && onlyHeader.value.fileErrors).toEqual([{ code: "fileEmpty" }]);
    const many = await previewRosterImport(t.db, me, course, { text: Array.from({ length: 501 }, (_, i) => `p${i}@uni.test,P ${i},student`).join("\n") });
    expect(many.status === "ok" && many.value.fileErrors).toEqual([{ code: "tooManyRows", values: { max: 500 } }]);
    expect(await previewRosterImport(t.db, actor(world.users.ta2!), course, { text: FILE })).toEqual({ status: "forbidden" });
    expect(await previewRosterImport(t.db, actor(world.users.ta!), world.courses["DL-101"]!.id, { text: FILE })).toEqual({ status: "forbidden" });
  });
});

describe("applying a roster file", () => {
  it("applies nothing at all when any row has an error", async () => {
    const users = await t.db.user.count();
    const members = await t.db.membership.count();
    const audits = await t.db.auditLog.count();
    const text = `${FILE}\nbroken-email,Broken,student`;
    const r = await applyRosterImport(t.db, actor(world.users.instructor!), course, { text });
    expect(r.status).toBe("rejected");
    if (r.status === "rejected") expect(r.preview.rows.at(-1)).toMatchObject({ line: 6, errors: [{ field: "email", code: "emailInvalid" }] });
    expect([await t.db.user.count(), await t.db.membership.count(), await t.db.auditLog.count()]).toEqual([users, members, audits]);
  });

  it("applies every row in one go, with one-time passwords for the new accounts and an audit entry per change", async () => {
    const r = await applyRosterImport(t.db, actor(world.users.instructor!), course, { text: FILE });
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    expect(r.value.counts).toEqual({ create: 2, add: 1, "change-role": 0, unchanged: 1 });
    expect(r.value.created.map((c) => c.email)).toEqual(["fresh.one@uni.test", "fresh.two@uni.test"]);
    const two = await t.db.user.findUniqueOrThrow({ where: { email: "fresh.two@uni.test" }, include: { memberships: true } });
    expect(two.memberships).toEqual([expect.objectContaining({ courseId: course, role: "INSTRUCTOR" })]);
    expect(await verifyPassword(r.value.created[1]!.temporaryPassword, two.passwordHash)).toBe(true);
    const audit = await t.db.auditLog.findMany({ where: { courseId: course, action: "roster.add" } });
    expect(audit.map((a) => (a.after as { line: number }).line).sort()).toEqual([2, 3, 5]);
    // the same file again changes nothing
    const again = await applyRosterImport(t.db, actor(world.users.instructor!), course, { text: FILE });
    expect(again).toMatchObject({ status: "ok", value: { counts: { create: 0, add: 0, "change-role": 0, unchanged: 4 }, created: [] } });
  });
});
