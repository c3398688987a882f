/**
 * The security headers of every response the proxy passes (proxy.ts): a nonce-based
 * Content-Security-Policy, framing, Permissions-Policy, Cross-Origin-Opener-Policy and, when the
 * public address is https, Strict-Transport-Security.
 *
 * Plain TypeScript (no Next, no Node built-ins) so the proxy, `npm start` and the tests share it.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export type SecurityConfig = {
  /** The app is served over https (NEXTAUTH_URL's scheme): HSTS, upgrade-insecure-requests. */
  https: boolean;
  /** CSP frame-ancestors sources; ["'none'"] unless FRAME_ANCESTORS says otherwise. */
  frameAncestors: string[];
  /** Next's development server needs eval (React's error overlay) and injects styles without nonces. */
  dev: boolean;
};

export class SecurityConfigError extends Error {
  override name = "SecurityConfigError";
}

/**
 * Who may show the app in a frame: FRAME_ANCESTORS is empty or 'none' (nobody, the default),
 * 'self', or origins separated by spaces (`https://lms.example.edu https://*.instructure.com`), as
 * an LMS embedding needs. Anything else is refused with what was wrong, since a stray `;` would
 * add a directive to the policy.
 */
export function parseFrameAncestors(raw: string | undefined): string[] {
  const tokens = (raw ?? "").trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return ["'none'"];
  const sources: string[] = [];
  for (const token of tokens) {
    const lower = token.toLowerCase();
    if (lower === "'none'" || lower === "none") {
      if (tokens.length > 1) throw new SecurityConfigError(`FRAME_ANCESTORS: 'none' cannot be combined with other sources (got "${raw}")`);
      return ["'none'"];
    }
    if (lower === "'self'" || lower === "self") {
      sources.push("'self'");
      continue;
    }
    const origin = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(:\d{1,5})?\/?$/i.exec(token);
    if (!origin) {
      throw new SecurityConfigError(
        `FRAME_ANCESTORS: "${token.slice(0, 80)}" is not an origin; write origins such as https://lms.example.edu (a leading *. is allowed), separated by spaces, or 'self', or 'none'`,
      );
    }
    const [, scheme = "", wildcard = "", host = "", port = ""] = origin;
    const local = host === "localhost" || host === "127.0.0.1";
    if (scheme.toLowerCase() === "http" && !local) {
      throw new SecurityConfigError(`FRAME_ANCESTORS: "${token.slice(0, 80)}" must use https (plain http is allowed for localhost only)`);
    }
    sources.push(`${scheme.toLowerCase()}://${wildcard}${host.toLowerCase()}${port}`);
  }
  return [...new Set(sources)];
}

/** Whether the public address (NEXTAUTH_URL, which also decides next-auth's Secure cookies) is https. */
export function servedOverHttps(env: Env): boolean {
  return (env.NEXTAUTH_URL ?? "").trim().toLowerCase().startsWith("https://");
}

export function securityConfigFromEnv(env: Env = process.env): SecurityConfig {
  return {
    https: servedOverHttps(env),
    frameAncestors: parseFrameAncestors(env.FRAME_ANCESTORS),
    dev: env.NODE_ENV === "development",
  };
}

/** A fresh, unguessable nonce for one response (128 random bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts run only with this response's nonce (Next puts it on its own scripts), or when loaded by
 * such a script ('strict-dynamic': Next's chunks); no inline script and no eval in production.
 *
 * Styles: stylesheets from this origin and <style> elements with the nonce. Style *attributes* stay
 * allowed (style-src-attr 'unsafe-inline'): KaTeX's typeset HTML positions every glyph with them
 * and the graph drawing sizes its SVG with them; they cannot run script, and url() in them is held
 * to img-src/font-src below.
 *
 * img-src allows blob: and data: for the drawing's SVG/PNG export; worker-src allows blob: for
 * Web Workers started from a bundled script.
 */
export function contentSecurityPolicy(nonce: string, config: SecurityConfig): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(config.dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", config.dev ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "blob:", "data:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'"],
    ["worker-src", "'self'", "blob:"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", ...(config.frameAncestors as [string, ...string[]])],
  ];
  if (config.https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/** Powerful browser features the app never uses, switched off for it and anything it frames. */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "serial=()",
  "usb=()",
].join(", ");

/** One year; the browser keeps using https for this host even when a link says http. */
export const HSTS = "max-age=31536000; includeSubDomains";

/** Headers the proxy sets on every response it passes (pages, routes, redirects, its own errors). */
export function securityHeaders(nonce: string, config: SecurityConfig): [name: string, value: string][] {
  const headers: [string, string][] = [
    ["Content-Security-Policy", contentSecurityPolicy(nonce, config)],
    ["Permissions-Policy", PERMISSIONS_POLICY],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
  ];
  // Older browsers know only X-Frame-Options, which has no list of origins: sent for 'none' and 'self' alone.
  const only = config.frameAncestors.length === 1 ? config.frameAncestors[0] : null;
  if (only === "'none'") headers.push(["X-Frame-Options", "DENY"]);
  if (only === "'self'") headers.push(["X-Frame-Options", "SAMEORIGIN"]);
  if (config.https) headers.push(["Strict-Transport-Security", HSTS]);
  return headers;
}
