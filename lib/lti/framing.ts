/**
 * The app inside an LMS's iframe: which pages may frame it (CSP frame-ancestors, from the LTI
 * registrations), and the cookie attributes that let its session work there.
 *
 * The registrations' origins are read through a short in-process cache: proxy.ts asks on every
 * request, and a database query per request is not worth it for a list that changes a few times a
 * year. A change made in this process (registration.ts) clears the cache at once; with several
 * instances, another instance sees it within FRAMING_CACHE_MS (30 s), which is fine for an
 * administrator setting up an LMS.
 *
 * Plain TypeScript without the database: the proxy passes the loader (so this module, and its tests,
 * do not pull in the Prisma client).
 */
import type { SecurityConfig } from "@/lib/security/headers";

export const FRAMING_CACHE_MS = 30_000;

type Registration = { issuer: string; authUrl: string; lmsOrigins: unknown };

const originOf = (text: string): string | null => {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
};

/**
 * The origins that may frame the tool, for these registrations: each one's LMS origins when it names
 * any, else its issuer's and auth URL's origins.
 */
export function framingOrigins(registrations: Registration[]): string[] {
  const out = new Set<string>();
  for (const r of registrations) {
    const named = Array.isArray(r.lmsOrigins) ? r.lmsOrigins.filter((o): o is string => typeof o === "string") : [];
    for (const text of named.length ? named : [r.issuer, r.authUrl]) {
      const origin = originOf(text);
      if (origin) out.add(origin);
    }
  }
  return [...out].sort();
}

// On globalThis: Next bundles the proxy apart from the pages and actions, each with its own copy of
// this module, and a change made by an action must clear the proxy's cache too.
const cache: { entry: { origins: string[]; at: number } | null } = ((
  globalThis as unknown as { chainruleFramingCache?: typeof cache }
).chainruleFramingCache ??= { entry: null });

/** Forgets the cached origins: called by every change to a registration in this process. */
export function registrationsChanged(): void {
  cache.entry = null;
}

/** The registrations' framing origins, read at most once per FRAMING_CACHE_MS. */
export async function cachedFramingOrigins(load: () => Promise<Registration[]>, now: number = Date.now()): Promise<string[]> {
  if (cache.entry && now - cache.entry.at < FRAMING_CACHE_MS) return cache.entry.origins;
  const origins = framingOrigins(await load());
  cache.entry = { origins, at: now };
  return origins;
}

/**
 * The security config with the registrations' origins added to frame-ancestors. With no registration
 * it is the environment's as is ('none' unless FRAME_ANCESTORS says otherwise). The registrations
 * replace 'none'; they join 'self' or FRAME_ANCESTORS's origins. headers.ts then sends no
 * X-Frame-Options (it has no list of origins and would contradict the CSP).
 */
export function withRegisteredFrameAncestors(config: SecurityConfig, origins: string[]): SecurityConfig {
  if (origins.length === 0) return config;
  const base = config.frameAncestors.filter((s) => s !== "'none'");
  return { ...config, frameAncestors: [...new Set([...base, ...origins])] };
}

/**
 * The session cookie's SameSite inside the LMS's iframe: there the app is a third party, and only a
 * `SameSite=None; Secure` cookie goes with its requests. Browsers accept None only with Secure, so
 * under plain http (local development) the cookie stays Lax and framing works only same-site.
 */
export function framedCookieAttributes(secure: boolean): string {
  return secure ? "SameSite=None; Secure" : "SameSite=Lax";
}
