import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  bodyLimitFor,
  declaredLength,
  formatBytes,
  isTooLargeError,
  measureBody,
  readBodyUpTo,
  OTHER_ROUTE_BODY_LIMIT,
  ROUTE_BODY_LIMITS,
  SERVER_ACTION_BODY_LIMIT,
  tooLargeMessage,
} from "@/lib/security/body-limits";

const root = process.cwd();
const require = createRequire(import.meta.url);

function files(dir: string, match: (name: string) => boolean, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) files(rel, match, out);
    else if (match(entry.name)) out.push(rel);
  }
  return out;
}

/** Route handlers under app/api, as "/api/…" with their folder names, and the methods they export. */
function routeHandlers(): { route: string; methods: string[] }[] {
  return files("app/api", (n) => /^route\.(ts|tsx|js)$/.test(n)).map((file) => {
    const route =
      "/" +
      path
        .dirname(file)
        .split(path.sep)
        .slice(1)
        .filter((s) => !/^\(.*\)$/.test(s))
        .join("/");
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const methods = [
      ...text.matchAll(
        /export\s+(?:async\s+)?(?:function|const)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b|\bas\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g,
      ),
    ].map((m) => m[1] ?? m[2]!);
    return { route, methods: [...new Set(methods)].sort() };
  });
}

/** Exported functions of every module whose first statement is "use server". */
function serverActions(): { file: string; name: string }[] {
  return files("app", (n) => /\.(ts|tsx)$/.test(n)).flatMap((file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    if (!/^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(text)) return [];
    return [...text.matchAll(/export\s+async\s+function\s+(\w+)/g)].map((m) => ({ file, name: m[1]! }));
  });
}

describe("which limit applies", () => {
  it("a route's own limit, a default for other /api addresses, and the server actions' limit for pages", () => {
    expect(bodyLimitFor("/api/auth/callback/credentials")).toEqual({ kind: "route", bytes: 16 * 1024, where: "/api/auth/[...nextauth]" });
    expect(bodyLimitFor("/api/auth/signout")).toMatchObject({ bytes: 16 * 1024 });
    expect(bodyLimitFor("/api/courses/c1")).toEqual({ kind: "route", bytes: 0, where: "/api/courses/[courseId]" });
    expect(bodyLimitFor("/api/courses/c1/gradebook.csv")).toMatchObject({ bytes: 0, where: "/api/courses/[courseId]/gradebook.csv" });
    expect(bodyLimitFor("/api/courses/c1/gradebookxcsv")).toMatchObject({ bytes: OTHER_ROUTE_BODY_LIMIT, where: "/api" });
    expect(bodyLimitFor("/api/courses/c1/problems/p1/export")).toMatchObject({ bytes: 0 });
    expect(bodyLimitFor("/api/nothing-here")).toEqual({ kind: "route", bytes: OTHER_ROUTE_BODY_LIMIT, where: "/api" });
    expect(bodyLimitFor("/assignments/a/problems/p")).toEqual({ kind: "action", bytes: SERVER_ACTION_BODY_LIMIT, where: "server actions" });
    expect(bodyLimitFor("/apiary")).toMatchObject({ kind: "action" });
  });

  it("every route handler has its own entry, and one that takes no body (GET only) has a limit of 0", () => {
    const handlers = routeHandlers();
    expect(handlers.length).toBeGreaterThanOrEqual(6);
    for (const h of handlers) {
      const entry = ROUTE_BODY_LIMITS.find((r) => r.route === h.route);
      expect(entry, `${h.route} (exports ${h.methods.join(", ")}) needs an entry in ROUTE_BODY_LIMITS, lib/security/body-limits.ts`).toBeDefined();
      const takesBody = h.methods.some((m) => !["GET", "HEAD", "OPTIONS"].includes(m));
      expect(entry!.bytes > 0, `${h.route} exports ${h.methods.join(", ")}`).toBe(takesBody);
      expect(bodyLimitFor(h.route.replace(/\[\.\.\.\w+\]/, "x/y").replace(/\[\w+\]/g, "id"))).toMatchObject({ kind: "route", bytes: entry!.bytes });
    }
    // and nothing in the table that no longer exists
    for (const r of ROUTE_BODY_LIMITS)
      expect(
        handlers.map((h) => h.route),
        r.route,
      ).toContain(r.route);
  });

  it("every server action and route is in the README's table of limits", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const start = readme.indexOf("\n## Security");
    const end = readme.indexOf("\n## ", start + 1);
    const security = start < 0 ? "" : readme.slice(start, end < 0 ? undefined : end);
    expect(security.length, "README.md has a ## Security section").toBeGreaterThan(100);
    const actions = serverActions();
    expect(actions.length).toBeGreaterThanOrEqual(20);
    for (const a of actions) expect(security, `${a.name} (${a.file})`).toContain(`\`${a.name}\``);
    for (const r of ROUTE_BODY_LIMITS) expect(security, r.route).toContain(`\`${r.route}\``);
  });

  it("Next's own server-action limit is the proxy's, and its copy for the proxy is large enough to see an overrun", () => {
    const config = require(path.join(root, "next.config.js")) as { experimental: { serverActions: { bodySizeLimit: string }; proxyClientMaxBodySize: string } };
    const bytes = require("next/dist/compiled/bytes") as { parse: (s: string) => number };
    expect(bytes.parse(config.experimental.serverActions.bodySizeLimit)).toBe(SERVER_ACTION_BODY_LIMIT);
    // Next cuts its copy silently at proxyClientMaxBodySize; a cut copy must still be over every limit.
    const largest = Math.max(SERVER_ACTION_BODY_LIMIT, OTHER_ROUTE_BODY_LIMIT, ...ROUTE_BODY_LIMITS.map((r) => r.bytes));
    expect(bytes.parse(config.experimental.proxyClientMaxBodySize)).toBeGreaterThanOrEqual(largest + 64 * 1024);
  });
});

describe("the 413 message", () => {
  it("says how large the body was and what this address accepts", () => {
    expect(tooLargeMessage(bodyLimitFor("/dashboard"), 5_242_880)).toBe(
      "Payload too large (413): the request body is 5,242,880 bytes; a form or server action accepts at most 1 MB (1,048,576 bytes).",
    );
    expect(tooLargeMessage(bodyLimitFor("/api/health"), 12)).toBe("Payload too large (413): the request body is 12 bytes; /api/health takes no request body.");
    expect(tooLargeMessage(bodyLimitFor("/api/auth/signin"), null)).toBe(
      "Payload too large (413): the request body is larger than allowed; /api/auth/[...nextauth] accepts at most 16 KB (16,384 bytes).",
    );
    expect(isTooLargeError(new Error(tooLargeMessage(bodyLimitFor("/x"), 1)))).toBe(true);
    expect(isTooLargeError(new Error("An unexpected response was received from the server."))).toBe(false);
    expect(isTooLargeError("Payload too large (413)")).toBe(false);
    expect([formatBytes(1024 * 1024), formatBytes(16384), formatBytes(1000)]).toEqual(["1 MB", "16 KB", "1,000 bytes"]);
  });
});

describe("reading the length", () => {
  it("takes a declared Content-Length at its word and nothing else", () => {
    expect(declaredLength("5242880")).toBe(5242880);
    expect(declaredLength(" 0 ")).toBe(0);
    expect(declaredLength(null)).toBeNull();
    expect(declaredLength("-1")).toBeNull();
    expect(declaredLength("1e6")).toBeNull();
  });

  const stream = (chunks: number[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const n of chunks) c.enqueue(new Uint8Array(n));
        c.close();
      },
    });

  it("measures a chunked body, stopping once it passes the limit", async () => {
    expect(await measureBody(null, 10)).toBe(0);
    expect(await measureBody(stream([4, 6]), 10)).toBe(10);
    expect(await measureBody(stream([4, 7]), 10)).toBeNull();
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024));
      },
    });
    expect(await measureBody(endless, 4096)).toBeNull();
    expect(pulled).toBeLessThan(10);
  });

  it("reads a body up to the limit, whole, and gives nothing once it passes", async () => {
    const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));
    const chunks = (parts: string[]) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (const p of parts) c.enqueue(new TextEncoder().encode(p));
          c.close();
        },
      });
    expect(text(await readBodyUpTo(null, 10))).toBe("");
    expect(text(await readBodyUpTo(chunks(['["a",', " 1]"]), 10))).toBe('["a", 1]');
    expect(await readBodyUpTo(chunks(["12345", "678901"]), 10)).toBeNull();
  });
});
