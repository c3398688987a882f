/**
 * Chainrule inside the LMS's frame, served over https: the login initiation binds its state to the
 * browser (a launch posted from another browser is refused: login CSRF), the cookies are
 * `SameSite=None; Secure` so they travel with the framed app's requests, the registered LMSs (and
 * only they) may frame the app, and a returning user's name and email follow the LMS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/secret";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { stateCookieName } from "@/lib/lti/browser-binding";
import { cachedFramingOrigins, FRAMING_CACHE_MS, framingOrigins, registrationsChanged, withRegisteredFrameAncestors } from "@/lib/lti/framing";
import { createHandoff, HANDOFF_TTL_MS, ltiHandoff, redeemHandoff } from "@/lib/lti/handoff";
import { deletePlatform, registerPlatform, updatePlatform } from "@/lib/lti/registration";
import { ltiLaunch, ltiLogin } from "@/lib/lti/routes";
import { securityConfigFromEnv, securityHeaders } from "@/lib/security/headers";
import { freshDatabase, type TestDatabase } from "../../setup/database";
import { formFields, ROLE, SimulatedPlatform } from "../../setup/lti-platform";

// The requests are made in-process, so the tool's public address can be https without a server.
const TOOL = "https://chainrule.example.edu";
process.env.NEXTAUTH_URL = TOOL;

let t: TestDatabase;
let lms: SimulatedPlatform;
let platformId: string;

beforeAll(async () => {
  t = await freshDatabase();
  lms = await SimulatedPlatform.start();
  const { platform } = await registerPlatform(t.db, {
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    authUrl: lms.authUrl,
    tokenUrl: lms.tokenUrl,
    jwksUrl: lms.jwksUrl,
  });
  platformId = platform.id;
  lms.users.set("hint-ada", { sub: "lms-ada", name: "Ada Instructor", email: "ada@uni.example", roles: [ROLE.instructor] });
  lms.users.set("hint-eve", { sub: "lms-eve", name: "Eve Attacker", email: "eve@uni.example", roles: [ROLE.instructor] });
});
afterAll(async () => {
  await lms.close();
  await t.dispose();
});

/** One browser: its cookies for the tool, kept across login initiation and launch. */
class Browser {
  readonly cookies = new Map<string, string>();
  setCookies: string[] = [];
  keep(response: Response) {
    this.setCookies = response.headers.getSetCookie();
    for (const line of this.setCookies) {
      const [pair = ""] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (/max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  /** Login initiation and the platform's answer: the form the platform would have this browser post. */
  async authorize(loginHint: string) {
    const login = await ltiLogin(t.db, new Request(lms.loginInitiationUrl(`${TOOL}/api/lti/login`, loginHint, `${TOOL}/`)));
    expect(login.status).toBe(302);
    this.keep(login);
    const answer = await fetch(login.headers.get("location")!);
    return formFields(await answer.text()).fields;
  }
  async post(fields: Record<string, string>) {
    const response = await ltiLaunch(
      t.db,
      new Request(`${TOOL}/api/lti/launch`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie: this.cookieHeader } }),
    );
    this.keep(response);
    return response;
  }
}

describe("login CSRF: the launch must come from the browser that started the login", () => {
  it("login initiation sets a __Host- cookie with the state's hash, SameSite=None; Secure (the platform's post is cross-site)", async () => {
    const browser = new Browser();
    const fields = await browser.authorize("hint-ada");
    const line = browser.setCookies.find((c) => c.startsWith(`${stateCookieName(fields.state!)}=`));
    expect(stateCookieName(fields.state!)).toMatch(/^__Host-lti-state-/);
    expect(line).toMatch(/; Path=\/; Max-Age=600; HttpOnly; Secure; SameSite=None$/);
    // The hash, not the state itself.
    expect(line).not.toContain(fields.state!);
  });

  it("refuses a launch posted from a browser that did not do the login initiation, audited, and changes nothing", async () => {
    const eve = new Browser();
    const fields = await eve.authorize("hint-eve");
    const victim = new Browser();
    const usersBefore = await t.db.user.count();
    const refused = await victim.post(fields);
    expect(refused.status).toBe(401);
    const page = await refused.text();
    expect(page).toContain('data-reason="not-this-browser"');
    expect(page).toContain("not started in this browser");
    expect(refused.headers.getSetCookie().some((c) => c.startsWith(sessionCookieName(true)))).toBe(false);
    expect(await t.db.user.count()).toBe(usersBefore);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.launch.refused" }, orderBy: { createdAt: "desc" } });
    expect(audit.entityId).toBe(lms.issuer);
    expect(audit.after).toMatchObject({ reason: "not-this-browser", issuer: lms.issuer });
    // The state was not used up by the refused post: the browser that started the login still gets in.
    const ok = await eve.post(fields);
    expect(ok.status).toBe(303);
  });

  it("refuses a browser whose cookie holds another login's state", async () => {
    const a = new Browser();
    const fieldsA = await a.authorize("hint-ada");
    const b = new Browser();
    await b.authorize("hint-ada");
    // b's cookie planted under a's name: the value is not the hash of a's state.
    const [bValue] = [...b.cookies.values()];
    b.cookies.clear();
    b.cookies.set(stateCookieName(fieldsA.state!), bValue!);
    const refused = await b.post(fieldsA);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('data-reason="not-this-browser"');
  });

  it("an accepted launch sets the session cookie SameSite=None; Secure (it works inside the LMS's iframe) and clears the state cookie", async () => {
    const browser = new Browser();
    const fields = await browser.authorize("hint-ada");
    const response = await browser.post(fields);
    expect(response.status).toBe(303);
    const session = response.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookieName(true)}=`));
    expect(session).toMatch(/; HttpOnly; SameSite=None; Secure$/);
    const cleared = response.headers.getSetCookie().find((c) => c.startsWith(`${stateCookieName(fields.state!)}=`));
    expect(cleared).toMatch(/^[^=]+=; Path=\/; Max-Age=0;/);
    expect(browser.cookies.has(stateCookieName(fields.state!))).toBe(false);
  });
});

describe("returning users", () => {
  it("a later launch updates the linked user's name and email from the claims, audited", async () => {
    lms.users.set("hint-rui", { sub: "lms-rui", name: "Rui Old", email: "rui.old@uni.example", roles: [ROLE.instructor] });
    const browser = new Browser();
    expect((await browser.post(await browser.authorize("hint-rui"))).status).toBe(303);
    const { userId } = await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-rui" } } });

    lms.users.set("hint-rui", { sub: "lms-rui", name: "Rui New", email: "rui.new@uni.example", roles: [ROLE.instructor] });
    expect((await browser.post(await browser.authorize("hint-rui"))).status).toBe(303);
    expect(await t.db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ name: "Rui New", email: "rui.new@uni.example" });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.user.update", entityId: userId } });
    expect(audit.before).toEqual({ name: "Rui Old", email: "rui.old@uni.example" });
    expect(audit.after).toEqual({ name: "Rui New", email: "rui.new@uni.example", via: "lti" });

    // Nothing changed: no update, no audit entry.
    expect((await browser.post(await browser.authorize("hint-rui"))).status).toBe(303);
    expect(await t.db.auditLog.count({ where: { action: "lti.user.update", entityId: userId } })).toBe(1);

    // No name sent (a privacy setting): the name stays.
    lms.users.set("hint-rui", { sub: "lms-rui", email: "rui.new@uni.example", roles: [ROLE.instructor] });
    expect((await browser.post(await browser.authorize("hint-rui"))).status).toBe(303);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: userId } })).name).toBe("Rui New");
  });

  it("the email is not taken when another account holds it, nor changed on an account with its own password", async () => {
    lms.users.set("hint-sam", { sub: "lms-sam", name: "Sam", email: "sam@uni.example", roles: [ROLE.instructor] });
    const browser = new Browser();
    expect((await browser.post(await browser.authorize("hint-sam"))).status).toBe(303);
    const { userId } = await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-sam" } } });

    // ada@uni.example belongs to Ada's account.
    lms.users.set("hint-sam", { sub: "lms-sam", name: "Sam", email: "ada@uni.example", roles: [ROLE.instructor] });
    expect((await browser.post(await browser.authorize("hint-sam"))).status).toBe(303);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: userId } })).email).toBe("sam@uni.example");

    // Sam set a password here: the email is theirs to change, not the LMS's; the name still follows.
    await t.db.user.update({ where: { id: userId }, data: { passwordHash: "$2a$10$somethingthatisnotempty" } });
    lms.users.set("hint-sam", { sub: "lms-sam", name: "Samuel", email: "samuel@uni.example", roles: [ROLE.instructor] });
    expect((await browser.post(await browser.authorize("hint-sam"))).status).toBe(303);
    expect(await t.db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ name: "Samuel", email: "sam@uni.example" });
  });
});

describe("frame-ancestors from the registrations", () => {
  const load = () => t.db.ltiPlatform.findMany({ select: { issuer: true, authUrl: true, lmsOrigins: true } });
  const cspOf = async (now: number) => {
    const config = withRegisteredFrameAncestors(securityConfigFromEnv({ NEXTAUTH_URL: TOOL }), await cachedFramingOrigins(load, now));
    return new Map(securityHeaders("bm9uY2U=", config));
  };
  const frameAncestors = (headers: Map<string, string>) => /frame-ancestors ([^;]*)/.exec(headers.get("Content-Security-Policy")!)![1];

  it("with no registration: 'none' and X-Frame-Options DENY", () => {
    const headers = new Map(securityHeaders("bm9uY2U=", withRegisteredFrameAncestors(securityConfigFromEnv({}), framingOrigins([]))));
    expect(frameAncestors(headers)).toBe("'none'");
    expect(headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("names the registered platform's origin and no other, without an X-Frame-Options that would contradict it", async () => {
    registrationsChanged();
    const headers = await cspOf(Date.now());
    expect(frameAncestors(headers)).toBe(lms.origin);
    expect(headers.has("X-Frame-Options")).toBe(false);
  });

  it("LMS origins replace the issuer's (Canvas: the school's host frames, the issuer is canvas.instructure.com); the cache holds 30 s unless this process changed a registration", async () => {
    const start = Date.now();
    registrationsChanged();
    await cspOf(start);
    // Another instance's change (written straight to the database): unseen until the cache expires.
    await t.db.ltiPlatform.update({ where: { id: platformId }, data: { lmsOrigins: ["https://school.instructure.com"] } });
    expect(frameAncestors(await cspOf(start + 1000))).toBe(lms.origin);
    expect(frameAncestors(await cspOf(start + FRAMING_CACHE_MS + 1))).toBe("https://school.instructure.com");

    // This process's change: seen at once.
    await updatePlatform(t.db, platformId, { deploymentIds: [lms.deploymentId], lmsOrigins: ["https://lms.uni.example/some/path"] }, null);
    expect(frameAncestors(await cspOf(start + FRAMING_CACHE_MS + 2))).toBe("https://lms.uni.example");
  });

  it("a deleted registration no longer frames the app", async () => {
    const { platform } = await registerPlatform(t.db, {
      issuer: "https://moodle.uni.example",
      clientId: "moodle-client",
      deploymentIds: ["1"],
      authUrl: "https://moodle.uni.example/mod/lti/auth.php",
      tokenUrl: "https://moodle.uni.example/mod/lti/token.php",
      jwksUrl: "https://moodle.uni.example/mod/lti/certs.php",
    });
    expect(frameAncestors(await cspOf(Date.now()))).toBe("https://lms.uni.example https://moodle.uni.example");
    expect(await deletePlatform(t.db, platform.id, null)).toBe(true);
    expect(frameAncestors(await cspOf(Date.now()))).toBe("https://lms.uni.example");
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.platform.delete", entityId: platform.id } });
    expect(audit.before).toMatchObject({ issuer: "https://moodle.uni.example" });
  });
});

describe("the new-window fallback when the frame's cookies are blocked", () => {
  async function framedLaunch(hint: string) {
    const browser = new Browser();
    const fields = await browser.authorize(hint);
    const response = await ltiLaunch(
      t.db,
      new Request(`${TOOL}/api/lti/launch`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { cookie: browser.cookieHeader, "sec-fetch-dest": "iframe", "x-nonce": "bm9uY2U=" },
      }),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    const token = /\/api\/lti\/handoff\?token=([A-Za-z0-9_-]+)/.exec(html)![1]!;
    return { response, html, token };
  }
  const handoff = (token: string) => ltiHandoff(t.db, new Request(`${TOOL}/api/lti/handoff?token=${token}`));
  async function sessionUser(response: Response) {
    const line = response.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookieName(true)}=`));
    if (!line) return null;
    const token = await decode({ token: line.slice(sessionCookieName(true).length + 1).split(";")[0], secret: authSecret() });
    return token?.uid ?? null;
  }

  it("a launch inside a frame answers a page that checks the cookie arrived, with the session cookie set and a new-window link", async () => {
    const { response, html } = await framedLaunch("hint-ada");
    expect(response.headers.get("location")).toBeNull();
    expect(await sessionUser(response)).toBeTruthy();
    expect(html).toContain('fetch("/api/lti/session",{credentials:"include"');
    expect(html).toContain('<script nonce="bm9uY2U=">');
    expect(html).toContain("Open Chainrule in a new window");
    expect(html).toContain('target="_blank"');
  });

  it("the handoff token opens the session of the user whose launch made it, once", async () => {
    const { token } = await framedLaunch("hint-ada");
    const ada = await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-ada" } } });
    const first = await handoff(token);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toMatch(new RegExp(`^${TOOL}/teach/courses/`));
    expect(await sessionUser(first)).toBe(ada.userId);
    expect(first.headers.getSetCookie()[0]).toMatch(/SameSite=None; Secure$/);
    const again = await handoff(token);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('data-reason="handoff-expired"');
    expect(await sessionUser(again)).toBeNull();
  });

  it("each user's token opens only their own session; made-up and malformed tokens open none", async () => {
    const eve = await framedLaunch("hint-eve");
    const ada = await framedLaunch("hint-ada");
    const eveId = (await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-eve" } } })).userId;
    const adaId = (await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-ada" } } })).userId;
    expect(await sessionUser(await handoff(eve.token))).toBe(eveId);
    expect(await sessionUser(await handoff(ada.token))).toBe(adaId);
    expect((await handoff("A".repeat(43))).status).toBe(400);
    expect((await handoff("not a token")).status).toBe(400);
  });

  it("a token expires after two minutes, unused", async () => {
    const now = new Date();
    const user = await t.db.user.findFirstOrThrow();
    const token = await createHandoff(t.db, user.id, `${TOOL}/dashboard`, now);
    expect(await redeemHandoff(t.db, token, new Date(now.getTime() + HANDOFF_TTL_MS + 1))).toBeNull();
    // Used up by the late attempt too: not even a clock going back makes it work.
    expect(await redeemHandoff(t.db, token, now)).toBeNull();
    const fresh = await createHandoff(t.db, user.id, `${TOOL}/dashboard`, now);
    expect(await redeemHandoff(t.db, fresh, new Date(now.getTime() + HANDOFF_TTL_MS - 1000))).toMatchObject({
      user: { id: user.id },
      target: `${TOOL}/dashboard`,
    });
  });
});
