/**
 * Child step of `npm run bench:http`: generate the Prisma client if stale, build if stale
 * (lib/ops/build.ts ensureBuild), then migrate and seed the benchmark's fresh database
 * (lib/ops/prepare.ts prepareDatabase with the demo course), exactly as `npm start` does.
 * A child process because those steps print to stdout, and `--json` keeps stdout for the result:
 * run.ts gives this process its own stderr as stdout.
 *   tsx tests/bench/http/prepare.ts DATABASE_URL
 */
import { ensureBuild } from "@/lib/ops/build";
import { ensureClientGenerated } from "@/lib/ops/prisma-cli";

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error("usage: tsx tests/bench/http/prepare.ts DATABASE_URL");
  const root = process.cwd();
  ensureClientGenerated(root);
  ensureBuild(root);
  // Loaded only now: it imports the generated client, which the first step may have just written.
  const { prepareDatabase } = await import("@/lib/ops/prepare");
  await prepareDatabase(root, url, { seed: true, demo: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:http prepare: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
