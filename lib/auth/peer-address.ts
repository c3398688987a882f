/**
 * The address of the socket a request came in on, for code that only sees headers (next-auth's
 * `authorize` gets the request's headers and nothing else).
 *
 * Next's server keeps a client's own `X-Forwarded-For` and only fills it in from the socket when it
 * is absent (base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so that
 * header alone cannot tell a forged value from the peer. `installPeerAddressHeader` (called from
 * instrumentation.ts when the server starts) wraps Node's HTTP servers so that every request gets
 * PEER_HEADER set from its socket, overwriting whatever the client sent under that name. The value
 * carries a random per-process stamp, so a client cannot forge it even for a request that arrives
 * before the hook is installed (Next loads instrumentation while handling its first request): such
 * a header does not carry the stamp, and `peerAddress` answers null.
 */
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";

export const PEER_HEADER = "x-chainrule-peer";

type PeerState = { stamp: string; installed: boolean };

// On globalThis: instrumentation and the route handlers are separate bundles in one process.
const KEY = Symbol.for("chainrule.peer-address");
function state(): PeerState {
  const g = globalThis as unknown as Record<symbol, PeerState | undefined>;
  return (g[KEY] ??= { stamp: crypto.randomBytes(16).toString("hex"), installed: false });
}

/** The header value stamped for this process: `<stamp> <address>`. */
export function stampedPeer(address: string): string {
  return `${state().stamp} ${address}`;
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The socket address the server recorded for this request, or null when it recorded none. */
export function peerAddress(headers: HeaderBag): string | null {
  const value = header(headers, PEER_HEADER);
  if (!value) return null;
  const space = value.indexOf(" ");
  if (space < 0 || value.slice(0, space) !== state().stamp) return null;
  return value.slice(space + 1) || null;
}

/** Sets PEER_HEADER on an incoming request from its socket, replacing any value the client sent. */
export function recordPeer(req: http.IncomingMessage): void {
  const address = req.socket?.remoteAddress;
  if (address) req.headers[PEER_HEADER] = stampedPeer(address);
  else delete req.headers[PEER_HEADER];
}

/** Wraps every Node HTTP(S) server's "request" event with recordPeer. Idempotent. */
export function installPeerAddressHeader(): void {
  const s = state();
  if (s.installed) return;
  for (const proto of [http.Server.prototype, https.Server.prototype] as { emit: (event: string | symbol, ...args: unknown[]) => boolean }[]) {
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") recordPeer(args[0] as http.IncomingMessage);
      return emit.call(this, event, ...args);
    };
  }
  s.installed = true;
}

/** Whether the hook is installed in this process. */
export function peerAddressHeaderInstalled(): boolean {
  return state().installed;
}
