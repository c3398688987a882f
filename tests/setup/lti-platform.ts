/**
 * A simulated LMS for the LTI tests: an LTI 1.3 platform with its own RSA keys, its JWKS and an OIDC
 * authorization endpoint on a local HTTP server. The endpoint answers the tool's login redirect as a
 * platform does: a page that form-posts a signed id_token and the state to the tool's redirect_uri.
 * A test can forge the next token (another key, other claims, another lifetime) to see it refused.
 * Imports neither the app's server code nor Prisma, so Playwright specs can use it too.
 *
 * The services section (below, "Services: token, AGS, NRPS") adds the OAuth 2 token endpoint that
 * verifies the tool's client assertion against the tool's JWKS, the AGS line items and scores
 * endpoints (with an outage switch), and the NRPS memberships endpoint with paging.
 */
import crypto from "node:crypto";
import http from "node:http";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload, type KeyLike } from "jose";
import { CLAIM, MEDIA, SCOPE } from "../../lib/lti/claims";
import { freePort } from "./free-port";

/** The claim names, from the tool's own list (lib/lti/claims.ts imports neither Prisma nor the server). */
export const LTI = CLAIM;

export const ROLE = {
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  ta: "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  institutionInstructor: "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
} as const;

/** A person in the LMS, named at login initiation by their login_hint. */
export type PlatformUser = { sub: string; name?: string; email?: string; roles: string[] };

/** How the next id_token is forged: claims replaced (undefined removes one), signed with another key, or dated differently. */
export type Forgery = {
  claims?: Record<string, unknown>;
  /** Sign with a key the platform never published (under the published key's kid). */
  rogueKey?: boolean;
  /** Seconds from now to exp (default 300); negative for an expired token. */
  expiresIn?: number;
  /** Seconds added to iat (default 0). */
  issuedAtOffset?: number;
};

export type AuthRequest = Record<string, string>;

/** Where the platform's deep linking return endpoint listens. */
const DEEP_LINK_RETURN_PATH = "/deep-link/return";

/** A content item as the tool returned it. */
export type DeepLinkContentItem = {
  type: string;
  title?: string;
  url: string;
  custom?: Record<string, string>;
  lineItem?: { scoreMaximum: number; label?: string; resourceId?: string };
};
/** One verified deep linking response. */
export type DeepLinkingReturn = { kid: string | undefined; payload: JWTPayload; contentItems: DeepLinkContentItem[]; data: string | undefined };

export class SimulatedPlatform {
  readonly users = new Map<string, PlatformUser>();
  /** Every authorization request the tool sent, as received. */
  readonly authRequests: AuthRequest[] = [];
  /** Applied to the next id_token only. */
  nextForgery: Forgery | null = null;
  context = { id: "ctx-dl-101", label: "DL 101", title: "Deep Learning Theory" };
  resourceLink = { id: "rl-1", title: "Backprop homework" };
  readonly services = new PlatformServices(this);

  private constructor(
    readonly origin: string,
    readonly clientId: string,
    readonly deploymentId: string,
    private readonly server: http.Server,
    private readonly key: { kid: string; privateKey: KeyLike; publicJwk: Record<string, unknown> },
    private readonly rogue: KeyLike,
  ) {}

  get issuer() {
    return this.origin;
  }
  get authUrl() {
    return `${this.origin}/auth`;
  }
  get tokenUrl() {
    return `${this.origin}/token`;
  }
  get jwksUrl() {
    return `${this.origin}/jwks`;
  }

  static async start(options: { clientId?: string; deploymentId?: string } = {}): Promise<SimulatedPlatform> {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const rogue = await generateKeyPair("RS256");
    const kid = crypto.randomBytes(8).toString("hex");
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    const port = await freePort();
    let platform: SimulatedPlatform | null = null;
    const server = http.createServer((req, res) => {
      platform!.answer(req, res).catch((e: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(e));
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    platform = new SimulatedPlatform(
      `http://127.0.0.1:${port}`,
      options.clientId ?? "chainrule-client",
      options.deploymentId ?? "deployment-1",
      server,
      { kid, privateKey, publicJwk },
      rogue.privateKey,
    );
    return platform;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The login initiation URL an LMS sends the browser to (GET, with the parameters in the query). */
  loginInitiationUrl(toolLoginUrl: string, loginHint: string, targetLinkUri: string): string {
    const url = new URL(toolLoginUrl);
    const params = {
      iss: this.issuer,
      login_hint: loginHint,
      target_link_uri: targetLinkUri,
      lti_message_hint: `msg-${loginHint}`,
      client_id: this.clientId,
      lti_deployment_id: this.deploymentId,
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.href;
  }

  /** A signed id_token for a launch by this user, with the request's nonce, forged as asked. */
  async idToken(user: PlatformUser, nonce: string, targetLinkUri: string, forgery: Forgery = {}): Promise<string> {
    const claims: Record<string, unknown> = {
      nonce,
      name: user.name,
      email: user.email,
      [LTI.messageType]: "LtiResourceLinkRequest",
      [LTI.version]: "1.3.0",
      [LTI.deploymentId]: this.deploymentId,
      [LTI.targetLinkUri]: targetLinkUri,
      [LTI.resourceLink]: this.resourceLink,
      [LTI.roles]: user.roles,
      [LTI.context]: this.context,
      ...this.services.launchClaims(),
      ...forgery.claims,
    };
    const payload = Object.fromEntries(Object.entries(claims).filter(([k, v]) => v !== undefined && !["iss", "aud", "sub"].includes(k))) as JWTPayload;
    const now = Math.floor(Date.now() / 1000);
    const iat = now + (forgery.issuedAtOffset ?? 0);
    const jwt = new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: this.key.kid, typ: "JWT" })
      .setIssuedAt(iat)
      .setExpirationTime(now + (forgery.expiresIn ?? 300));
    const pick = (name: string, fallback: string | string[]) => (forgery.claims && name in forgery.claims ? forgery.claims[name] : fallback);
    const iss = pick("iss", this.issuer);
    const aud = pick("aud", this.clientId);
    const sub = pick("sub", user.sub);
    if (typeof iss === "string") jwt.setIssuer(iss);
    if (typeof aud === "string" || Array.isArray(aud)) jwt.setAudience(aud as string | string[]);
    if (typeof sub === "string") jwt.setSubject(sub);
    return jwt.sign(forgery.rogueKey ? this.rogue : this.key.privateKey);
  }

  // ---- Deep linking (LTI Deep Linking 2.0) -------------------------------------------------------
  // A deep linking launch is a login initiation whose lti_message_hint says so ("dl:…"); the id_token
  // then carries the deep_linking_settings claim with a return URL on this server. The return endpoint
  // verifies the tool's LtiDeepLinkingResponse against the tool's JWKS and records its content items.
  // A launch of a link made that way ("rl:<n>") carries the item's url and custom parameters.

  /** The tool's public keys, to verify its responses: a JWKS URL (fetched on each response) or a function (tests without HTTP). */
  toolJwks: string | (() => Promise<JSONWebKeySet>) | null = null;
  /** The deep_linking_settings of the next deep linking launches (accept_multiple, data, accept_types); replaced entirely when set. */
  deepLinkingSettings: Record<string, unknown> = {
    accept_types: ["ltiResourceLink"],
    accept_presentation_document_targets: ["iframe", "window"],
    accept_multiple: false,
    data: "dl-data-opaque",
  };
  /** Responses the tool posted back, verified, in order. */
  readonly deepLinkingResponses: DeepLinkingReturn[] = [];
  /** Responses refused by the return endpoint, with why. */
  readonly deepLinkingErrors: string[] = [];
  /** Resource links created from content items: launched by resourceLinkLoginUrl. */
  readonly createdLinks: { resourceLinkId: string; item: DeepLinkContentItem }[] = [];
  private readonly seenResponseNonces = new Set<string>();

  get deepLinkReturnUrl() {
    return `${this.origin}${DEEP_LINK_RETURN_PATH}`;
  }

  /** "Add external tool": the login initiation of a deep linking launch toward the tool's deep linking URL. */
  deepLinkingLoginUrl(toolLoginUrl: string, loginHint: string, deepLinkingUrl: string): string {
    const url = new URL(this.loginInitiationUrl(toolLoginUrl, loginHint, deepLinkingUrl));
    url.searchParams.set("lti_message_hint", `dl:${loginHint}`);
    return url.href;
  }

  /** The login initiation of a launch of a resource link created from a returned content item. */
  resourceLinkLoginUrl(toolLoginUrl: string, loginHint: string, link: { resourceLinkId: string; item: DeepLinkContentItem }): string {
    const index = this.createdLinks.indexOf(link);
    if (index < 0) throw new Error("not a link this platform created");
    const url = new URL(this.loginInitiationUrl(toolLoginUrl, loginHint, link.item.url));
    url.searchParams.set("lti_message_hint", `rl:${index}`);
    return url.href;
  }

  /** The claims the message hint asks for: a deep linking request, a created link's launch, or none (the default resource link). */
  private deepLinkingMessageClaims(hint: string | undefined): Record<string, unknown> {
    if (hint?.startsWith("dl:")) {
      return {
        [LTI.messageType]: "LtiDeepLinkingRequest",
        [LTI.resourceLink]: undefined,
        [LTI.deepLinkingSettings]: { deep_link_return_url: this.deepLinkReturnUrl, ...this.deepLinkingSettings },
      };
    }
    const created = hint?.startsWith("rl:") ? this.createdLinks[Number(hint.slice(3))] : undefined;
    if (created) {
      return {
        [LTI.resourceLink]: { id: created.resourceLinkId, title: created.item.title },
        [LTI.targetLinkUri]: created.item.url,
        [LTI.custom]: created.item.custom,
      };
    }
    return {};
  }

  /** Verifies the tool's response as a platform must (Deep Linking 2.0 section 4.5) and records it, or answers 400 with why. */
  private async answerDeepLinkReturn(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const jwt = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("JWT");
    try {
      if (req.method !== "POST" || !jwt) throw new Error("expected a form post with JWT");
      if (!this.toolJwks) throw new Error("the platform does not know the tool's JWKS");
      const jwks = typeof this.toolJwks === "string" ? ((await (await fetch(this.toolJwks)).json()) as JSONWebKeySet) : await this.toolJwks();
      const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
        issuer: this.clientId,
        audience: this.issuer,
        algorithms: ["RS256"],
        requiredClaims: ["iat", "exp", "nonce"],
      });
      if (payload[LTI.messageType] !== "LtiDeepLinkingResponse") throw new Error(`message type ${String(payload[LTI.messageType])}`);
      if (payload[LTI.version] !== "1.3.0") throw new Error(`version ${String(payload[LTI.version])}`);
      if (payload[LTI.deploymentId] !== this.deploymentId) throw new Error(`deployment ${String(payload[LTI.deploymentId])}`);
      const nonce = String(payload.nonce);
      if (this.seenResponseNonces.has(nonce)) throw new Error("nonce replayed");
      this.seenResponseNonces.add(nonce);
      const contentItems = (payload[LTI.contentItems] ?? []) as DeepLinkContentItem[];
      if (!Array.isArray(contentItems)) throw new Error("content_items is not an array");
      const received: DeepLinkingReturn = { kid: protectedHeader.kid, payload, contentItems, data: payload[LTI.deepLinkingData] as string | undefined };
      this.deepLinkingResponses.push(received);
      for (const item of contentItems) {
        if (item.type === "ltiResourceLink") this.createdLinks.push({ resourceLinkId: `dl-link-${this.createdLinks.length + 1}`, item });
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html><head><title>Simulated LMS</title></head><body><h1>Content added</h1><ul>` +
          contentItems.map((i) => `<li data-testid="lms-item">${String(i.title).replace(/[&<>"']/g, "")}</li>`).join("") +
          `</ul></body></html>`,
      );
    } catch (e) {
      this.deepLinkingErrors.push(String(e instanceof Error ? e.message : e));
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(`deep linking response refused: ${String(e instanceof Error ? e.message : e)}`);
    }
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    if (url.pathname === "/jwks") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [this.key.publicJwk] }));
      return;
    }
    if (url.pathname === DEEP_LINK_RETURN_PATH) return this.answerDeepLinkReturn(req, res);
    if (await this.services.answer(url, req, res)) return;
    if (url.pathname === "/auth") {
      const q = Object.fromEntries(url.searchParams);
      this.authRequests.push(q);
      const user = this.users.get(q.login_hint ?? "");
      const problem =
        q.scope !== "openid" || q.response_type !== "id_token" || q.response_mode !== "form_post" || q.prompt !== "none"
          ? "unsupported_response_type"
          : q.client_id !== this.clientId
            ? "unauthorized_client"
            : !user
              ? "login_required"
              : !q.redirect_uri || !q.nonce || !q.state
                ? "invalid_request"
                : null;
      if (problem) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end(problem);
        return;
      }
      const forgery = this.nextForgery ?? {};
      this.nextForgery = null;
      const messageClaims = this.deepLinkingMessageClaims(q.lti_message_hint);
      const idToken = await this.idToken(user!, q.nonce!, q.redirect_uri!, { ...forgery, claims: { ...messageClaims, ...forgery.claims } });
      const field = (name: string, value: string) =>
        `<input type="hidden" name="${name}" value="${value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}">`;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html><head><title>Simulated LMS</title></head><body onload="document.forms[0].submit()">` +
          `<form method="post" action="${q.redirect_uri}">${field("id_token", idToken)}${field("state", q.state!)}<noscript><button>Continue</button></noscript></form></body></html>`,
      );
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  }
}

/** The fields of the platform's auto-submitting form: what the browser would post to the tool. */
export function formFields(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? "";
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]!] = m[2]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  }
  return { action, fields };
}

// ---------------------------------------------------------------------------------------------
// Services: token, AGS, NRPS (grade passback and roster sync; helper "ags")
// ---------------------------------------------------------------------------------------------

/** A score as the platform received it at a line item's scores endpoint. */
export type ReceivedScore = {
  lineItem: string;
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
};

export type LineItem = { id: string; scoreMaximum: number; label: string; resourceLinkId?: string; resourceId?: string };

/** A member as NRPS lists it (status Active unless said). */
export type Member = { user_id: string; roles: string[]; name?: string; email?: string; status?: "Active" | "Inactive" | "Deleted" };

class PlatformServices {
  /** The tool's JWKS: a URL (the tool's /api/lti/jwks) or a function giving the key set. */
  toolJwks: string | (() => Promise<JSONWebKeySet>) | null = null;
  /** When true, the scores endpoint answers 503 (an LMS outage). */
  scoresDown = false;
  readonly lineItems: LineItem[] = [];
  readonly scores: ReceivedScore[] = [];
  /** Each request to a scores endpoint, with the status answered. */
  readonly scoreAttempts: { status: number }[] = [];
  /** Token requests refused, with the reason (e.g. the assertion's signature). */
  readonly tokenRefusals: string[] = [];
  readonly members: Member[] = [];
  /** Members per NRPS page. */
  pageSize = 2;
  /** Sent in the launch's AGS claim as the link's own line item (else the tool makes one). */
  launchLineItem: string | null = null;
  private readonly tokens = new Map<string, string[]>();

  constructor(private readonly platform: SimulatedPlatform) {}

  get lineItemsUrl() {
    return `${this.platform.origin}/lineitems`;
  }
  get membershipsUrl() {
    return `${this.platform.origin}/memberships`;
  }

  launchClaims(): Record<string, unknown> {
    return {
      [CLAIM.agsEndpoint]: {
        scope: [SCOPE.lineItem, SCOPE.score, SCOPE.resultReadOnly],
        lineitems: this.lineItemsUrl,
        ...(this.launchLineItem ? { lineitem: this.launchLineItem } : {}),
      },
      [CLAIM.nrpsService]: { context_memberships_url: this.membershipsUrl, service_versions: ["2.0"] },
    };
  }

  /** Answers a service request; false when the path is not a service's. */
  async answer(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const send = (status: number, body: unknown, type = "application/json", headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
      return true;
    };
    if (url.pathname === "/token" && req.method === "POST") {
      const form = new URLSearchParams(await bodyOf(req));
      const refuse = (error: string, why: string) => {
        this.tokenRefusals.push(why);
        return send(error === "invalid_client" ? 401 : 400, { error, error_description: why });
      };
      if (form.get("grant_type") !== "client_credentials") return refuse("unsupported_grant_type", "grant_type must be client_credentials");
      if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        return refuse("invalid_request", "client_assertion_type must be jwt-bearer");
      if (!this.toolJwks) return refuse("invalid_client", "no JWKS registered for the tool");
      const jwks = typeof this.toolJwks === "string" ? ((await (await fetch(this.toolJwks)).json()) as JSONWebKeySet) : await this.toolJwks();
      try {
        await jwtVerify(form.get("client_assertion") ?? "", createLocalJWKSet(jwks), {
          issuer: this.platform.clientId,
          subject: this.platform.clientId,
          audience: this.platform.tokenUrl,
          algorithms: ["RS256"],
          requiredClaims: ["jti", "iat", "exp"],
        });
      } catch (e) {
        return refuse("invalid_client", `client assertion refused: ${(e as Error).message}`);
      }
      const token = crypto.randomBytes(16).toString("hex");
      const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
      this.tokens.set(token, scopes);
      return send(200, { access_token: token, token_type: "Bearer", expires_in: 3600, scope: scopes.join(" ") });
    }
    const granted = this.tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    if (url.pathname === "/lineitems" && req.method === "POST") {
      if (!granted?.includes(SCOPE.lineItem)) return send(401, { error: "invalid_token" });
      if (req.headers["content-type"] !== MEDIA.lineItem) return send(415, "line item media type expected", "text/plain");
      const body = JSON.parse(await bodyOf(req)) as Omit<LineItem, "id">;
      if (typeof body.scoreMaximum !== "number" || !(body.scoreMaximum > 0) || !body.label)
        return send(400, "scoreMaximum > 0 and label are required", "text/plain");
      const item = { ...body, id: `${this.lineItemsUrl}/${this.lineItems.length + 1}` };
      this.lineItems.push(item);
      return send(201, item, MEDIA.lineItem);
    }
    const scores = /^\/lineitems\/(\d+)\/scores$/.exec(url.pathname);
    if (scores && req.method === "POST") {
      const status = this.scoresDown ? 503 : !granted?.includes(SCOPE.score) ? 401 : req.headers["content-type"] !== MEDIA.score ? 415 : 200;
      this.scoreAttempts.push({ status });
      if (status !== 200) return send(status, status === 503 ? "service unavailable" : "refused", "text/plain");
      const lineItem = `${this.lineItemsUrl}/${scores[1]}`;
      if (!this.lineItems.some((l) => l.id === lineItem)) return send(404, "no such line item", "text/plain");
      const score = JSON.parse(await bodyOf(req)) as Omit<ReceivedScore, "lineItem">;
      // AGS 2.0 section 3.4.8: a score older than the last one for the user is refused.
      const last = this.scores.filter((s) => s.lineItem === lineItem && s.userId === score.userId).at(-1);
      if (last && Date.parse(last.timestamp) >= Date.parse(score.timestamp)) return send(409, "timestamp not after the last score's", "text/plain");
      this.scores.push({ lineItem, ...score });
      return send(200, "");
    }
    if (url.pathname === "/memberships" && req.method === "GET") {
      if (!granted?.includes(SCOPE.memberships)) return send(401, { error: "invalid_token" });
      const page = Number(url.searchParams.get("page") ?? "0");
      const slice = this.members.slice(page * this.pageSize, (page + 1) * this.pageSize);
      const more = (page + 1) * this.pageSize < this.members.length;
      const headers: Record<string, string> = more ? { link: `<${this.membershipsUrl}?page=${page + 1}>; rel="next"` } : {};
      return send(
        200,
        { id: `${this.membershipsUrl}?page=${page}`, context: this.platform.context, members: slice.map((m) => ({ status: "Active", ...m })) },
        MEDIA.memberships,
        headers,
      );
    }
    return false;
  }
}

function bodyOf(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}
