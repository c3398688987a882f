/**
 * The students the load submits as: the demo course's three, plus more made in the benchmark's own
 * fresh database when --students asks for more; each signed in over HTTP exactly as the sign-in form
 * does (next-auth's CSRF token, then the credentials callback), and each given a submit request body
 * with the correct answers to their own variant of the practice assignment's standard-deviation
 * problem (practice: unlimited attempts, so the load is never refused for running out).
 */
import { hashPassword } from "@/lib/auth/password";
import { loadWorkContext } from "@/lib/assignments/workspace";
import { createDb } from "@/lib/db/client";
import { DEMO_ACCOUNTS, PRACTICE_PROBLEMS } from "@/lib/ops/seed";
import { referenceSubmission } from "@/lib/problems/reference";
import { encodeActionArgs } from "../../setup/http-client";

const COURSE_CODE = "DL-101";
/** The practice set's first problem: the seed homework's standard deviation, with each student's own numbers. */
const PROBLEM_SLUG = PRACTICE_PROBLEMS[0]![0];
const DEMO_STUDENTS = DEMO_ACCOUNTS.filter((a) => a.email.startsWith("student"));
const EXTRA_PASSWORD = "bench-student-pass";

export type Student = { email: string; password: string; userId: string; cookie: string; body: string };

export type Workload = {
  assignmentId: string;
  problemId: string;
  /** The problem page the action is posted to (Next routes a server action by the page's path). */
  pagePath: string;
  students: Student[];
};

/**
 * Makes sure `n` students exist in the demo course (the three demo students, then bench-studentK),
 * and computes each one's submit body. Returns them not yet signed in (cookie "").
 */
export async function prepareStudents(url: string, n: number): Promise<Workload> {
  const db = createDb(url);
  try {
    const course = await db.course.findUniqueOrThrow({ where: { code: COURSE_CODE }, select: { id: true } });
    const assignment = await db.assignment.findFirstOrThrow({ where: { courseId: course.id, practice: true, maxAttempts: null }, select: { id: true } });
    const problem = await db.problem.findUniqueOrThrow({ where: { slug: PROBLEM_SLUG }, select: { id: true } });
    const accounts: { email: string; password: string }[] = DEMO_STUDENTS.slice(0, n).map((a) => ({ email: a.email, password: a.password }));
    if (n > accounts.length) {
      const hash = await hashPassword(EXTRA_PASSWORD);
      for (let k = accounts.length + 1; k <= n; k++) {
        const email = `bench-student${k}@chainrule.test`;
        await db.user.create({
          data: { email, name: `Bench Student ${k}`, passwordHash: hash, memberships: { create: { courseId: course.id, role: "STUDENT" } } },
        });
        accounts.push({ email, password: EXTRA_PASSWORD });
      }
    }
    const students: Student[] = [];
    for (const a of accounts) {
      const user = await db.user.findUniqueOrThrow({ where: { email: a.email }, select: { id: true } });
      const ctx = await loadWorkContext(db, { userId: user.id, assignmentId: assignment.id, problemId: problem.id });
      if (!ctx) throw new Error(`${PROBLEM_SLUG} is not in the practice assignment`);
      const answers = referenceSubmission(ctx.compiled, ctx.variant);
      students.push({ ...a, userId: user.id, cookie: "", body: encodeActionArgs([{ assignmentId: assignment.id, problemId: problem.id, answers }]) });
    }
    return { assignmentId: assignment.id, problemId: problem.id, pagePath: `/assignments/${assignment.id}/problems/${problem.id}`, students };
  } finally {
    await db.$disconnect();
  }
}

// Signing in and the submit action's wire format are shared with the browser tests.
export { encodeActionArgs, signIn, submitActionId } from "../../setup/http-client";
