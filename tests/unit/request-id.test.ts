/**
 * The request id (lib/observability/request-id.ts, proxy.ts) and the log lines that carry it
 * (lib/observability/log.ts): a safe incoming id is kept, anything else replaced, and a line is one
 * JSON object with the request's id and never an answer.
 */
import { Writable } from "node:stream";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestIdFrom } from "@/lib/observability/request-id";
import { createLogger, log, logLevelFrom, setBaseLogger, withRequestLog } from "@/lib/observability/log";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the request id rule", () => {
  it("keeps a short, plain incoming id", () => {
    expect(requestIdFrom("abc-123_DEF.9")).toBe("abc-123_DEF.9");
    expect(requestIdFrom("a".repeat(64))).toBe("a".repeat(64));
  });

  it("replaces an unsafe one with a fresh UUID", () => {
    for (const bad of ["a".repeat(65), "two words", 'quote"', "line\nbreak", "é", "a/b", "{}"]) {
      const id = requestIdFrom(bad);
      expect(id, JSON.stringify(bad)).toMatch(UUID);
    }
  });

  it("generates one when there is none, a new one each time", () => {
    expect(requestIdFrom(null)).toMatch(UUID);
    expect(requestIdFrom("")).toMatch(UUID);
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});

describe("proxy.ts puts the id on the request it passes on and on the response", () => {
  afterEach(() => vi.unstubAllEnvs());

  async function loadProxy() {
    vi.resetModules();
    vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
    vi.stubEnv("FRAME_ANCESTORS", "");
    return (await import("@/proxy")).proxy;
  }

  it("keeps a safe incoming id, replaces an unsafe one, and answers refusals with one too", async () => {
    const proxy = await loadProxy();
    const kept = await proxy(new NextRequest("http://localhost:3000/signin", { headers: { "x-request-id": "lb-42" } }));
    expect(kept.headers.get("x-request-id")).toBe("lb-42");
    expect(kept.headers.get("x-middleware-request-x-request-id")).toBe("lb-42");

    const replaced = await proxy(new NextRequest("http://localhost:3000/signin", { headers: { "x-request-id": "x".repeat(200) } }));
    const id = replaced.headers.get("x-request-id");
    expect(id).toMatch(UUID);
    expect(replaced.headers.get("x-middleware-request-x-request-id")).toBe(id);

    // A refusal (no session on an API route) carries an id as well.
    const refused = await proxy(new NextRequest("http://localhost:3000/api/courses/c1"));
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toMatch(UUID);
  });
});

/** A logger writing into an array of parsed lines. */
function captured(env: Record<string, string | undefined> = {}) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(stream, env), lines };
}

describe("log lines", () => {
  it("are one JSON object each, with the request's id inside a request and a readable level", async () => {
    const { logger, lines } = captured();
    setBaseLogger(logger);
    await withRequestLog("req-7", async () => {
      await Promise.resolve();
      log().info({ event: "submission.graded", userId: "u1", score: 0.5 }, "submission graded");
    });
    log().info({ event: "outside" }, "no request");
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ level: "info", reqId: "req-7", event: "submission.graded", userId: "u1", score: 0.5, msg: "submission graded" });
    expect(typeof inside!.time).toBe("string");
    expect(outside).not.toHaveProperty("reqId");
  });

  it("never carry answers, passwords or tokens, even when passed by mistake", () => {
    const { logger, lines } = captured();
    logger.info({ answers: { loss: "2.5 secret-answer" }, user: { password: "hunter22" }, token: "t0k3n" }, "oops");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/secret-answer|hunter22|t0k3n/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ answers: "[redacted]", user: { password: "[redacted]" }, token: "[redacted]" });
  });

  it("take their level from LOG_LEVEL, info by default, and say so when it names none", () => {
    expect(logLevelFrom(undefined)).toBe("info");
    expect(logLevelFrom(" DEBUG ")).toBe("debug");
    expect(logLevelFrom("loud")).toBeNull();
    const quiet = captured({ LOG_LEVEL: "warn" });
    quiet.logger.info("hidden");
    quiet.logger.warn("shown");
    expect(quiet.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["shown"]);
    const wrong = captured({ LOG_LEVEL: "loud" });
    expect(wrong.logger.level).toBe("info");
    expect(wrong.lines[0]).toContain("LOG_LEVEL names no level");
  });
});
