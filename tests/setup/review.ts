/**
 * The world the review tests share: the problem bank and the demo course, a few more students, and
 * submissions made through the real submit path (lib/assignments/submit.ts), so results are exactly
 * what the grader stores.
 */
import { toEvalJson, type EvaluatedGraph } from "@/lib/autograd";
import { submitAnswers } from "@/lib/assignments/submit";
import { loadWorkContext } from "@/lib/assignments/workspace";
import type { Db } from "@/lib/db/client";
import { seedDemo } from "@/lib/ops/seed";
import { importBank } from "@/lib/problem-store/bank";

export const CE_FORMULA = "-ln(e^y11/(e^y11+e^y12+e^y13)) - ln(e^y22/(e^y21+e^y22+e^y23)) - ln(e^y33/(e^y31+e^y32+e^y33))";
export const CE_LOSS = "2.54692";

export type User = { id: string; isSiteAdmin: boolean; name: string; email: string };

export async function reviewWorld(db: Db, now: Date) {
  await importBank(db, "problems");
  await seedDemo(db, now);
  const users: Record<string, User> = Object.fromEntries((await db.user.findMany()).map((u) => [u.email.split("@")[0]!, u]));
  const hw = await db.assignment.findFirstOrThrow({ where: { title: "Homework 2: theory" } });
  const practice = await db.assignment.findFirstOrThrow({ where: { title: "Backpropagation practice" } });
  const slug = async (s: string) => (await db.problem.findUniqueOrThrow({ where: { slug: s } })).id;
  const problems = { ce: await slug("seed-cross-entropy"), std: await slug("seed-std-dev"), gate: await slug("add-mul-gate") };
  const courses = Object.fromEntries((await db.course.findMany()).map((c) => [c.code, c.id])) as Record<string, string>;
  return { users, hw, practice, problems, courses };
}

/** Extra students in a course (for class-sized statistics). */
export async function addStudents(db: Db, courseId: string, names: string[]): Promise<User[]> {
  const out: User[] = [];
  for (const name of names) {
    const u = await db.user.create({ data: { email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.test`, name, passwordHash: "x" } });
    await db.membership.create({ data: { userId: u.id, courseId, role: "STUDENT" } });
    out.push(u);
  }
  return out;
}

export async function submit(db: Db, user: User, assignmentId: string, problemId: string, answers: Record<string, unknown>, at: Date) {
  const r = await submitAnswers(db, user, { assignmentId, problemId, answers }, at);
  if (r.status !== "graded") throw new Error(`submission not graded: ${JSON.stringify(r.status === "refused" ? r : r.status)}`);
  return r.submissionId;
}

/** The reference's numbers for every non-constant node's value, grad and downstream gradients. */
export function referenceAnnotation(evaluated: EvaluatedGraph) {
  const json = toEvalJson(evaluated);
  const consts = new Set(json.nodes.filter((n) => n.op === "const").map((n) => n.id));
  const nodes: Record<string, { value?: unknown; grad?: unknown; edges?: Record<string, { downstream?: unknown }> }> = {};
  for (const n of json.nodes) {
    if (n.op === "const") continue;
    nodes[n.id] = {
      value: n.value,
      grad: n.grad,
      edges: Object.fromEntries(n.edges.filter((e) => !consts.has(e.from)).map((e) => [e.from, { downstream: e.downstream }])),
    };
  }
  return { nodes };
}

/** A student's own variant of a problem (as the server draws it), for computing their answers. */
export async function variantFor(db: Db, user: User, assignmentId: string, problemId: string) {
  const ctx = await loadWorkContext(db, { userId: user.id, assignmentId, problemId });
  if (!ctx) throw new Error("no such problem in the assignment");
  return ctx.variant;
}
