/**
 * The graph language, the answer language and formulas under random input: every text is either
 * read or refused with a located, structured error; nothing else is thrown and no run hangs.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { AutogradError } from "@/lib/autograd";
import { GraphError, evaluateSource } from "@/lib/graph-lang";
import { parseAnswer, parseExpression, readAnswer } from "@/lib/grading";
import { RUNS, TEST_TIMEOUT, params, report, tally, timed } from "./budget";

/** Characters that matter to the two languages, typed-input look-alikes included. */
const ALPHABET = [
  ..."0123456789.eE+-*/^()[],:=#\n xyzmvsabc_",
  "input ",
  "output ",
  "sum(",
  "exp(",
  "log(",
  "sqrt(",
  "softmax(",
  "@",
  "**",
  "（",
  "）",
  "－",
  "０",
  "½",
  "\u2212",
  "\u00d7",
  "\t",
  ";",
  "'",
  '"',
];
const tokenText = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((a) => a.join(""));
const anyText = fc.oneof(tokenText, fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 80 }));

/** Answer texts shaped like real ones: numbers in every usual form, operators, functions, arrays. */
const answerExpr = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String), fc.constantFrom("1/4", ".5", "2.5e-3", "e", "pi", "½", "－０．５", "1,5")),
    fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*", "/", "^", "**"), tie("expr")).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(fc.constantFrom("exp", "ln", "log", "log10", "log2", "sqrt", "abs", "tanh", "sigmoid", "-"), tie("expr")).map(([f, a]) => `${f}(${a})`),
    fc.array(tie("expr"), { minLength: 1, maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
  ),
})).expr;

/** Programs shaped like real ones: inputs, then assignments of random expressions over earlier names. */
const program = fc
  .tuple(
    fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 3 }),
    fc.array(
      fc.tuple(
        fc.constantFrom("+", "-", "*", "/", "^"),
        fc.constantFrom("exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", ""),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: -3, max: 3 }),
      ),
      { maxLength: 12 },
    ),
  )
  .map(([inputs, steps]) => {
    const names = inputs.map((_, i) => `x${i}`);
    const lines = [`input ${inputs.map((v, i) => `x${i} = ${v}`).join(", ")}`];
    steps.forEach(([op, fn, a, b, c], i) => {
      const left = names[a % names.length]!;
      const right = c === 0 ? names[b % names.length]! : String(c);
      const expr = `${left} ${op} ${right}`;
      lines.push(`n${i} = ${fn ? `${fn}(${expr})` : expr}`);
      names.push(`n${i}`);
    });
    return lines.join("\n") + "\n";
  });

describe("fuzzing the languages", () => {
  afterAll(() => console.log(`fuzz (${RUNS} runs per target):\n${report()}`));

  it("the graph language reads or refuses any text with a located GraphError", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("graph language: random text");
    fc.assert(
      fc.property(anyText, (source) => {
        timed(t, () => {
          try {
            evaluateSource(source);
            t.accepted++;
          } catch (e) {
            if (!(e instanceof GraphError)) throw e;
            expect(typeof e.message).toBe("string");
            t.refused++;
          }
        });
      }),
      params(),
    );
  });

  it("the graph language evaluates or refuses generated programs (domain errors located, never NaN)", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("graph language: generated programs");
    fc.assert(
      fc.property(program, (source) => {
        timed(t, () => {
          try {
            const { evaluated } = evaluateSource(source);
            for (const n of evaluated.nodes) {
              for (const x of n.value.data) expect(Number.isFinite(x)).toBe(true);
              for (const x of n.grad?.data ?? []) expect(Number.isFinite(x)).toBe(true);
            }
            t.accepted++;
          } catch (e) {
            if (!(e instanceof GraphError) && !(e instanceof AutogradError)) throw e;
            if (e instanceof GraphError) expect(e.line === null || e.line >= 1).toBe(true);
            t.refused++;
          }
        });
      }),
      params(),
    );
  });

  it("the answer language reads or refuses any text, never throwing", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("answer language: parseAnswer / readAnswer");
    fc.assert(
      fc.property(anyText, (text) => {
        timed(t, () => {
          const r = parseAnswer(text);
          if (r.ok) {
            for (const x of r.value.data) expect(Number.isFinite(x)).toBe(true);
            t.accepted++;
          } else {
            expect(r.error.message).toMatch(/could not read/);
            t.refused++;
          }
          const read = readAnswer(text);
          expect(["missing", "invalid", "given"]).toContain(read.status);
        });
      }),
      params(),
    );
  });

  it("answer-shaped texts are read to finite numbers or refused with a reason", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("answer language: generated answers");
    fc.assert(
      fc.property(answerExpr, (text) => {
        timed(t, () => {
          const r = parseAnswer(text);
          if (r.ok) {
            for (const x of r.value.data) expect(Number.isFinite(x)).toBe(true);
            t.accepted++;
          } else {
            expect(r.error.issue.key).toMatch(/^[a-z-]+$/);
            t.refused++;
          }
        });
      }),
      params(),
    );
  });

  it("answers that arrive as JSON (numbers, arrays, objects) are read or refused", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("answer language: JSON answers");
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (raw) => {
        timed(t, () => {
          const read = readAnswer(raw);
          if (read.status === "given") t.accepted++;
          else t.refused++;
        });
      }),
      params(),
    );
  });

  it("formulas in variables compile or are refused, and evaluate without throwing", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("formulas: parseExpression + evaluate");
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          answerExpr.map((e) => e.replace(/pi|e(?![x])/g, "x")),
        ),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (text, x) => {
          timed(t, () => {
            const r = parseExpression(text, { variables: new Set(["x", "y", "z"]) });
            if (!r.ok) {
              t.refused++;
              return;
            }
            const v = r.value.evaluate({ x, y: x / 2, z: -x });
            if (v.ok) for (const n of v.value.data) expect(Number.isFinite(n)).toBe(true);
            t.accepted++;
          });
        },
      ),
      params(),
    );
  });
});
