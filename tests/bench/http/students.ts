/**
 * The students the load submits as: the demo course's three, plus more made in the benchmark's own
 * fresh database when --students asks for more; each signed in over HTTP exactly as the sign-in form
 * does (next-auth's CSRF token, then the credentials callback), and each given a submit request body
 * with the correct answers to their own variant of the practice assignment's standard-deviation
 * problem (practice: unlimited attempts, so the load is never refused for running out).
 */
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";
import { loadWorkContext } from "@/lib/assignments/workspace";
import { createDb } from "@/lib/db/client";
import { DEMO_ACCOUNTS, PRACTICE_PROBLEMS } from "@/lib/ops/seed";
import { referenceSubmission } from "@/lib/problems/reference";

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

/**
 * A server action's arguments as the browser's client sends plain JSON values: a JSON array, where
 * React's reply encoding escapes a string that starts with "$" as "$$".
 */
export function encodeActionArgs(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) => (typeof value === "string" && value.startsWith("$") ? `$${value}` : value));
}

/** The submit action's id in this build, from Next's server-reference manifest. */
export function submitActionId(root: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(
    ([, a]) => a.exportedName === "submitAction" && a.filename === "app/(student)/assignments/[assignmentId]/problems/[problemId]/actions.ts",
  );
  if (!found) throw new Error("the build has no submitAction for the problem page (server-reference-manifest.json)");
  return found[0];
}

function cookiesOf(response: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    if (eq > 0) out.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
  return out;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in with email and password over HTTP; returns the Cookie header of the session. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  const jar = cookiesOf(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const r = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/dashboard`, json: "true" }).toString(),
  });
  const session = [...cookiesOf(r)].find(([k]) => k.endsWith("next-auth.session-token"));
  if (!session) throw new Error(`signing in as ${email} gave no session (status ${r.status})`);
  return `${session[0]}=${session[1]}`;
}
