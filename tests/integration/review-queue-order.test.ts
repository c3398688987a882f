import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/lib/generated/prisma/client";
import { loadReviewQueue, QUEUE_PAGE_SIZE, type QueueRow } from "@/lib/review/queue";
import { markViewed } from "@/lib/review/submission-page";
import { queueFiltersSchema } from "@/lib/validations/review";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { addStudents, reviewWorld, submit } from "../setup/review";

// A class larger than one page: the seed's three students and 57 more, 40 of whom submit the standard
// deviation problem (scores 0 or 10 %, at times that do not follow their names).
const EXTRA = 57;
const SUBMITTERS = 40;

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
const now = new Date("2026-11-26T12:00:00Z");
let zoe = "";

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  const names = Array.from({ length: EXTRA }, (_, i) => `Student ${String(i).padStart(2, "0")}`);
  const extra = await addStudents(t.db, w.hw.courseId, names);
  for (let i = 0; i < SUBMITTERS; i++) {
    const answers = i % 2 === 0 ? { "grad-x1": "-0.5" } : { "grad-x1": "7" };
    await submit(t.db, extra[i]!, w.hw.id, w.problems.std, answers, new Date(now.getTime() - ((i * 17) % SUBMITTERS) * 60_000));
  }
  // The last student alphabetically has the best score (20 %), so sorting by name alone would put them on page 2.
  const [last] = await addStudents(t.db, w.hw.courseId, ["Zoe Last"]);
  zoe = await submit(t.db, last!, w.hw.id, w.problems.std, { "grad-x1": "-0.5", "grad-x2": "0.5" }, now);
}, 120_000);
afterAll(() => t.dispose());

async function page(raw: Record<string, string>, n: number, locale = "en") {
  const q = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: queueFiltersSchema.parse({ problem: w.problems.std, ...raw }), page: n, locale });
  return q!;
}
/** Every page of the queue under these filters, in order. */
async function allPages(raw: Record<string, string>): Promise<QueueRow[]> {
  const first = await page(raw, 1);
  const out = [...first.problems[0]!.shown];
  for (let n = 2; n <= first.page.pages; n++) out.push(...(await page(raw, n)).problems[0]!.shown);
  return out;
}
const submittedFirst = (rows: QueueRow[]) => {
  const firstMissing = rows.findIndex((r) => !r.counted);
  return firstMissing === -1 || rows.slice(firstMissing).every((r) => !r.counted);
};
const byName = (a: QueueRow, b: QueueRow) => a.student.name.localeCompare(b.student.name) || a.student.email.localeCompare(b.student.email);

describe("the review queue's order across pages", () => {
  it("has the whole class on two pages of 50, every student once", async () => {
    const first = await page({}, 1);
    expect(first.page).toEqual({ page: 1, pages: 2, size: QUEUE_PAGE_SIZE });
    expect(first.problems[0]!.shown).toHaveLength(QUEUE_PAGE_SIZE);
    const rows = await allPages({});
    expect(rows).toHaveLength(3 + EXTRA + 1);
    expect(new Set(rows.map((r) => r.student.id)).size).toBe(rows.length);
  });

  it("sorts by score over the whole class before paginating, ties by name, students without a submission last", async () => {
    const desc = await allPages({ sort: "score", dir: "desc" });
    const asc = await allPages({ sort: "score", dir: "asc" });
    for (const [rows, sign] of [
      [desc, -1],
      [asc, 1],
    ] as const) {
      expect(submittedFirst(rows)).toBe(true);
      const done = rows.filter((r) => r.counted);
      expect(done).toHaveLength(SUBMITTERS + 1);
      for (let i = 1; i < done.length; i++) {
        const [a, b] = [done[i - 1]!, done[i]!];
        const d = sign * (b.counted!.score - a.counted!.score);
        expect(d > 0 || (d === 0 && byName(a, b) < 0), `${a.student.name} before ${b.student.name}`).toBe(true);
      }
    }
    // The best score is Zoe's, last by name: first under "score, descending", on page 1.
    const top = (await page({ sort: "score", dir: "desc" }, 1)).problems[0]!.shown;
    expect(top[0]!.student.name).toBe("Zoe Last");
    expect(asc.at(-1)!.counted).toBeNull();
  });

  it("sorts by submission time and by status, students without a submission last either way", async () => {
    for (const dir of ["asc", "desc"] as const) {
      const rows = await allPages({ sort: "submitted", dir });
      expect(submittedFirst(rows)).toBe(true);
      const times = rows.filter((r) => r.counted).map((r) => r.counted!.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => (dir === "asc" ? a - b : b - a)));
    }
    expect(await markViewed(t.db, w.users.ta!, { submissionId: zoe, courseId: w.hw.courseId })).toBe(true);
    for (const dir of ["asc", "desc"] as const) {
      const rows = await allPages({ sort: "status", dir });
      expect(submittedFirst(rows)).toBe(true);
      const status = rows.filter((r) => r.counted).map((r) => (r.ungraded ? "ungraded" : "reviewed"));
      const reviewedAt = status.indexOf("reviewed");
      expect(reviewedAt).toBe(dir === "asc" ? SUBMITTERS : 0);
    }
  });

  it("sorts by student name in both directions, students without a submission still last", async () => {
    const desc = await allPages({ sort: "student", dir: "desc" });
    expect(submittedFirst(desc)).toBe(true);
    const done = desc.filter((r) => r.counted);
    expect(done.map((r) => r.student.name)).toEqual(
      [...done]
        .sort(byName)
        .reverse()
        .map((r) => r.student.name),
    );
    expect(done[0]!.student.name).toBe("Zoe Last");
  });

  it("hides students without a submission when asked for only those who submitted", async () => {
    const first = await page({ status: "submitted", sort: "score", dir: "desc" }, 1);
    expect(first.page.pages).toBe(1);
    expect(first.problems[0]!.matched).toBe(SUBMITTERS + 1);
    expect(first.problems[0]!.shown.every((r) => r.counted)).toBe(true);
  });

  it("refuses an unknown sort or direction with a code of its own", () => {
    const issue = (raw: Record<string, string>) => queueFiltersSchema.safeParse(raw).error?.issues[0]?.message;
    expect(issue({ sort: "email" })).toBe("filter-sort");
    expect(issue({ sort: "score", dir: "up" })).toBe("filter-dir");
    expect(issue({ status: "everyone" })).toBe("filter-status");
    expect(queueFiltersSchema.parse({ sort: "submitted", dir: "desc", status: "submitted" })).toEqual({ sort: "submitted", dir: "desc", status: "submitted" });
  });
});

describe("a problem's own mistakes in the queue", () => {
  it("carry the problem's message beside their code, in the rows and in the filter's choices", async () => {
    const wrong = (await addStudents(t.db, w.hw.courseId, ["Aaron Sample"]))[0]!;
    // Dividing by N − 1 = 1 instead of N = 2: s = 2√2 and ∂s/∂x1 = −1/√2 instead of −0.5.
    await submit(t.db, wrong, w.hw.id, w.problems.std, { "grad-x1": String(-Math.SQRT1_2) }, now);
    const q = await page({ student: "Aaron" }, 1);
    const [row] = q.problems[0]!.shown;
    const message = "You divided by N − 1 (the sample standard deviation); this problem uses the population standard deviation, dividing by N = 2.";
    expect(row!.mistakes).toContainEqual({ code: "sample-vs-population", count: 1, message });
    expect(q.mistakeCodes).toContainEqual({ code: "sample-vs-population", message });
    const filtered = await page({ mistake: "sample-vs-population" }, 1);
    expect(filtered.problems[0]!.shown.map((r) => r.student.name)).toEqual(["Aaron Sample"]);
    expect(filtered.mistakeCodes).toContainEqual({ code: "sample-vs-population", message });
  });

  it("are read in the reader's language when the problem gives one, in English otherwise", async () => {
    const pinned = await t.db.assignmentProblem.findFirstOrThrow({
      where: { assignmentId: w.hw.id, problemId: w.problems.std },
      select: { problemVersion: true },
    });
    const content = pinned.problemVersion.content as { mistakes: { code: string; message: unknown }[] };
    const zh = "你除以了 N − 1（样本标准差）；本题用总体标准差，除以 N = 2。";
    content.mistakes = content.mistakes.map((m) => (m.code === "sample-vs-population" ? { ...m, message: { en: "Divided by N − 1.", "zh-CN": zh } } : m));
    await t.db.problemVersion.update({ where: { id: pinned.problemVersion.id }, data: { content: content as Prisma.InputJsonObject } });
    const shown = async (locale: string) =>
      (await page({ student: "Aaron" }, 1, locale)).problems[0]!.shown[0]!.mistakes.find((m) => m.code === "sample-vs-population")?.message;
    expect(await shown("zh-CN")).toBe(zh);
    expect(await shown("en")).toBe("Divided by N − 1.");
  });
});
