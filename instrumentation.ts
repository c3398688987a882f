import type { Instrumentation } from "next";

/**
 * Runs once when the Next server starts (in the Node.js runtime): records each request's socket
 * address in a header of its own, so sign-in can tell the real peer from a forged X-Forwarded-For
 * (lib/auth/peer-address.ts), and starts Node's own metrics (lib/observability/metrics.ts) so the
 * event-loop and GC figures cover the server's whole life, not just the time since the first scrape,
 * and drains the LTI score outbox periodically.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerAddressHeader } = await import("./lib/auth/peer-address");
  installPeerAddressHeader();
  const { startProcessMetrics } = await import("./lib/observability/metrics");
  startProcessMetrics();
  // LTI grade passback: retries scores the LMS did not take (lib/lti/grade-passback.ts).
  const { startPeriodicDrain } = await import("./lib/lti/grade-passback");
  const { getDb } = await import("./lib/db/client");
  startPeriodicDrain(getDb());
}

/**
 * Every error a page, route handler, server action or the proxy throws, as one JSON log line with
 * the request's id (proxy.ts), the route's pattern and the stack: the server's errors, logged once.
 */
export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { baseLogger } = await import("./lib/observability/log");
  const { REQUEST_ID_HEADER } = await import("./lib/observability/request-id");
  const reqId = request.headers[REQUEST_ID_HEADER];
  baseLogger().error(
    {
      event: "server.error",
      reqId: typeof reqId === "string" ? reqId : null,
      method: request.method,
      // The path without its query: a query can carry what a form typed.
      path: request.path.replace(/\?.*$/, ""),
      route: context.routePath,
      routeType: context.routeType,
      err,
    },
    "server error",
  );
};
