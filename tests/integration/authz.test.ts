import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS, authorize, canCreateCourse, RULES, type Action, type Target } from "@/lib/authz";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { authzWorld } from "../setup/authz-world";

/**
 * lib/authz.ts against a real database: every action × person × place, written out by hand.
 *
 * Columns (real accounts):
 *   s1      student1, a DL-101 student; on a submission, the one who made it
 *   s2      student2, a DL-101 classmate
 *   ta      the DL-101 TA          instr   the DL-101 instructor
 *   ta2     the TA of another course (DL-201)
 *   other   a student of another course (DL-201)
 *   nobody  a signed-in user in no course
 *   admin   the site admin (a member of no course)
 * Rows: course-level actions on DL-101; problem actions on a problem seen from DL-101 that belongs to
 * the built-in bank, to DL-101 itself ("own") or to DL-201 ("elsewhere"); the others on a DL-101
 * assignment (or student1's submission to it) that is not open yet, open, or closed.
 * Cells: Y allowed, N forbidden, O "not-open" (carrying the opening time).
 */
const TABLE = `
action                 | where    | s1 | s2 | ta | instr | ta2 | other | nobody | admin
course.view            | course   | Y  | Y  | Y  |  Y    |  N  |   N   |   N    |   Y
course.teach           | course   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
course.edit            | course   | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
roster.view            | course   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
roster.manage          | course   | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
grades.export          | course   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
problem.preview        | course   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
problem.create         | course   | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
problem.view           | bank     | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
problem.view           | own      | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
problem.view           | elsewhere| N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
problem.edit           | bank     | N  | N  | N  |  N    |  N  |   N   |   N    |   Y
problem.edit           | own      | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
problem.edit           | elsewhere| N  | N  | N  |  N    |  N  |   N   |   N    |   Y
problem.fork           | bank     | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
problem.fork           | own      | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
problem.fork           | elsewhere| N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
problem.archive        | bank     | N  | N  | N  |  N    |  N  |   N   |   N    |   Y
problem.archive        | own      | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
problem.archive        | elsewhere| N  | N  | N  |  N    |  N  |   N   |   N    |   Y
assignment.view        | unopened | Y  | Y  | Y  |  Y    |  N  |   N   |   N    |   Y
assignment.view        | open     | Y  | Y  | Y  |  Y    |  N  |   N   |   N    |   Y
assignment.view        | closed   | Y  | Y  | Y  |  Y    |  N  |   N   |   N    |   Y
assignment.problems    | unopened | O  | O  | Y  |  Y    |  N  |   N   |   N    |   Y
assignment.problems    | open     | Y  | Y  | Y  |  Y    |  N  |   N   |   N    |   Y
assignment.problems    | closed   | Y  | Y  | Y  |  Y    |  N  |   N   |   N    |   Y
assignment.manage      | unopened | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.manage      | open     | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.manage      | closed   | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.archive     | unopened | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.archive     | open     | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.archive     | closed   | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.duplicate   | unopened | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.duplicate   | open     | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.duplicate   | closed   | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.version     | unopened | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.version     | open     | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.version     | closed   | N  | N  | N  |  Y    |  N  |   N   |   N    |   Y
assignment.submit      | unopened | O  | O  | N  |  N    |  N  |   N   |   N    |   N
assignment.submit      | open     | Y  | Y  | N  |  N    |  N  |   N   |   N    |   N
assignment.submit      | closed   | Y  | Y  | N  |  N    |  N  |   N   |   N    |   N
assignment.review      | unopened | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
assignment.review      | open     | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
assignment.review      | closed   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
analytics.view         | unopened | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
analytics.view         | open     | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
analytics.view         | closed   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
submission.view        | unopened | O  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
submission.view        | open     | Y  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
submission.view        | closed   | Y  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
answers.reveal-always  | unopened | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
answers.reveal-always  | open     | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
answers.reveal-always  | closed   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
submission.grade       | unopened | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
submission.grade       | open     | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
submission.grade       | closed   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
rubric.manage          | unopened | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
rubric.manage          | open     | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
rubric.manage          | closed   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
rubric.apply           | unopened | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
rubric.apply           | open     | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
rubric.apply           | closed   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
regrade.request        | unopened | O  | N  | N  |  N    |  N  |   N   |   N    |   N
regrade.request        | open     | Y  | N  | N  |  N    |  N  |   N   |   N    |   N
regrade.request        | closed   | Y  | N  | N  |  N    |  N  |   N   |   N    |   N
regrade.respond        | unopened | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
regrade.respond        | open     | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
regrade.respond        | closed   | N  | N  | Y  |  Y    |  N  |   N   |   N    |   Y
`;

const PEOPLE = ["student1", "student2", "ta", "instructor", "ta2", "other", "nobody", "admin"] as const;
const PROBLEM_PLACES = ["bank", "own", "elsewhere"] as const;
type ProblemPlace = (typeof PROBLEM_PLACES)[number];

const rows = TABLE.trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [action, where, ...cells] = line.split("|").map((c) => c.trim());
    return { action: action as Action, where: where as "course" | ProblemPlace | "unopened" | "open" | "closed", cells };
  });

let t: TestDatabase;
let world: Awaited<ReturnType<typeof authzWorld>>;
const now = new Date();
/** Problems seen from DL-101: the built-in bank's, DL-101's own, DL-201's. */
const problems = {} as Record<ProblemPlace, string>;

beforeAll(async () => {
  t = await freshDatabase();
  world = await authzWorld(t.db, now);
  problems.bank = world.problemId;
  for (const [place, code] of [
    ["own", "DL-101"],
    ["elsewhere", "DL-201"],
  ] as const) {
    const p = await t.db.problem.create({
      data: { slug: `authz-${place}`, title: place, ownerCourseId: world.courses[code], versions: { create: { version: 1, content: {}, contentHash: place } } },
    });
    problems[place] = p.id;
  }
});
afterAll(() => t.dispose());

const actor = (name: string) => ({ id: world.users[name]!.id, isSiteAdmin: world.users[name]!.isSiteAdmin });

function targetOf(action: Action, where: (typeof rows)[number]["where"]): Target {
  const kind = RULES[action].target;
  if (kind === "course") return { courseId: world.courses["DL-101"] };
  if (kind === "problem") return { problemId: problems[where as ProblemPlace], courseId: world.courses["DL-101"] };
  if (where !== "unopened" && where !== "open" && where !== "closed") throw new Error(`${action} needs a phase`);
  return kind === "assignment" ? { assignmentId: world.assignments[where] } : { submissionId: world.submissions[where] };
}

describe("authorize against the database, every cell", () => {
  it("covers every action in every situation its target has", () => {
    const places = (a: Action): readonly string[] =>
      RULES[a].target === "course" ? ["course"] : RULES[a].target === "problem" ? PROBLEM_PLACES : ["unopened", "open", "closed"];
    const expected = ACTIONS.flatMap((a) => places(a).map((p) => `${a} ${p}`));
    expect(rows.map((r) => `${r.action} ${r.where}`).sort()).toEqual(expected.sort());
  });

  for (const row of rows) {
    it(`${row.action} (${row.where})`, async () => {
      const got: string[] = [];
      for (const person of PEOPLE) {
        const d = await authorize(t.db, actor(person), row.action, targetOf(row.action, row.where), now);
        if (d.allowed) got.push("Y");
        else if (d.reason === "not-open") {
          expect(d.opensAt.getTime()).toBe(now.getTime() + 7 * 86_400_000);
          got.push("O");
        } else {
          expect(d.reason).toBe("forbidden");
          got.push("N");
        }
      }
      // Compared as one line, so a failure shows the whole row: s1 s2 ta instr ta2 other nobody admin.
      expect(got.join(" ")).toBe(row.cells.join(" "));
    });
  }
});

describe("authorize against the database", () => {
  it("finds the course, role, ownership and phase of the target", async () => {
    const own = await authorize(t.db, actor("student1"), "submission.view", { submissionId: world.submissions.open }, now);
    expect(own).toMatchObject({ allowed: true, role: "STUDENT", isOwner: true, phase: "open", courseId: world.courses["DL-101"] });
    const closed = await authorize(t.db, actor("ta"), "assignment.review", { assignmentId: world.assignments.closed }, now);
    expect(closed).toMatchObject({ allowed: true, role: "TA", isOwner: false, phase: "closed" });
    const course = await authorize(t.db, actor("admin"), "roster.manage", { courseId: world.courses["DL-201"] }, now);
    expect(course).toMatchObject({ allowed: true, role: null, phase: null });
  });

  it("opens the assignment at its opening time, for the same student", async () => {
    const opening = new Date(now.getTime() + 7 * 86_400_000);
    const before = await authorize(
      t.db,
      actor("student2"),
      "assignment.problems",
      { assignmentId: world.assignments.unopened },
      new Date(opening.getTime() - 1),
    );
    expect(before).toEqual({ allowed: false, reason: "not-open", opensAt: opening });
    const at = await authorize(t.db, actor("student2"), "assignment.problems", { assignmentId: world.assignments.unopened }, opening);
    expect(at.allowed).toBe(true);
  });

  it("reports unknown targets as not found, to everyone", async () => {
    for (const person of PEOPLE) {
      expect(await authorize(t.db, actor(person), "course.view", { courseId: "doesnotexist0" })).toEqual({ allowed: false, reason: "not-found" });
      expect(await authorize(t.db, actor(person), "submission.view", { submissionId: "doesnotexist0" })).toEqual({ allowed: false, reason: "not-found" });
    }
  });

  it("refuses a rule applied to the wrong kind of target (a programming error, not a denial)", async () => {
    await expect(authorize(t.db, actor("ta"), "submission.grade", { courseId: world.courses["DL-101"] })).rejects.toThrow(/submission, not a course/);
  });

  it("lets instructors and admins create courses, not students or TAs", async () => {
    expect(await canCreateCourse(t.db, actor("instructor"))).toBe(true);
    expect(await canCreateCourse(t.db, actor("admin"))).toBe(true);
    expect(await canCreateCourse(t.db, actor("ta"))).toBe(false);
    expect(await canCreateCourse(t.db, actor("student1"))).toBe(false);
  });
});
