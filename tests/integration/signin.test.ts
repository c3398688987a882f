import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials, clientAddress } from "@/lib/auth/options";
import { isRateLimited, LIMITS, rateLimitKeys, recordFailure, WINDOW_MS } from "@/lib/auth/rate-limit";
import { createDb } from "@/lib/db/client";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await demoWorld(t.db);
});
afterAll(() => t.dispose());

const headersFrom = (ip: string) => ({ "x-forwarded-for": `${ip}, 10.0.0.1` });

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

  it("reads the client address from the first X-Forwarded-For hop", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.5, 10.0.0.1" })).toBe("203.0.113.5");
    expect(clientAddress(new Headers({ "x-real-ip": "203.0.113.6" }))).toBe("203.0.113.6");
    expect(clientAddress({})).toBeNull();
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

  it("lifts the lock once the window has passed", async () => {
    const keys = rateLimitKeys("window@chainrule.test", null);
    const start = new Date("2026-01-01T00:00:00Z");
    for (let i = 0; i < LIMITS.email; i++) await recordFailure(t.db, keys, start);
    expect(await isRateLimited(t.db, keys, new Date(start.getTime() + 1_000))).toBe(true);
    expect(await isRateLimited(t.db, keys, new Date(start.getTime() + WINDOW_MS + 1))).toBe(false);
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
