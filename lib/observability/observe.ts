import "server-only";

/**
 * Timing what the server answers, where the work happens: a route handler or a server action is
 * wrapped in `observeRoute` / `observeAction`, which
 * - records its duration in chainrule_http_request_duration_seconds under the route's pattern
 *   (`/api/courses/[courseId]`, never the address with its ids) and status class;
 * - runs it inside the request's log context, so every line it logs carries the request id.
 * The proxy cannot do this: it runs before the route and returns before the route has answered.
 * A handler that throws counts as 5xx; the error itself is logged once, by instrumentation.ts's
 * onRequestError, which Next calls for pages, routes and actions alike.
 */
import { headers } from "next/headers";
import { withRequestLog } from "./log";
import { metrics, secondsSince, statusClass } from "./metrics";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";

/** The id proxy.ts put on the request, read from the request itself or (without one) Next's headers(). */
async function requestIdOf(request: Request | undefined): Promise<string> {
  if (request) return requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  try {
    return requestIdFrom((await headers()).get(REQUEST_ID_HEADER));
  } catch {
    // Outside a request (a test calling the handler directly): a fresh id.
    return requestIdFrom(null);
  }
}

async function observe<T>(method: string, route: string, request: Request | undefined, run: () => Promise<T>, statusOf: (r: T) => number): Promise<T> {
  const reqId = await requestIdOf(request);
  return withRequestLog(reqId, async () => {
    const start = performance.now();
    let status = 500;
    try {
      const result = await run();
      status = statusOf(result);
      return result;
    } finally {
      metrics().httpDuration.observe({ method, route, status: statusClass(status) }, secondsSince(start));
    }
  });
}

/** A route handler's answer, timed under its route pattern (as its folder under app/ spells it). */
export function observeRoute(method: string, route: `/api/${string}`, request: Request | undefined, handler: () => Promise<Response>): Promise<Response> {
  return observe(method, route, request, handler, (response) => response.status);
}

/**
 * A server action's answer, timed as `POST action:<name>`. An action answers 200 whatever its
 * result says (a refusal is data), so its status class is 2xx unless it throws.
 */
export function observeAction<T>(name: string, action: () => Promise<T>): Promise<T> {
  return observe("POST", `action:${name}`, undefined, action, () => 200);
}
