/**
 * A simulated LMS for the LTI tests: an LTI 1.3 platform with its own RSA keys, its JWKS and an OIDC
 * authorization endpoint on a local HTTP server. The endpoint answers the tool's login redirect as a
 * platform does: a page that form-posts a signed id_token and the state to the tool's redirect_uri.
 * A test can forge the next token (another key, other claims, another lifetime) to see it refused.
 * Imports neither the app nor Prisma, so Playwright specs can use it too.
 */
import crypto from "node:crypto";
import http from "node:http";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload, type KeyLike } from "jose";
import { freePort } from "./free-port";

export const LTI = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  custom: "https://purl.imsglobal.org/spec/lti/claim/custom",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
} as const;

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
