import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBulkRegrade, planBulkRegrade } from "@/lib/review/bulk-regrade";
import { overridePart } from "@/lib/review/override";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { CE_FORMULA, CE_LOSS, reviewWorld, submit } from "../setup/review";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
let alice: string;
let bob: string;
const now = new Date("2026-11-26T12:00:00Z");

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  alice = await submit(t.db, w.users.student1!, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, now);
  bob = await submit(t.db, w.users.student2!, w.hw.id, w.problems.ce, { loss: "-2.54692" }, now);
  // Alice's loss was right; a TA also marked it by hand.
  const o = await overridePart(t.db, w.users.ta!, { submissionId: alice, partId: "loss", score: "1", unit: "fraction", comment: "Checked by hand." });
  expect(o.ok).toBe(true);
});
afterAll(() => t.dispose());

/** A fixed version of the cross-entropy problem in which y11 is `y11` instead of 0.65: Alice's loss is now wrong. */
async function newVersion(y11: number) {
  const latest = await t.db.problemVersion.findFirstOrThrow({ where: { problemId: w.problems.ce }, orderBy: { version: "desc" } });
  const content = structuredClone(latest.content) as { parameters: { Y: { value: number[][] } } };
  content.parameters.Y.value[0]![0] = y11;
  return t.db.problemVersion.create({
    data: { problemId: w.problems.ce, version: latest.version + 1, content, source: "edited", contentHash: `fix-${y11}` },
  });
}

async function everything() {
  const [submissions, overrides, audit] = await Promise.all([
    t.db.submission.findMany({ orderBy: { id: "asc" } }),
    t.db.scoreOverride.findMany({ orderBy: { id: "asc" } }),
    t.db.auditLog.count(),
  ]);
  return { submissions, overrides, audit };
}

describe("bulk regrade", () => {
  let v2: { id: string; version: number };

  it("has nothing to do while every submission is on the latest version", async () => {
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false });
    expect(plan!.items).toEqual([]);
    expect(plan!.problems.map((p) => p.stale)).toEqual([0, 0]);
  });

  it("previews the change per student and part without writing anything, keeping overrides unless asked", async () => {
    v2 = await newVersion(0.95);
    const before = await everything();
    const keep = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false });
    const replace = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: true });
    expect(await everything()).toEqual(before);

    const ce = keep!.problems.find((p) => p.id === w.problems.ce)!;
    expect(ce).toMatchObject({ latest: { id: v2.id, version: 2 }, stale: 2, changed: 0, failed: 0 });
    expect(keep!.items.map((i) => [i.student.name, i.changed])).toEqual([
      ["Alice Zhang", false],
      ["Bob Li", false],
    ]);
    const aliceReplace = replace!.items.find((i) => i.submissionId === alice)!;
    expect(aliceReplace.changed).toBe(true);
    expect(aliceReplace.parts).toEqual([{ partId: "loss", before: 1, after: 0, autoBefore: 1, autoAfter: 0, overridden: true }]);
    expect(aliceReplace.scoreBefore).toBe(1);
    expect(aliceReplace.scoreAfter).toBeCloseTo(0.6);
    expect(replace!.items.find((i) => i.submissionId === bob)!.changed).toBe(false);
    expect(keep!.versions).toBe(replace!.versions);
    expect(keep!.versions).toContain(`${w.problems.ce}:${v2.id}`);
  });

  it("refuses a stale preview, bad input and the TA of another course, changing nothing", async () => {
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false });
    const before = await everything();
    const stale = plan!.versions.replace(v2.id, "abcdefghijkl");
    expect(await applyBulkRegrade(t.db, w.users.ta!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: stale })).toEqual({ ok: false, error: "stale-preview" });
    expect(await applyBulkRegrade(t.db, w.users.ta!, { assignmentId: w.hw.id, replaceOverrides: "yes", versions: plan!.versions })).toMatchObject({ ok: false, error: "bad-input" });
    expect(await applyBulkRegrade(t.db, w.users.ta!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: "x;y" })).toMatchObject({ ok: false, error: "stale-preview" });
    expect(await applyBulkRegrade(t.db, w.users.ta2!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: plan!.versions })).toEqual({ ok: false, error: "forbidden" });
    expect(await applyBulkRegrade(t.db, w.users.student1!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: plan!.versions })).toEqual({ ok: false, error: "forbidden" });
    expect(await everything()).toEqual(before);
  });

  it("applies on confirmation: versions move, results are regraded, overridden parts keep their score, each change audited", async () => {
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false });
    const r = await applyBulkRegrade(t.db, w.users.ta!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: plan!.versions });
    expect(r).toEqual({ ok: true, applied: 2, changed: 0 });
    const a = await t.db.submission.findUniqueOrThrow({ where: { id: alice } });
    expect(a.problemVersionId).toBe(v2.id);
    expect(a.autoScore).toBeCloseTo(0.6);
    expect(a.score).toBe(1);
    const loss = (a.results as { id: string; verdict: string }[]).find((p) => p.id === "loss")!;
    expect(loss.verdict).toBe("incorrect");
    expect(await t.db.scoreOverride.count({ where: { submissionId: alice } })).toBe(1);
    expect((await t.db.submission.findUniqueOrThrow({ where: { id: bob } })).problemVersionId).toBe(v2.id);
    const audit = await t.db.auditLog.findMany({ where: { action: "submission.regrade" }, orderBy: { entityId: "asc" } });
    expect(audit.map((e) => e.entityId).sort()).toEqual([alice, bob].sort());
    const aliceAudit = audit.find((e) => e.entityId === alice)!;
    expect(aliceAudit.actorId).toBe(w.users.ta!.id);
    expect(aliceAudit.before).toMatchObject({ version: 1, score: 1 });
    expect(aliceAudit.after).toMatchObject({ version: 2, score: 1 });
    expect((await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false }))!.items).toEqual([]);
  });

  it("replaces overrides when asked: the regraded score counts and the removed overrides are in the audit", async () => {
    const v3 = await newVersion(0.25);
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: true });
    const item = plan!.items.find((i) => i.submissionId === alice)!;
    expect(item).toMatchObject({ changed: true, fromVersion: { version: 2 }, scoreBefore: 1 });
    const r = await applyBulkRegrade(t.db, w.users.instructor!, { assignmentId: w.hw.id, replaceOverrides: "1", versions: plan!.versions });
    expect(r).toEqual({ ok: true, applied: 2, changed: 1 });
    const a = await t.db.submission.findUniqueOrThrow({ where: { id: alice } });
    expect(a.problemVersionId).toBe(v3.id);
    expect(a.score).toBeCloseTo(0.6);
    expect(await t.db.scoreOverride.count({ where: { submissionId: alice } })).toBe(0);
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "submission.regrade", entityId: alice, actorId: w.users.instructor!.id } });
    expect(entry.before).toEqual({ version: 2, score: 1, parts: { loss: 1 } });
    expect(entry.after).toMatchObject({ version: 3, parts: { loss: 0 }, overridesRemoved: 1 });
  });
});
