/**
 * Roster sync from the simulated LMS's Names and Role Provisioning Service (NRPS 2.0): the tool gets
 * a service token with a signed assertion, reads every page of the memberships (Link rel="next"),
 * links or makes accounts by iss + sub and sets roles as a launch does; members gone or inactive are
 * taken off only when they are linked to the platform. Instructors only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishedJwks } from "@/lib/lti/keys";
import { registerPlatform } from "@/lib/lti/registration";
import { ltiLaunch, ltiLogin } from "@/lib/lti/routes";
import { forgetServiceTokens } from "@/lib/lti/service-token";
import { syncRosterFromLms } from "@/lib/lti/roster-sync";
import { freshDatabase, type TestDatabase } from "../../setup/database";
import { formFields, ROLE, SimulatedPlatform } from "../../setup/lti-platform";
import { stateCookie } from "./state-cookie";

const TOOL = "http://127.0.0.1:3998";
process.env.NEXTAUTH_URL = TOOL;

let t: TestDatabase;
let lms: SimulatedPlatform;
let courseId: string;
let ada: { id: string; isSiteAdmin: boolean };

/** A launch through login initiation and the platform's form post. */
async function launch(loginHint: string) {
  const login = await ltiLogin(t.db, new Request(lms.loginInitiationUrl(`${TOOL}/api/lti/login`, loginHint, `${TOOL}/`)));
  const { action, fields } = formFields(await (await fetch(login.headers.get("location")!)).text());
  const response = await ltiLaunch(t.db, new Request(action, { method: "POST", body: new URLSearchParams(fields), headers: { cookie: stateCookie(login) } }));
  expect(response.status).toBe(303);
}

async function roleOf(subject: string): Promise<string | null> {
  const link = await t.db.ltiUserLink.findUnique({ where: { issuer_subject: { issuer: lms.issuer, subject } } });
  if (!link) return null;
  const m = await t.db.membership.findUnique({ where: { userId_courseId: { userId: link.userId, courseId } } });
  return m?.role ?? "none";
}

beforeAll(async () => {
  t = await freshDatabase();
  lms = await SimulatedPlatform.start();
  lms.services.toolJwks = () => publishedJwks(t.db);
  await registerPlatform(t.db, {
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    authUrl: lms.authUrl,
    tokenUrl: lms.tokenUrl,
    jwksUrl: lms.jwksUrl,
  });
  lms.users.set("hint-ada", { sub: "lms-ada", name: "Ada Instructor", email: "ada@uni.example", roles: [ROLE.instructor] });
  await launch("hint-ada");
  const ctx = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: lms.context.id } });
  courseId = ctx.courseId;
  const link = await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-ada" } } });
  ada = { id: link.userId, isSiteAdmin: false };
});
afterAll(async () => {
  await lms.close();
  await t.dispose();
});

describe("roster sync from the LMS (NRPS)", () => {
  it("the launch stored the context's memberships URL", async () => {
    const ctx = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: lms.context.id } });
    expect(ctx.membershipsUrl).toBe(lms.services.membershipsUrl);
  });

  it("creates and links accounts and sets roles across two pages; people without a course role are left alone", async () => {
    lms.services.pageSize = 2;
    lms.services.members.push(
      { user_id: "lms-ada", roles: [ROLE.instructor], name: "Ada Instructor" },
      { user_id: "lms-ben", roles: [ROLE.learner], name: "Ben Learner", email: "ben@uni.example" },
      { user_id: "lms-tia", roles: [ROLE.instructor, ROLE.ta], name: "Tia Assistant" },
      { user_id: "lms-cho", roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], name: "Cho Learner" },
      { user_id: "lms-obs", roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"], name: "Olu Observer" },
    );
    const result = await syncRosterFromLms(t.db, ada, courseId);
    expect(result).toEqual({
      ok: true,
      counts: { listed: 5, created: 3, added: 3, roleChanged: 0, skipped: 1, removed: 0, kept: 0, pages: 3 },
    });
    expect(await roleOf("lms-ben")).toBe("STUDENT");
    expect(await roleOf("lms-tia")).toBe("TA");
    expect(await roleOf("lms-cho")).toBe("STUDENT");
    expect(await roleOf("lms-ada")).toBe("INSTRUCTOR");
    // Mentor is no course role: no account is made for Olu (a launch would be refused too).
    expect(await roleOf("lms-obs")).toBeNull();
    const ben = await t.db.user.findUniqueOrThrow({ where: { email: "ben@uni.example" } });
    expect(ben.name).toBe("Ben Learner");
    expect(ben.passwordHash).toBe("");
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.roster.sync", courseId } });
    expect(audit.actorId).toBe(ada.id);
    expect(audit.after).toMatchObject({ created: 3, added: 3, pages: 3 });
    // One roster.add per member added, by the instructor who synced (and one from her own launch).
    expect(await t.db.auditLog.count({ where: { action: "roster.add", courseId, actorId: ada.id } })).toBe(4);
  });

  it("a second sync changes nothing when the LMS says the same", async () => {
    const users = await t.db.user.count();
    const result = await syncRosterFromLms(t.db, ada, courseId);
    expect(result).toMatchObject({ ok: true, counts: { listed: 5, created: 0, added: 0, roleChanged: 0, removed: 0 } });
    expect(await t.db.user.count()).toBe(users);
  });

  it("follows role changes, and takes off members who are inactive or gone, but never staff added in Chainrule", async () => {
    const local = await t.db.user.create({ data: { email: "local-ta@uni.example", name: "Local TA", passwordHash: "" } });
    await t.db.membership.create({ data: { userId: local.id, courseId, role: "TA" } });
    lms.services.members.splice(
      0,
      lms.services.members.length,
      { user_id: "lms-ada", roles: [ROLE.instructor] },
      { user_id: "lms-ben", roles: [ROLE.learner], status: "Inactive" },
      { user_id: "lms-tia", roles: [ROLE.learner] },
    );
    const result = await syncRosterFromLms(t.db, ada, courseId);
    expect(result).toMatchObject({ ok: true, counts: { listed: 2, roleChanged: 1, removed: 2, pages: 2 } });
    expect(await roleOf("lms-tia")).toBe("STUDENT");
    expect(await roleOf("lms-ben")).toBe("none");
    expect(await roleOf("lms-cho")).toBe("none");
    expect((await t.db.membership.findUnique({ where: { userId_courseId: { userId: local.id, courseId } } }))?.role).toBe("TA");
    expect(await t.db.auditLog.count({ where: { action: "roster.remove", courseId } })).toBe(2);
    // The accounts stay (with their submissions): only the memberships go.
    expect(await t.db.ltiUserLink.count({ where: { issuer: lms.issuer, subject: { in: ["lms-ben", "lms-cho"] } } })).toBe(2);
  });

  it("students and TAs may not sync the roster, and nothing changes", async () => {
    const tia = await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-tia" } } });
    const local = await t.db.user.findUniqueOrThrow({ where: { email: "local-ta@uni.example" } });
    const before = await t.db.membership.count({ where: { courseId } });
    lms.services.members.push({ user_id: "lms-new", roles: [ROLE.learner] });
    expect(await syncRosterFromLms(t.db, { id: tia.userId, isSiteAdmin: false }, courseId)).toEqual({ ok: false, error: "forbidden" });
    expect(await syncRosterFromLms(t.db, { id: local.id, isSiteAdmin: false }, courseId)).toEqual({ ok: false, error: "forbidden" });
    expect(await t.db.membership.count({ where: { courseId } })).toBe(before);
    expect(await roleOf("lms-new")).toBeNull();
  });

  it("a token the platform refuses (the tool signed with a key it does not publish) fails the sync with the endpoint's answer, audited", async () => {
    const { keys } = await publishedJwks(t.db);
    // The platform now trusts a JWKS holding none of the tool's keys.
    lms.services.toolJwks = async () => ({ keys: keys.map((k) => ({ ...k, kid: "someone-else" })) });
    forgetServiceTokens();
    const result = await syncRosterFromLms(t.db, ada, courseId);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBe("service-failed");
    expect(result.detail).toContain(lms.tokenUrl);
    expect(result.detail).toContain("401");
    expect(lms.services.tokenRefusals.at(-1)).toContain("client assertion refused");
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.roster.sync-failed", courseId } });
    expect(JSON.stringify(audit.after)).toContain("invalid_client");
    expect(await roleOf("lms-new")).toBeNull();
    lms.services.toolJwks = () => publishedJwks(t.db);
  });
});
