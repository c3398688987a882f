/**
 * `npm run seed:large [-- --students 500 --problems 20 --submissions 100000 --heavy 5700 --force]`:
 * a big course on the configured DATABASE_URL, to measure the pages that grow with a class
 * (tests/bench/pages.bench.ts). One practice assignment (unlimited attempts) with `problems` problems
 * of the bank, `students` students, and `submissions` graded attempts, `heavy` of them by the first
 * student (a student with thousands of attempts), plus open regrade requests on a few.
 *
 * Answers are the bank's own: each problem's reference answers and its author tests' answers (named
 * mistakes), graded by the real grader (lib/problems/grade.ts) on a handful of variants per problem,
 * and stored as lib/assignments/submit.ts stores them; each attempt picks one of these at random.
 * The database is migrated and given the demo course first if it is empty. It refuses a database
 * with anything but the demo data in it unless `--force`.
 */
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";
import { newJoinCode, newVariantSecret } from "@/lib/courses/codes";
import { createDb, type Db } from "@/lib/db/client";
import { projectRoot, resolveDatabaseUrl } from "@/lib/db/url";
import type { Prisma } from "@/lib/generated/prisma/client";
import { compiledVersion } from "@/lib/assignments/workspace";
import { effectiveScore } from "@/lib/assignments/rules";
import { seededRandom } from "@/lib/grading/random";
import { testAnswers } from "@/lib/problems/author-tests";
import { answersSchema, gradeSubmission } from "@/lib/problems/grade";
import { referenceSubmission } from "@/lib/problems/reference";
import { generateVariant, VariantError } from "@/lib/problems/variant";
import { prepareDatabase } from "./prepare";
import { DEMO_ACCOUNTS } from "./seed";

type Options = { students: number; problems: number; submissions: number; heavy: number; force: boolean };

const USAGE = "usage: npm run seed:large [-- --students N --problems N --submissions N --heavy N --force]";

export function parseSeedArgs(argv: readonly string[]): Options {
  const o: Options = { students: 500, problems: 20, submissions: 100_000, heavy: 5_700, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--force") {
      o.force = true;
      continue;
    }
    const key = arg.replace(/^--/, "") as keyof Omit<Options, "force">;
    if (!["students", "problems", "submissions", "heavy"].includes(key)) throw new Error(`unknown argument ${arg}; ${USAGE}`);
    const n = Number(argv[++i]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} takes a whole number; ${USAGE}`);
    o[key] = n;
  }
  if (o.students < 1 || o.problems < 1) throw new Error(`--students and --problems must be at least 1; ${USAGE}`);
  o.heavy = Math.min(o.heavy, o.submissions);
  return o;
}

/** One graded answer set: what a submission stores of it. */
type Graded = { variantSeed: string; answers: Prisma.InputJsonValue; results: Prisma.InputJsonValue; autoScore: number; score: number };

/** A problem's answer sets: the reference answers and every author test's, each on its own seed and on a few more. */
function gradedAnswers(version: { id: string; content: unknown }): Graded[] {
  const compiled = compiledVersion(version);
  const seeds = [...new Set([...compiled.file.tests.map((t) => String(t.seed)), "big-1", "big-2", "big-3"])];
  const out: Graded[] = [];
  for (const seed of seeds) {
    let variant;
    try {
      variant = generateVariant(compiled, seed);
    } catch (e) {
      if (e instanceof VariantError) continue;
      throw e;
    }
    const reference = referenceSubmission(compiled, variant);
    for (const raw of [reference, ...compiled.file.tests.map((t) => testAnswers(compiled, t, reference))]) {
      const parsed = answersSchema(compiled).safeParse(JSON.parse(JSON.stringify(raw)));
      if (!parsed.success) continue;
      const grade = gradeSubmission(compiled, variant, parsed.data);
      if (grade.invalid) continue;
      out.push({
        variantSeed: seed,
        answers: parsed.data as Prisma.InputJsonValue,
        results: JSON.parse(JSON.stringify(grade.parts)) as Prisma.InputJsonValue,
        autoScore: grade.score,
        score: effectiveScore(grade.parts, 0),
      });
    }
  }
  return out;
}

export async function seedLarge(db: Db, o: Options, now = new Date()): Promise<Record<string, number | string>> {
  const demo = DEMO_ACCOUNTS.map((a) => a.email);
  const foreign = await db.user.count({ where: { email: { notIn: demo } } });
  const submitted = await db.submission.count();
  if ((foreign > 0 || submitted > 0) && !o.force) {
    throw new Error(
      `the database holds more than the demo data (${foreign} other accounts, ${submitted} submissions); pass --force to add the big course anyway`,
    );
  }
  const bigCourses = await db.course.count({ where: { code: { startsWith: "BIG-" } } });
  const tag = `big${bigCourses + 1}`;
  const code = `BIG-${bigCourses + 1}`;

  const problems = await db.problem.findMany({
    where: { archivedAt: null, ownerCourseId: null },
    orderBy: { slug: "asc" },
    take: o.problems,
    select: { id: true, slug: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, content: true } } },
  });
  if (problems.length < o.problems) throw new Error(`the bank has ${problems.length} problems, fewer than --problems ${o.problems}`);
  const answerSets = problems.map((p) => gradedAnswers(p.versions[0]!));
  problems.forEach((p, i) => {
    if (answerSets[i]!.length === 0) throw new Error(`no gradable answers for ${p.slug}`);
  });

  const DAY = 24 * 60 * 60 * 1000;
  const passwordHash = await hashPassword("student-pass");
  const course = await db.course.create({
    data: { code, title: `A big course (${o.students} students)`, term: "Load test", variantSecret: newVariantSecret(), joinCode: newJoinCode() },
  });
  const staff = await db.user.findMany({ where: { email: { in: ["instructor@chainrule.test", "ta@chainrule.test"] } }, select: { id: true, email: true } });
  await db.membership.createMany({
    data: staff.map((s) => ({ courseId: course.id, userId: s.id, role: s.email.startsWith("ta") ? ("TA" as const) : ("INSTRUCTOR" as const) })),
  });
  const assignment = await db.assignment.create({
    data: {
      courseId: course.id,
      title: "Backpropagation drill",
      description: "Every problem of the bank, as often as you like.",
      opensAt: new Date(now.getTime() - 30 * DAY),
      dueAt: new Date(now.getTime() + 30 * DAY),
      maxAttempts: null,
      latePolicy: "ACCEPT",
      releasePolicy: "IMMEDIATE",
      scoreRule: "BEST",
      practice: true,
      problems: { create: problems.map((p, position) => ({ problemId: p.id, problemVersionId: p.versions[0]!.id, position, points: 10 })) },
    },
  });

  const pad = (i: number) => String(i + 1).padStart(4, "0");
  const students = Array.from({ length: o.students }, (_, i) => ({
    id: `${tag}-s${pad(i)}`,
    email: `${tag}-student${pad(i)}@chainrule.test`,
    name: i === 0 ? `Heavy Hitter ${pad(i)}` : `Student ${pad(i)}`,
    passwordHash,
  }));
  await db.user.createMany({ data: students });
  await db.membership.createMany({ data: students.map((s) => ({ userId: s.id, courseId: course.id, role: "STUDENT" as const })) });

  // Who made each submission: `heavy` by the first student, the rest spread at random over everyone else.
  const random = seededRandom(20261127);
  const attempts = new Map<string, number>();
  const rows: Prisma.SubmissionCreateManyInput[] = [];
  const start = now.getTime() - 28 * DAY;
  const span = 28 * DAY - 60_000;
  const owners = Array.from({ length: o.submissions }, (_, i) => (i < o.heavy || o.students === 1 ? 0 : 1 + Math.floor(random() * (o.students - 1))));
  // In time order, so that attempt numbers grow with createdAt.
  const times = owners.map(() => start + Math.floor(random() * span)).sort((a, b) => a - b);
  for (let i = 0; i < owners.length; i++) {
    const s = owners[i]!;
    const pi = Math.floor(random() * problems.length);
    const key = `${s}:${pi}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const sets = answerSets[pi]!;
    const g = sets[Math.floor(random() * sets.length)]!;
    rows.push({
      userId: students[s]!.id,
      assignmentId: assignment.id,
      problemId: problems[pi]!.id,
      problemVersionId: problems[pi]!.versions[0]!.id,
      variantSeed: g.variantSeed,
      answers: g.answers,
      results: g.results,
      autoScore: g.autoScore,
      latePenalty: 0,
      score: g.score,
      attempt,
      late: false,
      createdAt: new Date(times[i]!),
    });
  }
  const CHUNK = 2_000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.$transaction([db.submission.createMany({ data: rows.slice(i, i + CHUNK) })]);
  }

  // A few open regrade requests, on imperfect attempts.
  const imperfect = await db.submission.findMany({
    where: { assignmentId: assignment.id, score: { lt: 1 } },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, userId: true, results: true },
  });
  await db.regradeRequest.createMany({
    data: imperfect.map((s) => ({
      submissionId: s.id,
      studentId: s.userId,
      partId: (s.results as { id: string; score: number }[]).find((p) => p.score < 1)?.id ?? (s.results as { id: string }[])[0]!.id,
      reason: "I think my answer is equivalent; please look again.",
    })),
  });
  return {
    course: code,
    assignmentId: assignment.id,
    students: students.length,
    problems: problems.length,
    submissions: rows.length,
    "heavy student": `${students[0]!.email} (${o.heavy} attempts; password student-pass)`,
    "regrade requests": imperfect.length,
  };
}

async function main(): Promise<void> {
  const o = parseSeedArgs(process.argv.slice(2));
  const root = projectRoot();
  const url = resolveDatabaseUrl();
  const t0 = performance.now();
  await prepareDatabase(root, url, { seed: true, demo: true });
  const db = createDb(url);
  try {
    const made = await seedLarge(db, o);
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`seeded ${path.relative(root, url.slice("file:".length)) || url} in ${seconds.toFixed(1)} s:\n`);
    for (const [k, v] of Object.entries(made)) process.stdout.write(`  ${k}: ${v}\n`);
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed:large: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
