/**
 * A university's OpenID Connect provider for the tests: node-oidc-provider on a loopback port, with
 * one confidential client (the app, redirect URI `${appOrigin}/api/auth/callback/oidc`) and the
 * accounts below. Its login is a one-field page of our own (`/interaction/:uid`): type an account's
 * login name and submit; consent is granted without asking (a first-party client). Imports neither
 * the app nor Prisma, so Playwright specs and tests/e2e/run.ts can use it.
 *
 * `npx tsx tests/setup/oidc-provider.ts <port> <appOrigin>` serves it until killed, printing "ready".
 */
import http from "node:http";
import Provider, { type Configuration } from "oidc-provider";

export type TestAccount = { sub: string; email: string; email_verified: boolean; name: string };

/** The provider's accounts, by the login name typed on its login page. */
export const OIDC_ACCOUNTS = {
  // New to Chainrule: gets a new account.
  newcomer: { sub: "uni-0001", email: "nia.newcomer@uni.example", email_verified: true, name: "Nia Newcomer" },
  // The demo student Alice's email, verified: linked to her password account.
  alice: { sub: "uni-0002", email: "student1@chainrule.test", email_verified: true, name: "Alice Zhang (Uni)" },
  // The demo student Bob's email, not verified: refused.
  impostor: { sub: "uni-0003", email: "student2@chainrule.test", email_verified: false, name: "Not Bob" },
} satisfies Record<string, TestAccount>;

export const OIDC_CLIENT = { id: "chainrule-test", secret: "chainrule-test-secret-0123456789abcdef" };

export type TestOidcProvider = { issuer: string; close: () => Promise<void> };

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

/** Starts the provider on 127.0.0.1:`port` (0: any free port) for the app at `appOrigin`. */
export async function startOidcProvider(port: number, appOrigin: string): Promise<TestOidcProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("the test OIDC provider has no address");
  const issuer = `http://127.0.0.1:${address.port}`;
  const accounts = new Map<string, TestAccount>(Object.values(OIDC_ACCOUNTS).map((a) => [a.sub, a]));

  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${appOrigin}/api/auth/callback/oidc`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The app reads the person from the id token (next-auth's idToken: true), so it carries the scopes' claims.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["test-oidc-provider-cookie-key"] },
    pkce: { required: () => true },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ ...account }) } : undefined;
    },
    async loadExistingGrant(ctx) {
      // First-party client: every request is granted the scopes it asks for, without a consent page.
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  server.on("request", (req, res) => {
    void (async () => {
      const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? "");
      if (!match) return callback(req, res);
      try {
        if (req.method === "GET") {
          await provider.interactionDetails(req, res);
          res.setHeader("content-type", "text/html; charset=utf-8");
          res.end(
            page(
              "University login",
              `<form method="post"><label for="login">Login name</label> <input id="login" name="login" autofocus> <button type="submit">Log in</button> <button type="submit" name="deny" value="1">Cancel</button></form>`,
            ),
          );
          return;
        }
        const body = await new Promise<string>((resolve) => {
          let text = "";
          req.on("data", (chunk: Buffer) => (text += chunk.toString()));
          req.on("end", () => resolve(text));
        });
        const form = new URLSearchParams(body);
        const login = form.get("login") ?? "";
        const account = (OIDC_ACCOUNTS as Record<string, TestAccount>)[login];
        const result = form.get("deny")
          ? { error: "access_denied", error_description: "the user cancelled" }
          : account
            ? { login: { accountId: account.sub } }
            : { error: "access_denied", error_description: `no account "${login}"` };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      } catch (err) {
        res.statusCode = 400;
        res.end(`interaction failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Run as a program by tests/e2e/run.ts: the provider must be up before the app under test starts.
if (process.argv[1] && /oidc-provider\.ts$/.test(process.argv[1])) {
  const [port, appOrigin] = process.argv.slice(2);
  if (!port || !appOrigin) {
    process.stderr.write("usage: tsx tests/setup/oidc-provider.ts <port> <appOrigin>\n");
    process.exit(2);
  }
  startOidcProvider(Number(port), appOrigin).then(
    (p) => process.stdout.write(`ready ${p.issuer}\n`),
    (err: unknown) => {
      process.stderr.write(`oidc-provider: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
