import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { landingPath, loadStudentDashboard, loadTeachingOverview } from "@/lib/assignments/dashboard";
import { DEMO_ACCOUNTS, seedDemo } from "@/lib/ops/seed";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { addProblem, addSubmission, demoWorld } from "../setup/fixtures";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
const now = new Date("2026-11-26T12:00:00Z");

beforeAll(async () => {
  t = await freshDatabase();
  world = await demoWorld(t.db, now);
});
afterAll(() => t.dispose());

describe("demo data", () => {
  it("creates every demo account with its README password", async () => {
    for (const a of DEMO_ACCOUNTS) {
      const u = await t.db.user.findUniqueOrThrow({ where: { email: a.email } });
      expect(await verifyPassword(a.password, u.passwordHash)).toBe(true);
      expect(u.isSiteAdmin).toBe(a.isSiteAdmin);
    }
  });

  it("is idempotent: a second run changes nothing", async () => {
    const before = await Promise.all([t.db.user.count(), t.db.course.count(), t.db.assignment.count(), t.db.membership.count()]);
    expect(await seedDemo(t.db, now)).toBe(false);
    const after = await Promise.all([t.db.user.count(), t.db.course.count(), t.db.assignment.count(), t.db.membership.count()]);
    expect(after).toEqual(before);
    expect(before).toEqual([7, 2, 2, 7]);
  });
});

describe("landing pages' data", () => {
  it("sends staff-only users to teaching and students to their dashboard", async () => {
    expect(await landingPath(t.db, world.users.ta!)).toBe("/teach");
    expect(await landingPath(t.db, world.users.instructor!)).toBe("/teach");
    expect(await landingPath(t.db, world.users.admin!)).toBe("/teach");
    expect(await landingPath(t.db, world.users.student1!)).toBe("/dashboard");
  });

  it("shows a student their course, assignment, points and status from their own submissions", async () => {
    const p1 = await addProblem(t.db, world.assignment.id, 10);
    const p2 = await addProblem(t.db, world.assignment.id, 5);
    const alice = world.users.student1!;
    const sub = { userId: alice.id, assignmentId: world.assignment.id };
    await addSubmission(t.db, { ...sub, problemId: p1.problem.id, versionId: p1.version.id, score: 0.4, attempt: 1 });
    await addSubmission(t.db, { ...sub, problemId: p1.problem.id, versionId: p1.version.id, score: 0.8, attempt: 2 });
    // a classmate's full marks must not show up on Alice's dashboard
    await addSubmission(t.db, {
      userId: world.users.student2!.id,
      assignmentId: world.assignment.id,
      problemId: p2.problem.id,
      versionId: p2.version.id,
      score: 1,
      attempt: 1,
    });

    const [course] = await loadStudentDashboard(t.db, alice, now);
    expect(course).toMatchObject({ code: "DL-101", title: "Deep Learning" });
    const [a] = course!.assignments;
    expect(a).toMatchObject({ title: "Homework 2: theory", pointsPossible: 15, problemCount: 2, status: "in-progress" });
    expect(a!.pointsEarned).toBeCloseTo(8); // best of 0.4 and 0.8, times 10 points
    expect(a!.problems.map((p) => [p.id, p.status])).toEqual([
      [p1.problem.id, "in-progress"],
      [p2.problem.id, "not-started"],
    ]);

    const [bobCourse] = await loadStudentDashboard(t.db, world.users.student2!, now);
    expect(bobCourse!.assignments[0]).toMatchObject({ pointsEarned: 5, status: "in-progress" });
    const [carol] = await loadStudentDashboard(t.db, world.users.student3!, now);
    expect(carol!.assignments[0]).toMatchObject({ pointsEarned: 0, status: "not-started" });
  });

  it("shows staff only the courses they teach; admins see all", async () => {
    const ta = await loadTeachingOverview(t.db, world.users.ta!);
    expect(ta.map((c) => c.code)).toEqual(["DL-101"]);
    expect(ta[0]).toMatchObject({ role: "TA", studentCount: 3 });
    const ta2 = await loadTeachingOverview(t.db, world.users.ta2!);
    expect(ta2.map((c) => c.code)).toEqual(["DL-201"]);
    const admin = await loadTeachingOverview(t.db, world.users.admin!);
    expect(admin.map((c) => c.code).sort()).toEqual(["DL-101", "DL-201"]);
    expect(admin[0]!.role).toBe("ADMIN");
    expect(await loadTeachingOverview(t.db, world.users.student1!)).toEqual([]);
  });
});
