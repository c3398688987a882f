/**
 * Grades that cannot be gamed, through the real submit path: an unreadable answer sends nothing back
 * but what could not be read; "check my graph" says nothing about numbers; a new practice variant
 * starts clean; a total gradient asked again on its own is carried from the student's own annotation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { checkOwnGraph } from "@/lib/assignments/graph-check";
import { loadProblemPage } from "@/lib/assignments/student-pages";
import { partViews, unreadableViews } from "@/lib/assignments/student-view";
import { drawPracticeVariant, submitAnswers } from "@/lib/assignments/submit";
import { loadWorkContext } from "@/lib/assignments/workspace";
import { importBank } from "@/lib/problem-store/bank";
import { seedDemo } from "@/lib/ops/seed";
import { referenceSubmission } from "@/lib/problems/reference";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { granted } from "../setup/granted";

let t: TestDatabase;
let ids: { hw: string; practice: string; std: string; ce: string; stdRandom: string };
let users: Record<string, { id: string; isSiteAdmin: boolean }>;
const now = new Date("2026-11-26T12:00:00Z");
const tr = (key: string, params?: Record<string, string | number>) => `${key}${params ? JSON.stringify(params) : ""}`;
const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";
const CE_FORMULA = "-ln(e^y11/(e^y11+e^y12+e^y13)) - ln(e^y22/(e^y21+e^y22+e^y23)) - ln(e^y33/(e^y31+e^y32+e^y33))";

function annotationFor(source: string, at: Record<string, number>) {
  const nodes: Record<string, { value: unknown; grad: unknown; edges: Record<string, { downstream: unknown }> }> = {};
  for (const n of toEvalJson(evaluateSource(source, { at }).evaluated).nodes) {
    if (n.op === "const") continue;
    nodes[n.id] = { value: n.value, grad: n.grad, edges: Object.fromEntries(n.edges.map((e) => [e.from, { downstream: e.downstream }])) };
  }
  return { nodes };
}

/** Words and keys that would tell a student anything about a readable answer. */
const VERDICT_WORDS = /"(correct|incorrect|carried|score|diagnosis|expected|verdict|credit)"|Correct|Not correct|sign is wrong|log base/;

beforeAll(async () => {
  t = await freshDatabase();
  await importBank(t.db, "problems");
  await seedDemo(t.db, now);
  users = Object.fromEntries((await t.db.user.findMany()).map((u) => [u.email.split("@")[0]!, { id: u.id, isSiteAdmin: u.isSiteAdmin }]));
  const hw = await t.db.assignment.findFirstOrThrow({ where: { title: "Homework 2: theory" } });
  const practice = await t.db.assignment.findFirstOrThrow({ where: { title: "Backpropagation practice" } });
  const slug = async (s: string) => (await t.db.problem.findUniqueOrThrow({ where: { slug: s } })).id;
  ids = {
    hw: hw.id,
    practice: practice.id,
    std: await slug("seed-std-dev"),
    ce: await slug("seed-cross-entropy"),
    stdRandom: await slug("seed-std-dev-random"),
  };
});
afterAll(() => t.dispose());

describe("an unreadable answer is not a free answer checker", () => {
  it("cross-entropy: a wrong formula and an unreadable value come back as the unreadable value alone, with no attempt used", async () => {
    const student = users.student1!;
    const key = { userId: student.id, assignmentId: ids.hw, problemId: ids.ce };
    // The formula forgets the minus sign (graded, it would be "incorrect"); the value cannot be read.
    const wrongFormula = CE_FORMULA.replace(/^-/, "").replace(/ - /g, " + ");
    const r = await submitAnswers(t.db, student, { assignmentId: ids.hw, problemId: ids.ce, answers: { formula: wrongFormula, loss: "2.54.692" } }, now);
    expect(r.status).toBe("invalid");
    if (r.status !== "invalid") return;
    expect(Object.keys(r).sort()).toEqual(["context", "status", "unreadable"]);
    expect(r.unreadable).toEqual([{ part: "loss", kind: "answer", node: null, field: null, from: null, message: expect.objectContaining({ key: "invalid" }) }]);
    const views = unreadableViews(r.unreadable, { locale: "en", t: tr });
    expect(views).toEqual([{ part: "loss", node: null, field: null, from: null, message: expect.stringContaining("2.54.692"), line: null, column: null }]);
    expect(JSON.stringify(views)).not.toMatch(VERDICT_WORDS);
    expect(await t.db.submission.count({ where: key })).toBe(0);
  });

  it("standard deviation: eleven wrong numbers on the graph and one unreadable one say only which one is unreadable", async () => {
    const student = users.student2!;
    const annotate = annotationFor(STD, { x1: -1, x2: 3 });
    // Probes: flipped signs and local derivatives, each of which grading would name.
    for (const id of ["m", "a", "b", "v", "s", "x1", "x2", "a.1", "b.1", "m.1"]) annotate.nodes[id]!.grad = 0.125;
    annotate.nodes.s!.value = 3;
    annotate.nodes.v!.edges["v.1"] = { downstream: "1/4/" };
    const r = await submitAnswers(
      t.db,
      student,
      { assignmentId: ids.hw, problemId: ids.std, answers: { graph: STD, annotate, "grad-x1": "0.5", "grad-x2": "-0.5" } },
      now,
    );
    expect(r.status).toBe("invalid");
    if (r.status !== "invalid") return;
    expect(r.unreadable).toHaveLength(1);
    expect(r.unreadable[0]).toMatchObject({ part: "annotate", kind: "answer", node: "v", field: "downstream", from: "v.1" });
    const views = unreadableViews(r.unreadable, { locale: "zh-CN", t: tr });
    expect(JSON.stringify(views)).not.toMatch(VERDICT_WORDS);
    expect(await t.db.submission.count({ where: { userId: student.id, problemId: ids.std } })).toBe(0);
  });

  it("a graph that does not parse is reported at its line, and the annotation's unreadable numbers with it", async () => {
    const r = await submitAnswers(
      t.db,
      users.student3!,
      {
        assignmentId: ids.hw,
        problemId: ids.std,
        answers: { graph: "input x1, x2\nm = (x1 + x3) / 2\n", annotate: { nodes: { m: { value: "1..0", grad: "0" } } }, "grad-x1": "-0.5" },
      },
      now,
    );
    if (r.status !== "invalid") throw new Error(r.status);
    expect(r.unreadable.map((u) => [u.part, u.kind])).toEqual([
      ["graph", "graph"],
      ["annotate", "answer"],
    ]);
    expect(r.unreadable[0]).toMatchObject({ line: 2 });
  });
});

describe("check my graph says nothing about numbers", () => {
  const check = (source: string) => checkOwnGraph(t.db, users.student1!, { assignmentId: ids.hw, problemId: ids.std, partId: "graph", source });

  it("a constant graph gets the same answer whether or not the constant is the answer at the problem's point", async () => {
    // s = 2 at x1 = -1, x2 = 3: a counterexample at the problem's point or not would tell.
    const right = await check("input x1, x2\ns = 2 + 0 * x1 + 0 * x2\n");
    const wrong = await check("input x1, x2\ns = 5 + 0 * x1 + 0 * x2\n");
    for (const r of [right, wrong]) {
      if (!r.ok || !r.part.check || !r.part.check.ok) throw new Error("check failed");
      expect(r.part.check.equivalent).toBe(false);
      expect(r.part.check.counterexample).toMatchObject({ reason: "value", at: null, expected: null, given: null });
    }
    const views = [right, wrong].map((r) => (r.ok ? partViews([r.part], { locale: "en", reveal: false, t: tr })[0] : null));
    expect(views[0]).toEqual(views[1]);
  });

  it("an acceptable graph is accepted, and no other part is graded", async () => {
    const r = await check(STD);
    if (!r.ok) throw new Error(r.reason);
    expect(r.part).toMatchObject({ id: "graph", kind: "graph-construction", verdict: "correct", score: 1 });
  });
});

describe("drawing new practice numbers leaves nothing stale", () => {
  it("the new variant has no feedback, no score, no hints and no solution until it is attempted", async () => {
    const student = users.student1!;
    const args = { userId: student.id, assignmentId: ids.practice, problemId: ids.stdRandom, locale: "en" as const, t: tr, now };
    const first = await loadWorkContext(t.db, args);
    const answers = referenceSubmission(first!.compiled, first!.variant);
    const graded = await submitAnswers(t.db, student, { assignmentId: ids.practice, problemId: ids.stdRandom, answers }, now);
    expect(graded.status).toBe("graded");
    const before = granted(await loadProblemPage(t.db, student, args));
    expect(before.last?.score).toBe(1);
    expect(before.solutionHtml).not.toBeNull();

    expect(await drawPracticeVariant(t.db, student, { assignmentId: ids.practice, problemId: ids.stdRandom })).toEqual({ ok: true });
    const after = granted(await loadProblemPage(t.db, student, args));
    expect(after.context.seed).not.toBe(first!.seed);
    expect(after.variantKey).not.toBe(before.variantKey);
    expect(after.last).toBeNull();
    expect(after.reveal).toBe(false);
    expect(after.solutionHtml).toBeNull();
    expect(after.draft.answers).toEqual({});
    expect(after.parts.every((p) => p.hintsHtml.length === 0)).toBe(true);
    // The browser never learns the seed itself.
    expect(JSON.stringify({ key: after.variantKey, parts: after.parts })).not.toContain(after.context.seed);
  });
});

describe("a total gradient asked on its own carries errors like the graph", () => {
  /** The seed's numbers with one sign flipped at a → a.1, and everything after it worked out consistently. */
  function flippedAnnotation() {
    const annotate = annotationFor(STD, { x1: -1, x2: 3 });
    const n = annotate.nodes;
    n.a!.edges["a.1"] = { downstream: 0.5 }; // the mistake: −0.5 is right
    n["a.1"]!.grad = 0.5;
    n["a.1"]!.edges = { x1: { downstream: 0.5 }, m: { downstream: -0.5 } };
    n.m!.grad = -1; // −0.5 from a.1 and −0.5 from b.1
    n.m!.edges = { "m.1": { downstream: -0.5 } };
    n["m.1"]!.grad = -0.5;
    n["m.1"]!.edges = { x1: { downstream: -0.5 }, x2: { downstream: -0.5 } };
    n.x1!.grad = 0; // 0.5 − 0.5: the reference is −0.5
    n.x2!.grad = 0; // 0.5 − 0.5: the reference is 0.5
    return annotate;
  }

  it("∂s/∂x1 that follows from the student's own annotated graph is carried, not 'Not correct'", async () => {
    const student = users.student3!;
    const annotate = flippedAnnotation();
    const r = await submitAnswers(
      t.db,
      student,
      { assignmentId: ids.hw, problemId: ids.std, answers: { graph: STD, annotate, "grad-x1": "0", "grad-x2": "0" } },
      now,
    );
    if (r.status !== "graded") throw new Error(r.status);
    const part = (id: string) => r.grade.parts.find((p) => p.id === id)!;
    const annotation = part("annotate");
    if (annotation.kind !== "graph-annotation") throw new Error("kind");
    expect(annotation.results.find((x) => x.node === "a" && x.field === "downstream")).toMatchObject({ verdict: "incorrect" });
    expect(annotation.results.find((x) => x.node === "x1" && x.field === "grad")).toMatchObject({ verdict: "carried" });
    expect(part("grad-x1")).toMatchObject({ verdict: "carried", score: 1 });
    expect(part("grad-x2")).toMatchObject({ verdict: "carried", score: 1 });
  });

  it("is carried from the student's own downstream gradients even when the annotation leaves x1 blank", async () => {
    const annotate = flippedAnnotation();
    delete (annotate.nodes.x1 as { grad?: unknown }).grad;
    const r = await submitAnswers(t.db, users.student3!, { assignmentId: ids.hw, problemId: ids.std, answers: { graph: STD, annotate, "grad-x1": "0" } }, now);
    if (r.status !== "graded") throw new Error(r.status);
    expect(r.grade.parts.find((p) => p.id === "grad-x1")).toMatchObject({ verdict: "carried", score: 1 });
  });

  it("a number that follows from nothing the student wrote is still wrong, and the reference is still right", async () => {
    const annotate = flippedAnnotation();
    const wrong = await submitAnswers(
      t.db,
      users.student3!,
      { assignmentId: ids.hw, problemId: ids.std, answers: { graph: STD, annotate, "grad-x1": "-0.3" } },
      now,
    );
    if (wrong.status !== "graded") throw new Error(wrong.status);
    expect(wrong.grade.parts.find((p) => p.id === "grad-x1")).toMatchObject({ verdict: "incorrect", score: 0 });
    const right = await submitAnswers(
      t.db,
      users.student3!,
      { assignmentId: ids.hw, problemId: ids.std, answers: { graph: STD, annotate, "grad-x1": "-0.5" } },
      now,
    );
    if (right.status !== "graded") throw new Error(right.status);
    expect(right.grade.parts.find((p) => p.id === "grad-x1")).toMatchObject({ verdict: "correct", score: 1 });
  });
});
