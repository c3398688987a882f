import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials } from "@/lib/auth/options";
import { installPeerAddressHeader, PEER_HEADER, peerAddress, stampedPeer } from "@/lib/auth/peer-address";
import { LIMITS, rateLimitKeys, takeSignInAttempt, WINDOW_MS } from "@/lib/auth/rate-limit";
import { clientAddress, normalizeAddress, parseTrustProxy } from "@/lib/auth/trust-proxy";
import { createDb } from "@/lib/db/client";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await demoWorld(t.db);
});
afterAll(() => t.dispose());

/** The headers of a request as the server records them: the socket's peer (lib/auth/peer-address.ts) and what the client sent. */
const fromPeer = (peer: string, forwardedFor?: string) => ({ [PEER_HEADER]: stampedPeer(peer), ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });
const headersFrom = (ip: string) => fromPeer(ip);
const NO_PROXY = parseTrustProxy(undefined);

describe("credentials", () => {
  it("signs in a demo account with its password, case-insensitively on the email", async () => {
    const user = await authorizeCredentials({ email: " Student1@Chainrule.test ", password: "student-pass" }, headersFrom("192.0.2.10"), t.db);
    expect(user).toMatchObject({ email: "student1@chainrule.test", name: "Alice Zhang" });
  });

  it("returns null for a wrong password, an unknown email, and malformed input", async () => {
    const h = headersFrom("192.0.2.11");
    expect(await authorizeCredentials({ email: "student1@chainrule.test", password: "nope" }, h, t.db)).toBeNull();
    expect(await authorizeCredentials({ email: "ghost@chainrule.test", password: "student-pass" }, h, t.db)).toBeNull();
    expect(await authorizeCredentials({ email: "not-an-email", password: "x" }, h, t.db)).toBeNull();
    expect(await authorizeCredentials({ email: "a@b.co", password: "x".repeat(201) }, h, t.db)).toBeNull();
    expect(await authorizeCredentials(undefined, h, t.db)).toBeNull();
  });

  it("ignores X-Forwarded-For and X-Real-IP unless TRUST_PROXY says so", () => {
    expect(clientAddress(fromPeer("198.51.100.9", "203.0.113.5, 10.0.0.1"), NO_PROXY)).toBe("198.51.100.9");
    expect(clientAddress({ ...fromPeer("198.51.100.9"), "x-real-ip": "203.0.113.6" }, NO_PROXY)).toBe("198.51.100.9");
    expect(clientAddress({ "x-forwarded-for": "203.0.113.5" }, NO_PROXY)).toBeNull();
    expect(clientAddress({}, NO_PROXY)).toBeNull();
  });
});

describe("rate limiting of failed sign-ins", () => {
  it("locks an email after 10 failures in a minute, even for the right password, and across restarts", async () => {
    const email = "student2@chainrule.test";
    for (let i = 0; i < LIMITS.email; i++) {
      // a different address each time: only the per-email limit applies
      expect(await authorizeCredentials({ email, password: "wrong" }, headersFrom(`198.51.100.${i}`), t.db)).toBeNull();
    }
    expect(await authorizeCredentials({ email, password: "student-pass" }, headersFrom("198.51.100.200"), t.db)).toBeNull();
    // a new client on the same file (a restarted server) still sees the lock
    const restarted = createDb(t.url);
    try {
      expect(await authorizeCredentials({ email, password: "student-pass" }, headersFrom("198.51.100.201"), restarted)).toBeNull();
    } finally {
      await restarted.$disconnect();
    }
    // other accounts are unaffected
    expect(await authorizeCredentials({ email: "student3@chainrule.test", password: "student-pass" }, headersFrom("198.51.100.202"), t.db)).not.toBeNull();
  });

  it("lifts the lock once the window has passed, and a successful attempt is not counted", async () => {
    const keys = rateLimitKeys("window@chainrule.test", null);
    const start = new Date("2026-01-01T00:00:00Z");
    const right = await takeSignInAttempt(t.db, keys, start);
    if (!right.ok) throw new Error("the first attempt was refused");
    await right.succeeded();
    for (let i = 0; i < LIMITS.email; i++) expect((await takeSignInAttempt(t.db, keys, start)).ok).toBe(true);
    expect((await takeSignInAttempt(t.db, keys, new Date(start.getTime() + 1_000))).ok).toBe(false);
    expect((await takeSignInAttempt(t.db, keys, new Date(start.getTime() + WINDOW_MS + 1))).ok).toBe(true);
  });

  it("counts attempts that arrive together: a burst of wrong passwords gets no more tries than the limit", async () => {
    const email = "burst@chainrule.test";
    const burst = await Promise.all(
      Array.from({ length: 3 * LIMITS.email }, (_, i) => authorizeCredentials({ email, password: `guess ${i}` }, headersFrom(`198.51.100.${i + 1}`), t.db)),
    );
    expect(burst.every((u) => u === null)).toBe(true);
    // Each attempt let through was recorded before its password was checked; the rest were refused unchecked.
    expect(await t.db.signInFailure.count({ where: { key: `email:${email}` } })).toBe(LIMITS.email);
  });

  it("limits one address spraying many accounts", async () => {
    const ip = "203.0.113.77";
    for (let i = 0; i < LIMITS.ip; i++) {
      expect(await authorizeCredentials({ email: `spray${i}@chainrule.test`, password: "x" }, headersFrom(ip), t.db)).toBeNull();
    }
    expect(await authorizeCredentials({ email: "student1@chainrule.test", password: "student-pass" }, headersFrom(ip), t.db)).toBeNull();
    expect(await authorizeCredentials({ email: "student1@chainrule.test", password: "student-pass" }, headersFrom("203.0.113.78"), t.db)).not.toBeNull();
  });
});

describe("the per-address limit keys on the real peer", () => {
  const wrong = (i: number) => ({ email: `nobody${i}@chainrule.test`, password: "wrong" });

  it("without TRUST_PROXY, forged X-Forwarded-For values are one client: 31 failures, then the right password is refused too", async () => {
    const peer = "192.0.2.50";
    for (let i = 0; i <= LIMITS.ip; i++) {
      expect(await authorizeCredentials(wrong(i), fromPeer(peer, `203.0.113.${i}`), t.db, NO_PROXY)).toBeNull();
    }
    expect(
      await authorizeCredentials({ email: "student1@chainrule.test", password: "student-pass" }, fromPeer(peer, "198.51.100.250"), t.db, NO_PROXY),
    ).toBeNull();
    // Another machine is not affected.
    expect(
      await authorizeCredentials({ email: "student1@chainrule.test", password: "student-pass" }, fromPeer("192.0.2.51", "203.0.113.1"), t.db, NO_PROXY),
    ).not.toBeNull();
  });

  it("with TRUST_PROXY=1, the address the proxy appended is the client's, whatever the client put before it", async () => {
    const trust = parseTrustProxy("1");
    const proxy = "10.1.2.3";
    for (let i = 0; i < LIMITS.ip; i++) {
      expect(await authorizeCredentials(wrong(100 + i), fromPeer(proxy, `203.0.113.${i}, 198.51.100.60`), t.db, trust)).toBeNull();
    }
    // 198.51.100.60 is locked out however it dresses its header; 198.51.100.61 behind the same proxy is not.
    expect(
      await authorizeCredentials({ email: "student1@chainrule.test", password: "student-pass" }, fromPeer(proxy, "1.2.3.4, 198.51.100.60"), t.db, trust),
    ).toBeNull();
    expect(
      await authorizeCredentials({ email: "student1@chainrule.test", password: "student-pass" }, fromPeer(proxy, "198.51.100.61"), t.db, trust),
    ).not.toBeNull();
    expect(clientAddress(fromPeer(proxy, "1.2.3.4, 198.51.100.60"), trust)).toBe("198.51.100.60");
    // A request that reaches the app directly, not through the proxy, has no header to trust: its peer.
    expect(clientAddress(fromPeer(proxy), trust)).toBe(proxy);
  });

  it("picks the right-most untrusted address for hop counts and address lists", () => {
    const headers = fromPeer("10.0.0.2", "203.0.113.9, 198.51.100.1, 10.0.0.7");
    expect(clientAddress(headers, parseTrustProxy("0"))).toBe("10.0.0.2");
    expect(clientAddress(headers, parseTrustProxy("1"))).toBe("10.0.0.7");
    expect(clientAddress(headers, parseTrustProxy("2"))).toBe("198.51.100.1");
    expect(clientAddress(headers, parseTrustProxy("3"))).toBe("203.0.113.9");
    expect(clientAddress(headers, parseTrustProxy("5"))).toBe("203.0.113.9"); // all trusted: the left-most
    expect(clientAddress(headers, parseTrustProxy("10.0.0.0/8"))).toBe("198.51.100.1");
    expect(clientAddress(headers, parseTrustProxy("uniquelocal"))).toBe("198.51.100.1");
    expect(clientAddress(headers, parseTrustProxy("10.0.0.2, 10.0.0.7, 198.51.100.1"))).toBe("203.0.113.9");
    // The peer itself is not a trusted proxy: its forwarded header is not believed.
    expect(clientAddress(headers, parseTrustProxy("192.168.0.0/16"))).toBe("10.0.0.2");
    // IPv6 and IPv4 written as IPv6 (what a dual-stack socket reports).
    expect(clientAddress(fromPeer("::ffff:127.0.0.1", "2001:db8::5"), parseTrustProxy("loopback"))).toBe("2001:db8::5");
    expect(clientAddress(fromPeer("2001:db8::1", "192.0.2.4"), parseTrustProxy("2001:db8::/32"))).toBe("192.0.2.4");
    expect(normalizeAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
  });

  it("refuses a TRUST_PROXY it cannot read, saying what was wrong", () => {
    expect(parseTrustProxy("")).toEqual({ kind: "none" });
    expect(parseTrustProxy("false")).toEqual({ kind: "none" });
    expect(() => parseTrustProxy("true")).toThrow(/TRUST_PROXY: "true" would believe any X-Forwarded-For/);
    expect(() => parseTrustProxy("proxy.internal")).toThrow(/TRUST_PROXY: "proxy.internal" is not an IP address, a CIDR range/);
    expect(() => parseTrustProxy("10.0.0.0/33")).toThrow(/"10.0.0.0\/33"/);
    expect(() => parseTrustProxy("10.0.0.1,,10.0.0.2")).toThrow(/TRUST_PROXY: ""/);
    expect(() => parseTrustProxy("11")).toThrow(/TRUST_PROXY: 11 hops is more than 10/);
  });

  it("a real socket: the server records its peer and overwrites whatever the client claims", async () => {
    installPeerAddressHeader();
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "forged 203.0.113.66", "x-forwarded-for": "203.0.113.66" } });
      expect(response.status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toHaveLength(1);
    expect(peerAddress(seen[0])).toBe("127.0.0.1");
    expect(clientAddress(seen[0], NO_PROXY)).toBe("127.0.0.1");
    expect(clientAddress(seen[0], parseTrustProxy("loopback"))).toBe("203.0.113.66");
    // A value without this process's stamp is not a recorded peer.
    expect(peerAddress({ [PEER_HEADER]: "forged 203.0.113.66" })).toBeNull();
    expect(peerAddress({ [PEER_HEADER]: "203.0.113.66" })).toBeNull();
  });
});
