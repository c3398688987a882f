/**
 * LTI Deep Linking 2.0 against the simulated LMS (tests/setup/lti-platform.ts), over real HTTP on the
 * platform's side: a deep linking launch passes the launch's verification and then its own checks
 * (settings claim, accept_types, staff only); the picker's request is single use and its launcher's
 * alone; the signed response is verified by the platform with the tool's published keys; a launch of
 * the link it made opens the assignment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { currentSigningKey, publishedJwks } from "@/lib/lti/keys";
import { registerPlatform } from "@/lib/lti/registration";
import { ltiDeepLinkResponse } from "@/lib/lti/deep-linking-route";
import { ltiLaunch, ltiLogin } from "@/lib/lti/routes";
import { freshDatabase, type TestDatabase } from "../../setup/database";
import { addProblem } from "../../setup/fixtures";
import { formFields, LTI, ROLE, SimulatedPlatform, type Forgery } from "../../setup/lti-platform";
import { stateCookie } from "./state-cookie";

const TOOL = "http://127.0.0.1:3998";
process.env.NEXTAUTH_URL = TOOL;

let t: TestDatabase;
let lms: SimulatedPlatform;
let courseId: string;
let homework: { id: string; title: string };
let quiz: { id: string; title: string };
let ada: { id: string; isSiteAdmin: boolean };

beforeAll(async () => {
  t = await freshDatabase();
  lms = await SimulatedPlatform.start();
  lms.toolJwks = () => publishedJwks(t.db);
  await registerPlatform(t.db, {
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    authUrl: lms.authUrl,
    tokenUrl: lms.tokenUrl,
    jwksUrl: lms.jwksUrl,
  });
  lms.users.set("ada", { sub: "lms-ada", name: "Ada Instructor", email: "ada@uni.example", roles: [ROLE.instructor] });
  lms.users.set("tia", { sub: "lms-tia", name: "Tia Assistant", roles: [ROLE.instructor, ROLE.ta] });
  lms.users.set("ben", { sub: "lms-ben", name: "Ben Learner", email: "ben@uni.example", roles: [ROLE.learner] });
});
afterAll(async () => {
  await lms.close();
  await t.dispose();
});

/** A deep linking launch by this LMS user, through login initiation and the platform's form post. */
async function deepLinkLaunch(hint: string, forgery: Forgery | null = null) {
  const login = await ltiLogin(t.db, new Request(lms.deepLinkingLoginUrl(`${TOOL}/api/lti/login`, hint, `${TOOL}/api/lti/launch`)));
  expect(login.status).toBe(302);
  lms.nextForgery = forgery;
  const { action, fields } = formFields(await (await fetch(login.headers.get("location")!)).text());
  return ltiLaunch(t.db, new Request(action, { method: "POST", body: new URLSearchParams(fields), headers: { cookie: stateCookie(login) } }));
}

function pickerId(response: Response): string {
  const match = /\/teach\/lti\/deep-link\/([^/?#]+)$/.exec(response.headers.get("location") ?? "");
  expect(match, `landed on ${response.headers.get("location")}`).not.toBeNull();
  return match![1]!;
}

const signsIn = (response: Response) => response.headers.getSetCookie().some((c) => c.startsWith(`${sessionCookieName(false)}=`));

/** The picker's form post, as the browser sends it from the tool's own page. */
function pick(actor: { id: string; isSiteAdmin: boolean } | null, id: string, fields: [string, string][], origin = TOOL) {
  return ltiDeepLinkResponse(
    t.db,
    actor,
    new Request(`${TOOL}/api/lti/deep-link/${id}`, {
      method: "POST",
      headers: {
        origin,
        "content-type": "application/x-www-form-urlencoded",
        "x-nonce": "bm9uY2U=",
        "content-security-policy": "default-src 'self'; form-action 'self'; frame-ancestors 'none'",
      },
      body: new URLSearchParams(fields),
    }),
    id,
  );
}

/** The browser's side of the return page: post its form to the platform. */
async function deliver(response: Response) {
  const html = await response.text();
  const action = /<form id="lti-deep-link-return" method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&#38;/g, "&");
  const jwt = /<input type="hidden" name="JWT" value="([^"]+)">/.exec(html)?.[1];
  expect(action).toBe(lms.deepLinkReturnUrl);
  return fetch(action!, { method: "POST", body: new URLSearchParams({ JWT: jwt! }) });
}

async function lastRefusal(action = "lti.launch.refused") {
  return (await t.db.auditLog.findFirstOrThrow({ where: { action }, orderBy: { createdAt: "desc" } })).after as { reason: string; detail: string };
}

describe("a deep linking launch", () => {
  it("from an instructor: verified, the course provisioned, the request stored and the instructor sent to the picker", async () => {
    const response = await deepLinkLaunch("ada");
    expect(response.status).toBe(303);
    expect(signsIn(response)).toBe(true);
    const id = pickerId(response);
    const request = await t.db.ltiDeepLinkRequest.findUniqueOrThrow({ where: { id } });
    const link = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: lms.context.id } });
    courseId = link.courseId;
    ada = await t.db.user.findUniqueOrThrow({ where: { email: "ada@uni.example" }, select: { id: true, isSiteAdmin: true } });
    expect(request).toMatchObject({ returnUrl: lms.deepLinkReturnUrl, data: "dl-data-opaque", acceptMultiple: false, courseId, userId: ada.id, usedAt: null });
    expect(request.expiresAt.getTime() - request.createdAt.getTime()).toBeGreaterThanOrEqual(59 * 60 * 1000);
    // No resource link yet: the response makes it.
    expect(await t.db.ltiResourceLink.count()).toBe(0);
    expect(await t.db.auditLog.count({ where: { action: "lti.deep-link.request", entityId: id } })).toBe(1);
  });

  const refusals: { name: string; hint: string; forgery: Forgery; status: number; reason: string; detail: RegExp }[] = [
    {
      name: "without the deep_linking_settings claim",
      hint: "ada",
      forgery: { claims: { [LTI.deepLinkingSettings]: undefined } },
      status: 400,
      reason: "bad-deep-linking",
      detail: /deep_linking_settings: the deep_linking_settings claim is missing/,
    },
    {
      name: "whose accept_types lack ltiResourceLink",
      hint: "ada",
      forgery: { claims: { [LTI.deepLinkingSettings]: { deep_link_return_url: "http://127.0.0.1:1/return", accept_types: ["file", "html"] } } },
      status: 400,
      reason: "bad-deep-linking",
      detail: /accept_types: accept_types must include "ltiResourceLink"/,
    },
    {
      name: "whose return URL is not http(s)",
      hint: "ada",
      forgery: { claims: { [LTI.deepLinkingSettings]: { deep_link_return_url: "javascript:alert(1)", accept_types: ["ltiResourceLink"] } } },
      status: 400,
      reason: "bad-deep-linking",
      detail: /deep_link_return_url/,
    },
    { name: "from a learner", hint: "ben", forgery: {}, status: 403, reason: "deep-linking-not-staff", detail: /Instructor or a TeachingAssistant/ },
  ];
  for (const c of refusals) {
    it(`is refused ${c.name}, with a page, an audit entry and nothing stored`, async () => {
      const before = { requests: await t.db.ltiDeepLinkRequest.count(), memberships: await t.db.membership.count() };
      const response = await deepLinkLaunch(c.hint, c.forgery);
      expect(response.status).toBe(c.status);
      expect(await response.text()).toContain(`data-reason="${c.reason}"`);
      expect(signsIn(response)).toBe(false);
      const audit = await lastRefusal();
      expect(audit.reason).toBe(c.reason);
      expect(audit.detail).toMatch(c.detail);
      expect({ requests: await t.db.ltiDeepLinkRequest.count(), memberships: await t.db.membership.count() }).toEqual(before);
    });
  }

  it("from a teaching assistant: accepted (a TA may build the course in the LMS)", async () => {
    const response = await deepLinkLaunch("tia");
    expect(response.status).toBe(303);
    const request = await t.db.ltiDeepLinkRequest.findUniqueOrThrow({ where: { id: pickerId(response) }, include: { user: true } });
    expect(request.user.name).toBe("Tia Assistant");
  });
});

describe("the signed deep linking response", () => {
  beforeAll(async () => {
    const due = new Date(Date.now() + 7 * 24 * 3600_000);
    homework = await t.db.assignment.create({ data: { courseId, title: "Backprop homework", opensAt: new Date(Date.now() - 3600_000), dueAt: due } });
    await addProblem(t.db, homework.id, 6);
    await addProblem(t.db, homework.id, 4.5);
    quiz = await t.db.assignment.create({ data: { courseId, title: "Chain rule quiz", opensAt: new Date(Date.now() - 3600_000), dueAt: due } });
    await addProblem(t.db, quiz.id, 3);
  });

  it("is verified by the platform with the tool's JWKS and carries the content item, its line item and the data echoed", async () => {
    const id = pickerId(await deepLinkLaunch("ada"));
    const response = await pick(ada, id, [["assignment", homework.id]]);
    expect(response.status).toBe(200);
    const policy = response.headers.get("content-security-policy")!;
    expect(policy).toContain(`form-action 'self' ${lms.origin}`);
    expect(policy).toContain("frame-ancestors 'none'");
    const delivered = await deliver(response.clone());
    expect(await response.text()).toContain('<script nonce="bm9uY2U=">');
    expect(delivered.status, lms.deepLinkingErrors.join("; ")).toBe(200);
    const received = lms.deepLinkingResponses.at(-1)!;
    expect(received.kid).toBe((await currentSigningKey(t.db)).kid);
    expect(received.payload).toMatchObject({
      iss: lms.clientId,
      aud: lms.issuer,
      [LTI.deploymentId]: lms.deploymentId,
      [LTI.messageType]: "LtiDeepLinkingResponse",
    });
    expect(received.data).toBe("dl-data-opaque");
    expect(received.contentItems).toEqual([
      {
        type: "ltiResourceLink",
        title: "Backprop homework",
        url: `${TOOL}/api/lti/launch?assignment=${homework.id}`,
        custom: { assignment_id: homework.id },
        lineItem: { scoreMaximum: 10.5, label: "Backprop homework", resourceId: homework.id },
      },
    ]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.deep-link.respond", entityId: id } });
    expect(audit).toMatchObject({ actorId: ada.id, courseId, after: { cancelled: false, assignments: [homework.id] } });
  });

  it("the picker's request is single use", async () => {
    const id = pickerId(await deepLinkLaunch("ada"));
    expect((await pick(ada, id, [["assignment", quiz.id]])).status).toBe(200);
    const again = await pick(ada, id, [["assignment", quiz.id]]);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('data-reason="deep-link-gone"');
    expect((await lastRefusal("lti.deep-link.refused")).detail).toMatch(/already answered/);
  });

  it("another user, even staff of the course, may not answer it; nor may a post from another origin", async () => {
    const id = pickerId(await deepLinkLaunch("ada"));
    const tia = await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-tia" } }, include: { user: true } });
    const byTia = await pick({ id: tia.userId, isSiteAdmin: false }, id, [["assignment", quiz.id]]);
    expect(byTia.status).toBe(403);
    expect(await byTia.text()).toContain('data-reason="deep-link-not-yours"');
    const crossSite = await pick(ada, id, [["assignment", quiz.id]], "https://evil.example");
    expect(crossSite.status).toBe(403);
    expect((await lastRefusal("lti.deep-link.refused")).detail).toMatch(/evil\.example/);
    expect((await pick(null, id, [["assignment", quiz.id]])).status).toBe(401);
    // Still pending for Ada: nothing above used it.
    expect((await t.db.ltiDeepLinkRequest.findUniqueOrThrow({ where: { id } })).usedAt).toBeNull();
  });

  it("refuses two assignments when the LMS accepts one, and an assignment of another course", async () => {
    const id = pickerId(await deepLinkLaunch("ada"));
    const two = await pick(ada, id, [
      ["assignment", homework.id],
      ["assignment", quiz.id],
    ]);
    expect(two.status).toBe(400);
    expect((await lastRefusal("lti.deep-link.refused")).detail).toMatch(/accept_multiple is false/);
    const other = await t.db.course.create({ data: { code: "OTHER-1", title: "Other", variantSecret: "s".repeat(32) } });
    const foreign = await t.db.assignment.create({ data: { courseId: other.id, title: "Not yours", opensAt: new Date(), dueAt: new Date() } });
    const wrong = await pick(ada, id, [["assignment", foreign.id]]);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('data-reason="unknown-assignment"');
  });

  it("with accept_multiple, several assignments give several items; cancel gives none", async () => {
    lms.deepLinkingSettings = { ...lms.deepLinkingSettings, accept_multiple: true, data: undefined };
    const id = pickerId(await deepLinkLaunch("ada"));
    const response = await pick(ada, id, [
      ["assignment", quiz.id],
      ["assignment", homework.id],
    ]);
    expect((await deliver(response)).status).toBe(200);
    const received = lms.deepLinkingResponses.at(-1)!;
    expect(received.contentItems.map((i) => [i.title, i.lineItem?.scoreMaximum])).toEqual([
      ["Chain rule quiz", 3],
      ["Backprop homework", 10.5],
    ]);
    expect(received.data).toBeUndefined();

    const cancelId = pickerId(await deepLinkLaunch("ada"));
    expect((await deliver(await pick(ada, cancelId, [["cancel", "1"]]))).status).toBe(200);
    expect(lms.deepLinkingResponses.at(-1)!.contentItems).toEqual([]);
    expect((await t.db.ltiDeepLinkRequest.findUniqueOrThrow({ where: { id: cancelId } })).usedAt).not.toBeNull();
  });

  it("a learner's launch of the link it made opens that assignment, and the resource link records it", async () => {
    const link = lms.createdLinks.find((l) => l.item.custom?.assignment_id === homework.id)!;
    const login = await ltiLogin(t.db, new Request(lms.resourceLinkLoginUrl(`${TOOL}/api/lti/login`, "ben", link)));
    expect(login.status).toBe(302);
    const { action, fields } = formFields(await (await fetch(login.headers.get("location")!)).text());
    const response = await ltiLaunch(t.db, new Request(action, { method: "POST", body: new URLSearchParams(fields), headers: { cookie: stateCookie(login) } }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${TOOL}/assignments/${homework.id}`);
    const row = await t.db.ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: link.resourceLinkId } });
    expect(row).toMatchObject({ assignmentId: homework.id, title: "Backprop homework" });
  });

  it("refuses a launch whose custom assignment_id is not an assignment of the course", async () => {
    lms.users.set("ben2", { sub: "lms-ben", roles: [ROLE.learner] });
    const login = await ltiLogin(t.db, new Request(lms.loginInitiationUrl(`${TOOL}/api/lti/login`, "ben2", `${TOOL}/`)));
    lms.nextForgery = { claims: { [LTI.custom]: { assignment_id: "no-such-assignment" } } };
    const { action, fields } = formFields(await (await fetch(login.headers.get("location")!)).text());
    const response = await ltiLaunch(t.db, new Request(action, { method: "POST", body: new URLSearchParams(fields), headers: { cookie: stateCookie(login) } }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('data-reason="unknown-assignment"');
    expect((await lastRefusal()).detail).toMatch(/no-such-assignment/);
  });
});
