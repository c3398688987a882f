import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  HSTS,
  newNonce,
  parseFrameAncestors,
  securityConfigFromEnv,
  SecurityConfigError,
  securityHeaders,
  type SecurityConfig,
} from "@/lib/security/headers";

const PROD: SecurityConfig = { https: false, frameAncestors: ["'none'"], dev: false };
const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)] as const));

describe("the Content-Security-Policy", () => {
  it("lets scripts run only with this response's nonce, never inline or eval in production", () => {
    const csp = directives(contentSecurityPolicy("abc123==", PROD));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(contentSecurityPolicy("abc123==", PROD)).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it("keeps KaTeX's style attributes and the drawing's exports working, and stylesheets to this origin or the nonce", () => {
    const csp = directives(contentSecurityPolicy("n0nce", PROD));
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-n0nce'"]);
    expect(csp.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "blob:", "data:"]);
    expect(csp.get("worker-src")).toEqual(["'self'", "blob:"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
  });

  it("allows what Next's development server needs only in development", () => {
    const csp = directives(contentSecurityPolicy("n", { ...PROD, dev: true }));
    expect(csp.get("script-src")).toContain("'unsafe-eval'");
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("upgrades insecure requests only when served over https", () => {
    expect(contentSecurityPolicy("n", PROD)).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { ...PROD, https: true }).endsWith("; upgrade-insecure-requests")).toBe(true);
  });

  it("uses a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 200 }, newNonce));
    expect(nonces.size).toBe(200);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("the other headers", () => {
  const map = (config: SecurityConfig) => new Map(securityHeaders("n", config));

  it("on plain http: framing refused, features off, no HSTS", () => {
    const h = map(PROD);
    expect(h.get("X-Frame-Options")).toBe("DENY");
    expect(h.get("Cross-Origin-Opener-Policy")).toBe("same-origin");
    expect(h.get("Permissions-Policy")).toMatch(/^accelerometer=\(\), camera=\(\), .*microphone=\(\), .*usb=\(\)$/);
    expect(h.has("Strict-Transport-Security")).toBe(false);
  });

  it("over https: HSTS for a year", () => {
    expect(map({ ...PROD, https: true }).get("Strict-Transport-Security")).toBe(HSTS);
    expect(HSTS).toBe("max-age=31536000; includeSubDomains");
  });

  it("X-Frame-Options follows frame-ancestors where it can, and is left out for a list of origins", () => {
    expect(map({ ...PROD, frameAncestors: ["'self'"] }).get("X-Frame-Options")).toBe("SAMEORIGIN");
    const lms = map({ ...PROD, frameAncestors: ["https://lms.example.edu"] });
    expect(lms.has("X-Frame-Options")).toBe(false);
    expect(lms.get("Content-Security-Policy")).toContain("frame-ancestors https://lms.example.edu");
  });
});

describe("settings from the environment", () => {
  it("knows https from NEXTAUTH_URL, the address next-auth also takes its Secure cookies from", () => {
    expect(securityConfigFromEnv({ NEXTAUTH_URL: "https://chainrule.example.edu" }).https).toBe(true);
    expect(securityConfigFromEnv({ NEXTAUTH_URL: "HTTPS://chainrule.example.edu/" }).https).toBe(true);
    expect(securityConfigFromEnv({ NEXTAUTH_URL: "http://localhost:3000" }).https).toBe(false);
    expect(securityConfigFromEnv({}).https).toBe(false);
    expect(securityConfigFromEnv({ NODE_ENV: "development" }).dev).toBe(true);
  });

  it("FRAME_ANCESTORS: nobody by default; 'self'; or origins an LMS embeds from", () => {
    expect(parseFrameAncestors(undefined)).toEqual(["'none'"]);
    expect(parseFrameAncestors("  ")).toEqual(["'none'"]);
    expect(parseFrameAncestors("'none'")).toEqual(["'none'"]);
    expect(parseFrameAncestors("self")).toEqual(["'self'"]);
    expect(parseFrameAncestors("'self' https://LMS.example.edu https://*.instructure.com:8443/ http://localhost:3001")).toEqual([
      "'self'",
      "https://lms.example.edu",
      "https://*.instructure.com:8443",
      "http://localhost:3001",
    ]);
  });

  it("FRAME_ANCESTORS: refuses anything else, saying what was wrong", () => {
    const bad = (raw: string) => () => parseFrameAncestors(raw);
    expect(bad("https://lms.example.edu; script-src *")).toThrow(SecurityConfigError);
    expect(bad("https://lms.example.edu; script-src *")).toThrow('FRAME_ANCESTORS: "https://lms.example.edu;" is not an origin');
    expect(bad("*")).toThrow(/"\*" is not an origin/);
    expect(bad("javascript:alert(1)")).toThrow(/is not an origin; write origins such as https:\/\/lms.example.edu/);
    expect(bad("https://lms.example.edu/path")).toThrow(/is not an origin/);
    expect(bad("http://lms.example.edu")).toThrow(/must use https \(plain http is allowed for localhost only\)/);
    expect(bad("'none' https://lms.example.edu")).toThrow(/'none' cannot be combined/);
  });
});
