import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Next resolves "server-only" under the react-server condition (an empty module); tests are server code too.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    globalSetup: ["tests/setup/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // A fixed secret, so importing lib/auth never writes a generated one into the checkout.
    // LOG_LEVEL: the server's JSON log lines (lib/observability/log.ts) would bury the test report;
    // tests that check a line write to a logger of their own.
    env: { NEXTAUTH_SECRET: "vitest-only-secret-0123456789abcdefghijklmnop", LOG_LEVEL: "silent" },
  },
});
