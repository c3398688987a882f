import { describe, expect, it } from "vitest";
import { ACTIONS, check, phaseOf, RULES, type Action, type Context, type CourseRole, type Phase, type Verdict } from "@/lib/authz";
import type { AssignmentRules } from "@/lib/assignments/rules";

/**
 * Every action × role × situation cell, written out by hand (not derived from the rule table) so
 * that a change to the rules shows up here as a deliberate edit.
 *
 * Columns (who asks):
 *   outsider    no role in the target's course: a member of another course, or of none
 *   student     a student of the course, on the assignment or on a classmate's submission
 *   own         a student of the course, on their own submission
 *   TA, instr   the course's TA and instructor
 *   admin       a site admin who is not a member of the course
 * Rows (where): a course-level action has one row; an action on an assignment or a submission has
 * one row per phase of the assignment: unopened, open, closed (no more work accepted); an action on a
 * problem has one row, the problem seen from a course that does not own it (another course's, or the
 * built-in bank's; tests/unit/authz-problems.test.ts has the course's own problems).
 * Cells: Y allowed, N forbidden, O refused because it has not opened yet (allowed once it has).
 */
const TABLE = `
action                 | where    | outsider | student | own | TA | instr | admin
course.view            | course   |    N     |    Y    |  Y  | Y  |   Y   |   Y
course.teach           | course   |    N     |    N    |  N  | Y  |   Y   |   Y
course.edit            | course   |    N     |    N    |  N  | N  |   Y   |   Y
roster.view            | course   |    N     |    N    |  N  | Y  |   Y   |   Y
roster.manage          | course   |    N     |    N    |  N  | N  |   Y   |   Y
grades.export          | course   |    N     |    N    |  N  | Y  |   Y   |   Y
problem.preview        | course   |    N     |    N    |  N  | Y  |   Y   |   Y
problem.create         | course   |    N     |    N    |  N  | N  |   Y   |   Y
problem.view           | problem  |    N     |    N    |  N  | Y  |   Y   |   Y
problem.edit           | problem  |    N     |    N    |  N  | N  |   N   |   Y
problem.fork           | problem  |    N     |    N    |  N  | N  |   Y   |   Y
problem.archive        | problem  |    N     |    N    |  N  | N  |   N   |   Y
assignment.view        | unopened |    N     |    Y    |  Y  | Y  |   Y   |   Y
assignment.view        | open     |    N     |    Y    |  Y  | Y  |   Y   |   Y
assignment.view        | closed   |    N     |    Y    |  Y  | Y  |   Y   |   Y
assignment.problems    | unopened |    N     |    O    |  O  | Y  |   Y   |   Y
assignment.problems    | open     |    N     |    Y    |  Y  | Y  |   Y   |   Y
assignment.problems    | closed   |    N     |    Y    |  Y  | Y  |   Y   |   Y
assignment.manage      | unopened |    N     |    N    |  N  | N  |   Y   |   Y
assignment.manage      | open     |    N     |    N    |  N  | N  |   Y   |   Y
assignment.manage      | closed   |    N     |    N    |  N  | N  |   Y   |   Y
assignment.archive     | unopened |    N     |    N    |  N  | N  |   Y   |   Y
assignment.archive     | open     |    N     |    N    |  N  | N  |   Y   |   Y
assignment.archive     | closed   |    N     |    N    |  N  | N  |   Y   |   Y
assignment.duplicate   | unopened |    N     |    N    |  N  | N  |   Y   |   Y
assignment.duplicate   | open     |    N     |    N    |  N  | N  |   Y   |   Y
assignment.duplicate   | closed   |    N     |    N    |  N  | N  |   Y   |   Y
assignment.version     | unopened |    N     |    N    |  N  | N  |   Y   |   Y
assignment.version     | open     |    N     |    N    |  N  | N  |   Y   |   Y
assignment.version     | closed   |    N     |    N    |  N  | N  |   Y   |   Y
assignment.submit      | unopened |    N     |    O    |  O  | N  |   N   |   N
assignment.submit      | open     |    N     |    Y    |  Y  | N  |   N   |   N
assignment.submit      | closed   |    N     |    Y    |  Y  | N  |   N   |   N
assignment.review      | unopened |    N     |    N    |  N  | Y  |   Y   |   Y
assignment.review      | open     |    N     |    N    |  N  | Y  |   Y   |   Y
assignment.review      | closed   |    N     |    N    |  N  | Y  |   Y   |   Y
analytics.view         | unopened |    N     |    N    |  N  | Y  |   Y   |   Y
analytics.view         | open     |    N     |    N    |  N  | Y  |   Y   |   Y
analytics.view         | closed   |    N     |    N    |  N  | Y  |   Y   |   Y
submission.view        | unopened |    N     |    N    |  O  | Y  |   Y   |   Y
submission.view        | open     |    N     |    N    |  Y  | Y  |   Y   |   Y
submission.view        | closed   |    N     |    N    |  Y  | Y  |   Y   |   Y
answers.reveal-always  | unopened |    N     |    N    |  N  | Y  |   Y   |   Y
answers.reveal-always  | open     |    N     |    N    |  N  | Y  |   Y   |   Y
answers.reveal-always  | closed   |    N     |    N    |  N  | Y  |   Y   |   Y
submission.grade       | unopened |    N     |    N    |  N  | Y  |   Y   |   Y
submission.grade       | open     |    N     |    N    |  N  | Y  |   Y   |   Y
submission.grade       | closed   |    N     |    N    |  N  | Y  |   Y   |   Y
rubric.manage          | unopened |    N     |    N    |  N  | Y  |   Y   |   Y
rubric.manage          | open     |    N     |    N    |  N  | Y  |   Y   |   Y
rubric.manage          | closed   |    N     |    N    |  N  | Y  |   Y   |   Y
rubric.apply           | unopened |    N     |    N    |  N  | Y  |   Y   |   Y
rubric.apply           | open     |    N     |    N    |  N  | Y  |   Y   |   Y
rubric.apply           | closed   |    N     |    N    |  N  | Y  |   Y   |   Y
regrade.request        | unopened |    N     |    N    |  O  | N  |   N   |   N
regrade.request        | open     |    N     |    N    |  Y  | N  |   N   |   N
regrade.request        | closed   |    N     |    N    |  Y  | N  |   N   |   N
regrade.respond        | unopened |    N     |    N    |  N  | Y  |   Y   |   Y
regrade.respond        | open     |    N     |    N    |  N  | Y  |   Y   |   Y
regrade.respond        | closed   |    N     |    N    |  N  | Y  |   Y   |   Y
`;

type Where = "course" | "problem" | Phase;
const COLUMNS: { label: string; role: CourseRole | null; isOwner: boolean; admin: boolean }[] = [
  { label: "outsider", role: null, isOwner: false, admin: false },
  { label: "student", role: "STUDENT", isOwner: false, admin: false },
  { label: "own", role: "STUDENT", isOwner: true, admin: false },
  { label: "TA", role: "TA", isOwner: false, admin: false },
  { label: "instr", role: "INSTRUCTOR", isOwner: false, admin: false },
  { label: "admin", role: null, isOwner: false, admin: true },
];
const VERDICT: Record<string, Verdict> = { Y: "allowed", N: "forbidden", O: "not-open" };

const rows = TABLE.trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [action, where, ...cells] = line.split("|").map((c) => c.trim());
    return { action: action as Action, where: where as Where, cells: cells.map((c) => VERDICT[c]!) };
  });

describe("authz rule table", () => {
  it("is written out for every action, in every situation its target has", () => {
    const where = (a: Action) => (RULES[a].target === "course" ? ["course"] : RULES[a].target === "problem" ? ["problem"] : ["unopened", "open", "closed"]);
    const expected = ACTIONS.flatMap((a) => where(a).map((w) => `${a} ${w}`));
    expect(rows.map((r) => `${r.action} ${r.where}`).sort()).toEqual(expected.sort());
    for (const r of rows) expect(r.cells, `${r.action} ${r.where}`).toHaveLength(COLUMNS.length);
  });

  for (const row of rows) {
    describe(`${row.action} (${row.where})`, () => {
      COLUMNS.forEach((col, i) => {
        const expected = row.cells[i]!;
        it(`${expected} for ${col.label}`, () => {
          const ctx: Context = { role: col.role, isOwner: col.isOwner, phase: row.where === "course" || row.where === "problem" ? null : row.where };
          expect(check({ id: "u1", isSiteAdmin: col.admin }, row.action, ctx)).toBe(expected);
        });
      });
    });
  }

  it("does not let ownership stand in for membership", () => {
    // A former student (no longer in the course) keeps no access to their old submission.
    const gone: Context = { role: null, isOwner: true, phase: "open" };
    expect(check({ id: "u1", isSiteAdmin: false }, "submission.view", gone)).toBe("forbidden");
    expect(check({ id: "u1", isSiteAdmin: false }, "regrade.request", gone)).toBe("forbidden");
  });

  it("lets a site admin who is enrolled as a student work in their own name, by the student's column", () => {
    const admin = { id: "a1", isSiteAdmin: true };
    expect(check(admin, "assignment.submit", { role: "STUDENT", isOwner: false, phase: "open" })).toBe("allowed");
    expect(check(admin, "assignment.submit", { role: "STUDENT", isOwner: false, phase: "unopened" })).toBe("not-open");
    expect(check(admin, "regrade.request", { role: "STUDENT", isOwner: true, phase: "open" })).toBe("allowed");
    expect(check(admin, "regrade.request", { role: "STUDENT", isOwner: false, phase: "open" })).toBe("forbidden");
  });

  it("treats an assignment whose phase is not known as not opened (a caller that forgets it gets a refusal)", () => {
    expect(check({ id: "u1", isSiteAdmin: false }, "assignment.problems", { role: "STUDENT", isOwner: false })).toBe("not-open");
    expect(check({ id: "u1", isSiteAdmin: false }, "assignment.problems", { role: "TA", isOwner: false })).toBe("allowed");
  });
});

describe("an assignment's phase", () => {
  const base: AssignmentRules = {
    opensAt: new Date("2026-12-01T08:00:00Z"),
    dueAt: new Date("2026-12-08T08:00:00Z"),
    maxAttempts: null,
    latePolicy: "REFUSE",
    latePenaltyPercent: 0,
    lateUntil: null,
    releasePolicy: "AFTER_DUE",
  };
  const at = (iso: string) => new Date(iso);

  it("opens at its opening time, to the millisecond", () => {
    expect(phaseOf(base, at("2026-12-01T07:59:59.999Z"))).toBe("unopened");
    expect(phaseOf(base, at("2026-12-01T08:00:00.000Z"))).toBe("open");
  });

  it("closes when no more work is accepted: at the due date when late work is refused, at the late limit otherwise", () => {
    expect(phaseOf(base, at("2026-12-08T08:00:00.000Z"))).toBe("open");
    expect(phaseOf(base, at("2026-12-08T08:00:00.001Z"))).toBe("closed");
    const penalty = { ...base, latePolicy: "PENALTY" as const, lateUntil: at("2026-12-10T08:00:00Z") };
    expect(phaseOf(penalty, at("2026-12-09T08:00:00Z"))).toBe("open");
    expect(phaseOf(penalty, at("2026-12-10T08:00:01Z"))).toBe("closed");
    expect(phaseOf({ ...base, latePolicy: "ACCEPT" }, at("2030-01-01T00:00:00Z"))).toBe("open");
  });
});
