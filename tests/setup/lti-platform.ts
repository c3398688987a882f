/**
 * A simulated LMS for the LTI tests: an LTI 1.3 platform with its own RSA keys, its JWKS and an OIDC
 * authorization endpoint on a local HTTP server. The endpoint answers the tool's login redirect as a
 * platform does: a page that form-posts a signed id_token and the state to the tool's redirect_uri.
 * A test can forge the next token (another key, other claims, another lifetime) to see it refused.
 * Imports neither the app nor Prisma, so Playwright specs can use it too.
 */
import crypto from "node:crypto";
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from "jose";
import { freePort } from "./free-port";

export const LTI = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
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

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    if (url.pathname === "/jwks") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [this.key.publicJwk] }));
      return;
    }
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
      const idToken = await this.idToken(user!, q.nonce!, q.redirect_uri!, forgery);
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
