import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { addMember, changeRole, listRoster, removeMember } from "@/lib/roster/members";
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

describe("adding people", () => {
  it("adds an existing account by email (any case) with the chosen role, audited, with no password", async () => {
    const r = await addMember(t.db, actor(world.users.instructor!), course, { email: "  Student1@Chainrule.TEST ", role: "TA" });
    expect(r).toEqual({
      status: "ok",
      value: {
        userId: world.users.student1!.id,
        email: "student1@chainrule.test",
        name: "Alice Zhang",
        role: "TA",
        createdUser: false,
        temporaryPassword: null,
      },
    });
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "roster.add", courseId: course } });
    expect(entry).toMatchObject({ actorId: world.users.instructor!.id, after: { userId: world.users.student1!.id, role: "TA", createdUser: false } });
  });

  it("creates the account of a new email, with a one-time password that signs them in and is stored only hashed", async () => {
    const r = await addMember(t.db, actor(world.users.instructor!), course, { email: "new.person@uni.test", name: "New Person", role: "STUDENT" });
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    expect(r.value).toMatchObject({ createdUser: true, role: "STUDENT", name: "New Person" });
    const password = r.value.temporaryPassword!;
    expect(password).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "new.person@uni.test" } });
    expect(user.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, user.passwordHash)).toBe(true);
    expect((await listRoster(t.db, course)).find((m) => m.email === "new.person@uni.test")?.role).toBe("STUDENT");
  });

  it("needs a name for a new email, refuses members already there and bad input, creating nothing", async () => {
    const users = await t.db.user.count();
    const members = await t.db.membership.count();
    const me = actor(world.users.instructor!);
    expect(await addMember(t.db, me, course, { email: "nobody@uni.test", role: "STUDENT" })).toEqual({
      status: "invalid",
      errors: { name: { code: "nameRequiredForNew" } },
    });
    expect(await addMember(t.db, me, course, { email: "ta2@chainrule.test", role: "STUDENT" })).toEqual({
      status: "invalid",
      errors: { email: { code: "alreadyMember", values: { role: "TA" } } },
    });
    expect(await addMember(t.db, me, course, { email: "not-an-email", role: "STUDENT" })).toEqual({
      status: "invalid",
      errors: { email: { code: "emailInvalid" } },
    });
    expect(await addMember(t.db, me, course, { email: "", role: "STUDENT" })).toMatchObject({ status: "invalid", errors: { email: { code: "required" } } });
    expect(await addMember(t.db, me, course, { email: "x@uni.test", name: "n".repeat(121), role: "STUDENT" })).toMatchObject({
      status: "invalid",
      errors: { name: { code: "tooLong" } },
    });
    expect(await addMember(t.db, me, course, { email: "x@uni.test", name: "X", role: "OWNER" })).toEqual({
      status: "invalid",
      errors: { role: { code: "roleUnknown" } },
    });
    expect(await addMember(t.db, me, course, { email: 5, name: {}, role: null })).toMatchObject({ status: "invalid" });
    expect(await t.db.user.count()).toBe(users);
    expect(await t.db.membership.count()).toBe(members);
  });

  it("is for the course's instructor and site admins only", async () => {
    const input = { email: "student2@chainrule.test", role: "STUDENT" };
    expect(await addMember(t.db, actor(world.users.ta2!), course, input)).toEqual({ status: "forbidden" });
    expect(await addMember(t.db, actor(world.users.ta!), course, input)).toEqual({ status: "forbidden" });
    expect(await addMember(t.db, actor(world.users.student3!), course, input)).toEqual({ status: "forbidden" });
    expect(await addMember(t.db, actor(world.users.instructor!), "nosuchcourse1", input)).toEqual({ status: "not-found" });
    expect(await addMember(t.db, actor(world.users.admin!), course, input)).toMatchObject({ status: "ok" });
  });
});

describe("roles and removal", () => {
  it("changes a role, audited with before and after", async () => {
    const r = await changeRole(t.db, actor(world.users.instructor!), course, { userId: world.users.student1!.id, role: "STUDENT" });
    expect(r).toEqual({ status: "ok", value: { changed: true } });
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "roster.role", courseId: course } });
    expect(entry.before).toEqual({ userId: world.users.student1!.id, role: "TA" });
    expect(entry.after).toEqual({ userId: world.users.student1!.id, role: "STUDENT" });
    expect(await changeRole(t.db, actor(world.users.instructor!), course, { userId: world.users.student1!.id, role: "STUDENT" })).toEqual({
      status: "ok",
      value: { changed: false },
    });
  });

  it("never leaves the course without an instructor", async () => {
    const me = world.users.instructor!;
    expect(await changeRole(t.db, actor(me), course, { userId: me.id, role: "TA" })).toEqual({
      status: "invalid",
      errors: { role: { code: "lastInstructor" } },
    });
    expect(await removeMember(t.db, actor(me), course, { userId: me.id })).toEqual({ status: "invalid", errors: { userId: { code: "lastInstructor" } } });
    expect(await removeMember(t.db, actor(world.users.admin!), course, { userId: me.id })).toMatchObject({ status: "invalid" });
    // with a second instructor, the first may step down
    await changeRole(t.db, actor(me), course, { userId: world.users.ta2!.id, role: "INSTRUCTOR" });
    expect(await changeRole(t.db, actor(me), course, { userId: me.id, role: "TA" })).toEqual({ status: "ok", value: { changed: true } });
    expect((await listRoster(t.db, course)).filter((m) => m.role === "INSTRUCTOR").map((m) => m.email)).toEqual(["ta2@chainrule.test"]);
    // now a TA here, the old instructor may no longer manage the roster
    expect(await changeRole(t.db, actor(me), course, { userId: me.id, role: "INSTRUCTOR" })).toEqual({ status: "forbidden" });
    await changeRole(t.db, actor(world.users.ta2!), course, { userId: me.id, role: "INSTRUCTOR" });
  });

  it("removes a member (their account stays), audited; unknown members and bad ids change nothing", async () => {
    const me = actor(world.users.instructor!);
    const person = await t.db.user.findUniqueOrThrow({ where: { email: "new.person@uni.test" } });
    expect(await removeMember(t.db, me, course, { userId: person.id })).toEqual({ status: "ok", value: { removed: true } });
    expect(await t.db.user.count({ where: { id: person.id } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: "roster.remove", courseId: course, entityType: "Membership" } })).toBe(1);
    expect(await removeMember(t.db, me, course, { userId: person.id })).toEqual({ status: "not-found" });
    expect(await removeMember(t.db, me, course, { userId: "../../x" })).toEqual({ status: "invalid", errors: { userId: { code: "invalid" } } });
    expect(await changeRole(t.db, me, course, { userId: world.users.student3!.id, role: "TA" })).toEqual({ status: "not-found" });
    expect(await removeMember(t.db, actor(world.users.ta!), world.courses["DL-101"]!.id, { userId: world.users.student3!.id })).toEqual({
      status: "forbidden",
    });
  });
});
