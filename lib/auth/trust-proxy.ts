/**
 * Which address a request comes from, for the per-address sign-in limit. By default the socket's
 * peer: `X-Forwarded-For` is ignored, because any client can send it. Behind reverse proxies,
 * `TRUST_PROXY` names the proxies whose `X-Forwarded-For` entries are believed, as Express's
 * `trust proxy` setting does: a hop count (`1`: the one proxy in front of the app), or a
 * comma-separated list of addresses and CIDR ranges (`10.0.0.0/8, 2001:db8::/32`, and the names
 * `loopback`, `linklocal`, `uniquelocal`). The client is the right-most address in the chain
 * (forwarded entries, then the peer) that is not a trusted proxy.
 */
import net from "node:net";
import { peerAddress } from "./peer-address";

export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: net.BlockList; source: string };

const NAMED: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/** More hops than any real deployment has; a larger number is a typo. */
const MAX_HOPS = 10;
/** Longest address kept as a rate-limit key (an IPv6 address with a zone fits). */
const MAX_ADDRESS_LENGTH = 64;

/** An IPv4 address written in IPv6 form (`::ffff:192.0.2.1`, what a dual-stack socket reports) as IPv4. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

function addRange(list: net.BlockList, entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  const family = net.isIP(address ?? "");
  if (!family || rest.length) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (prefix === undefined) {
    list.addAddress(address!, type);
    return true;
  }
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128)) return false;
  list.addSubnet(address!, Number(prefix), type);
  return true;
}

/**
 * Reads TRUST_PROXY. Unset, empty, `0` or `false`: trust no proxy. Throws an error that says what
 * was wrong for anything else that is neither a hop count nor a list of addresses.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? "").trim();
  if (value === "" || value === "0" || value.toLowerCase() === "false") return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) throw new Error(`TRUST_PROXY: ${value} hops is more than ${MAX_HOPS}; give the number of proxies in front of the app`);
    return { kind: "hops", hops };
  }
  if (value.toLowerCase() === "true") {
    throw new Error(
      'TRUST_PROXY: "true" would believe any X-Forwarded-For a client sends; give the number of proxies in front of the app (e.g. 1) or their addresses',
    );
  }
  const list = new net.BlockList();
  for (const entry of value.split(",").map((e) => e.trim())) {
    const named = NAMED[entry.toLowerCase()];
    if (named) {
      named.forEach((range) => addRange(list, range));
      continue;
    }
    if (!entry || !addRange(list, entry)) {
      throw new Error(
        `TRUST_PROXY: "${entry}" is not an IP address, a CIDR range (e.g. 10.0.0.0/8) or one of ${Object.keys(NAMED).join(", ")}; ` +
          "give the number of proxies in front of the app (e.g. 1) or a comma-separated list of their addresses",
      );
    }
  }
  return { kind: "list", list, source: value };
}

let cached: { raw: string | undefined; trust: TrustProxy } | null = null;

/** TRUST_PROXY from the environment, parsed once per value. */
export function trustProxyFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): TrustProxy {
  const raw = env.TRUST_PROXY;
  if (!cached || cached.raw !== raw) cached = { raw, trust: parseTrustProxy(raw) };
  return cached.trust;
}

function trusts(trust: TrustProxy, address: string, hop: number): boolean {
  if (trust.kind === "none") return false;
  if (trust.kind === "hops") return hop < trust.hops;
  const family = net.isIP(address);
  return family !== 0 && trust.list.check(address, family === 4 ? "ipv4" : "ipv6");
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function forwardedFor(headers: HeaderBag): string[] {
  if (!headers) return [];
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const joined = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  return joined
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
}

/**
 * The client's address: the socket's peer (recorded by lib/auth/peer-address.ts), or, behind
 * trusted proxies, the right-most X-Forwarded-For entry that is not one of them. Null when the
 * server recorded no peer (then no per-address limit applies; the per-email one still does).
 */
export function clientAddress(headers: HeaderBag, trust: TrustProxy = trustProxyFromEnv()): string | null {
  const peer = peerAddress(headers);
  if (!peer) return null;
  // Nearest first: the peer, then the forwarded entries from right to left.
  const chain = [peer, ...forwardedFor(headers).reverse()].map(normalizeAddress);
  let hop = 0;
  while (hop < chain.length - 1 && trusts(trust, chain[hop]!, hop)) hop++;
  return chain[hop]!.slice(0, MAX_ADDRESS_LENGTH);
}
