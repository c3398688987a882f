import { defineConfig } from "@playwright/test";

// tests/e2e/run.ts (what `npm test` calls) picks a free port and a temporary database and passes
// them here; the app under test is the production build, started by the same script as `npm start`.
const port = Number(process.env.E2E_PORT ?? 3211);
const baseURL = `http://127.0.0.1:${port}`;
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: /.*\.spec\.ts$/,
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "en-US",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // `npm start`'s own entry, with two worker processes sharing the port as in production: a request
    // may reach either, so nothing a test relies on may live in one process.
    command: `"${process.execPath}" lib/ops/serve.mjs`,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      WEB_CONCURRENCY: "2",
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db",
      // The tests sign in as the demo accounts (a PostgreSQL URL alone would not turn demo data off
      // here, but NODE_ENV=production in the environment would).
      CHAINRULE_DEMO: "1",
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: process.env.E2E_NEXTAUTH_SECRET ?? "e2e-only-secret-not-used-anywhere-else-0123456789",
      NEXT_TELEMETRY_DISABLED: "1",
      // The 9,990-node preview in large-graphs.spec.ts measures the server beside the worker pool, not
      // the machine's speed: on a busy 2-core machine it can take longer than the default 10 s budget.
      WORKER_TIME_BUDGET_MS: "60000",
      // Single sign-on against tests/setup/oidc-provider.ts, started by tests/e2e/run.ts; the password
      // form stays on, so the other specs sign in as before.
      ...(process.env.E2E_OIDC_ISSUER
        ? {
            OIDC_ISSUER: process.env.E2E_OIDC_ISSUER,
            OIDC_CLIENT_ID: process.env.E2E_OIDC_CLIENT_ID ?? "",
            OIDC_CLIENT_SECRET: process.env.E2E_OIDC_CLIENT_SECRET ?? "",
            OIDC_NAME: "UniLogin",
          }
        : {}),
    },
  },
});
