/**
 * The problem file: one YAML file per problem under problems/. This zod schema is the format's
 * definition; problems/problem.schema.json is generated from it (`npm run -s cli -- problem schema`)
 * so editors can autocomplete. Meaning beyond shape (names that must exist, graphs that must
 * compile) is checked by `loadProblem` in ./load.ts.
 */
import { z } from "zod";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const slug = z.string().regex(SLUG, "must be lowercase letters, digits and single hyphens (e.g. seed-std-dev)").max(80);
const name = z.string().regex(NAME, "must be a name such as x1 or W (a letter or _, then letters, digits, _)").max(40);

/** Text shown to people: one string (English), or one per language. */
export const localizedText = z.union([
  z.string().min(1, "must not be empty"),
  z.object({ en: z.string().min(1, "must not be empty"), "zh-CN": z.string().min(1, "must not be empty").optional() }).strict(),
]);
export type LocalizedText = z.infer<typeof localizedText>;

const finite = z.number().refine(Number.isFinite, "must be a finite number");
type Nested = number | Nested[];
const nestedNumbers: z.ZodType<Nested> = z.lazy(() => z.union([finite, z.array(nestedNumbers).min(1, "must not be empty")]));

// --- parameters --------------------------------------------------------------------------------

const intGen = z
  .object({
    type: z.literal("int"),
    min: z.number().int(),
    max: z.number().int(),
    step: z.number().int().positive().default(1),
    exclude: z.array(z.number()).optional(),
  })
  .strict()
  .refine((g) => g.min <= g.max, { message: "min must not exceed max", path: ["max"] });
const realGen = z
  .object({ type: z.literal("real"), min: finite, max: finite, decimals: z.number().int().min(0).max(6) })
  .strict()
  .refine((g) => g.min <= g.max, { message: "min must not exceed max", path: ["max"] });
const choiceGen = z.object({ type: z.literal("choice"), values: z.array(nestedNumbers).min(1, "needs at least one value") }).strict();
const scalarGen = z.union([intGen, realGen, choiceGen]);

export const parameterSpec = z.union([
  finite.transform((value) => ({ type: "fixed" as const, value })),
  z
    .array(nestedNumbers)
    .min(1)
    .transform((value) => ({ type: "fixed" as const, value: value as Nested })),
  z.object({ type: z.literal("fixed"), value: nestedNumbers }).strict(),
  intGen,
  realGen,
  choiceGen,
  z.object({ type: z.literal("vector"), length: z.number().int().min(1).max(64), of: scalarGen }).strict(),
  z.object({ type: z.literal("matrix"), rows: z.number().int().min(1).max(64), cols: z.number().int().min(1).max(64), of: scalarGen }).strict(),
  z.object({ type: z.literal("derived"), expr: z.string().min(1).max(2000) }).strict(),
]);
export type ParameterSpec = z.infer<typeof parameterSpec>;
export type ScalarGenerator = z.infer<typeof scalarGen>;

// --- parts -------------------------------------------------------------------------------------

export const tolerance = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("default") }).strict(),
  z.object({ mode: z.literal("relative"), rtol: z.number().positive().max(1) }).strict(),
  z.object({ mode: z.literal("absolute"), atol: z.number().positive() }).strict(),
  z.object({ mode: z.literal("sigfigs"), digits: z.number().int().min(1).max(15) }).strict(),
  z.object({ mode: z.literal("decimals"), places: z.number().int().min(0).max(12) }).strict(),
]);
export type ToleranceSpec = z.infer<typeof tolerance>;

const partBase = {
  id: slug,
  prompt: localizedText,
  points: z.number().positive().max(1000),
  hints: z.array(localizedText).max(10).optional(),
};

/** Which number a numeric or vector part asks for: a node's forward value (default: the output's) or its gradient. */
const answerTarget = z
  .object({ node: z.string().min(1).max(80).optional(), field: z.enum(["value", "grad"]).default("value") })
  .strict()
  .default({ field: "value" });

/** A reference node a construction part requires (`m`, or `{ node: m, label: "the mean of x1 and x2" }`). */
const requiredQuantity = z.union([
  z
    .string()
    .min(1)
    .max(80)
    .transform((node) => ({ node })),
  z.object({ node: z.string().min(1).max(80), label: localizedText.optional() }).strict(),
]);
export type RequiredQuantitySpec = z.infer<typeof requiredQuantity>;

export const ANNOTATION_FIELDS = ["value", "grad", "local", "downstream"] as const;
export type AnnotationField = (typeof ANNOTATION_FIELDS)[number];

export const partSpec = z.discriminatedUnion("kind", [
  z.object({ ...partBase, kind: z.literal("numeric"), answer: answerTarget, tolerance: tolerance.optional() }).strict(),
  z.object({ ...partBase, kind: z.literal("vector"), answer: answerTarget, tolerance: tolerance.optional() }).strict(),
  z
    .object({
      ...partBase,
      kind: z.literal("expression"),
      expected: z.string().min(1).max(5000),
      variables: z.array(name).min(1).max(64),
      domain: z.record(z.string(), z.tuple([finite, finite])).optional(),
      samples: z.number().int().min(20).max(500).optional(),
    })
    .strict(),
  z
    .object({
      ...partBase,
      kind: z.literal("graph-annotation"),
      /** "reference" (the problem's graph, drawn for the student) or the id of a construction part, whose graph the student annotates. */
      graph: z.string().min(1).default("reference"),
      fields: z.array(z.enum(ANNOTATION_FIELDS)).min(1).max(4),
      /** Nodes asked (default: every node but constants). */
      nodes: z.array(z.string().min(1).max(80)).min(1).optional(),
      tolerance: tolerance.optional(),
      /** Credit for an entry that is right given the student's own earlier entries (error carried forward). */
      carried: z.number().min(0).max(1).default(1),
    })
    .strict(),
  z
    .object({
      ...partBase,
      kind: z.literal("graph-construction"),
      /** Operations the student may not use (e.g. softmax when it must be decomposed). */
      ban: z.array(z.string()).max(30).default([]),
      /**
       * Nodes of the reference the student's graph must compute too, each as a node of its own; the
       * label names it to the student when it is missing. Default: every named node that depends on an input.
       */
      require: z.array(requiredQuantity).max(50).optional(),
      /** What the editor starts with. */
      starter: z.string().max(5000).optional(),
    })
    .strict(),
]);
export type PartSpec = z.infer<typeof partSpec>;
export type PartKind = PartSpec["kind"];

// --- mistakes and tests --------------------------------------------------------------------------

export const mistakeSpec = z
  .object({
    code: slug,
    message: localizedText,
    /** The graph the mistake computes instead (same node names where they mean the same thing). */
    graph: z.string().min(1).max(20_000).optional(),
    /** Or: the reference graph with some parameters computed differently, e.g. { N: "N - 1" }. */
    parameters: z.record(name, z.string().min(1).max(2000)).optional(),
  })
  .strict()
  .refine((m) => (m.graph === undefined) !== (m.parameters === undefined), {
    message: "a mistake gives either an alternative `graph` or changed `parameters`, not both and not neither",
  });
export type MistakeSpec = z.infer<typeof mistakeSpec>;

const verdict = z.enum(["correct", "carried", "incorrect", "missing", "invalid"]);

export const testSpec = z
  .object({
    name: z.string().min(1).max(200),
    seed: z
      .union([z.string().min(1).max(64), z.number().int().nonnegative()])
      .transform(String)
      .default("0"),
    /** Start from the reference answers (then `answers` overrides part by part, nodes merged for annotations). */
    base: z.enum(["reference", "empty"]).default("empty"),
    answers: z.record(z.string(), z.unknown()).default({}),
    expect: z
      .object({
        score: z.number().min(0).max(1).optional(),
        parts: z
          .record(
            z.string(),
            z
              .object({
                score: z.number().min(0).max(1).optional(),
                verdict: z.enum([...verdict.options, "blocked"]).optional(),
                diagnosis: z.string().nullable().optional(),
                /** A construction part: the required quantities (node ids, any order) its graph lacks. */
                missing: z.array(z.string()).optional(),
              })
              .strict(),
          )
          .optional(),
        /** "<part>/<node>/<field>" or "<part>/<node>/<field>/<from>" for edge fields. */
        fields: z.record(z.string(), z.object({ verdict: verdict.optional(), diagnosis: z.string().nullable().optional() }).strict()).optional(),
      })
      .strict(),
  })
  .strict();
export type TestSpec = z.infer<typeof testSpec>;

// --- the file ----------------------------------------------------------------------------------

export const problemFile = z
  .object({
    id: slug,
    title: localizedText,
    topic: z.string().min(1).max(80),
    tags: z.array(z.string().min(1).max(40)).max(20).default([]),
    statement: localizedText,
    parameters: z.record(name, parameterSpec).default({}),
    constraints: z.array(z.string().min(1).max(500)).max(50).default([]),
    graph: z.string().min(1).max(100_000),
    /** Largest number of integer digits, or leading zeros after the point, a displayed value may need. */
    display: z
      .object({ maxDigits: z.number().int().min(2).max(12).default(6) })
      .strict()
      .default({ maxDigits: 6 }),
    /**
     * Numbers are asked to this many decimal places (e.g. 2 for a figure printed to two places), in every
     * part without its own tolerance. Without it, parts ask for at least 4 significant figures.
     */
    decimals: z.number().int().min(0).max(12).optional(),
    parts: z.array(partSpec).min(1, "a problem needs at least one part").max(30),
    mistakes: z.array(mistakeSpec).max(30).default([]),
    solution: localizedText,
    tests: z.array(testSpec).max(100).default([]),
  })
  .strict();

export type ProblemFile = z.infer<typeof problemFile>;
/** The file as written (before defaults), for the JSON Schema editors use. */
export type ProblemFileInput = z.input<typeof problemFile>;

export function textIn(text: LocalizedText, locale: string): string {
  if (typeof text === "string") return text;
  return (locale === "zh-CN" ? text["zh-CN"] : undefined) ?? text.en;
}

/** A problem's title in the reader's language, from a stored version's file content (`fallback`, the stored English title, otherwise). */
export function contentTitle(content: unknown, fallback: string, locale: string): string {
  const title = (content as { title?: LocalizedText } | null)?.title;
  return title !== undefined && (typeof title === "string" || typeof title?.en === "string") ? textIn(title, locale) : fallback;
}
