/**
 * How large a request body may be, per route handler and for server actions, checked by the proxy
 * (proxy.ts) before Next reads the body. An oversized body gets 413 with a JSON error (routes), a
 * text/plain message Next's client turns into a thrown Error (server actions called from the page),
 * or a short page (plain form posts) — never Next's bare 500.
 *
 * Plain TypeScript (no Next, no Node built-ins): the proxy, client components and tests share it.
 * Each action's own field limits (answers, problem files, CSVs, graph text) are checked inside the
 * action by its zod schema and listed in README.md under "Security".
 */

/**
 * Every server action (and any other POST to a page's address). The largest legitimate bodies are
 * a submission's answers (≤ 512 KB of JSON, lib/assignments/submit.ts) and a problem file
 * (≤ 256 KB, lib/problems/load.ts), with room for their encoding.
 * next.config.js sets Next's own `experimental.serverActions.bodySizeLimit` to the same value.
 */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

export type RouteBodyLimit = {
  /** The route as its folder under app/ spells it. */
  route: `/api/${string}`;
  bytes: number;
  /** What the body holds, for the README's table. */
  takes: string;
};

/** Every route handler under app/api; tests/unit/body-limits.test.ts fails when one is missing. */
export const ROUTE_BODY_LIMITS: readonly RouteBodyLimit[] = [
  { route: "/api/auth/[...nextauth]", bytes: 16 * 1024, takes: "the sign-in and sign-out forms: email, password, CSRF token, callback path" },
  { route: "/api/health", bytes: 0, takes: "nothing (GET only)" },
  { route: "/api/metrics", bytes: 0, takes: "nothing (GET only)" },
  { route: "/api/courses/[courseId]", bytes: 0, takes: "nothing (GET only)" },
  { route: "/api/courses/[courseId]/gradebook.csv", bytes: 0, takes: "nothing (GET only)" },
  { route: "/api/courses/[courseId]/problems/[problemId]/export", bytes: 0, takes: "nothing (GET only)" },
  { route: "/api/assignments/[assignmentId]/submissions.csv", bytes: 0, takes: "nothing (GET only)" },
  {
    route: "/api/lti/login",
    bytes: 16 * 1024,
    takes: "an LMS's login initiation form: issuer, login and message hints, target link, client and deployment ids",
  },
  { route: "/api/lti/launch", bytes: 64 * 1024, takes: "an LMS's launch form post: the signed id_token (its claims can run to tens of KB) and the state" },
  { route: "/api/lti/jwks", bytes: 0, takes: "nothing (GET only)" },
  { route: "/api/lti/handoff", bytes: 0, takes: "nothing (GET only)" },
  { route: "/api/lti/session", bytes: 0, takes: "nothing (GET only)" },
  { route: "/api/lti/deep-link/[id]", bytes: 16 * 1024, takes: "the deep linking picker's form: the chosen assignment ids, or Cancel" },
];

/** Any other address under /api (a route added without an entry above, or none at all). */
export const OTHER_ROUTE_BODY_LIMIT = 64 * 1024;

export type BodyLimit = { kind: "route" | "action"; bytes: number; where: string };

function routePattern(route: string): RegExp {
  const source = route
    .split("/")
    .map((segment) => (segment.startsWith("[...") ? ".+" : segment.startsWith("[") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`);
}

const ROUTE_PATTERNS = ROUTE_BODY_LIMITS.map((r) => ({ ...r, pattern: routePattern(r.route) }));

/** The limit for a request to this path: its route's, or the server actions' for a page. */
export function bodyLimitFor(pathname: string): BodyLimit {
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    const route = ROUTE_PATTERNS.find((r) => r.pattern.test(pathname));
    return route ? { kind: "route", bytes: route.bytes, where: route.route } : { kind: "route", bytes: OTHER_ROUTE_BODY_LIMIT, where: "/api" };
  }
  return { kind: "action", bytes: SERVER_ACTION_BODY_LIMIT, where: "server actions" };
}

/** "1 MB", "16 KB", "300 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}

/** Every 413 message starts with this, so the page can recognise one Next's client has thrown. */
export const TOO_LARGE_PREFIX = "Payload too large (413)";

/** What was wrong and where: the size received (when known) and the limit of this address. */
export function tooLargeMessage(limit: BodyLimit, received: number | null): string {
  const size = received === null ? "the request body is larger than allowed" : `the request body is ${received.toLocaleString("en-US")} bytes`;
  const allowed =
    limit.bytes === 0
      ? `${limit.where} takes no request body`
      : limit.kind === "action"
        ? `a form or server action accepts at most ${formatBytes(limit.bytes)} (${limit.bytes.toLocaleString("en-US")} bytes)`
        : `${limit.where} accepts at most ${formatBytes(limit.bytes)} (${limit.bytes.toLocaleString("en-US")} bytes)`;
  return `${TOO_LARGE_PREFIX}: ${size}; ${allowed}.`;
}

/** Whether an error thrown by a server action call is the proxy's 413. */
export function isTooLargeError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith(TOO_LARGE_PREFIX);
}

/**
 * The declared Content-Length, or null when the body is sent in chunks without one (a browser
 * always declares it; Node's HTTP parser has already refused malformed or conflicting lengths).
 */
export function declaredLength(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

/**
 * Reads a body that declared no length, stopping as soon as it passes `limit`. Returns the bytes
 * read, or null when the limit was passed. (The proxy reads its own copy; the page or route still
 * gets the whole body.)
 */
/** The body's bytes when it is at most `limit` bytes long (read as it arrives), or null when longer. */
export async function readBodyUpTo(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function measureBody(body: ReadableStream<Uint8Array> | null, limit: number): Promise<number | null> {
  if (!body) return 0;
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return size;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
