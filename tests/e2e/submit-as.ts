/**
 * Makes submissions for the browser tests through the real submit path (lib/assignments/submit.ts),
 * in the end-to-end test's own database. Run by tests/e2e/db.ts `submitAs` with tsx: the Prisma client
 * is an ES module that Playwright's test loader cannot load. Reads jobs as JSON on standard input and
 * prints one result per job as JSON.
 *
 * A job starts from the reference answers of the student's own variant, then `blank` removes parts
 * and `set` replaces fields: "part" for a whole part, "part/node/field" or "part/node/downstream/from"
 * for one number on a graph.
 */
import fs from "node:fs";
import { submitAnswers } from "@/lib/assignments/submit";
import { loadWorkContext } from "@/lib/assignments/workspace";
import { createDb } from "@/lib/db/client";
import { referenceSubmission } from "@/lib/problems/reference";

export type SubmitJob = { email: string; assignmentId: string; problemSlug: string; blank?: string[]; set?: Record<string, unknown>; at?: string };

type Node = { value?: unknown; grad?: unknown; edges?: Record<string, { local?: unknown; downstream?: unknown }> };

function apply(answers: Record<string, unknown>, path: string, value: unknown) {
  const [part, node, field, from] = path.split("/");
  if (!node) {
    answers[part!] = value;
    return;
  }
  const sheet = (answers[part!] ??= { nodes: {} }) as { nodes: Record<string, Node> };
  const n = (sheet.nodes[node] ??= {});
  if (field === "value" || field === "grad") n[field] = value;
  else {
    const edge = ((n.edges ??= {})[from!] ??= {});
    edge[field as "local" | "downstream"] = value;
  }
}

async function main() {
  const jobs = JSON.parse(fs.readFileSync(0, "utf8")) as SubmitJob[];
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set");
  const db = createDb(url);
  const out: unknown[] = [];
  try {
    for (const job of jobs) {
      const user = await db.user.findUniqueOrThrow({ where: { email: job.email }, select: { id: true, isSiteAdmin: true } });
      const problem = await db.problem.findUniqueOrThrow({ where: { slug: job.problemSlug }, select: { id: true } });
      const ctx = await loadWorkContext(db, { userId: user.id, assignmentId: job.assignmentId, problemId: problem.id });
      if (!ctx) throw new Error(`${job.problemSlug} is not in assignment ${job.assignmentId}`);
      const answers = referenceSubmission(ctx.compiled, ctx.variant);
      for (const part of job.blank ?? []) delete answers[part];
      for (const [path, value] of Object.entries(job.set ?? {})) apply(answers, path, value);
      const r = await submitAnswers(db, user, { assignmentId: job.assignmentId, problemId: problem.id, answers }, job.at ? new Date(job.at) : new Date());
      if (r.status !== "graded") throw new Error(`${job.email} ${job.problemSlug}: ${JSON.stringify(r.status === "refused" ? r : r.status)}`);
      out.push({ submissionId: r.submissionId, attempt: r.attempt, score: r.grade.score, parameters: ctx.variant.parameters });
    }
  } finally {
    await db.$disconnect();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e: unknown) => {
  process.stderr.write(`submit-as: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
