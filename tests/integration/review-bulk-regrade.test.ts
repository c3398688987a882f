import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAssignmentPage } from "@/lib/assignments/student-pages";
import { loadWorkContext } from "@/lib/assignments/workspace";
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

/** A fixed version of the cross-entropy problem in which y11 is `y11` instead of 0.65 (and a new title): Alice's loss is now wrong. */
async function newVersion(y11: number) {
  const latest = await t.db.problemVersion.findFirstOrThrow({ where: { problemId: w.problems.ce }, orderBy: { version: "desc" } });
  const content = structuredClone(latest.content) as { title: string; parameters: { Y: { value: number[][] } } };
  content.parameters.Y.value[0]![0] = y11;
  content.title = `Cross-entropy with y11 = ${y11}`;
  return t.db.problemVersion.create({
    data: {
      problemId: w.problems.ce,
      version: latest.version + 1,
      content,
      source: "edited",
      contentHash: `fix-${y11}`,
      title: `Cross-entropy with y11 = ${y11}`,
    },
  });
}

async function everything() {
  const [submissions, overrides, audit, pins] = await Promise.all([
    t.db.submission.findMany({ orderBy: { id: "asc" } }),
    t.db.scoreOverride.findMany({ orderBy: { id: "asc" } }),
    t.db.auditLog.count(),
    t.db.assignmentProblem.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { submissions, overrides, audit, pins };
}

const pinnedVersion = async () =>
  (
    await t.db.assignmentProblem.findUniqueOrThrow({
      where: { assignmentId_problemId: { assignmentId: w.hw.id, problemId: w.problems.ce } },
      include: { problemVersion: true },
    })
  ).problemVersion.version;
const to = (version: number) => new Map([[w.problems.ce, version]]);

describe("bulk regrade and moving an assignment to another version", () => {
  let v1: string;
  let v2: { id: string; version: number };

  it("has nothing to do while every submission is on the version the assignment uses", async () => {
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false });
    expect(plan!.items).toEqual([]);
    expect(plan!.moves).toBe(0);
    expect(plan!.problems.map((p) => p.stale)).toEqual([0, 0]);
    v1 = plan!.problems.find((p) => p.id === w.problems.ce)!.pinned.id;
  });

  it("a new version changes nothing by itself: students keep the pinned version, its title and its numbers, and nothing is stale", async () => {
    v2 = await newVersion(0.95);
    const context = await loadWorkContext(t.db, { userId: w.users.student3!.id, assignmentId: w.hw.id, problemId: w.problems.ce });
    expect(context!.version).toEqual({ id: v1, version: 1 });
    expect(context!.variant.parameters.Y).toEqual([
      [0.65, 0.43, 0.11],
      [0.05, 0.51, 0.18],
      [0.33, 0.21, 0.72],
    ]);
    const page = await loadAssignmentPage(t.db, w.users.student3!, { assignmentId: w.hw.id, locale: "en", now });
    if (!("problems" in page)) throw new Error(JSON.stringify(page));
    expect(page.problems!.map((p) => p.title)).not.toContain("Cross-entropy with y11 = 0.95");
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false });
    expect(plan!.items).toEqual([]);
    expect(plan!.problems.find((p) => p.id === w.problems.ce)).toMatchObject({ pinned: { version: 1 }, target: { version: 1 }, stale: 0 });
    expect(plan!.problems.find((p) => p.id === w.problems.ce)!.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it("previews a move per student and part without writing anything, keeping overrides unless asked", async () => {
    const before = await everything();
    const keep = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false, moves: to(2) });
    const replace = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: true, moves: to(2) });
    expect(await everything()).toEqual(before);

    const ce = keep!.problems.find((p) => p.id === w.problems.ce)!;
    expect(ce).toMatchObject({
      pinned: { id: v1, version: 1 },
      target: { id: v2.id, version: 2 },
      stale: 2,
      changed: 0,
      failed: 0,
      title: "Cross-entropy with y11 = 0.95",
    });
    expect(keep!.moves).toBe(1);
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
    expect(keep!.versions).toContain(`${w.problems.ce}:${v1}:${v2.id}`);
    // A move to a version or problem the assignment does not have is no plan at all.
    expect(await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false, moves: to(7) })).toBeNull();
    expect(await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false, moves: new Map([[w.problems.gate, 1]]) })).toBeNull();
  });

  it("refuses a stale preview, bad input, a TA moving a version, and staff of another course, changing nothing", async () => {
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false, moves: to(2) });
    const before = await everything();
    const stale = plan!.versions.replace(`${v1}:${v2.id}`, `${v2.id}:${v2.id}`);
    expect(await applyBulkRegrade(t.db, w.users.instructor!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: stale })).toEqual({
      ok: false,
      error: "stale-preview",
    });
    expect(await applyBulkRegrade(t.db, w.users.instructor!, { assignmentId: w.hw.id, replaceOverrides: "yes", versions: plan!.versions })).toMatchObject({
      ok: false,
      error: "bad-input",
    });
    expect(await applyBulkRegrade(t.db, w.users.instructor!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: "x;y" })).toMatchObject({
      ok: false,
      error: "stale-preview",
    });
    // Regrading is for the course's staff; moving the assignment to another version for its instructors.
    expect(await applyBulkRegrade(t.db, w.users.ta!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: plan!.versions })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await applyBulkRegrade(t.db, w.users.ta2!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: plan!.versions })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await applyBulkRegrade(t.db, w.users.student1!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: plan!.versions })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await everything()).toEqual(before);
    expect(await pinnedVersion()).toBe(1);
  });

  it("applies a move on confirmation: the pin moves (audited), submissions are regraded against it, overridden parts keep their score", async () => {
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false, moves: to(2) });
    const r = await applyBulkRegrade(t.db, w.users.instructor!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: plan!.versions });
    expect(r).toEqual({ ok: true, applied: 2, changed: 0, moved: 1 });
    expect(await pinnedVersion()).toBe(2);
    const pin = await t.db.auditLog.findFirstOrThrow({ where: { action: "assignment.version", entityId: w.hw.id } });
    expect(pin).toMatchObject({
      actorId: w.users.instructor!.id,
      courseId: w.courses["DL-101"],
      before: { problemId: w.problems.ce, version: 1 },
      after: { problemId: w.problems.ce, version: 2 },
    });
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
    expect(aliceAudit.actorId).toBe(w.users.instructor!.id);
    expect(aliceAudit.before).toMatchObject({ version: 1, score: 1 });
    expect(aliceAudit.after).toMatchObject({ version: 2, score: 1 });
    // Students now get the version the assignment moved to.
    const context = await loadWorkContext(t.db, { userId: w.users.student3!.id, assignmentId: w.hw.id, problemId: w.problems.ce });
    expect(context!.version).toEqual({ id: v2.id, version: 2 });
    expect((await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false }))!.items).toEqual([]);
  });

  it("lets a TA regrade work left on another version against the pinned one, without moving anything", async () => {
    // Work graded before the version moved and left behind (as after a failed regrade, or from before pins existed).
    await t.db.submission.update({ where: { id: bob }, data: { problemVersionId: v1 } });
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: false });
    expect(plan!.moves).toBe(0);
    expect(plan!.items.map((i) => [i.submissionId, i.fromVersion.version])).toEqual([[bob, 1]]);
    const r = await applyBulkRegrade(t.db, w.users.ta!, { assignmentId: w.hw.id, replaceOverrides: "0", versions: plan!.versions });
    expect(r).toEqual({ ok: true, applied: 1, changed: 0, moved: 0 });
    expect((await t.db.submission.findUniqueOrThrow({ where: { id: bob } })).problemVersionId).toBe(v2.id);
    expect(await pinnedVersion()).toBe(2);
  });

  it("replaces overrides when asked: the regraded score counts and the removed overrides are in the audit", async () => {
    const v3 = await newVersion(0.25);
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: true, moves: to(3) });
    const item = plan!.items.find((i) => i.submissionId === alice)!;
    expect(item).toMatchObject({ changed: true, fromVersion: { version: 2 }, scoreBefore: 1 });
    const r = await applyBulkRegrade(t.db, w.users.instructor!, { assignmentId: w.hw.id, replaceOverrides: "1", versions: plan!.versions });
    expect(r).toEqual({ ok: true, applied: 2, changed: 1, moved: 1 });
    const a = await t.db.submission.findUniqueOrThrow({ where: { id: alice } });
    expect(a.problemVersionId).toBe(v3.id);
    expect(a.score).toBeCloseTo(0.6);
    expect(await t.db.scoreOverride.count({ where: { submissionId: alice } })).toBe(0);
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { action: "submission.regrade", entityId: alice, actorId: w.users.instructor!.id },
      orderBy: { createdAt: "desc" },
    });
    expect(entry.before).toEqual({ version: 2, score: 1, parts: { loss: 1 } });
    expect(entry.after).toMatchObject({ version: 3, parts: { loss: 0 }, overridesRemoved: 1 });
  });

  it("moves an assignment nobody submitted to: nothing to regrade, the pin moves", async () => {
    const gate = await t.db.problemVersion.findFirstOrThrow({ where: { problemId: w.problems.gate }, orderBy: { version: "desc" } });
    await t.db.problemVersion.create({
      data: { problemId: w.problems.gate, version: gate.version + 1, content: gate.content as object, source: "", contentHash: "gate-2", title: gate.title },
    });
    const plan = await planBulkRegrade(t.db, { assignmentId: w.practice.id, replaceOverrides: false, moves: new Map([[w.problems.gate, gate.version + 1]]) });
    expect(plan!.items).toEqual([]);
    expect(plan!.moves).toBe(1);
    expect(await applyBulkRegrade(t.db, w.users.instructor!, { assignmentId: w.practice.id, replaceOverrides: "0", versions: plan!.versions })).toEqual({
      ok: true,
      applied: 0,
      changed: 0,
      moved: 1,
    });
    const pin = await t.db.assignmentProblem.findUniqueOrThrow({
      where: { assignmentId_problemId: { assignmentId: w.practice.id, problemId: w.problems.gate } },
      include: { problemVersion: true },
    });
    expect(pin.problemVersion.version).toBe(gate.version + 1);
  });
});
