import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateSource } from "@/lib/graph-lang";
import { toEvalJson } from "@/lib/autograd";
import { loadProblemPage } from "@/lib/assignments/student-pages";
import { drawPracticeVariant, saveDraft, submitAnswers } from "@/lib/assignments/submit";
import { loadWorkContext } from "@/lib/assignments/workspace";
import { importBank } from "@/lib/problem-store/bank";
import { seedDemo } from "@/lib/ops/seed";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { granted } from "../setup/granted";

let t: TestDatabase;
let ids: { hw: string; practice: string; std: string; ce: string; stdRandom: string; courseId: string };
let users: Record<string, { id: string; isSiteAdmin: boolean }>;
const now = new Date("2026-11-26T12:00:00Z");
const tr = (key: string, params?: Record<string, string | number>) => `${key}${params ? JSON.stringify(params) : ""}`;

const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";

/** Every node's value, upstream gradient and downstream gradients, computed by the engine. */
function annotationFor(source: string, at: Record<string, number>) {
  const { evaluated } = evaluateSource(source, { at });
  const nodes: Record<string, { value: unknown; grad: unknown; edges: Record<string, { downstream: unknown }> }> = {};
  for (const n of toEvalJson(evaluated).nodes) {
    if (n.op === "const") continue;
    nodes[n.id] = { value: n.value, grad: n.grad, edges: Object.fromEntries(n.edges.map((e) => [e.from, { downstream: e.downstream }])) };
  }
  return { nodes };
}

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
    courseId: hw.courseId,
  };
});
afterAll(() => t.dispose());

describe("submitting the seed's standard deviation problem", () => {
  it("gives full marks for the engine's own numbers, stored as attempt 1 in one row", async () => {
    const answers = { graph: STD, annotate: annotationFor(STD, { x1: -1, x2: 3 }), "grad-x1": "-0.5", "grad-x2": "1/2" };
    const r = await submitAnswers(t.db, users.student1!, { assignmentId: ids.hw, problemId: ids.std, answers }, now);
    expect(r.status).toBe("graded");
    if (r.status !== "graded") return;
    expect(r.attempt).toBe(1);
    expect(r.grade.score).toBe(1);
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } });
    expect(row).toMatchObject({ attempt: 1, score: 1, autoScore: 1, late: false, latePenalty: 0 });
  });

  it("names a wrong upstream gradient and carries what follows from it", async () => {
    const annotate = annotationFor(STD, { x1: -1, x2: 3 });
    annotate.nodes.m!.grad = 0.5;
    annotate.nodes.m!.edges["m.1"] = { downstream: 0.25 };
    annotate.nodes["m.1"]!.grad = 0.25;
    const r = await submitAnswers(t.db, users.student2!, { assignmentId: ids.hw, problemId: ids.std, answers: { graph: STD, annotate } }, now);
    if (r.status !== "graded") throw new Error(r.status);
    const part = r.grade.parts.find((p) => p.id === "annotate")!;
    if (part.kind !== "graph-annotation") throw new Error("kind");
    const field = (node: string, f: string, from: string | null = null) => part.results.find((x) => x.node === node && x.field === f && x.from === from)!;
    expect(field("m", "grad")).toMatchObject({ verdict: "incorrect", diagnosis: { code: "missing-fanout-sum" } });
    expect(field("m", "downstream", "m.1").verdict).toBe("carried");
    expect(field("m.1", "grad").verdict).toBe("carried");
    expect(field("s", "value").verdict).toBe("correct");
  });

  it("sends unreadable answers back without using an attempt, keeping them as a draft", async () => {
    const key = { userId: users.student3!.id, assignmentId: ids.hw, problemId: ids.std };
    const r = await submitAnswers(t.db, users.student3!, { assignmentId: ids.hw, problemId: ids.std, answers: { "grad-x1": "0.5.3" } }, now);
    expect(r.status).toBe("invalid");
    expect(await t.db.submission.count({ where: key })).toBe(0);
    const draft = await t.db.draft.findUniqueOrThrow({ where: { userId_assignmentId_problemId: key } });
    expect(draft.answers).toEqual({ "grad-x1": "0.5.3" });
  });

  it("refuses answers that do not fit the problem's parts, and staff or outsiders", async () => {
    const bad = await submitAnswers(t.db, users.student3!, { assignmentId: ids.hw, problemId: ids.std, answers: { nope: "1" } }, now);
    expect(bad).toMatchObject({ status: "refused", reason: "bad-answers" });
    expect((bad as { message: string }).message).toMatch(/nope/);
    expect(await submitAnswers(t.db, users.ta!, { assignmentId: ids.hw, problemId: ids.std, answers: {} }, now)).toMatchObject({
      status: "refused",
      reason: "forbidden",
    });
    expect(await submitAnswers(t.db, users.ta2!, { assignmentId: ids.hw, problemId: ids.std, answers: {} }, now)).toMatchObject({
      status: "refused",
      reason: "forbidden",
    });
    expect(await submitAnswers(t.db, users.student3!, { assignmentId: ids.hw, problemId: ids.stdRandom, answers: {} }, now)).toMatchObject({
      status: "refused",
      reason: "not-found",
    });
  });
});

describe("the assignment's rules", () => {
  it("enforces the attempt limit", async () => {
    await t.db.assignment.update({ where: { id: ids.hw }, data: { maxAttempts: 2 } });
    const submit = () => submitAnswers(t.db, users.student1!, { assignmentId: ids.hw, problemId: ids.ce, answers: { loss: "2.5" } }, now);
    expect((await submit()).status).toBe("graded");
    expect((await submit()).status).toBe("graded");
    expect(await submit()).toMatchObject({ status: "refused", reason: "no-attempts" });
    await t.db.assignment.update({ where: { id: ids.hw }, data: { maxAttempts: 5 } });
  });

  it("refuses before opening and after the late window; takes the late penalty off in between", async () => {
    const hw = await t.db.assignment.findUniqueOrThrow({ where: { id: ids.hw } });
    const early = new Date(hw.opensAt.getTime() - 1000);
    expect(await submitAnswers(t.db, users.student3!, { assignmentId: ids.hw, problemId: ids.ce, answers: { loss: "2.54692" } }, early)).toMatchObject({
      status: "refused",
      reason: "not-open",
    });
    const late = new Date(hw.dueAt.getTime() + 60_000);
    const r = await submitAnswers(
      t.db,
      users.student3!,
      {
        assignmentId: ids.hw,
        problemId: ids.ce,
        answers: { loss: "2.54692", formula: "-ln(e^y11/(e^y11+e^y12+e^y13)) - ln(e^y22/(e^y21+e^y22+e^y23)) - ln(e^y33/(e^y31+e^y32+e^y33))" },
      },
      late,
    );
    if (r.status !== "graded") throw new Error(r.status);
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } });
    expect(row).toMatchObject({ late: true, latePenalty: 0.2, autoScore: 1 });
    expect(row.score).toBeCloseTo(0.8);
    const closed = new Date(hw.lateUntil!.getTime() + 1000);
    expect(await submitAnswers(t.db, users.student3!, { assignmentId: ids.hw, problemId: ids.ce, answers: {} }, closed)).toMatchObject({
      status: "refused",
      reason: "closed",
    });
  });
});

describe("what the problem page sends a student", () => {
  it("carries no reference value before the release policy allows, and the solution only after the due date", async () => {
    const page = granted(await loadProblemPage(t.db, users.student1!, { assignmentId: ids.hw, problemId: ids.std, locale: "en", t: tr, now }));
    expect(page.reveal).toBe(false);
    expect(page.solutionHtml).toBeNull();
    const json = JSON.stringify({ parts: page.parts, last: page.last });
    expect(json).not.toContain('"expected"');
    const after = granted(
      await loadProblemPage(t.db, users.student1!, {
        assignmentId: ids.hw,
        problemId: ids.std,
        locale: "en",
        t: tr,
        now: new Date(now.getTime() + 30 * 86_400_000),
      }),
    );
    expect(after.reveal).toBe(true);
    expect(after.solutionHtml).toContain("katex");
    expect(JSON.stringify(after.last)).toContain('"expected"');
  });

  it("keeps the draft across loads, and unlocks a part's hints after a wrong attempt", async () => {
    await saveDraft(t.db, users.student2!, { assignmentId: ids.hw, problemId: ids.ce, answers: { loss: "2.4" } });
    const before = granted(await loadProblemPage(t.db, users.student2!, { assignmentId: ids.hw, problemId: ids.ce, locale: "en", t: tr, now }));
    expect(before.draft.answers).toEqual({ loss: "2.4" });
    expect(before.parts.find((p) => p.id === "loss")!.hintsHtml).toEqual([]);
    await submitAnswers(t.db, users.student2!, { assignmentId: ids.hw, problemId: ids.ce, answers: { loss: "2.4" } }, now);
    const after = granted(await loadProblemPage(t.db, users.student2!, { assignmentId: ids.hw, problemId: ids.ce, locale: "en", t: tr, now }));
    expect(after.parts.find((p) => p.id === "loss")!.hintsHtml[0]).toContain("natural logarithm");
  });
});

describe("variants", () => {
  it("gives each student their own variant of a randomized problem, the same on every visit", async () => {
    const ctx = (userId: string) => loadWorkContext(t.db, { userId, assignmentId: ids.practice, problemId: ids.stdRandom });
    const a1 = await ctx(users.student1!.id);
    const a2 = await ctx(users.student1!.id);
    expect(a1!.seed).toBe(a2!.seed);
    const seeds = new Set(await Promise.all(["student1", "student2", "student3"].map(async (s) => (await ctx(users[s]!.id))!.seed)));
    expect(seeds.size).toBe(3);
  });

  it("draws a new variant on request in practice mode only", async () => {
    const before = (await loadWorkContext(t.db, { userId: users.student3!.id, assignmentId: ids.practice, problemId: ids.stdRandom }))!.seed;
    expect(await drawPracticeVariant(t.db, users.student3!, { assignmentId: ids.practice, problemId: ids.stdRandom })).toEqual({ ok: true });
    const after = (await loadWorkContext(t.db, { userId: users.student3!.id, assignmentId: ids.practice, problemId: ids.stdRandom }))!.seed;
    expect(after).not.toBe(before);
    expect(await drawPracticeVariant(t.db, users.student3!, { assignmentId: ids.hw, problemId: ids.std })).toEqual({ ok: false, reason: "not-practice" });
  });
});

describe("a shortcut graph", () => {
  it("is stored with the required quantities it lacks, and the student's page names them", async () => {
    const shortcut = "input x1, x2\nd = (x1 - x2) / 2\ns = sqrt(d ^ 2)\n";
    const key = { assignmentId: ids.practice, problemId: ids.stdRandom };
    const r = await submitAnswers(t.db, users.student2!, { ...key, answers: { graph: shortcut } }, now);
    if (r.status !== "graded") throw new Error(r.status);
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } });
    const stored = (row.results as { id: string; score: number; verdict: string; check?: { missing: { node: string }[] } }[]).filter(
      (p) => p.id === "graph" || p.id === "annotate",
    );
    expect(stored.map((p) => [p.id, p.score, p.verdict])).toEqual([
      ["graph", 0.5, "incorrect"],
      ["annotate", 0, "blocked"],
    ]);
    expect(stored[0]!.check!.missing.map((m) => m.node)).toEqual(["m", "b", "v"]);
    const page = granted(await loadProblemPage(t.db, users.student2!, { ...key, locale: "en", t: tr, now }));
    const part = page.last!.parts.find((p) => p.id === "graph")!;
    expect(part).toMatchObject({ kind: "graph-construction", missing: [{ node: "m", label: "the mean of x1 and x2" }, { node: "b" }, { node: "v" }] });
    expect((part as { message: string }).message).toContain(
      'feedback.graphMissing{"missing":"the mean of x1 and x2, the squared deviation of x2 from the mean, and the variance',
    );
  });
});
