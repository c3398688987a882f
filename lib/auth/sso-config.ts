/**
 * Single sign-on settings, read from the environment: the university's OpenID Connect provider
 * (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, optional OIDC_NAME for the button) and whether
 * the password form is offered at all (PASSWORD_SIGN_IN=on|off). `npm start` checks them before
 * serving (lib/ops/start.ts), so a typo stops the start with the setting's name, not a sign-in.
 */

/** next-auth's id for the provider: the callback URL is `${NEXTAUTH_URL}/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";

export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string };
export type SignInSettings = { oidc: OidcSettings | null; passwordSignIn: boolean };

type Env = Readonly<Record<string, string | undefined>>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parseIssuer(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`OIDC_ISSUER must be the provider's issuer URL (e.g. https://login.uni.example/realms/main), got "${raw}"`);
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return url;
  throw new Error(`OIDC_ISSUER must be an https URL (http only for localhost or 127.0.0.1), got "${raw}"`);
}

function parsePasswordSignIn(raw: string | undefined): boolean {
  const v = (raw ?? "").trim().toLowerCase();
  if (v === "" || v === "on") return true;
  if (v === "off") return false;
  throw new Error(`PASSWORD_SIGN_IN must be "on" or "off", got "${raw}"`);
}

/** The sign-in settings, or an Error naming the first bad setting. */
export function parseSignInSettings(env: Env = process.env): SignInSettings {
  const passwordSignIn = parsePasswordSignIn(env.PASSWORD_SIGN_IN);
  const given = (["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const).map((name) => [name, env[name]?.trim() ?? ""] as const);
  const set = given.filter(([, v]) => v !== "");
  if (set.length === 0) {
    if (env.OIDC_NAME?.trim()) throw new Error("OIDC_NAME is set but OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are not");
    if (!passwordSignIn)
      throw new Error("PASSWORD_SIGN_IN=off needs single sign-on set up (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET): nobody could sign in");
    return { oidc: null, passwordSignIn };
  }
  if (set.length < given.length) {
    const missing = given.filter(([, v]) => v === "").map(([name]) => name);
    throw new Error(`single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET all set, or none; missing ${missing.join(", ")}`);
  }
  const [issuerRaw, clientId, clientSecret] = given.map(([, v]) => v);
  const issuerUrl = parseIssuer(issuerRaw!);
  // Kept exactly as configured: the id token's `iss` must match it character for character.
  const issuer = issuerRaw!;
  const name = env.OIDC_NAME?.trim() || issuerUrl.hostname;
  if (name.length > 60) throw new Error(`OIDC_NAME must be at most 60 characters (it is the button's label), got ${name.length}`);
  return { oidc: { issuer, clientId: clientId!, clientSecret: clientSecret!, name }, passwordSignIn };
}
