/**
 * Session cookies are Secure when the app is served over https. next-auth decides from NEXTAUTH_URL
 * (the same setting that turns on HSTS in lib/security/headers.ts); this signs in through
 * next-auth's own handler with the app's options, once per scheme, and reads the cookies it sets.
 */
import NextAuth from "next-auth/next";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { servedOverHttps } from "@/lib/security/headers";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await demoWorld(t.db);
  // authorizeCredentials uses the app's client; make it this test's database
  (globalThis as unknown as { chainruleDb?: unknown }).chainruleDb = t.db;
});
afterAll(async () => {
  delete (globalThis as unknown as { chainruleDb?: unknown }).chainruleDb;
  vi.unstubAllEnvs();
  await t.dispose();
});

type Reply = { status: number; headers: Record<string, string | string[]>; body: unknown };

/** next-auth's request handler with the app's options, given a request as a Node server would. */
async function call(req: {
  method: string;
  nextauth: string[];
  host: string;
  cookies?: Record<string, string>;
  body?: Record<string, string>;
}): Promise<Reply> {
  const reply: Reply = { status: 200, headers: {}, body: undefined };
  const res = {
    status(code: number) {
      reply.status = code;
      return res;
    },
    getHeader: (name: string) => reply.headers[name.toLowerCase()],
    setHeader(name: string, value: string | string[]) {
      reply.headers[name.toLowerCase()] = value;
      return res;
    },
    json: (body: unknown) => void (reply.body = body),
    send: (body: unknown) => void (reply.body = body),
    end: () => undefined,
  };
  const request = {
    method: req.method,
    query: { nextauth: req.nextauth },
    headers: { host: req.host, "x-forwarded-for": "192.0.2.77" },
    cookies: req.cookies ?? {},
    body: req.body ?? {},
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(request, res, authOptions);
  return reply;
}

/** Signs student1 in over the given public address; returns every Set-Cookie line of both steps. */
async function signInCookies(publicUrl: string): Promise<string[]> {
  vi.stubEnv("NEXTAUTH_URL", publicUrl);
  const host = new URL(publicUrl).host;
  const csrf = await call({ method: "GET", nextauth: ["csrf"], host });
  const csrfLine = ([] as string[]).concat(csrf.headers["set-cookie"] ?? [])[0]!;
  const [csrfName, csrfValue] = csrfLine.split(";")[0]!.split("=");
  const signedIn = await call({
    method: "POST",
    nextauth: ["callback", "credentials"],
    host,
    cookies: { [csrfName!]: decodeURIComponent(csrfValue!) },
    body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email: "student1@chainrule.test", password: "student-pass", json: "true" },
  });
  return [csrfLine, ...([] as string[]).concat(signedIn.headers["set-cookie"] ?? [])];
}

describe("session cookies", () => {
  const find = (lines: string[], name: string) => lines.find((l) => l.split("=")[0]!.endsWith(name));

  it("over https: __Secure-/__Host- names, Secure, HttpOnly", async () => {
    expect(servedOverHttps({ NEXTAUTH_URL: "https://chainrule.example.edu" })).toBe(true);
    const lines = await signInCookies("https://chainrule.example.edu");
    const session = find(lines, "next-auth.session-token");
    expect(session, `signed in: ${lines.join(" | ")}`).toBeDefined();
    expect(session).toMatch(/^__Secure-next-auth\.session-token=[^;]+;/);
    expect(session).toMatch(/; HttpOnly(;|$)/);
    expect(session).toMatch(/; Secure(;|$)/);
    expect(session).toMatch(/; SameSite=Lax(;|$)/);
    const csrf = find(lines, "next-auth.csrf-token")!;
    expect(csrf).toMatch(/^__Host-next-auth\.csrf-token=.*; Secure(;|$)/);
  });

  it("on plain http (local use): the same cookies without Secure, which a browser would otherwise drop", async () => {
    const lines = await signInCookies("http://localhost:3000");
    const session = find(lines, "next-auth.session-token");
    expect(session).toMatch(/^next-auth\.session-token=[^;]+;/);
    expect(session).not.toMatch(/Secure/);
    expect(session).toMatch(/; HttpOnly(;|$)/);
  });
});
