/**
 * Saved comments (a rubric) per part (lib/review/rubric.ts) on a real database (SQLite, and PostgreSQL
 * with CHAINRULE_TEST_DB=postgres): defining, applying with a click (idempotent), editing points that
 * change every submission the comment is applied to, the clamp to the part's points, an override
 * winning over the rubric, deletion that asks first, the audit entries, the student's view, and who is
 * refused, through the library and through the staff page's server actions (session and database
 * handle replaced, nothing else).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const state = vi.hoisted((): { user: unknown; db: unknown } => ({ user: null, db: null }));
vi.mock("@/lib/session", () => ({ getCurrentUser: async () => state.user }));
vi.mock("@/lib/db/client", async (original) => ({ ...(await original<object>()), getDb: () => state.db }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import {
  applyRubricAction,
  createRubricAction,
  deleteRubricAction,
  moveRubricAction,
  updateRubricAction,
} from "@/app/(staff)/teach/submissions/[submissionId]/actions";
import { loadSubmissionPage } from "@/lib/assignments/student-pages";
import { overridePart } from "@/lib/review/override";
import { applyRubricItem, createRubricItem, deleteRubricItem, moveRubricItem, rubricForSubmission, updateRubricItem } from "@/lib/review/rubric";
import { loadStaffSubmission } from "@/lib/review/submission-page";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { granted } from "../setup/granted";
import { CE_FORMULA, CE_LOSS, reviewWorld, submit, type User } from "../setup/review";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
/** Alice: formula right (3 of 3), loss wrong (0 of 2). Bob: both right (5 of 5). */
let alice: string;
let bob: string;
const now = new Date("2026-11-26T12:00:00Z");
const tr = (key: string) => key;

beforeAll(async () => {
  t = await freshDatabase();
  state.db = t.db;
  w = await reviewWorld(t.db, now);
  alice = await submit(t.db, w.users.student1!, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: "-2.54692" }, now);
  bob = await submit(t.db, w.users.student2!, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, now);
});
afterAll(() => t.dispose());

const score = async (id: string) => (await t.db.submission.findUniqueOrThrow({ where: { id }, select: { score: true } })).score;

/** Everything a rubric write may touch, to show a refusal changed nothing. */
async function snapshot() {
  const [s, items, applications, audit] = await Promise.all([
    t.db.submission.findMany({ orderBy: { id: "asc" }, select: { id: true, score: true } }),
    t.db.rubricItem.findMany({ orderBy: { id: "asc" }, select: { id: true, text: true, points: true, position: true } }),
    t.db.rubricApplication.count(),
    t.db.auditLog.count({ where: { action: { not: "submission.view" } } }),
  ]);
  return { s, items, applications, audit };
}

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}

describe("a saved comment applied to two submissions", () => {
  let item: string;

  it("is defined once for a part, with its points bounded by the part's", async () => {
    const r = await createRubricItem(t.db, w.users.ta!, { submissionId: alice, partId: "formula", text: "Missing the mean over the batch", points: "-1" });
    expect(r.ok).toBe(true);
    item = (r as { itemId: string }).itemId;
    const row = await t.db.rubricItem.findUniqueOrThrow({ where: { id: item } });
    expect(row).toMatchObject({ assignmentId: w.hw.id, problemId: w.problems.ce, partId: "formula", points: -1, position: 0 });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "rubric.create", entityId: item } });
    expect(audit).toMatchObject({ actorId: w.users.ta!.id, courseId: w.hw.courseId });
    // The formula part is worth 3 points: a delta of 4 either way does not fit it.
    expect(await createRubricItem(t.db, w.users.ta!, { submissionId: alice, partId: "formula", text: "x", points: "-4" })).toEqual({
      ok: false,
      error: "points-out-of-range",
      field: "points",
    });
    expect(await createRubricItem(t.db, w.users.ta!, { submissionId: alice, partId: "nope", text: "x", points: "1" })).toMatchObject({
      ok: false,
      error: "unknown-part",
    });
  });

  it("refuses bad input naming the field", async () => {
    const base = { submissionId: alice, partId: "formula" };
    expect(await createRubricItem(t.db, w.users.ta!, { ...base, text: "  ", points: "-1" })).toEqual({ ok: false, error: "text-required", field: "text" });
    expect(await createRubricItem(t.db, w.users.ta!, { ...base, text: "a".repeat(501), points: "-1" })).toEqual({
      ok: false,
      error: "text-too-long",
      field: "text",
    });
    expect(await createRubricItem(t.db, w.users.ta!, { ...base, text: "ok", points: "one" })).toEqual({
      ok: false,
      error: "points-not-a-number",
      field: "points",
    });
    expect(await updateRubricItem(t.db, w.users.ta!, { itemId: item, text: "ok", points: "" })).toEqual({
      ok: false,
      error: "points-required",
      field: "points",
    });
  });

  it("is applied with a click to each submission, and applying it again changes nothing", async () => {
    expect(await score(alice)).toBeCloseTo(3 / 5);
    expect(await score(bob)).toBeCloseTo(1);
    expect(await applyRubricItem(t.db, w.users.ta!, { submissionId: alice, itemId: item, applied: "true" })).toMatchObject({ ok: true, changed: true });
    expect(await applyRubricItem(t.db, w.users.instructor!, { submissionId: bob, itemId: item, applied: "true" })).toMatchObject({ ok: true, changed: true });
    expect(await score(alice)).toBeCloseTo(2 / 5);
    expect(await score(bob)).toBeCloseTo(4 / 5);
    const before = await snapshot();
    // The same click twice, and two at once: one row, one score, no extra audit entry.
    const again = await Promise.all([
      applyRubricItem(t.db, w.users.ta!, { submissionId: alice, itemId: item, applied: "true" }),
      applyRubricItem(t.db, w.users.ta!, { submissionId: alice, itemId: item, applied: "true" }),
    ]);
    expect(again.map((r) => r.ok && r.changed)).toEqual([false, false]);
    expect(await snapshot()).toEqual(before);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "submission.rubric-apply", entityId: alice } });
    expect(audit.before).toMatchObject({ score: 0.6 });
    expect(audit.after).toMatchObject({ partId: "formula", points: -1 });
    expect((audit.after as { score: number }).score).toBeCloseTo(0.4);
  });

  it("changing its points to −2 changes both submissions' scores, with one audit entry saying old → new and how many", async () => {
    const r = await updateRubricItem(t.db, w.users.ta!, { itemId: item, text: "Missing the mean over the batch", points: "-2" });
    expect(r).toEqual({ ok: true, submissions: 2 });
    expect(await score(alice)).toBeCloseTo(1 / 5);
    expect(await score(bob)).toBeCloseTo(3 / 5);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "rubric.edit", entityId: item } });
    expect(audit).toMatchObject({ entityType: "rubricItem", courseId: w.hw.courseId, actorId: w.users.ta!.id });
    expect(audit.before).toEqual({ text: "Missing the mean over the batch", points: -1 });
    expect(audit.after).toEqual({ text: "Missing the mean over the batch", points: -2, submissions: 2 });
  });

  it("keeps a part within 0..its points however many comments apply", async () => {
    const r = await createRubricItem(t.db, w.users.ta!, { submissionId: bob, partId: "loss", text: "Sign error", points: "-1.5" });
    const sign = (r as { itemId: string }).itemId;
    await applyRubricItem(t.db, w.users.ta!, { submissionId: alice, itemId: sign, applied: "true" });
    await applyRubricItem(t.db, w.users.ta!, { submissionId: bob, itemId: sign, applied: "true" });
    // Alice's loss was 0 of 2: it stays 0. Bob's: 2 − 1.5 = 0.5 of 2.
    expect(await score(alice)).toBeCloseTo(1 / 5);
    expect(await score(bob)).toBeCloseTo((1 + 0.5) / 5);
    const bonus = (await createRubricItem(t.db, w.users.ta!, { submissionId: bob, partId: "loss", text: "Nice", points: "+2" })) as { itemId: string };
    await applyRubricItem(t.db, w.users.ta!, { submissionId: bob, itemId: bonus.itemId, applied: "true" });
    // 2 − 1.5 + 2 = 2.5, capped at the part's 2 points.
    expect(await score(bob)).toBeCloseTo((1 + 2) / 5);
    expect((await applyRubricItem(t.db, w.users.ta!, { submissionId: bob, itemId: bonus.itemId, applied: "false" })).ok).toBe(true);
    expect(await score(bob)).toBeCloseTo((1 + 0.5) / 5);
    expect(await t.db.auditLog.count({ where: { action: "submission.rubric-remove", entityId: bob } })).toBe(1);
    const order = await rubricForSubmission(t.db, bob);
    expect(order.get("loss")!.map((i) => [i.text, i.applied, i.uses])).toEqual([
      ["Sign error", true, 2],
      ["Nice", false, 0],
    ]);
    expect((await moveRubricItem(t.db, w.users.ta!, { itemId: bonus.itemId, direction: "up" })).ok).toBe(true);
    expect((await rubricForSubmission(t.db, bob)).get("loss")!.map((i) => i.text)).toEqual(["Nice", "Sign error"]);
    expect((await deleteRubricItem(t.db, w.users.ta!, { itemId: bonus.itemId })).ok).toBe(true);
  });

  it("shows the student the comments under their parts and the adjusted part scores", async () => {
    const page = granted(await loadSubmissionPage(t.db, w.users.student2!, { submissionId: bob, locale: "en", t: tr, now }));
    const formula = page.view.parts.find((p) => p.id === "formula")!;
    expect(formula.rubric).toEqual([{ text: "Missing the mean over the batch", points: -2 }]);
    expect(formula.score).toBeCloseTo(1 / 3);
    expect(page.view.parts.find((p) => p.id === "loss")!.score).toBeCloseTo(0.25);
    expect(page.view.score).toBeCloseTo(1.5 / 5);
    const staff = await loadStaffSubmission(t.db, w.users.ta!, { submissionId: bob, locale: "en", t: tr });
    expect("rubric" in staff && staff.rubric.get("formula")!.map((i) => [i.points, i.applied, i.uses])).toEqual([[-2, true, 2]]);
  });

  it("a part's override wins over its rubric comments, which count again once nothing overrides", async () => {
    expect(
      (await overridePart(t.db, w.users.ta!, { submissionId: bob, partId: "formula", score: "3", unit: "points", comment: "Full marks after all" })).ok,
    ).toBe(true);
    expect(await score(bob)).toBeCloseTo((3 + 0.5) / 5);
    // Editing the comment does not reach past the override.
    expect(await updateRubricItem(t.db, w.users.ta!, { itemId: item, text: "Missing the mean over the batch", points: "-3" })).toEqual({
      ok: true,
      submissions: 2,
    });
    expect(await score(bob)).toBeCloseTo((3 + 0.5) / 5);
    expect(await score(alice)).toBeCloseTo(0);
  });

  it("asks before deleting a comment that is applied, then takes it off every submission (audited)", async () => {
    const before = await snapshot();
    expect(await deleteRubricItem(t.db, w.users.ta!, { itemId: item })).toEqual({ ok: false, error: "confirm-required", field: "confirm" });
    expect(await snapshot()).toEqual(before);
    expect(await deleteRubricItem(t.db, w.users.ta!, { itemId: item, confirm: "yes" })).toEqual({ ok: true, submissions: 2 });
    expect(await t.db.rubricApplication.count({ where: { rubricItemId: item } })).toBe(0);
    // Alice: formula back to 3, loss still 0 (sign error on a zero part).
    expect(await score(alice)).toBeCloseTo(3 / 5);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "rubric.delete", entityId: item } });
    expect(audit.before).toEqual({ partId: "formula", text: "Missing the mean over the batch", points: -3, submissions: 2 });
  });
});

describe("who may use the rubric", () => {
  let item: string;
  beforeAll(async () => {
    item = ((await createRubricItem(t.db, w.users.ta!, { submissionId: alice, partId: "loss", text: "Check the sign", points: "-1" })) as { itemId: string })
      .itemId;
  });

  const refusedTo: [string, () => User][] = [
    ["the student whose submission it is", () => w.users.student1!],
    ["another student", () => w.users.student2!],
    ["another course's TA", () => w.users.ta2!],
  ];

  it.each(refusedTo)("refuses %s every library call, changing nothing", async (_who, user) => {
    const before = await snapshot();
    const u = user();
    const calls = [
      createRubricItem(t.db, u, { submissionId: alice, partId: "loss", text: "x", points: "1" }),
      updateRubricItem(t.db, u, { itemId: item, text: "x", points: "1" }),
      applyRubricItem(t.db, u, { submissionId: alice, itemId: item, applied: "true" }),
      moveRubricItem(t.db, u, { itemId: item, direction: "down" }),
      deleteRubricItem(t.db, u, { itemId: item, confirm: "yes" }),
    ];
    for (const r of await Promise.all(calls)) expect(r).toEqual({ ok: false, error: "forbidden" });
    expect(await snapshot()).toEqual(before);
  });

  it.each(refusedTo)("refuses %s every server action, changing nothing", async (_who, user) => {
    const before = await snapshot();
    state.user = user();
    const results = [
      await createRubricAction(null, form({ submissionId: alice, partId: "loss", text: "x", points: "1" })),
      await updateRubricAction(null, form({ submissionId: alice, itemId: item, text: "x", points: "1" })),
      await applyRubricAction(null, form({ submissionId: alice, itemId: item, applied: "true" })),
      await moveRubricAction(null, form({ submissionId: alice, itemId: item, direction: "down" })),
      await deleteRubricAction(null, form({ submissionId: alice, itemId: item, confirm: "yes" })),
    ];
    for (const r of results) expect(r).toMatchObject({ status: "error", error: "forbidden" });
    expect(await snapshot()).toEqual(before);
  });

  it("the server actions work for the course's TA and report the failing field", async () => {
    state.user = w.users.ta!;
    const sign = await t.db.rubricItem.findFirstOrThrow({ where: { text: "Sign error" }, select: { id: true } });
    expect(await applyRubricAction(null, form({ submissionId: bob, itemId: sign.id, applied: "false" }))).toMatchObject({ status: "ok" });
    // Bob: formula overridden to 3, loss 2 of 2 again.
    expect(await score(bob)).toBeCloseTo(1);
    expect(await applyRubricAction(null, form({ submissionId: bob, itemId: item, applied: "true" }))).toMatchObject({ status: "ok" });
    expect(await score(bob)).toBeCloseTo((3 + 1) / 5);
    expect(await updateRubricAction(null, form({ submissionId: bob, itemId: item, text: "Check the sign", points: "-2" }))).toMatchObject({ status: "ok" });
    expect(await score(bob)).toBeCloseTo((3 + 0) / 5);
    expect(await updateRubricAction(null, form({ submissionId: bob, itemId: item, text: "Check the sign", points: "9" }))).toMatchObject({
      status: "error",
      error: "points-out-of-range",
      field: "points",
    });
    state.user = null;
    expect(await applyRubricAction(null, form({ submissionId: bob, itemId: item, applied: "false" }))).toMatchObject({
      status: "error",
      error: "unauthenticated",
    });
  });

  it("refuses an item of another problem on a submission", async () => {
    const other = await submit(t.db, w.users.student1!, w.hw.id, w.problems.std, {}, now);
    expect(await applyRubricItem(t.db, w.users.ta!, { submissionId: other, itemId: item, applied: "true" })).toEqual({
      ok: false,
      error: "item-unknown",
      field: "itemId",
    });
  });
});
