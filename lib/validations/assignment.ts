import { z } from "zod";

export const ASSIGNMENT_TITLE_MAX = 200;
export const ASSIGNMENT_DESCRIPTION_MAX = 5000;
export const ASSIGNMENT_PROBLEMS_MAX = 50;
export const POINTS_MAX = 1000;

/** What a new assignment entry is worth by default: its parts' points together, or 10 when they carry none (or more than an entry may). */
export function defaultEntryPoints(partPoints: number): number {
  return partPoints > 0 && partPoints <= POINTS_MAX ? partPoints : 10;
}
export const ATTEMPTS_MAX = 1000;

export const problemIdSchema = z.string({ error: "invalid" }).regex(/^[a-z0-9]{8,40}$/, "unknownProblem");

/** A number typed into a form (a string) or sent as one; `check` names what is wrong with it, if anything. */
function numberField<B extends "required" | "null">(check: (n: number) => string | null, blank: B) {
  const field = z.union([z.number(), z.string().max(40)], { error: "notANumber" }).transform((v, ctx): number | null => {
    const text = typeof v === "string" ? v.trim() : v;
    if (text === "") {
      if (blank === "null") return null;
      ctx.addIssue({ code: "custom", message: "required" });
      return z.NEVER;
    }
    const n = typeof text === "number" ? text : Number(text);
    const problem = Number.isFinite(n) ? check(n) : "notANumber";
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return n;
  });
  return field as unknown as z.ZodType<B extends "null" ? number | null : number, string | number>;
}

/** An assignment entry's points: more than 0, at most POINTS_MAX. */
const pointsField = () => numberField((n) => (n <= 0 ? "pointsPositive" : n > POINTS_MAX ? "pointsTooBig" : null), "required");

const between = (min: number, max: number, code: string, integer: boolean) => (n: number) =>
  integer && !Number.isInteger(n) ? "wholeNumber" : n < min || n > max ? code : null;

/** An instant sent by the browser as ISO 8601 (it converted the datetime-local in its own zone). */
const instant = z
  .string({ error: "required" })
  .max(40, "invalidDate")
  .transform((s, ctx) => {
    if (s.trim() === "") {
      ctx.addIssue({ code: "custom", message: "required" });
      return z.NEVER;
    }
    const d = new Date(s);
    if (Number.isNaN(d.getTime()) || !/^\d{4}-\d\d-\d\dT/.test(s)) {
      ctx.addIssue({ code: "custom", message: "invalidDate" });
      return z.NEVER;
    }
    return d;
  });

const optionalInstant = z.union([z.null(), z.literal(""), instant]).transform((v) => (v === "" ? null : v));

export const assignmentInputSchema = z
  .object({
    title: z.string({ error: "required" }).trim().min(1, "required").max(ASSIGNMENT_TITLE_MAX, "tooLong"),
    description: z.string({ error: "invalid" }).trim().max(ASSIGNMENT_DESCRIPTION_MAX, "tooLong").default(""),
    problems: z
      .array(
        z.object({
          problemId: problemIdSchema,
          points: pointsField(),
        }),
        { error: "invalid" },
      )
      .min(1, "problemsRequired")
      .max(ASSIGNMENT_PROBLEMS_MAX, "tooManyProblems"),
    opensAt: instant,
    dueAt: instant,
    maxAttempts: numberField(between(1, ATTEMPTS_MAX, "attemptsRange", true), "null"),
    latePolicy: z.enum(["REFUSE", "PENALTY", "ACCEPT"], { error: "invalid" }),
    latePenaltyPercent: numberField(between(0, 100, "percentRange", true), "null"),
    lateUntil: optionalInstant,
    releasePolicy: z.enum(["IMMEDIATE", "AFTER_DUE", "NEVER"], { error: "invalid" }),
    scoreRule: z.enum(["BEST", "LATEST"], { error: "invalid" }),
    practice: z.boolean({ error: "invalid" }),
  })
  // Checks across fields, run even when other fields are wrong so that every mistake shows at once;
  // each looks only at fields that parsed.
  .superRefine(
    (v, ctx) => {
      const seen = new Set<string>();
      (Array.isArray(v.problems) ? v.problems : []).forEach((p, i) => {
        if (typeof p?.problemId !== "string") return;
        if (seen.has(p.problemId)) ctx.addIssue({ code: "custom", path: ["problems", i, "problemId"], message: "duplicateProblem" });
        seen.add(p.problemId);
      });
      const isDate = (d: unknown): d is Date => d instanceof Date;
      if (isDate(v.opensAt) && isDate(v.dueAt) && v.dueAt.getTime() <= v.opensAt.getTime()) {
        ctx.addIssue({ code: "custom", path: ["dueAt"], message: "dueBeforeOpens" });
      }
      if (v.latePolicy !== "REFUSE" && isDate(v.lateUntil) && isDate(v.dueAt) && v.lateUntil.getTime() <= v.dueAt.getTime()) {
        ctx.addIssue({ code: "custom", path: ["lateUntil"], message: "lateUntilBeforeDue" });
      }
      if (v.latePolicy === "PENALTY" && v.latePenaltyPercent === null) ctx.addIssue({ code: "custom", path: ["latePenaltyPercent"], message: "required" });
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  // What is stored: a refused late policy keeps no penalty and no late window.
  .transform((v) => ({
    ...v,
    latePenaltyPercent: v.latePolicy === "PENALTY" ? (v.latePenaltyPercent ?? 0) : 0,
    lateUntil: v.latePolicy === "REFUSE" ? null : v.lateUntil,
  }));

export type AssignmentInput = z.output<typeof assignmentInputSchema>;

/**
 * Adding one problem to an assignment from the problem's page: which assignment (one the person may
 * edit, chosen from a list) and what the problem is worth there, by the same points rule as the form.
 */
export const addToAssignmentSchema = z.object(
  {
    assignmentId: z.string({ error: "chooseAssignment" }).regex(/^[a-z0-9]{8,40}$/, "chooseAssignment"),
    points: pointsField(),
  },
  { error: "invalid" },
);
