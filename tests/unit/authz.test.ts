import { describe, expect, it } from "vitest";
import { ACTIONS, can, type Action, type CourseRole } from "@/lib/authz";

/**
 * Every role × action cell, written out by hand (not derived from the rule table) so that a change
 * to the rules shows up here as a deliberate edit. Columns: outsider (no role in the course),
 * student on someone else's work, student on their own work, TA, instructor.
 */
type Cell = [outsider: boolean, student: boolean, ownStudent: boolean, ta: boolean, instructor: boolean];
const Y = true;
const N = false;

const EXPECTED: Record<Action, Cell> = {
  "course.view": [N, Y, Y, Y, Y],
  "course.teach": [N, N, N, Y, Y],
  "course.edit": [N, N, N, N, Y],
  "roster.view": [N, N, N, Y, Y],
  "roster.manage": [N, N, N, N, Y],
  "grades.export": [N, N, N, Y, Y],
  "problem.preview": [N, N, N, Y, Y],
  // Problem rules seen from a course whose problem it is not (tests/unit/authz-problems.test.ts has
  // the problem owned by the course).
  "problem.view": [N, N, N, Y, Y],
  "problem.create": [N, N, N, N, Y],
  "problem.edit": [N, N, N, N, N],
  "problem.fork": [N, N, N, N, Y],
  "problem.archive": [N, N, N, N, N],
  "assignment.view": [N, Y, Y, Y, Y],
  "assignment.manage": [N, N, N, N, Y],
  "assignment.archive": [N, N, N, N, Y],
  "assignment.duplicate": [N, N, N, N, Y],
  "assignment.version": [N, N, N, N, Y],
  "assignment.submit": [N, Y, Y, N, N],
  "assignment.review": [N, N, N, Y, Y],
  "analytics.view": [N, N, N, Y, Y],
  "submission.view": [N, N, Y, Y, Y],
  "submission.grade": [N, N, N, Y, Y],
  "regrade.request": [N, N, Y, N, N],
  "regrade.respond": [N, N, N, Y, Y],
};

const COLUMNS: { label: string; role: CourseRole | null; isOwner: boolean }[] = [
  { label: "outsider", role: null, isOwner: false },
  { label: "student (not theirs)", role: "STUDENT", isOwner: false },
  { label: "student (their own)", role: "STUDENT", isOwner: true },
  { label: "TA", role: "TA", isOwner: false },
  { label: "instructor", role: "INSTRUCTOR", isOwner: false },
];

const user = { id: "u1", isSiteAdmin: false };
const admin = { id: "a1", isSiteAdmin: true };

describe("authz rule table", () => {
  it("lists exactly the actions this test covers", () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const action of ACTIONS) {
    describe(action, () => {
      COLUMNS.forEach((col, i) => {
        const expected = EXPECTED[action][i];
        it(`${expected ? "allows" : "denies"} ${col.label}`, () => {
          expect(can(user, action, { role: col.role, isOwner: col.isOwner })).toBe(expected);
        });
      });
      it("allows a site admin, even outside the course", () => {
        expect(can(admin, action, { role: null, isOwner: false })).toBe(true);
      });
    });
  }

  it("does not let ownership stand in for membership", () => {
    // A former student (no longer in the course) keeps no access to their old submission.
    expect(can(user, "submission.view", { role: null, isOwner: true })).toBe(false);
    expect(can(user, "regrade.request", { role: null, isOwner: true })).toBe(false);
  });
});
