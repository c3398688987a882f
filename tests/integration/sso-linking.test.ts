/**
 * Single sign-on: the settings' validation, and who an SSO sign-in becomes (lib/auth/sso.ts) on a
 * real database: an existing link, a verified email linking an existing account (audited), a new
 * account, and an unverified email refused for an existing account. Also the password provider
 * switched off server-side by PASSWORD_SIGN_IN=off.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authOptionsWith } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { resolveSsoUser, SsoRefusedError, ssoLinksOf, unlinkSso } from "@/lib/auth/sso";
import { parseSignInSettings } from "@/lib/auth/sso-config";
import { sessionOf, signInWith } from "../setup/auth-flow";
import { freshDatabase, type TestDatabase } from "../setup/database";

const ISSUER = "https://login.uni.example/realms/main";
const TRIO = { OIDC_ISSUER: ISSUER, OIDC_CLIENT_ID: "chainrule", OIDC_CLIENT_SECRET: "s3cret" };

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  const passwordHash = await hashPassword("pw-of-existing-user");
  await t.db.user.createMany({
    data: [
      { email: "pat@uni.example", name: "Pat Existing", passwordHash },
      { email: "quinn@uni.example", name: "Quinn Existing", passwordHash },
    ],
  });
});
afterAll(() => t.dispose());

describe("sign-in settings", () => {
  it("is off without OIDC_* and keeps the password form on by default", () => {
    expect(parseSignInSettings({})).toEqual({ oidc: null, passwordSignIn: true });
  });

  it("reads all three settings, naming the button after the issuer's host unless OIDC_NAME says", () => {
    expect(parseSignInSettings(TRIO)).toEqual({
      oidc: { issuer: ISSUER, clientId: "chainrule", clientSecret: "s3cret", name: "login.uni.example" },
      passwordSignIn: true,
    });
    expect(parseSignInSettings({ ...TRIO, OIDC_NAME: " UniLogin ", PASSWORD_SIGN_IN: "off" })).toMatchObject({
      oidc: { name: "UniLogin" },
      passwordSignIn: false,
    });
  });

  it("refuses some but not all of the three, naming the missing ones", () => {
    expect(() => parseSignInSettings({ OIDC_ISSUER: ISSUER, OIDC_CLIENT_ID: "x" })).toThrow(/all set, or none; missing OIDC_CLIENT_SECRET$/);
    expect(() => parseSignInSettings({ OIDC_CLIENT_SECRET: "x" })).toThrow(/missing OIDC_ISSUER, OIDC_CLIENT_ID$/);
    expect(() => parseSignInSettings({ OIDC_NAME: "Uni" })).toThrow(/OIDC_NAME is set but/);
  });

  it("takes an https issuer, or http only on loopback", () => {
    expect(parseSignInSettings({ ...TRIO, OIDC_ISSUER: "http://127.0.0.1:4010" }).oidc?.issuer).toBe("http://127.0.0.1:4010");
    expect(parseSignInSettings({ ...TRIO, OIDC_ISSUER: "http://localhost:4010/oidc" }).oidc?.issuer).toBe("http://localhost:4010/oidc");
    expect(() => parseSignInSettings({ ...TRIO, OIDC_ISSUER: "http://login.uni.example" })).toThrow(
      /OIDC_ISSUER must be an https URL .*"http:\/\/login.uni.example"/,
    );
    expect(() => parseSignInSettings({ ...TRIO, OIDC_ISSUER: "login.uni.example" })).toThrow(/OIDC_ISSUER must be the provider's issuer URL/);
    expect(() => parseSignInSettings({ ...TRIO, OIDC_ISSUER: "ftp://127.0.0.1" })).toThrow(/OIDC_ISSUER must be an https URL/);
  });

  it("refuses a PASSWORD_SIGN_IN other than on/off, and off without single sign-on", () => {
    expect(() => parseSignInSettings({ PASSWORD_SIGN_IN: "no" })).toThrow(/PASSWORD_SIGN_IN must be "on" or "off", got "no"/);
    expect(() => parseSignInSettings({ PASSWORD_SIGN_IN: "off" })).toThrow(/PASSWORD_SIGN_IN=off needs single sign-on/);
  });
});

describe("who an SSO sign-in is", () => {
  it("links an existing account by a verified email, once, and audits it", async () => {
    const pat = await t.db.user.findUniqueOrThrow({ where: { email: "pat@uni.example" } });
    const first = await resolveSsoUser(t.db, ISSUER, { sub: "pat-sub", email: "Pat@Uni.Example", email_verified: true, name: "P" });
    expect(first).toEqual({ id: pat.id, name: "Pat Existing", email: "pat@uni.example", sessionVersion: pat.sessionVersion });
    // The next sign-in finds the link by (issuer, sub), whatever the email says now.
    const again = await resolveSsoUser(t.db, ISSUER, { sub: "pat-sub", email: "other@uni.example", email_verified: false });
    expect(again.id).toBe(pat.id);
    expect(await t.db.oidcLink.findMany({ where: { userId: pat.id }, select: { issuer: true, subject: true, email: true } })).toEqual([
      { issuer: ISSUER, subject: "pat-sub", email: "pat@uni.example" },
    ]);
    const audit = await t.db.auditLog.findMany({ where: { entityId: pat.id }, select: { action: true, actorId: true, after: true } });
    expect(audit).toEqual([{ action: "sso.link", actorId: pat.id, after: { issuer: ISSUER, subject: "pat-sub", email: "pat@uni.example" } }]);
  });

  it("refuses an unverified email that belongs to an existing account, and links nothing", async () => {
    for (const email_verified of [false, "true", undefined]) {
      const err = await resolveSsoUser(t.db, ISSUER, { sub: "mallory", email: "quinn@uni.example", email_verified }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SsoRefusedError);
      expect((err as SsoRefusedError).reason).toBe("SsoUnverifiedEmail");
    }
    expect(await t.db.oidcLink.count({ where: { subject: "mallory" } })).toBe(0);
    expect(await t.db.user.count({ where: { email: { contains: "sso.invalid" } } })).toBe(0);
  });

  it("creates a passwordless account for a new identity, with the email only when verified", async () => {
    const ren = await resolveSsoUser(t.db, ISSUER, { sub: "ren-sub", email: "ren@uni.example", email_verified: true, name: "Ren New" });
    expect(ren).toMatchObject({ name: "Ren New", email: "ren@uni.example", sessionVersion: 0 });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ren.id } })).passwordHash).toBe("");
    const unverified = await resolveSsoUser(t.db, ISSUER, { sub: "sam-sub", email: "sam@uni.example", email_verified: false });
    expect(unverified.email).toMatch(/^sso-[0-9a-f]{20}@sso\.invalid$/);
    expect(unverified.name).toBe("sam");
    // The same subject from another issuer is another identity.
    const elsewhere = await resolveSsoUser(t.db, "https://other.example", { sub: "ren-sub", email: "ren2@other.example", email_verified: true });
    expect(elsewhere.id).not.toBe(ren.id);
    const actions = await t.db.auditLog.findMany({
      where: { entityId: { in: [ren.id, unverified.id] } },
      select: { action: true },
      orderBy: { createdAt: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["sso.user.create", "sso.user.create"]);
  });

  it("refuses claims without a subject", async () => {
    await expect(resolveSsoUser(t.db, ISSUER, { email: "x@uni.example", email_verified: true })).rejects.toMatchObject({ reason: "SsoBadProfile" });
    await expect(resolveSsoUser(t.db, ISSUER, null)).rejects.toMatchObject({ reason: "SsoBadProfile" });
  });

  it("lists a user's links and unlinks one, audited with the actor; the next sign-in links again", async () => {
    const pat = await t.db.user.findUniqueOrThrow({ where: { email: "pat@uni.example" } });
    const links = (await ssoLinksOf(t.db, [pat.id])).get(pat.id)!;
    expect(links.map((l) => l.subject)).toEqual(["pat-sub"]);
    const admin = await t.db.user.create({ data: { email: "admin@uni.example", name: "Admin", passwordHash: "", isSiteAdmin: true } });
    expect(await unlinkSso(t.db, admin.id, links[0]!.id)).toBe(true);
    expect(await unlinkSso(t.db, admin.id, links[0]!.id)).toBe(false);
    expect(await t.db.oidcLink.count({ where: { userId: pat.id } })).toBe(0);
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "sso.unlink" } });
    expect(entry).toMatchObject({ actorId: admin.id, entityId: pat.id, before: { issuer: ISSUER, subject: "pat-sub", email: "pat@uni.example" } });
    expect((await resolveSsoUser(t.db, ISSUER, { sub: "pat-sub", email: "pat@uni.example", email_verified: true })).id).toBe(pat.id);
  });
});

describe("PASSWORD_SIGN_IN=off", () => {
  it("removes the credentials provider, so the password callback signs nobody in", async () => {
    const on = authOptionsWith(() => t.db, parseSignInSettings(TRIO));
    const off = authOptionsWith(() => t.db, parseSignInSettings({ ...TRIO, PASSWORD_SIGN_IN: "off" }));
    expect(on.providers.map((p) => p.id)).toEqual(["credentials", "oidc"]);
    expect(off.providers.map((p) => p.id)).toEqual(["oidc"]);
    const withPassword = await sessionOf(on, await signInWith(on, "quinn@uni.example", "pw-of-existing-user"));
    expect(withPassword).toMatchObject({ user: { email: "quinn@uni.example" } });
    const refused = await sessionOf(off, await signInWith(off, "quinn@uni.example", "pw-of-existing-user"));
    expect(refused).toBeNull();
  });
});
