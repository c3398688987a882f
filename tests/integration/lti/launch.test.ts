/**
 * LTI 1.3 launches from a simulated LMS (tests/setup/lti-platform.ts) over real HTTP: login
 * initiation → the platform's authorization endpoint → the id_token form post to the launch route.
 * Valid launches sign the user in with the app's own session cookie and set the course role; every
 * forged launch is refused with its reason and an audit entry, and changes nothing else.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authOptionsWith } from "@/lib/auth/options";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { userOfSession } from "@/lib/auth/sessions";
import { registerPlatform } from "@/lib/lti/registration";
import { ltiLaunch, ltiLogin } from "@/lib/lti/routes";
import { sessionOf } from "../../setup/auth-flow";
import { freshDatabase, type TestDatabase } from "../../setup/database";
import { formFields, LTI, ROLE, SimulatedPlatform, type Forgery } from "../../setup/lti-platform";

const TOOL = "http://127.0.0.1:3999";
process.env.NEXTAUTH_URL = TOOL;

let t: TestDatabase;
let lms: SimulatedPlatform;
let options: ReturnType<typeof authOptionsWith>;

beforeAll(async () => {
  t = await freshDatabase();
  lms = await SimulatedPlatform.start();
  options = authOptionsWith(() => t.db);
  await registerPlatform(t.db, {
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    authUrl: lms.authUrl,
    tokenUrl: lms.tokenUrl,
    jwksUrl: lms.jwksUrl,
  });
  lms.users.set("hint-ada", { sub: "lms-user-ada", name: "Ada Instructor", email: "ada@uni.example", roles: [ROLE.instructor, ROLE.institutionInstructor] });
  lms.users.set("hint-ben", { sub: "lms-user-ben", name: "Ben Learner", email: "ben@uni.example", roles: [ROLE.learner] });
  lms.users.set("hint-tia", { sub: "lms-user-tia", name: "Tia Assistant", roles: [ROLE.instructor, ROLE.ta] });
});
afterAll(async () => {
  await lms.close();
  await t.dispose();
});

/** The browser's cookies for the tool: login initiation binds its state to them (lib/lti/browser-binding.ts). */
const jar = new Map<string, string>();

/** The browser's side: login initiation, the platform's answer, and the form it posts. */
async function authorize(loginHint: string, forgery: Forgery | null = null) {
  const login = await ltiLogin(t.db, new Request(lms.loginInitiationUrl(`${TOOL}/api/lti/login`, loginHint, `${TOOL}/`)));
  expect(login.status).toBe(302);
  for (const line of login.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
  }
  lms.nextForgery = forgery;
  const answer = await fetch(login.headers.get("location")!);
  expect(answer.status).toBe(200);
  return formFields(await answer.text());
}

function post(action: string, fields: Record<string, string>) {
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return ltiLaunch(t.db, new Request(action, { method: "POST", body: new URLSearchParams(fields), headers: { cookie } }));
}

async function launch(loginHint: string, forgery: Forgery | null = null) {
  const { action, fields } = await authorize(loginHint, forgery);
  expect(action).toBe(`${TOOL}/api/lti/launch`);
  return { response: await post(action, fields), fields };
}

function sessionCookieOf(response: Response): string | undefined {
  const name = sessionCookieName(false);
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(";")[0];
}

/** Who the app's own session mechanism says the cookie signs in. */
async function signedInAs(response: Response) {
  const value = sessionCookieOf(response);
  if (!value) return null;
  return userOfSession(t.db, await sessionOf(options, { [sessionCookieName(false)]: value }));
}

async function refusals() {
  return t.db.auditLog.findMany({ where: { action: "lti.launch.refused" }, orderBy: { createdAt: "asc" } });
}

describe("LTI 1.3 launch", () => {
  it("login initiation sends the browser to the platform with state, nonce and the OIDC parameters", async () => {
    await authorize("hint-ben");
    const q = lms.authRequests.at(-1)!;
    expect(q).toMatchObject({
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: lms.clientId,
      redirect_uri: `${TOOL}/api/lti/launch`,
      login_hint: "hint-ben",
      lti_message_hint: "msg-hint-ben",
    });
    expect(q.state!.length).toBeGreaterThanOrEqual(40);
    expect(q.nonce!.length).toBeGreaterThanOrEqual(40);
    const state = await t.db.ltiLaunchState.findUniqueOrThrow({ where: { state: q.state! } });
    expect(state.nonce).toBe(q.nonce);
  });

  it("refuses a learner before any instructor has opened the course", async () => {
    const { response } = await launch("hint-ben");
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('data-reason="course-not-set-up"');
    expect(sessionCookieOf(response)).toBeUndefined();
  });

  it("an instructor's launch creates the course from the context and signs them in as its instructor", async () => {
    const { response } = await launch("hint-ada");
    expect(response.status).toBe(303);
    const link = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: lms.context.id }, include: { course: true } });
    expect(link.course.title).toBe("Deep Learning Theory");
    expect(link.course.code).toBe("DL-101");
    expect(response.headers.get("location")).toBe(`${TOOL}/teach/courses/${link.courseId}`);
    const user = await signedInAs(response);
    expect(user).toMatchObject({ name: "Ada Instructor", email: "ada@uni.example", isSiteAdmin: false });
    const membership = await t.db.membership.findUniqueOrThrow({ where: { userId_courseId: { userId: user!.id, courseId: link.courseId } } });
    expect(membership.role).toBe("INSTRUCTOR");
    const linkRow = await t.db.ltiUserLink.findUniqueOrThrow({ where: { issuer_subject: { issuer: lms.issuer, subject: "lms-user-ada" } } });
    expect(linkRow.userId).toBe(user!.id);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.launch", actorId: user!.id } });
    expect(audit.courseId).toBe(link.courseId);
  });

  it("a learner's launch joins the linked course as a student and signs them in; a second launch reuses the account", async () => {
    const first = await launch("hint-ben");
    expect(first.response.status).toBe(303);
    const link = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: lms.context.id } });
    expect(first.response.headers.get("location")).toBe(`${TOOL}/dashboard#course-${link.courseId}`);
    const ben = await signedInAs(first.response);
    expect(ben?.email).toBe("ben@uni.example");
    expect((await t.db.membership.findUniqueOrThrow({ where: { userId_courseId: { userId: ben!.id, courseId: link.courseId } } })).role).toBe("STUDENT");

    const again = await launch("hint-ben");
    expect(again.response.status).toBe(303);
    expect((await signedInAs(again.response))?.id).toBe(ben!.id);
    expect(await t.db.user.count({ where: { email: "ben@uni.example" } })).toBe(1);
    expect(await t.db.course.count({ where: { ltiContexts: { some: { contextId: lms.context.id } } } })).toBe(1);
  });

  it("a teaching assistant (Instructor#TeachingAssistant) becomes TA; a user without an email gets a placeholder", async () => {
    const { response } = await launch("hint-tia");
    expect(response.status).toBe(303);
    const tia = await signedInAs(response);
    expect(tia?.email).toMatch(/^lti-[0-9a-f]{20}@lti\.invalid$/);
    const link = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: lms.context.id } });
    expect((await t.db.membership.findUniqueOrThrow({ where: { userId_courseId: { userId: tia!.id, courseId: link.courseId } } })).role).toBe("TA");
  });

  it("opens the target link when it is a page of the tool, and never another host's", async () => {
    lms.users.set("hint-ben-again", { sub: "lms-user-ben", roles: [ROLE.learner] });
    const page = await launch("hint-ben-again", { claims: { [LTI.targetLinkUri]: `${TOOL}/assignments/abc?x=1` } });
    expect(page.response.headers.get("location")).toBe(`${TOOL}/assignments/abc?x=1`);
    const course = (await t.db.ltiContext.findFirstOrThrow({ where: { contextId: lms.context.id } })).courseId;
    const cases: [target: string, lands: string][] = [
      // A path that starts with "//" stays a path of the tool, never the host it names.
      [`${TOOL}//evil.example/x`, `${TOOL}//evil.example/x`],
      ["https://evil.example/assignments/abc", `${TOOL}/dashboard#course-${course}`],
      [`${TOOL}/api/lti/launch`, `${TOOL}/dashboard#course-${course}`],
    ];
    for (const [target, lands] of cases) {
      const { response } = await launch("hint-ben-again", { claims: { [LTI.targetLinkUri]: target } });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(lands);
    }
  });

  it("the roles claim decides the role on every launch: a learner made instructor in the LMS becomes one here", async () => {
    lms.users.set("hint-ben-promoted", { sub: "lms-user-ben", roles: [ROLE.instructor] });
    const { response } = await launch("hint-ben-promoted");
    expect(response.status).toBe(303);
    const ben = await signedInAs(response);
    const link = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: lms.context.id } });
    expect((await t.db.membership.findUniqueOrThrow({ where: { userId_courseId: { userId: ben!.id, courseId: link.courseId } } })).role).toBe("INSTRUCTOR");
    expect(await t.db.auditLog.count({ where: { action: "roster.role", courseId: link.courseId } })).toBe(1);
  });
});

describe("forged LTI launches are refused with their reason and an audit entry", () => {
  let before: { users: number; memberships: number; courses: number };
  beforeEach(async () => {
    before = { users: await t.db.user.count(), memberships: await t.db.membership.count(), courses: await t.db.course.count() };
    lms.users.set("hint-eve", { sub: "lms-user-eve", name: "Eve", email: "eve@uni.example", roles: [ROLE.learner] });
  });

  async function expectRefused(response: Response, status: number, reason: string, detail: RegExp) {
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(html).toContain(`data-reason="${reason}"`);
    expect(sessionCookieOf(response)).toBeUndefined();
    const last = (await refusals()).at(-1)!;
    expect(last.after).toMatchObject({ reason });
    expect(String((last.after as { detail: string }).detail)).toMatch(detail);
    expect({ users: await t.db.user.count(), memberships: await t.db.membership.count(), courses: await t.db.course.count() }).toEqual(before);
  }

  const cases: { name: string; forgery: Forgery; status: number; reason: string; detail: RegExp }[] = [
    { name: "signed with another key", forgery: { rogueKey: true }, status: 401, reason: "bad-signature", detail: /signature verification failed/i },
    { name: "wrong audience", forgery: { claims: { aud: "someone-else" } }, status: 401, reason: "bad-token", detail: /aud \[someone-else\]/ },
    {
      name: "several audiences and azp another client",
      forgery: { claims: { aud: ["chainrule-client", "x"], azp: "x" } },
      status: 401,
      reason: "bad-token",
      detail: /azp "x"/,
    },
    { name: "expired", forgery: { expiresIn: -120 }, status: 401, reason: "expired", detail: /exp/ },
    { name: "issued in the future", forgery: { issuedAtOffset: 600, expiresIn: 900 }, status: 401, reason: "bad-token", detail: /iat/ },
    {
      name: "unknown deployment",
      forgery: { claims: { [LTI.deploymentId]: "deployment-9" } },
      status: 403,
      reason: "unknown-deployment",
      detail: /deployment-9/,
    },
    {
      name: "deep linking request without its settings claim",
      forgery: { claims: { [LTI.messageType]: "LtiDeepLinkingRequest" } },
      status: 400,
      reason: "bad-deep-linking",
      detail: /deep_linking_settings/,
    },
    {
      name: "wrong message type",
      forgery: { claims: { [LTI.messageType]: "LtiSubmissionReviewRequest" } },
      status: 400,
      reason: "unsupported-message",
      detail: /LtiSubmissionReviewRequest/,
    },
    { name: "wrong version", forgery: { claims: { [LTI.version]: "1.1" } }, status: 400, reason: "bad-version", detail: /1\.1/ },
    { name: "another nonce than the state's", forgery: { claims: { nonce: "not-the-states-nonce" } }, status: 401, reason: "bad-state", detail: /nonce/ },
    { name: "no context", forgery: { claims: { [LTI.context]: undefined } }, status: 400, reason: "bad-claims", detail: /context/ },
  ];
  for (const c of cases) {
    it(`refuses a token ${c.name}`, async () => {
      const { response } = await launch("hint-eve", c.forgery);
      await expectRefused(response, c.status, c.reason, c.detail);
    });
  }

  it("refuses a replayed launch (the same id_token and state posted again)", async () => {
    lms.users.set("hint-ada", { sub: "lms-user-ada", roles: [ROLE.instructor] });
    const { response, fields } = await launch("hint-ada");
    expect(response.status).toBe(303);
    before.memberships = await t.db.membership.count();
    const replay = await post(`${TOOL}/api/lti/launch`, fields);
    await expectRefused(replay, 401, "nonce-replayed", /already used/);
  });

  it("refuses a launch without state, and one whose state is another login's", async () => {
    const { fields } = await authorize("hint-eve");
    const { state: _state, ...withoutState } = fields;
    await expectRefused(await post(`${TOOL}/api/lti/launch`, withoutState), 401, "bad-state", /missing/);

    const a = await authorize("hint-eve");
    const b = await authorize("hint-eve");
    await expectRefused(await post(`${TOOL}/api/lti/launch`, { id_token: a.fields.id_token!, state: b.fields.state! }), 401, "bad-state", /nonce/);
    await expectRefused(await post(`${TOOL}/api/lti/launch`, { id_token: b.fields.id_token!, state: "made-up-state" }), 401, "bad-state", /unknown/);
  });

  it("refuses a token from an unregistered issuer and a post without a token", async () => {
    await expectRefused(
      await launch("hint-eve", { claims: { iss: "https://evil.example" } }).then((r) => r.response),
      401,
      "unknown-platform",
      /evil\.example/,
    );
    await expectRefused(await post(`${TOOL}/api/lti/launch`, { state: "x" }), 400, "bad-request", /id_token is missing/);
  });
});

describe("LTI login initiation refusals", () => {
  it("an unknown issuer, an unknown deployment and a target outside the tool each get a page and an audit entry", async () => {
    const url = (mutate: (u: URL) => void) => {
      const u = new URL(lms.loginInitiationUrl(`${TOOL}/api/lti/login`, "hint-ben", `${TOOL}/`));
      mutate(u);
      return u.href;
    };
    const tries: [string, string, number][] = [
      [url((u) => u.searchParams.set("iss", "https://unknown-lms.example")), "unknown-platform", 400],
      [url((u) => u.searchParams.set("lti_deployment_id", "nope")), "unknown-deployment", 400],
      [url((u) => u.searchParams.set("target_link_uri", "https://phish.example/")), "bad-target", 400],
      [url((u) => u.searchParams.delete("login_hint")), "bad-request", 400],
    ];
    for (const [href, reason, status] of tries) {
      const response = await ltiLogin(t.db, new Request(href));
      expect(response.status).toBe(status);
      expect(await response.text()).toContain(`data-reason="${reason}"`);
      const last = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.login.refused" }, orderBy: { createdAt: "desc" } });
      expect(last.after).toMatchObject({ reason });
    }
  });
});
