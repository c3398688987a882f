/**
 * The session cookie as lib/auth/session-cookie.ts issues it: named as next-auth names it, Secure
 * under https, valid 12 hours, and renewed by proxy.ts on reads once it is an hour old (sliding).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { decode, encode } from "next-auth/jwt";
import { NextRequest, NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import { authSecret } from "@/lib/auth/secret";
import {
  claimsFor,
  isDueForRenewal,
  renewSession,
  secureCookies,
  SESSION_MAX_AGE_SECONDS,
  SESSION_RENEW_AFTER_SECONDS,
  sessionCookie,
  sessionCookieName,
} from "@/lib/auth/session-cookie";

// next-auth's own cookie table (not exported by the package), to compare names with.
const { defaultCookies } = createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/lib/cookie.js")) as {
  defaultCookies: (secure: boolean) => { sessionToken: { name: string; options: Record<string, unknown> } };
};

const user = { id: "cku1", name: "Alice", email: "alice@example.test", sessionVersion: 3 };

describe("the session cookie", () => {
  it("has next-auth's name and options, Secure only under https", () => {
    for (const secure of [false, true]) {
      expect(sessionCookieName(secure)).toBe(defaultCookies(secure).sessionToken.name);
    }
    expect(secureCookies({ NEXTAUTH_URL: "https://chainrule.example" })).toBe(true);
    expect(secureCookies({ NEXTAUTH_URL: "http://localhost:3000" })).toBe(false);
    expect(secureCookies({})).toBe(false);
  });

  it("holds the user id and session version and lasts 12 hours", async () => {
    const now = new Date();
    const cookie = await sessionCookie(claimsFor(user), now);
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
    expect(cookie.options.expires.getTime() - now.getTime()).toBe(12 * 3600 * 1000);
    const token = await decode({ token: cookie.value, secret: authSecret() });
    expect(token).toMatchObject({ uid: "cku1", sub: "cku1", sv: 3, email: "alice@example.test" });
    expect((token!.exp as number) - (token!.iat as number)).toBe(SESSION_MAX_AGE_SECONDS);
  });
});

describe("sliding renewal (proxy.ts)", () => {
  const tokenIssued = async (secondsAgo: number) => {
    const value = await encode({ token: claimsFor(user), secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
    const token = (await decode({ token: value, secret: authSecret() }))!;
    return { ...token, iat: (token.iat as number) - secondsAgo };
  };

  it("re-issues a token older than an hour on a read, with the same claims and a new 12-hour expiry", async () => {
    const old = await tokenIssued(SESSION_RENEW_AFTER_SECONDS + 60);
    expect(isDueForRenewal(old)).toBe(true);
    const response = await renewSession(new NextRequest("http://localhost:3000/dashboard"), NextResponse.next(), old);
    const set = response.cookies.get(sessionCookieName(false));
    expect(set).toBeDefined();
    const renewed = await decode({ token: set!.value, secret: authSecret() });
    expect(renewed).toMatchObject({ uid: "cku1", sv: 3 });
    expect(renewed!.iat as number).toBeGreaterThan(old.iat);
    expect((renewed!.exp as number) - (renewed!.iat as number)).toBe(SESSION_MAX_AGE_SECONDS);
  });

  it("leaves a fresh token alone, and never renews on a write (a server action may set the cookie itself)", async () => {
    const fresh = await tokenIssued(60);
    expect(isDueForRenewal(fresh)).toBe(false);
    expect((await renewSession(new NextRequest("http://localhost:3000/dashboard"), NextResponse.next(), fresh)).cookies.getAll()).toEqual([]);
    const old = await tokenIssued(SESSION_RENEW_AFTER_SECONDS + 60);
    const post = new NextRequest("http://localhost:3000/password", { method: "POST" });
    expect((await renewSession(post, NextResponse.next(), old)).cookies.getAll()).toEqual([]);
  });

  it("keeps a session begun in the LMS's frame SameSite=None under https when it renews it; others stay Lax", async () => {
    const before = process.env.NEXTAUTH_URL;
    process.env.NEXTAUTH_URL = "https://chainrule.example";
    try {
      const issued = async (framed: boolean) => {
        const value = await encode({ token: claimsFor(user, { framed }), secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
        const token = (await decode({ token: value, secret: authSecret() }))!;
        return { ...token, iat: (token.iat as number) - SESSION_RENEW_AFTER_SECONDS - 60 };
      };
      const renewedSameSite = async (framed: boolean) => {
        const response = await renewSession(new NextRequest("https://chainrule.example/dashboard"), NextResponse.next(), await issued(framed));
        return /samesite=(\w+)/i.exec(response.headers.get("set-cookie") ?? "")?.[1]?.toLowerCase();
      };
      expect(await renewedSameSite(true)).toBe("none");
      expect(await renewedSameSite(false)).toBe("lax");
      expect((await sessionCookie(claimsFor(user, { framed: true }))).options).toMatchObject({ sameSite: "none", secure: true });
    } finally {
      if (before === undefined) delete process.env.NEXTAUTH_URL;
      else process.env.NEXTAUTH_URL = before;
    }
  });
});
