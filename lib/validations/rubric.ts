/**
 * What the rubric's forms and buttons send (lib/review/rubric.ts). Messages are error codes the page
 * translates (rubric.errors.<code>); the failing field travels with them, so the form marks it.
 */
import { z } from "zod";
import { submissionIdSchema } from "./ids";

export const RUBRIC_TEXT_MAX = 500;

const itemId = z.string({ error: "item-unknown" }).regex(/^[a-z0-9]{8,40}$/, "item-unknown");
const partId = z.string({ error: "unknown-part" }).min(1, "unknown-part").max(100, "unknown-part");
const text = z.string({ error: "text-required" }).trim().min(1, "text-required").max(RUBRIC_TEXT_MAX, "text-too-long");
/** Points as typed ("-1", "+0.5"); whether they fit the part is checked against the part's points. */
const points = z
  .string({ error: "points-required" })
  .trim()
  .min(1, "points-required")
  .max(30, "points-not-a-number")
  .regex(/^[+\-−]?(\d+(\.\d*)?|\.\d+)$/, "points-not-a-number")
  .transform((s) => Number(s.replace("−", "-")));

/** A new item, defined from a submission of the problem it is for. */
export const rubricCreateSchema = z.object({ submissionId: submissionIdSchema, partId, text, points });
export const rubricUpdateSchema = z.object({ itemId, text, points });
/** Deleting an item applied to submissions needs `confirm` (the page asks first). */
export const rubricDeleteSchema = z.object({ itemId, confirm: z.literal("yes", { error: "confirm-required" }).optional() });
export const rubricMoveSchema = z.object({ itemId, direction: z.enum(["up", "down"], { error: "direction-invalid" }) });
/** Applying is a state, not a flip: sending the same request twice leaves it as asked. */
export const rubricApplySchema = z.object({ submissionId: submissionIdSchema, itemId, applied: z.enum(["true", "false"], { error: "applied-invalid" }) });
