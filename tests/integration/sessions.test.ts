/**
 * Revocable sessions, through next-auth's own handler with this app's options:
 * a cookie copied before sign-out, a password change or an admin's revoke no longer opens a
 * session, neither at next-auth's session endpoint nor where the app resolves the user.
 */
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAccounts, revokeSessionsOf } from "@/lib/accounts/admin";
import { changePassword } from "@/lib/auth/change-password";
import { authOptionsWith } from "@/lib/auth/options";
import { authSecret } from "@/lib/auth/secret";
import { claimsFor, SESSION_MAX_AGE_SECONDS, sessionCookie, sessionCookieName } from "@/lib/auth/session-cookie";
import { userOfSession } from "@/lib/auth/sessions";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";
import { sessionOf, sessionToken, signInWith, signOutWith, type Jar } from "../setup/auth-flow";

process.env.NEXTAUTH_URL ??= "http://localhost:3000";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
let options: ReturnType<typeof authOptionsWith>;
beforeAll(async () => {
  t = await freshDatabase();
  world = await demoWorld(t.db);
  options = authOptionsWith(() => t.db);
});
afterAll(() => t.dispose());

const copy = (jar: Jar): Jar => ({ ...jar });

/** What getCurrentUser would answer for this cookie jar (lib/session.ts: the session, then userOfSession). */
async function currentUser(jar: Jar) {
  return userOfSession(t.db, await sessionOf(options, copy(jar)));
}

async function versionOf(email: string) {
  return (await t.db.user.findUniqueOrThrow({ where: { email }, select: { sessionVersion: true } })).sessionVersion;
}

describe("the session token", () => {
  it("carries the user's session version and lasts 12 hours", async () => {
    const jar = await signInWith(options, "student1@chainrule.test", "student-pass");
    const token = await decode({ token: sessionToken(jar)!, secret: authSecret() });
    expect(token).toMatchObject({ uid: world.users.student1!.id, sv: 0, email: "student1@chainrule.test" });
    expect((token!.exp as number) - (token!.iat as number)).toBe(12 * 60 * 60);
    expect(SESSION_MAX_AGE_SECONDS).toBe(12 * 60 * 60);
    expect((await currentUser(jar))?.email).toBe("student1@chainrule.test");
  });

  it("refuses a token without a session version (issued before versions existed) and a wrong one", async () => {
    const legacy = await sessionCookie({ name: "Alice Zhang", email: "student1@chainrule.test", sub: world.users.student1!.id, uid: world.users.student1!.id });
    const jar = { [legacy.name]: legacy.value };
    expect(await sessionOf(options, jar)).toBeNull();
    expect(jar[legacy.name]).toBeUndefined(); // next-auth cleared the cookie
    const future = await sessionCookie(claimsFor({ ...world.users.student1!, sessionVersion: 7 }));
    expect(await sessionOf(options, { [future.name]: future.value })).toBeNull();
    expect(await userOfSession(t.db, { user: { id: world.users.student1!.id, sessionVersion: 7 } })).toBeNull();
    expect(await userOfSession(t.db, { user: { id: world.users.student1!.id } })).toBeNull();
  });
});

describe("signing out ends every session of the user", () => {
  it("a cookie copied before sign-out no longer opens a session, nor does the user's other browser", async () => {
    const email = "student2@chainrule.test";
    const laptop = await signInWith(options, email, "student-pass");
    const phone = await signInWith(options, email, "student-pass");
    const copied = copy(laptop);
    expect((await currentUser(copied))?.email).toBe(email);
    expect((await currentUser(phone))?.email).toBe(email);
    const before = await versionOf(email);

    await signOutWith(options, laptop);
    expect(sessionToken(laptop)).toBeUndefined();
    expect(await versionOf(email)).toBe(before + 1);
    expect(await sessionOf(options, copy(copied))).toBeNull();
    expect(await currentUser(copied)).toBeNull();
    expect(await currentUser(phone)).toBeNull();

    // Signing in again works, and the old copy cannot sign the new session out.
    const again = await signInWith(options, email, "student-pass");
    expect((await currentUser(again))?.email).toBe(email);
    await signOutWith(options, copy(copied));
    expect(await versionOf(email)).toBe(before + 1);
    expect((await currentUser(again))?.email).toBe(email);
  });
});

describe("changing the password ends the other sessions", () => {
  it("old cookies stop working and the session that changed it continues with a fresh token", async () => {
    const email = "student3@chainrule.test";
    const here = await signInWith(options, email, "student-pass");
    const elsewhere = await signInWith(options, email, "student-pass");
    const user = world.users.student3!;

    const r = await changePassword(t.db, user.id, { current: "student-pass", next: "a-new-password", confirm: "a-new-password" });
    expect(r).toMatchObject({ ok: true, sessionVersion: 1 });
    expect(await currentUser(here)).toBeNull();
    expect(await currentUser(elsewhere)).toBeNull();

    // What the password page's action sets as the continuing session's cookie.
    const fresh = await sessionCookie(claimsFor({ ...user, sessionVersion: r.ok ? r.sessionVersion : -1 }));
    expect(fresh.name).toBe(sessionCookieName(false));
    expect((await currentUser({ [fresh.name]: fresh.value }))?.email).toBe(email);

    // A refused change (wrong current password) ends nothing.
    expect(await changePassword(t.db, user.id, { current: "student-pass", next: "another-one", confirm: "another-one" })).toMatchObject({ ok: false });
    expect((await currentUser({ [fresh.name]: fresh.value }))?.email).toBe(email);
  });
});

describe("a site admin revokes a user's sessions", () => {
  it("only site admins may, it ends every session at once, and it is audited", async () => {
    const email = "ta@chainrule.test";
    const ta = world.users.ta!;
    const jar = await signInWith(options, email, "ta-pass");
    expect((await currentUser(jar))?.email).toBe(email);

    for (const who of [world.users.instructor!, world.users.student1!, ta]) {
      expect(await revokeSessionsOf(who, { userId: ta.id }, t.db)).toEqual({ status: "forbidden" });
      expect(await listAccounts(who, "", t.db)).toBeNull();
    }
    expect((await currentUser(jar))?.email).toBe(email);

    const admin = world.users.admin!;
    expect(await revokeSessionsOf(admin, { userId: "not a user id" }, t.db)).toEqual({ status: "invalid", errors: { userId: { code: "invalid" } } });
    expect(await revokeSessionsOf(admin, { userId: "ckzzzzzzzzzzzzzzzzzzzzzzz" }, t.db)).toEqual({ status: "not-found" });
    expect(await revokeSessionsOf(admin, { userId: ta.id }, t.db)).toEqual({ status: "ok", value: { email } });
    expect(await currentUser(jar)).toBeNull();

    const audit = await t.db.auditLog.findMany({ where: { action: "user.revokeSessions", entityId: ta.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, entityType: "User", before: { sessionVersion: 0 }, after: { sessionVersion: 1 } });

    // Signing in again gives a working session.
    expect((await currentUser(await signInWith(options, email, "ta-pass")))?.email).toBe(email);
  });

  it("lists accounts to site admins, found by name or email", async () => {
    const admin = world.users.admin!;
    const all = await listAccounts(admin, "", t.db);
    expect(all!.total).toBe(await t.db.user.count());
    expect(all!.rows.map((r) => r.email)).toContain("student1@chainrule.test");
    const found = await listAccounts(admin, " Alice ", t.db);
    expect(found).toMatchObject({ query: "Alice", total: 1, rows: [{ email: "student1@chainrule.test", isSiteAdmin: false }] });
    expect((await listAccounts(admin, "STUDENT2@", t.db))!.rows.map((r) => r.email)).toEqual(["student2@chainrule.test"]);
    // A name in any case, on SQLite and PostgreSQL alike.
    expect((await listAccounts(admin, "alice zh", t.db))!.rows.map((r) => r.email)).toEqual(["student1@chainrule.test"]);
    expect((await listAccounts(admin, ["not", "a", "string"], t.db))!.query).toBe("");
  });
});
