/**
 * The request id: one per request, on the request the proxy passes on (so routes and actions log
 * it) and on the response (so a user or a load balancer can quote it). An id sent by a trusted
 * front proxy is kept so its logs and ours line up, but only when it is short and plain: an id goes
 * into every log line, and a client's newline, quote or megabyte must not.
 *
 * Plain TypeScript with no Node built-ins: proxy.ts uses it.
 */
export const REQUEST_ID_HEADER = "x-request-id";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The incoming id when it is safe, else a fresh UUID. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
