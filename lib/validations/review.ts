/**
 * What the staff pages and the student's regrade form receive. Messages are error codes that the
 * pages translate (review.errors.<code>), so the same schema serves both languages.
 */
import { z } from "zod";
import { assignmentIdSchema, submissionIdSchema } from "./ids";

export const COMMENT_MAX = 2000;

const cuid = (code: string) => z.string({ error: code }).regex(/^[a-z0-9]{8,40}$/, code);
const partId = z.string({ error: "unknown-part" }).min(1, "unknown-part").max(100, "unknown-part");
const text = (required: string, tooLong: string) => z.string({ error: required }).trim().min(1, required).max(COMMENT_MAX, tooLong);

/** A score typed by staff: a fraction of the part (0–1) or points (0–the part's points); the range is checked against the part. */
export const scoreEntrySchema = z.object({
  score: z
    .string({ error: "score-required" })
    .trim()
    .min(1, "score-required")
    .max(30, "score-not-a-number")
    .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/, "score-not-a-number")
    .transform(Number),
  unit: z.enum(["fraction", "points"], { error: "unit-invalid" }),
});

export const overrideInputSchema = scoreEntrySchema.extend({
  submissionId: submissionIdSchema,
  partId,
  comment: text("comment-required", "comment-too-long"),
});
export type OverrideInput = z.infer<typeof overrideInputSchema>;

export const regradeRequestInputSchema = z.object({
  submissionId: submissionIdSchema,
  partId,
  reason: text("reason-required", "reason-too-long"),
});
export type RegradeRequestInput = z.infer<typeof regradeRequestInputSchema>;

export const regradeResponseInputSchema = z.discriminatedUnion(
  "decision",
  [
    scoreEntrySchema.extend({
      decision: z.literal("accept"),
      requestId: cuid("not-found"),
      response: text("response-required", "response-too-long"),
    }),
    z.object({
      decision: z.literal("decline"),
      requestId: cuid("not-found"),
      response: text("response-required", "response-too-long"),
    }),
  ],
  { error: "decision-invalid" },
);
export type RegradeResponseInput = z.infer<typeof regradeResponseInputSchema>;

const ID = "[a-z0-9]{8,40}";
const PLAN_ENTRY = `${ID}:${ID}:${ID}`;

export const bulkRegradeInputSchema = z.object({
  assignmentId: assignmentIdSchema,
  replaceOverrides: z.enum(["0", "1"], { error: "bad-input" }).transform((v) => v === "1"),
  /**
   * What the preview was computed against, per problem: "problemId:pinnedVersionId:targetVersionId,…"
   * (the target differs from the pinned version where the assignment moves to another version).
   */
  versions: z
    .string({ error: "stale-preview" })
    .max(10_000, "stale-preview")
    .regex(new RegExp(`^(${PLAN_ENTRY})?(,${PLAN_ENTRY})*$`), "stale-preview"),
});
export type BulkRegradeInput = z.infer<typeof bulkRegradeInputSchema>;

/**
 * Versions to move an assignment's problems to, as the bulk regrade page's address gives them:
 * `?to=<problemId>:<version>` (repeated, or comma-separated).
 */
export const versionMovesSchema = z
  .union([z.string(), z.array(z.string()).max(100, "bad-input"), z.undefined()])
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(",")).filter((x) => x !== "")))
  .pipe(
    z
      .array(z.string().regex(new RegExp(`^${ID}:[1-9][0-9]{0,8}$`), "bad-move"))
      .max(100, "bad-input")
      .transform((entries) => new Map(entries.map((e) => [e.slice(0, e.indexOf(":")), Number(e.slice(e.indexOf(":") + 1))]))),
  );

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "filter-too-long")
    .optional()
    .transform((v) => (v ? v : undefined));
const percent = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    if (!/^\d{1,3}(\.\d+)?$/.test(v) || Number(v) > 100) {
      ctx.addIssue({ code: "custom", message: "filter-score" });
      return z.NEVER;
    }
    return Number(v);
  });

/** The review queue's sortable columns. */
export const QUEUE_SORTS = ["student", "score", "submitted", "status"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** The review queue's filters and order, from the URL's search parameters. */
export const queueFiltersSchema = z
  .object({
    problem: optionalText(40).pipe(
      z
        .string()
        .regex(/^[a-z0-9]{8,40}$/, "filter-problem")
        .optional(),
    ),
    student: optionalText(200),
    min: percent,
    max: percent,
    mistake: optionalText(100),
    late: z
      .enum(["", "yes", "no"], { error: "filter-late" })
      .optional()
      .transform((v) => (v ? v : undefined)),
    requests: z
      .enum(["", "open"], { error: "filter-requests" })
      .optional()
      .transform((v) => (v ? v : undefined)),
    /** "submitted": students who have a counted attempt; "ungraded": those of them no one has reviewed yet. */
    status: z
      .enum(["", "submitted", "ungraded"], { error: "filter-status" })
      .optional()
      .transform((v) => (v ? v : undefined)),
    /** The column the whole class is ordered by before it is cut into pages (students without a submission last). */
    sort: z
      .enum(["", ...QUEUE_SORTS], { error: "filter-sort" })
      .optional()
      .transform((v) => (v ? v : undefined)),
    dir: z
      .enum(["", "asc", "desc"], { error: "filter-dir" })
      .optional()
      .transform((v) => (v ? v : undefined)),
  })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, { message: "filter-range", path: ["min"] });
export type QueueFilters = Partial<z.output<typeof queueFiltersSchema>>;

/** Search parameters as Next gives them (a repeated key is an array): the first value of each. */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === "string") out[k] = first;
  }
  return out;
}
