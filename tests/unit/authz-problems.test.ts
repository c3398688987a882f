import { describe, expect, it } from "vitest";
import { ACTIONS, can, RULES, type Action, type CourseRole } from "@/lib/authz";

/**
 * The problem rules, cell by cell, seen from a course: a problem of that course ("own") and a problem
 * of another course or of the built-in bank ("other"). Written out by hand like tests/unit/authz.test.ts.
 * Columns: outsider, student, TA, instructor; each on another's problem, then on the course's own.
 */
type Row = [outsider: boolean, student: boolean, ta: boolean, instructor: boolean];
const Y = true;
const N = false;

const PROBLEM_RULES: Record<string, { other: Row; own: Row }> = {
  // Every course's staff see the whole bank.
  "problem.view": { other: [N, N, Y, Y], own: [N, N, Y, Y] },
  // Only the owning course's instructors change, archive or delete a problem.
  "problem.edit": { other: [N, N, N, N], own: [N, N, N, Y] },
  "problem.archive": { other: [N, N, N, N], own: [N, N, N, Y] },
  // Any instructor may copy any problem into their course (of their own course: a duplicate).
  "problem.fork": { other: [N, N, N, Y], own: [N, N, N, Y] },
};

const ROLES: (CourseRole | null)[] = [null, "STUDENT", "TA", "INSTRUCTOR"];
const user = { id: "u1", isSiteAdmin: false };
const admin = { id: "a1", isSiteAdmin: true };

describe("problem rules: owned by the course, or not", () => {
  it("covers every rule about a problem", () => {
    expect(ACTIONS.filter((a) => RULES[a].target === "problem").sort()).toEqual(Object.keys(PROBLEM_RULES).sort());
  });

  for (const [action, cells] of Object.entries(PROBLEM_RULES)) {
    describe(action, () => {
      ROLES.forEach((role, i) => {
        it(`${cells.other[i] ? "allows" : "denies"} ${role ?? "an outsider"} on another course's (or the bank's) problem`, () => {
          expect(can(user, action as Action, { role, isOwner: false })).toBe(cells.other[i]);
        });
        it(`${cells.own[i] ? "allows" : "denies"} ${role ?? "an outsider"} on the course's own problem`, () => {
          expect(can(user, action as Action, { role, isOwner: true })).toBe(cells.own[i]);
        });
      });
      it("allows a site admin on a problem of the built-in bank (owned by no course)", () => {
        expect(can(admin, action as Action, { role: null, isOwner: false })).toBe(true);
      });
    });
  }

  it("lets only instructors create problems, archive, duplicate assignments and move them to another version", () => {
    for (const action of ["problem.create", "assignment.archive", "assignment.duplicate", "assignment.version"] as const) {
      expect(ROLES.map((role) => can(user, action, { role, isOwner: false }))).toEqual([N, N, N, Y]);
    }
  });
});
