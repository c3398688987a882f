/**
 * proxy.ts on its own: the security headers and nonce on what it passes and what it answers, and 413
 * for oversized bodies in the form each kind of caller can read. (tests/e2e/security.spec.ts checks
 * the same against the built app in a browser.)
 */
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

type Proxy = (request: NextRequest) => Promise<Response>;

/** proxy.ts as a fresh server would load it with these settings (it reads them once). */
async function loadProxy(env: Record<string, string | undefined> = {}): Promise<Proxy> {
  vi.resetModules();
  vi.stubEnv("NEXTAUTH_URL", env.NEXTAUTH_URL ?? "http://localhost:3000");
  vi.stubEnv("FRAME_ANCESTORS", env.FRAME_ANCESTORS ?? "");
  return (await import("@/proxy")).proxy;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

function post(path: string, init: { headers?: Record<string, string>; body?: BodyInit | null; length?: number } = {}) {
  const headers = new Headers(init.headers);
  if (init.length !== undefined) headers.set("content-length", String(init.length));
  return new NextRequest(`http://localhost:3000${path}`, { method: "POST", headers, body: init.body ?? null, duplex: "half" });
}

function chunked(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent >= bytes) return c.close();
      const n = Math.min(64 * 1024, bytes - sent);
      sent += n;
      c.enqueue(new Uint8Array(n));
    },
  });
}

describe("headers", () => {
  it("gives each response a fresh nonce, and the page's request the same policy so Next can use it", async () => {
    const proxy = await loadProxy();
    const a = await proxy(new NextRequest("http://localhost:3000/signin"));
    const b = await proxy(new NextRequest("http://localhost:3000/signin"));
    const csp = a.headers.get("content-security-policy");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic';/);
    expect(nonceOf(csp)).not.toBe(nonceOf(b.headers.get("content-security-policy")));
    // NextResponse.next({ request: { headers } }) hands the page these request headers
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(a.headers.get("x-middleware-request-x-nonce")).toBe(nonceOf(csp));
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(a.headers.get("permissions-policy")).toContain("camera=()");
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });

  it("puts them on redirects to sign-in and 401s too", async () => {
    const proxy = await loadProxy();
    const redirect = await proxy(new NextRequest("http://localhost:3000/dashboard"));
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const api = await proxy(new NextRequest("http://localhost:3000/api/courses/c1"));
    expect(api.status).toBe(401);
    expect(api.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("leaves the deep linking return page's policy to its route, but keeps it on the 401 the proxy answers itself", async () => {
    const proxy = await loadProxy();
    const token = await encode({ token: { uid: "u1", sub: "u1" }, secret: process.env.NEXTAUTH_SECRET! });
    const signedIn = await proxy(post("/api/lti/deep-link/r1", { headers: { cookie: `next-auth.session-token=${token}` } }));
    expect(signedIn.headers.get("content-security-policy")).toBeNull();
    // The route builds its policy from the request's, which still gets the nonce.
    expect(signedIn.headers.get("x-middleware-request-content-security-policy")).toContain("form-action 'self'");
    expect(signedIn.headers.get("x-frame-options")).toBe("DENY");
    const anonymous = await proxy(post("/api/lti/deep-link/r1"));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-security-policy")).toContain("form-action 'self'");
    const other = await proxy(post("/api/lti/deep-link/r1/x", { headers: { cookie: `next-auth.session-token=${token}` } }));
    expect(other.headers.get("content-security-policy")).toContain("form-action 'self'");
  });

  it("over https: HSTS, upgrade-insecure-requests, and the session read from next-auth's __Secure- cookie", async () => {
    const proxy = await loadProxy({ NEXTAUTH_URL: "https://chainrule.example.edu" });
    const token = await encode({ token: { uid: "u1", sub: "u1" }, secret: process.env.NEXTAUTH_SECRET! });
    const request = new NextRequest("https://chainrule.example.edu/dashboard", { headers: { cookie: `__Secure-next-auth.session-token=${token}` } });
    const response = await proxy(request);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(response.headers.get("content-security-policy")).toMatch(/; upgrade-insecure-requests$/);
    // the plain-http cookie name does not count over https
    const plain = await proxy(new NextRequest("https://chainrule.example.edu/dashboard", { headers: { cookie: `next-auth.session-token=${token}` } }));
    expect(plain.status).toBe(307);
  });

  it("FRAME_ANCESTORS opens framing to the origins it names", async () => {
    const proxy = await loadProxy({ FRAME_ANCESTORS: "https://lms.example.edu" });
    const r = await proxy(new NextRequest("http://localhost:3000/signin"));
    expect(r.headers.get("content-security-policy")).toMatch(/; frame-ancestors https:\/\/lms\.example\.edu$/);
    expect(r.headers.get("x-frame-options")).toBeNull();
  });

  it("a bad FRAME_ANCESTORS fails loudly rather than weakening the policy", async () => {
    const proxy = await loadProxy({ FRAME_ANCESTORS: "https://lms.example.edu; script-src *" });
    await expect(proxy(new NextRequest("http://localhost:3000/signin"))).rejects.toThrow(/FRAME_ANCESTORS: "https:\/\/lms.example.edu;" is not an origin/);
  });
});

describe("oversized bodies", () => {
  it("a server action call gets 413 text/plain, which Next's client throws as an Error with this message", async () => {
    const proxy = await loadProxy();
    const r = await proxy(post("/assignments/a/problems/p", { headers: { "next-action": "7f00aa" }, length: 5 * 1024 * 1024 }));
    expect(r.status).toBe(413);
    expect(r.headers.get("content-type")).toBe("text/plain");
    expect(await r.text()).toBe(
      "Payload too large (413): the request body is 5,242,880 bytes; a form or server action accepts at most 1 MB (1,048,576 bytes).",
    );
    expect(r.headers.get("content-security-policy")).toContain("'nonce-");
  });

  it("a plain form post gets a page in the visitor's language", async () => {
    const proxy = await loadProxy();
    const en = await proxy(post("/teach/courses/c1/roster", { headers: { "content-type": "multipart/form-data; boundary=x" }, length: 2 * 1024 * 1024 }));
    expect(en.status).toBe(413);
    expect(en.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await en.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>What you sent is too large</h1><p>This form can send at most 1 MB.");
    const zh = await proxy(post("/dashboard", { headers: { cookie: "NEXT_LOCALE=zh-CN" }, length: 2 * 1024 * 1024 }));
    expect(await zh.text()).toContain("<h1>发送的内容过大</h1><p>此表单最多只能发送 1 MB。");
  });

  it("a route gets 413 JSON naming its limit; a body within the limit passes", async () => {
    const proxy = await loadProxy();
    const health = await proxy(post("/api/health", { length: 10 }));
    expect(health.status).toBe(413);
    expect(await health.json()).toEqual({
      error: { code: "payload-too-large", message: "Payload too large (413): the request body is 10 bytes; /api/health takes no request body.", limit: 0 },
    });
    const signIn = await proxy(post("/api/auth/callback/credentials", { length: 20 * 1024 }));
    expect(signIn.status).toBe(413);
    expect(((await signIn.json()) as { error: { limit: number } }).error.limit).toBe(16 * 1024);
    const ok = await proxy(post("/api/auth/callback/credentials", { length: 300, body: "x".repeat(300) }));
    expect(ok.headers.get("x-middleware-next")).toBe("1");
  });

  it("checks the size before the session: an oversized body without a session is still 413", async () => {
    const proxy = await loadProxy();
    const r = await proxy(post("/api/courses/c1/gradebook.csv", { length: 5 * 1024 * 1024 }));
    expect(r.status).toBe(413);
  });

  it("a body without a declared length is counted, and refused once it passes the limit", async () => {
    const proxy = await loadProxy();
    const big = await proxy(post("/dashboard", { headers: { "next-action": "7f00aa" }, body: chunked(1024 * 1024 + 1) }));
    expect(big.status).toBe(413);
    expect(await big.text()).toBe(
      "Payload too large (413): the request body is larger than allowed; a form or server action accepts at most 1 MB (1,048,576 bytes).",
    );
    const small = await proxy(post("/signin", { headers: { "next-action": "7f00aa" }, body: chunked(1024 * 1024) }));
    expect(small.headers.get("x-middleware-next")).toBe("1");
  });

  it("leaves requests without a body alone", async () => {
    const proxy = await loadProxy();
    const r = await proxy(new NextRequest("http://localhost:3000/signin", { headers: { "content-length": "99999999" } }));
    expect(r.headers.get("x-middleware-next")).toBe("1");
  });
});
