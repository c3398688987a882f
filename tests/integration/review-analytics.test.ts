import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAssignmentAnalytics } from "@/lib/analytics/assignment";
import { heatShares, histogram, standardDeviation, variantStats } from "@/lib/analytics/stats";
import { toNested } from "@/lib/autograd";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { addStudents, referenceAnnotation, reviewWorld, submit, variantFor, type User } from "../setup/review";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
let students: Record<string, User>;
const now = new Date("2026-11-26T12:00:00Z");

/** Puts a student on a chosen practice variant (as "draw new numbers" would), so groups of students share numbers. */
async function onVariant(user: User, seed: string) {
  const key = { userId: user.id, assignmentId: w.practice.id, problemId: w.problems.gate };
  await t.db.draft.upsert({ where: { userId_assignmentId_problemId: key }, create: { ...key, answers: {}, variantSeed: seed }, update: { variantSeed: seed } });
}

type Annotation = ReturnType<typeof referenceAnnotation>;

/** The add-mul-gate answers from the engine's numbers, with `change` applied to the annotation. */
async function gateAnswers(user: User, change?: (a: Annotation) => void) {
  const variant = await variantFor(t.db, user, w.practice.id, w.problems.gate);
  const annotate = referenceAnnotation(variant.evaluated);
  change?.(annotate);
  return { annotate, dfdx: "z", "grad-z": String(toNested(variant.evaluated.grad("z")!)) };
}

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  const extra = await addStudents(t.db, w.courses["DL-101"]!, ["Dan Wu", "Eve Sun", "Fay Ma"]);
  students = { alice: w.users.student1!, bob: w.users.student2!, carol: w.users.student3!, dan: extra[0]!, eve: extra[1]!, fay: extra[2]! };
  for (const s of ["alice", "bob", "carol"]) await onVariant(students[s]!, "variant-one");
  for (const s of ["dan", "eve"]) await onVariant(students[s]!, "variant-two");
  await onVariant(students.fay!, "variant-three");
  const go = async (who: string, answers: Record<string, unknown>) => submit(t.db, students[who]!, w.practice.id, w.problems.gate, answers, now);

  await go("alice", await gateAnswers(students.alice!, (a) => void (a.nodes.q!.value = Number(a.nodes.q!.value) + 1)));
  await go("bob", await gateAnswers(students.bob!, (a) => void (a.nodes.q!.edges!.x!.downstream = 1)));
  await go("carol", await gateAnswers(students.carol!, (a) => void (a.nodes.f!.edges!.q!.downstream = 1)));
  // Dan and Eve leave the graph blank and get the formula wrong; Dan tries once more, no better.
  await go("dan", { annotate: { nodes: {} }, dfdx: "1" });
  await go("dan", { annotate: { nodes: {} }, dfdx: "x" });
  await go("eve", { annotate: { nodes: {} }, dfdx: "1" });
  await go("fay", await gateAnswers(students.fay!, (a) => void (a.nodes.q!.edges!.x!.downstream = 1)));
});
afterAll(() => t.dispose());

describe("class analytics of a problem", () => {
  it("counts each student's counted attempt in a score distribution", async () => {
    const data = await loadAssignmentAnalytics(t.db, { assignmentId: w.practice.id });
    const gate = data!.problems.find((p) => p.id === w.problems.gate)!;
    expect(gate.submitted).toBe(6);
    expect(gate.students).toBe(6);
    expect(gate.distribution.map((b) => b.count)).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 4]);
    expect(gate.distribution[9]).toMatchObject({ from: 90, to: 100 });
    const others = data!.problems.filter((p) => p.id !== w.problems.gate);
    expect(others.every((p) => p.submitted === 0 && p.distribution.every((b) => b.count === 0))).toBe(true);
  });

  it("lists the named mistakes by frequency, with how many students made each", async () => {
    const gate = (await loadAssignmentAnalytics(t.db, { assignmentId: w.practice.id }))!.problems.find((p) => p.id === w.problems.gate)!;
    // Fay's 1 on her variant (x = 2, y = −1) is also q's own value, so two mistakes fit and none is named.
    expect(gate.mistakes).toEqual([
      { code: "local-not-chained", occurrences: 1, students: 1 },
      { code: "upstream-downstream-swapped", occurrences: 1, students: 1 },
    ]);
  });

  it("gives per-variant counts and means, and flags the variant that scores more than a standard deviation below", async () => {
    const gate = (await loadAssignmentAnalytics(t.db, { assignmentId: w.practice.id }))!.problems.find((p) => p.id === w.problems.gate)!;
    // Lowest mean first: Dan and Eve's variant, flagged; the others are not.
    expect(gate.variants).toHaveLength(3);
    expect(gate.variants.map((v) => [v.count, v.flagged])).toContainEqual([2, true]);
    expect(gate.variants[0]).toMatchObject({ count: 2, mean: 0, flagged: true });
    expect(
      gate.variants
        .slice(1)
        .map((v) => [v.count, v.flagged])
        .sort(),
    ).toEqual([
      [1, false],
      [3, false],
    ]);
    expect(gate.variants[0]!.label).toMatch(/^x = -?\d+, y = -?\d+, z = -?\d+$/);
    const rows = await t.db.submission.findMany({ where: { problemId: w.problems.gate }, select: { userId: true, score: true, attempt: true } });
    const byUser = new Map<string, number>();
    for (const r of rows) byUser.set(r.userId, Math.max(byUser.get(r.userId) ?? 0, r.score));
    const best = [...byUser.values()];
    expect(gate.mean).toBeCloseTo(best.reduce((a, b) => a + b, 0) / best.length);
    expect(gate.sd).toBeCloseTo(standardDeviation(best));
  });

  it("draws the share of students wrong on each field of the reference graph (the heatmap)", async () => {
    const gate = (await loadAssignmentAnalytics(t.db, { assignmentId: w.practice.id }))!.problems.find((p) => p.id === w.problems.gate)!;
    expect(gate.heatmaps).toHaveLength(1);
    const map = gate.heatmaps[0]!;
    expect(map).toMatchObject({ partId: "annotate", fields: ["value", "grad", "downstream"], asked: ["x", "y", "z", "q", "f"], submissions: 6 });
    expect(map.structure.nodes.map((n) => n.id)).toEqual(["x", "y", "z", "q", "f"]);
    const cell = (key: string) => map.cells.find((c) => c.key === key);
    // Wrong: Alice (q's value), Dan and Eve (blank).
    expect(cell("q|value|")).toMatchObject({ wrong: 3, total: 6, share: 0.5 });
    // Bob and Fay gave the local derivative 1; Dan and Eve nothing.
    expect(cell("q|downstream|x")).toMatchObject({ wrong: 4, total: 6 });
    expect(cell("q|downstream|y")).toMatchObject({ wrong: 2, total: 6 });
    expect(cell("f|downstream|q")).toMatchObject({ wrong: 3, total: 6, share: 0.5 });
    expect(cell("x|value|")!.share).toBeCloseTo(2 / 6);
    expect(map.cells).toHaveLength(14);
  });
});

describe("the statistics themselves", () => {
  it("bins scores with 100 % in the top bin and float noise in the right one", () => {
    expect(histogram([0, 0.1, 0.7999999999999, 0.8, 1], 5).map((b) => b.count)).toEqual([2, 0, 0, 0, 3]);
    expect(histogram([0.19999999999999998], 5)[0]!.count).toBe(0);
  });

  it("flags nothing with one student per variant or no spread", () => {
    expect(
      variantStats([
        { key: "a", label: "a", scores: [0] },
        { key: "b", label: "b", scores: [1, 1, 1] },
      ]).variants.every((v) => !v.flagged),
    ).toBe(true);
    expect(
      variantStats([
        { key: "a", label: "a", scores: [0.5, 0.5] },
        { key: "b", label: "b", scores: [0.5, 0.5] },
      ]).variants.every((v) => !v.flagged),
    ).toBe(true);
  });

  it("counts missing and unreadable entries as wrong, carried ones as right", () => {
    const cells = heatShares([
      [{ node: "a", field: "value", from: null, verdict: "missing" }],
      [{ node: "a", field: "value", from: null, verdict: "carried" }],
      [{ node: "a", field: "value", from: null, verdict: "invalid" }],
      [{ node: "a", field: "value", from: null, verdict: "correct" }],
    ]);
    expect(cells).toEqual([{ key: "a|value|", node: "a", field: "value", from: null, wrong: 2, total: 4, share: 0.5 }]);
  });
});
