/**
 * `npm run test:e2e`: the browser tests, in Debian's Chromium, against the production build on a
 * free port with its own temporary database: a SQLite file, or with CHAINRULE_TEST_DB=postgres a new
 * database on the server tests/setup/postgres.ts names (created by the server's start, dropped after).
 * Fails (never skips) when no browser is installed.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "@/lib/ops/build";
import { ensureClientGenerated } from "@/lib/ops/prisma-cli";
import { databaseUrl, dropDatabase, testDatabaseKind, uniqueDatabaseName } from "../setup/postgres";
import { findChromium } from "./chromium";
import { freePort } from "../setup/free-port";
import { OIDC_CLIENT, startOidcProvider } from "../setup/oidc-provider";

async function main(): Promise<number> {
  const chromium = findChromium();
  if (!chromium) {
    process.stderr.write(
      [
        "No Chromium found for the browser tests" + (process.env.CHROMIUM_PATH ? ` at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : "") + ".",
        "Install Debian's build:  sudo apt-get update && sudo apt-get install -y chromium",
        "or point CHROMIUM_PATH at a Chromium or Chrome executable. (Playwright's own browser download does not work offline.)",
        "",
      ].join("\n"),
    );
    return 1;
  }
  const root = process.cwd();
  ensureClientGenerated(root);
  ensureBuild(root);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-e2e-"));
  const port = await freePort();
  // `npm start` (the web server Playwright starts) creates and migrates it.
  const postgresName = testDatabaseKind() === "postgres" ? uniqueDatabaseName("chainrule_e2e") : null;
  // The university's sign-in provider (tests/e2e/sso.spec.ts): up before the app starts, which discovers it.
  const oidc = await startOidcProvider(await freePort(), `http://127.0.0.1:${port}`);
  try {
    // Not spawnSync: this process serves the OIDC provider while the tests run.
    const child = spawn(process.execPath, [path.join(root, "node_modules/@playwright/test/cli.js"), "test", ...process.argv.slice(2)], {
      stdio: "inherit",
      env: {
        ...process.env,
        CHROMIUM_PATH: chromium,
        E2E_PORT: String(port),
        E2E_DATABASE_URL: postgresName ? databaseUrl(postgresName) : `file:${path.join(tmp, "e2e.db")}`,
        E2E_NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
        E2E_OIDC_ISSUER: oidc.issuer,
        E2E_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        E2E_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      },
    });
    return await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    await oidc.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    if (postgresName) await dropDatabase(postgresName);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`e2e: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
