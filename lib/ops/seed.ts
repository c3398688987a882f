import { hashPassword } from "@/lib/auth/password";
import { newJoinCode, newVariantSecret } from "@/lib/courses/codes";
import type { Db } from "@/lib/db/client";

/**
 * The demo course a new checkout starts with. These accounts are for local use only and are listed
 * in the README; `npm start` creates them only in an empty database.
 */
export const DEMO_ACCOUNTS = [
  { email: "admin@chainrule.test", password: "admin-pass", name: "Site Admin", isSiteAdmin: true },
  { email: "instructor@chainrule.test", password: "instructor-pass", name: "Lin Wei", isSiteAdmin: false },
  { email: "ta@chainrule.test", password: "ta-pass", name: "Chen Jie", isSiteAdmin: false },
  { email: "student1@chainrule.test", password: "student-pass", name: "Alice Zhang", isSiteAdmin: false },
  { email: "student2@chainrule.test", password: "student-pass", name: "Bob Li", isSiteAdmin: false },
  { email: "student3@chainrule.test", password: "student-pass", name: "Carol Wang", isSiteAdmin: false },
  { email: "ta2@chainrule.test", password: "ta-pass", name: "Zhou Min", isSiteAdmin: false },
] as const;

const DAY = 24 * 60 * 60 * 1000;

/** The seed homework's two problems, exactly as the homework gave them, with their points. */
export const HOMEWORK_PROBLEMS: readonly (readonly [slug: string, points: number])[] = [
  ["seed-cross-entropy", 5],
  ["seed-std-dev", 10],
];

/** A practice set of randomized problems (those present in the bank are used, in this order). */
export const PRACTICE_PROBLEMS: readonly (readonly [slug: string, points: number])[] = [
  ["seed-std-dev-random", 10],
  ["seed-cross-entropy-random", 5],
  ["add-mul-gate", 4],
  ["sigmoid-neuron", 5],
  ["softmax-cross-entropy", 5],
  ["mse-linear", 5],
  ["two-layer-mlp", 10],
];

/** Fills an empty database with the demo course; does nothing (and returns false) if anyone exists. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  const hashes = new Map<string, string>();
  for (const a of DEMO_ACCOUNTS) {
    if (!hashes.has(a.password)) hashes.set(a.password, await hashPassword(a.password));
  }
  await db.$transaction(async (tx) => {
    const users = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) {
      const u = await tx.user.create({
        data: { email: a.email, name: a.name, isSiteAdmin: a.isSiteAdmin, passwordHash: hashes.get(a.password)! },
      });
      users.set(a.email, u.id);
    }
    const id = (email: string) => users.get(email)!;
    const course = await tx.course.create({
      data: { code: "DL-101", title: "Deep Learning", term: "Autumn 2026", variantSecret: newVariantSecret(), joinCode: newJoinCode() },
    });
    await tx.membership.createMany({
      data: [
        { courseId: course.id, userId: id("instructor@chainrule.test"), role: "INSTRUCTOR" },
        { courseId: course.id, userId: id("ta@chainrule.test"), role: "TA" },
        { courseId: course.id, userId: id("student1@chainrule.test"), role: "STUDENT" },
        { courseId: course.id, userId: id("student2@chainrule.test"), role: "STUDENT" },
        { courseId: course.id, userId: id("student3@chainrule.test"), role: "STUDENT" },
      ],
    });
    // Each problem pinned to the version the bank has now (its latest).
    const problems = new Map(
      (await tx.problem.findMany({ select: { id: true, slug: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true } } } }))
        .filter((p) => p.versions.length > 0)
        .map((p) => [p.slug, { problemId: p.id, problemVersionId: p.versions[0]!.id }]),
    );
    const attach = (list: readonly (readonly [string, number])[]) =>
      list.filter(([slug]) => problems.has(slug)).map(([slug, points], position) => ({ ...problems.get(slug)!, points, position }));
    await tx.assignment.create({
      data: {
        courseId: course.id,
        title: "Homework 2: theory",
        description: "Cross-entropy of a batch, and the computational graph of a standard deviation.",
        opensAt: new Date(now.getTime() - DAY),
        dueAt: new Date(now.getTime() + 7 * DAY),
        maxAttempts: 5,
        latePolicy: "PENALTY",
        latePenaltyPercent: 20,
        lateUntil: new Date(now.getTime() + 9 * DAY),
        releasePolicy: "AFTER_DUE",
        scoreRule: "BEST",
        problems: { create: attach(HOMEWORK_PROBLEMS) },
      },
    });
    await tx.assignment.create({
      data: {
        courseId: course.id,
        title: "Backpropagation practice",
        description: "Randomized problems: every student gets their own numbers.",
        opensAt: new Date(now.getTime() - DAY),
        dueAt: new Date(now.getTime() + 14 * DAY),
        maxAttempts: null,
        latePolicy: "ACCEPT",
        lateUntil: null,
        releasePolicy: "IMMEDIATE",
        scoreRule: "BEST",
        practice: true,
        problems: { create: attach(PRACTICE_PROBLEMS) },
      },
    });
    // A second course with its own TA: staff of one course see nothing of the other.
    const other = await tx.course.create({
      data: { code: "DL-201", title: "Advanced Deep Learning", term: "Autumn 2026", variantSecret: newVariantSecret(), joinCode: newJoinCode() },
    });
    await tx.membership.createMany({
      data: [
        { courseId: other.id, userId: id("ta2@chainrule.test"), role: "TA" },
        { courseId: other.id, userId: id("instructor@chainrule.test"), role: "INSTRUCTOR" },
      ],
    });
  });
  return true;
}
