/**
 * One "instance" for tests/integration/shared-database.test.ts: its own process (its own SQLite
 * locks, its own PostgreSQL pool) making `count` requests at once through the real submit path or
 * the limiter, on the database at DATABASE_URL. Reads the job as JSON from argv[2]; prints one JSON
 * array of outcomes. A process, not a second client in the test's own: better-sqlite3 waits for a
 * busy lock synchronously, which within one process would also stop the client holding it.
 *   tsx tests/integration/processes/shared-database-client.ts '{"kind": "submit", …}'
 */
import { takeRequest } from "@/lib/assignments/request-limits";
import { submitAnswers } from "@/lib/assignments/submit";
import { createDb } from "@/lib/db/client";

/** `goAt`: when to start (epoch ms), so that two processes started one after the other run at once. */
export type ClientJob = { goAt: number; at: string; count: number } & (
  | { kind: "submit"; user: { id: string; isSiteAdmin: boolean }; input: { assignmentId: string; problemId: string; answers: unknown } }
  | { kind: "take"; userId: string; limit: number }
);

export type ClientOutcome = { ok: boolean; reason?: string; submissionId?: string };

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as ClientJob;
  const db = createDb(process.env.DATABASE_URL);
  const at = new Date(job.at);
  try {
    // Connected and loaded before the start, then all at once.
    await db.user.count();
    await new Promise((r) => setTimeout(r, Math.max(0, job.goAt - Date.now())));
    const outcomes: ClientOutcome[] = await Promise.all(
      Array.from({ length: job.count }, async (): Promise<ClientOutcome> => {
        if (job.kind === "take") {
          const r = await takeRequest(db, "submit", job.userId, at, job.limit);
          return r.ok ? { ok: true } : { ok: false, reason: "rate-limited" };
        }
        const o = await submitAnswers(db, job.user, job.input, at);
        if (o.status === "graded") return { ok: true, submissionId: o.submissionId };
        return { ok: false, reason: o.status === "refused" ? o.reason : o.status };
      }),
    );
    process.stdout.write(JSON.stringify(outcomes));
  } finally {
    await db.$disconnect();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
