// @ts-check
const createNextIntlPlugin = require("next-intl/plugin");

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/**
 * Server actions: the same limit as SERVER_ACTION_BODY_LIMIT in lib/security/body-limits.ts, which
 * the proxy enforces first with a readable 413 (tests/unit/body-limits.test.ts keeps them equal).
 */
const SERVER_ACTION_BODY_LIMIT = "1mb";

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with status 403.
    authInterrupts: true,
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT },
    // Next buffers each body for the proxy (and again for the page), cut off silently at this size
    // (default 10 MB). Twice the largest limit: a cut copy is still over the limit, so the proxy sees
    // it as oversized, and a request holds at most two such copies in memory.
    proxyClientMaxBodySize: "2mb",
  },
  // Native and Wasm modules are loaded by Node at run time, not bundled; so is piscina, whose worker
  // threads start from its own files (lib/authoring/workers/problem-pool.ts), and prom-client, whose
  // one copy per process answers the cluster primary's request for this worker's metrics
  // (lib/ops/serve.mjs): a bundled copy per route would each answer, and the sums would be wrong.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "bcryptjs", "piscina", "prom-client"],
  // Headers that never vary, for every response including static files. The proxy adds the rest
  // (Content-Security-Policy with its nonce, framing, HSTS, …): lib/security/headers.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
