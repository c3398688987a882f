import { z } from "zod";
import { assignmentIdSchema } from "./ids";

const problemId = z.string({ error: "problem id must be a string" }).regex(/^[a-z0-9]{8,40}$/, "problem id is malformed");

/** What the problem page's server actions receive; answers are checked against the problem's parts later. */
export const workInputSchema = z.object({
  assignmentId: assignmentIdSchema,
  problemId,
  answers: z.record(z.string().max(100), z.unknown()),
});

export const checkGraphInputSchema = z.object({
  assignmentId: assignmentIdSchema,
  problemId,
  partId: z.string().max(100),
  source: z.string().max(20_000, "the graph is longer than 20,000 characters"),
});

export const variantInputSchema = z.object({ assignmentId: assignmentIdSchema, problemId });
