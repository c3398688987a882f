/**
 * proxy.ts renews sessions (12 h sliding): a page request with a token older than an hour gets a
 * fresh cookie with the same claims; a fresh token, a write and a request without a session do not.
 */
import { decode, encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authSecret } from "@/lib/auth/secret";
import { claimsFor, SESSION_MAX_AGE_SECONDS, sessionCookieName } from "@/lib/auth/session-cookie";
import { proxy } from "@/proxy";

const NAME = sessionCookieName(false);

/** A session token as next-auth would have issued it `hoursAgo` hours ago. */
async function tokenIssued(hoursAgo: number): Promise<string> {
  vi.useFakeTimers();
  vi.setSystemTime(Date.now() - hoursAgo * 3600_000);
  try {
    return await encode({
      token: claimsFor({ id: "cku1", name: "Alice", email: "alice@example.test", sessionVersion: 2 }),
      secret: authSecret(),
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
  } finally {
    vi.useRealTimers();
  }
}

const request = (path: string, token: string | null, method = "GET") =>
  new NextRequest(`http://localhost:3000${path}`, { method, headers: token ? { cookie: `${NAME}=${token}` } : {} });

afterEach(() => vi.useRealTimers());

describe("proxy.ts and sliding sessions", () => {
  it("re-issues a two-hour-old session on a page request, with the same user and version and 12 more hours", async () => {
    const response = await proxy(request("/dashboard", await tokenIssued(2)));
    const set = response.cookies.get(NAME);
    expect(set?.value).toBeTruthy();
    expect(set?.httpOnly).toBe(true);
    const renewed = await decode({ token: set!.value, secret: authSecret() });
    expect(renewed).toMatchObject({ uid: "cku1", sv: 2 });
    expect(Math.abs((renewed!.exp as number) - (Date.now() / 1000 + SESSION_MAX_AGE_SECONDS))).toBeLessThan(5);
  });

  it("leaves a fresh session, a server action's POST and an expired session alone", async () => {
    expect((await proxy(request("/dashboard", await tokenIssued(0.1)))).cookies.get(NAME)).toBeUndefined();
    expect((await proxy(request("/password", await tokenIssued(2), "POST"))).cookies.get(NAME)).toBeUndefined();
    const expired = await proxy(request("/dashboard", await tokenIssued(13)));
    expect(expired.cookies.get(NAME)).toBeUndefined();
    expect(expired.status).toBe(307); // sent to sign-in
    expect(expired.headers.get("location")).toContain("/signin?callbackUrl=%2Fdashboard");
  });
});
