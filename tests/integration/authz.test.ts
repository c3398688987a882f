import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorize, canCreateCourse } from "@/lib/authz";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { addProblem, addSubmission, demoWorld } from "../setup/fixtures";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
let aliceSubmission: string;

beforeAll(async () => {
  t = await freshDatabase();
  world = await demoWorld(t.db);
  const { problem, version } = await addProblem(t.db, world.assignment.id, 10);
  const s = await addSubmission(t.db, {
    userId: world.users.student1!.id,
    assignmentId: world.assignment.id,
    problemId: problem.id,
    versionId: version.id,
    score: 0.5,
    attempt: 1,
  });
  aliceSubmission = s.id;
});
afterAll(() => t.dispose());

const actor = (u: { id: string; isSiteAdmin: boolean }) => ({ id: u.id, isSiteAdmin: u.isSiteAdmin });

describe("authorize against the database", () => {
  it("lets a student see their own submission but not a classmate's", async () => {
    const own = await authorize(t.db, actor(world.users.student1!), "submission.view", { submissionId: aliceSubmission });
    expect(own).toMatchObject({ allowed: true, role: "STUDENT", isOwner: true, courseId: world.courses["DL-101"]!.id });
    const classmate = await authorize(t.db, actor(world.users.student2!), "submission.view", { submissionId: aliceSubmission });
    expect(classmate).toEqual({ allowed: false, reason: "forbidden" });
  });

  it("lets the course's TA grade it, and refuses the TA of another course", async () => {
    expect((await authorize(t.db, actor(world.users.ta!), "submission.grade", { submissionId: aliceSubmission })).allowed).toBe(true);
    expect(await authorize(t.db, actor(world.users.ta2!), "submission.grade", { submissionId: aliceSubmission })).toEqual({
      allowed: false,
      reason: "forbidden",
    });
    expect(await authorize(t.db, actor(world.users.ta2!), "course.view", { courseId: world.courses["DL-101"]!.id })).toEqual({
      allowed: false,
      reason: "forbidden",
    });
  });

  it("resolves an assignment to its course", async () => {
    const d = await authorize(t.db, actor(world.users.student3!), "assignment.submit", { assignmentId: world.assignment.id });
    expect(d).toMatchObject({ allowed: true, role: "STUDENT", courseId: world.courses["DL-101"]!.id });
    const ta = await authorize(t.db, actor(world.users.ta!), "assignment.manage", { assignmentId: world.assignment.id });
    expect(ta).toEqual({ allowed: false, reason: "forbidden" });
  });

  it("lets a site admin do anything, and reports unknown targets as not found", async () => {
    const d = await authorize(t.db, actor(world.users.admin!), "roster.manage", { courseId: world.courses["DL-201"]!.id });
    expect(d).toMatchObject({ allowed: true, role: null });
    expect(await authorize(t.db, actor(world.users.admin!), "course.view", { courseId: "doesnotexist0" })).toEqual({
      allowed: false,
      reason: "not-found",
    });
  });

  it("refuses a rule applied to the wrong kind of target (a programming error, not a denial)", async () => {
    await expect(
      authorize(t.db, actor(world.users.ta!), "submission.grade", { courseId: world.courses["DL-101"]!.id }),
    ).rejects.toThrow(/submission, not a course/);
  });

  it("lets instructors and admins create courses, not students or TAs", async () => {
    expect(await canCreateCourse(t.db, actor(world.users.instructor!))).toBe(true);
    expect(await canCreateCourse(t.db, actor(world.users.admin!))).toBe(true);
    expect(await canCreateCourse(t.db, actor(world.users.ta!))).toBe(false);
    expect(await canCreateCourse(t.db, actor(world.users.student1!))).toBe(false);
  });
});
