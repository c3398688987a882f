import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers/index";
import { getDb, type Db } from "@/lib/db/client";
import { log } from "@/lib/observability/log";
import { metrics } from "@/lib/observability/metrics";
import { credentialsSchema, normalizeEmail } from "@/lib/validations/auth";
import { verifyPassword } from "./password";
import { rateLimitKeys, takeSignInAttempt } from "./rate-limit";
import { authSecret } from "./secret";
import { clientAddress, trustProxyFromEnv, type TrustProxy } from "./trust-proxy";
import { claimsFor, secureCookies, SESSION_MAX_AGE_SECONDS, SESSION_RENEW_AFTER_SECONDS } from "./session-cookie";
import { isSessionCurrent, RevokedSessionError, signOutEverywhere, type SessionUser } from "./sessions";
import { resolveSsoUser, SsoRefusedError } from "./sso";
import { OIDC_PROVIDER_ID, parseSignInSettings, type OidcSettings, type SignInSettings } from "./sso-config";

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

/**
 * Checks an email and password. Every failure (unknown email, wrong password, malformed input,
 * too many recent failures) returns null, which the sign-in page shows as one generic message.
 * Failures are limited per email and per client address (lib/auth/trust-proxy.ts: the socket's
 * peer unless TRUST_PROXY names the proxies in front of the app).
 */
export async function authorizeCredentials(
  raw: unknown,
  headers: HeaderBag,
  db: Db = getDb(),
  trust: TrustProxy = trustProxyFromEnv(),
): Promise<SessionUser | null> {
  // Logged without the email or password: the user's id when the account exists, and the client address.
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) {
    log().info({ event: "signin.failed", reason: "malformed" }, "sign-in failed");
    return null;
  }
  const email = normalizeEmail(parsed.data.email);
  const address = clientAddress(headers, trust);
  const keys = rateLimitKeys(email, address);
  const attempt = await takeSignInAttempt(db, keys);
  if (!attempt.ok) {
    metrics().rateLimitRefusals.inc({ kind: "sign-in" });
    log().warn({ event: "rate-limit.refused", kind: "sign-in", address }, "sign-in refused by a rate limit");
    return null;
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash);
  if (ok && user) await attempt.succeeded();
  if (!ok || !user) {
    log().info({ event: "signin.failed", reason: user ? "wrong-password" : "unknown-account", userId: user?.id ?? null, address }, "sign-in failed");
    return null;
  }
  return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}

function passwordProvider(db: () => Db): Provider {
  return CredentialsProvider({
    name: "Email and password",
    credentials: {
      email: { label: "Email", type: "email" },
      password: { label: "Password", type: "password" },
    },
    authorize: (credentials, req) => authorizeCredentials(credentials, req?.headers, db()),
  });
}

/**
 * The university's OpenID Connect provider, discovered from its issuer: authorization code flow
 * with PKCE, state and nonce, and the identity taken from the verified id token (not userinfo).
 */
function oidcProvider(oidc: OidcSettings): Provider {
  return {
    id: OIDC_PROVIDER_ID,
    name: oidc.name,
    type: "oauth",
    wellKnown: `${oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
    // next-auth needs an id here; the account this becomes is decided in the signIn callback.
    profile: (claims: Record<string, unknown>) => ({ id: String(claims.sub), name: typeof claims.name === "string" ? claims.name : null, email: null }),
  };
}

/**
 * next-auth's configuration, reading the database through `db` (tests pass their own). JWT sessions
 * that last 12 hours from the last renewal (proxy.ts renews them; see lib/auth/session-cookie.ts),
 * and carry the user's session version: the jwt callback refuses a token whose version is no longer
 * current (next-auth's session endpoint then clears the cookie), and signing out ends every session
 * of the user.
 */
export function authOptionsWith(db: () => Db, signIn: SignInSettings = parseSignInSettings()): NextAuthOptions {
  const { oidc } = signIn;
  return {
    secret: authSecret(),
    // updateAge only matters to database sessions in next-auth 4; JWTs are renewed by proxy.ts.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_RENEW_AFTER_SECONDS },
    // The token's own expiry: next-auth's default is 30 days whatever the session's maxAge says.
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    // Read when next-auth reads its options (each request), from the same NEXTAUTH_URL as the proxy's cookie name.
    get useSecureCookies() {
      return secureCookies();
    },
    pages: { signIn: "/signin", signOut: "/signout", error: "/signin" },
    // With PASSWORD_SIGN_IN=off the credentials provider does not exist: its callback route refuses.
    providers: [...(signIn.passwordSignIn ? [passwordProvider(db)] : []), ...(oidc ? [oidcProvider(oidc)] : [])],
    callbacks: {
      // An SSO sign-in is checked and linked here, so a refusal reaches the sign-in page with its reason.
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID || !oidc) return true;
        try {
          await resolveSsoUser(db(), oidc.issuer, profile);
          return true;
        } catch (err) {
          if (err instanceof SsoRefusedError) return `/signin?error=${err.reason}`;
          throw err;
        }
      },
      async jwt({ token, user, account, profile }) {
        // An SSO sign-in gets exactly the claims a password sign-in gets, for the account it was linked to above.
        if (user && account?.provider === OIDC_PROVIDER_ID && oidc) return { ...token, ...claimsFor(await resolveSsoUser(db(), oidc.issuer, profile)) };
        if (user) return { ...token, ...claimsFor(user as SessionUser) };
        if (!(await isSessionCurrent(db(), token))) throw new RevokedSessionError();
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string" && typeof token.sv === "number") {
          session.user.id = token.uid;
          session.user.sessionVersion = token.sv;
        }
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        await signOutEverywhere(db(), token);
      },
    },
    logger: {
      // An ended session's cookie is expected traffic, not an error worth a stack trace.
      error(code, metadata) {
        if (metadata instanceof RevokedSessionError) return;
        log().error({ event: "next-auth.error", code, err: metadata }, `next-auth error ${code}`);
      },
      warn(code) {
        log().warn({ event: "next-auth.warning", code }, `next-auth warning ${code}`);
      },
      debug() {},
    },
  };
}

export const authOptions: NextAuthOptions = authOptionsWith(getDb);
