import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOM } from "@/lib/csv";
import { csvRows as parseCsv } from "@/lib/csv";
import { gradebookCsv, SUBMISSION_COLUMNS, submissionsCsv } from "@/lib/export/gradebook";
import { overridePart } from "@/lib/review/override";
import { applyRubricItem, createRubricItem, updateRubricItem } from "@/lib/review/rubric";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { addStudents, CE_FORMULA, CE_LOSS, reviewWorld, submit } from "../setup/review";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
const now = new Date("2026-11-26T12:00:00Z");
const ids: Record<string, string> = {};

const CE = "Cross-entropy of a batch of three samples (homework 2, 1.1)";
const STD = "Standard deviation of two samples (homework 2, 1.2)";

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  const { users, hw, problems } = w;
  await t.db.user.update({ where: { id: users.student2!.id }, data: { name: "Li, Bob" } });
  const [mallory] = await addStudents(t.db, w.courses["DL-101"]!, ['=HYPERLINK("http://evil.test","Mallory")']);
  ids.alice1 = await submit(t.db, users.student1!, hw.id, problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, now);
  ids.alice2 = await submit(t.db, users.student1!, hw.id, problems.ce, { formula: CE_FORMULA, loss: "-2.54692" }, new Date(now.getTime() + 60_000));
  ids.bob1 = await submit(t.db, users.student2!, hw.id, problems.ce, { loss: "-2.54692" }, new Date(hw.dueAt.getTime() + 3_600_000));
  const o = await overridePart(t.db, users.ta!, { submissionId: ids.bob1, partId: "loss", score: "2", unit: "points", comment: "sign only" });
  expect(o.ok).toBe(true);
  ids.mallory = await submit(t.db, mallory!, hw.id, problems.ce, { loss: CE_LOSS }, now);
});
afterAll(() => t.dispose());

describe("the gradebook CSV", () => {
  it("has the LMS layout: name, email, login id, one column per assignment problem with its points, then the total", async () => {
    const out = await gradebookCsv(t.db, w.courses["DL-101"]!);
    expect(out!.fileName).toBe("DL-101-gradebook.csv");
    expect(out!.csv.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parseCsv(out!.csv);
    expect(header).toEqual([
      "Student name",
      "Email",
      "Login ID",
      `Homework 2: theory — ${CE} (5)`,
      `Homework 2: theory — ${STD} (10)`,
      "Backpropagation practice — Standard deviation of two samples (randomized) (10)",
      "Backpropagation practice — Cross-entropy of a batch of three samples (randomized) (5)",
      "Backpropagation practice — Backpropagation through f = (x + y) · z (4)",
      "Backpropagation practice — A sigmoid neuron: forward pass and gradients (5)",
      "Backpropagation practice — Softmax with cross-entropy: the gradient with respect to the logits (5)",
      "Backpropagation practice — Mean squared error of a linear model over a batch (5)",
      "Backpropagation practice — A two-layer perceptron: forward and backward on tiny matrices (10)",
      "Total (59)",
    ]);
    // The header cell with a comma is quoted in the file itself.
    expect(out!.csv.split("\r\n")[0]).toContain(`"Homework 2: theory — ${CE} (5)"`);
    expect(rows.map((r) => r[0])).toEqual(['\'=HYPERLINK("http://evil.test","Mallory")', "Alice Zhang", "Carol Wang", "Li, Bob"]);
    const alice = rows.find((r) => r[1] === "student1@chainrule.test")!;
    // BEST rule: attempt 1 (5 of 5) counts, not attempt 2 (3 of 5); unsubmitted problems are empty.
    expect(alice).toEqual(["Alice Zhang", "student1@chainrule.test", "student1@chainrule.test", "5", "", "", "", "", "", "", "", "", "5"]);
    // Late (20 % off) with the loss overridden to 2 of 2 points: 2 / 5 × 0.8 × 5 = 1.6.
    const bob = rows.find((r) => r[1] === "student2@chainrule.test")!;
    expect(bob.slice(0, 4)).toEqual(["Li, Bob", "student2@chainrule.test", "student2@chainrule.test", "1.6"]);
    expect(bob.at(-1)).toBe("1.6");
    expect(out!.csv).toContain('"Li, Bob",student2@chainrule.test');
    expect(out!.csv).toContain(`"'=HYPERLINK(""http://evil.test"",""Mallory"")"`);
    const carol = rows.find((r) => r[0] === "Carol Wang")!;
    expect(carol.slice(3)).toEqual(["", "", "", "", "", "", "", "", "", "0"]);
  });

  it("follows the LATEST rule when the assignment uses it", async () => {
    await t.db.assignment.update({ where: { id: w.hw.id }, data: { scoreRule: "LATEST" } });
    try {
      const rows = parseCsv((await gradebookCsv(t.db, w.courses["DL-101"]!))!.csv);
      expect(rows.find((r) => r[1] === "student1@chainrule.test")![3]).toBe("3");
    } finally {
      await t.db.assignment.update({ where: { id: w.hw.id }, data: { scoreRule: "BEST" } });
    }
  });

  it("is empty of students for a course without any", async () => {
    const rows = parseCsv((await gradebookCsv(t.db, w.courses["DL-201"]!))!.csv);
    expect(rows).toEqual([["Student name", "Email", "Login ID", "Total (0)"]]);
  });
});

describe("the per-submission CSV", () => {
  it("has one row per attempt with times, late flag, scores in points, penalty, overridden parts and mistakes", async () => {
    const out = await submissionsCsv(t.db, w.hw.id);
    expect(out!.fileName).toBe("DL-101-Homework-2-theory-submissions.csv");
    const [header, ...rows] = parseCsv(out!.csv);
    expect(header).toEqual([...SUBMISSION_COLUMNS]);
    expect(rows).toHaveLength(4);
    const created = await t.db.submission.findUniqueOrThrow({ where: { id: ids.alice2 }, select: { createdAt: true } });
    const alice2 = rows.find((r) => r[1] === "student1@chainrule.test" && r[4] === "2")!;
    expect(alice2).toEqual([
      "Alice Zhang",
      "student1@chainrule.test",
      CE,
      "5",
      "2",
      created.createdAt.toISOString(),
      "no",
      "3",
      "0",
      "3",
      "no",
      "",
      "sign-flip (1)",
      "formula: 3; loss: 0",
      "",
      "",
      "",
    ]);
    const alice1 = rows.find((r) => r[1] === "student1@chainrule.test" && r[4] === "1")!;
    expect(alice1[10]).toBe("yes");
    const bob = rows.find((r) => r[1] === "student2@chainrule.test")!;
    expect(bob.slice(6, 13)).toEqual(["yes", "0", "20", "1.6", "yes", "loss", "sign-flip (1)"]);
    expect(rows.map((r) => r[0])).toContain('\'=HYPERLINK("http://evil.test","Mallory")');
  });
});

describe("the per-submission CSV's override columns", () => {
  it("appends part scores after overrides, the final score and the override's comment, keeping the older columns in place", async () => {
    const out = await submissionsCsv(t.db, w.hw.id);
    const [header, ...rows] = parseCsv(out!.csv);
    expect(header!.slice(0, 13)).toEqual([
      "Student name",
      "Email",
      "Problem",
      "Points possible",
      "Attempt",
      "Created at",
      "Late",
      "Auto score",
      "Late penalty %",
      "Score",
      "Counted",
      "Overridden parts",
      "Mistakes",
    ]);
    expect(header!.slice(13)).toEqual(["Part scores", "Override final score", "Override comments", "Rubric comments"]);
    // Bob: no formula (0 of 3), the loss overridden to 2 of 2 points, late by 20%: (0 + 2) × 0.8 = 1.6.
    const bob = rows.find((r) => r[1] === "student2@chainrule.test")!;
    expect(bob.slice(13)).toEqual(["formula: 0; loss: 2", "1.6", "loss: sign only", ""]);
    // A later override of the same part replaces the earlier one in every new column.
    const again = await overridePart(t.db, w.users.ta!, {
      submissionId: ids.bob1,
      partId: "loss",
      score: "1",
      unit: "points",
      comment: "half: the sign matters",
    });
    expect(again.ok).toBe(true);
    const [, ...after] = parseCsv((await submissionsCsv(t.db, w.hw.id))!.csv);
    const bobAfter = after.find((r) => r[1] === "student2@chainrule.test")!;
    expect(bobAfter[9]).toBe("0.8");
    expect(bobAfter.slice(13)).toEqual(["formula: 0; loss: 1", "0.8", "loss: half: the sign matters", ""]);
  });
});

describe("the exports with rubric comments applied", () => {
  it("give the adjusted part scores, the score and the comments, and follow an edit of the comment's points", async () => {
    // Alice's attempt 2: formula 3 of 3, loss 0 of 2. A −1 on the formula makes it 2 of 3.
    const made = await createRubricItem(t.db, w.users.ta!, { submissionId: ids.alice2, partId: "formula", text: "No mean", points: "-1" });
    const itemId = (made as { itemId: string }).itemId;
    expect((await applyRubricItem(t.db, w.users.ta!, { submissionId: ids.alice2, itemId, applied: "true" })).ok).toBe(true);
    const row = async () => parseCsv((await submissionsCsv(t.db, w.hw.id))!.csv).find((r) => r[1] === "student1@chainrule.test" && r[4] === "2")!;
    let alice2 = await row();
    expect(alice2[9]).toBe("2");
    expect(alice2.slice(13)).toEqual(["formula: 2; loss: 0", "2", "", "formula: -1 No mean"]);
    expect((await updateRubricItem(t.db, w.users.ta!, { itemId, text: "No mean", points: "-2.5" })).ok).toBe(true);
    alice2 = await row();
    expect(alice2[9]).toBe("0.5");
    expect(alice2.slice(13)).toEqual(["formula: 0.5; loss: 0", "0.5", "", "formula: -2.5 No mean"]);
    // Under LATEST, the gradebook's cell for Alice is that adjusted attempt.
    await t.db.assignment.update({ where: { id: w.hw.id }, data: { scoreRule: "LATEST" } });
    try {
      const rows = parseCsv((await gradebookCsv(t.db, w.courses["DL-101"]!))!.csv);
      expect(rows.find((r) => r[1] === "student1@chainrule.test")![3]).toBe("0.5");
    } finally {
      await t.db.assignment.update({ where: { id: w.hw.id }, data: { scoreRule: "BEST" } });
    }
  });
});
