/**
 * Per-user rate limits on graded submissions and graph checks, through the real
 * submit and check paths: the request over the limit is refused with the limit and when to try
 * again, grades nothing, uses no attempt, and leaves other students alone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkOwnGraph } from "@/lib/assignments/graph-check";
import { LIMIT_WINDOW_MS, limitPerMinute, REQUEST_LIMITS, takeRequest } from "@/lib/assignments/request-limits";
import { submitAnswers } from "@/lib/assignments/submit";
import { importBank } from "@/lib/problem-store/bank";
import { seedDemo } from "@/lib/ops/seed";
import { freshDatabase, type TestDatabase } from "../setup/database";

let t: TestDatabase;
let ids: { hw: string; practice: string; std: string; stdRandom: string };
let users: Record<string, { id: string; isSiteAdmin: boolean }>;
const start = new Date("2026-11-26T12:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";

beforeAll(async () => {
  t = await freshDatabase();
  await importBank(t.db, "problems");
  await seedDemo(t.db, start);
  users = Object.fromEntries((await t.db.user.findMany()).map((u) => [u.email.split("@")[0]!, { id: u.id, isSiteAdmin: u.isSiteAdmin }]));
  const hw = await t.db.assignment.findFirstOrThrow({ where: { title: "Homework 2: theory" } });
  const practice = await t.db.assignment.findFirstOrThrow({ where: { title: "Backpropagation practice" } });
  const slug = async (s: string) => (await t.db.problem.findUniqueOrThrow({ where: { slug: s } })).id;
  ids = { hw: hw.id, practice: practice.id, std: await slug("seed-std-dev"), stdRandom: await slug("seed-std-dev-random") };
});
afterAll(() => t.dispose());
afterEach(() => {
  delete process.env.RATE_LIMIT_SUBMISSIONS_PER_MINUTE;
  delete process.env.RATE_LIMIT_GRAPH_CHECKS_PER_MINUTE;
});

describe("graded submissions", () => {
  const submit = (who: string, when: Date) =>
    submitAnswers(t.db, users[who]!, { assignmentId: ids.practice, problemId: ids.stdRandom, answers: { "grad-x1": "0.5" } }, when);
  const attempts = (who: string) => t.db.submission.count({ where: { userId: users[who]!.id, assignmentId: ids.practice, problemId: ids.stdRandom } });

  it("accepts 30 a minute by default; the 31st is refused without grading or using an attempt, and is free again a minute later", async () => {
    expect(limitPerMinute("submit")).toBe(30);
    for (let i = 0; i < 30; i++) {
      const r = await submit("student1", at(i * 1000));
      expect(r.status, `submission ${i + 1}`).toBe("graded");
    }
    expect(await attempts("student1")).toBe(30);

    const refused = await submit("student1", at(40_000));
    expect(refused).toEqual({ status: "refused", reason: "rate-limited", limit: 30, retryAfterSeconds: 20 });
    expect(await attempts("student1")).toBe(30);
    // Refused requests do not count: asking again and again does not push the wait further out.
    expect(await submit("student1", at(50_000))).toMatchObject({ reason: "rate-limited", retryAfterSeconds: 10 });
    // Another student is not affected.
    expect((await submit("student2", at(50_000))).status).toBe("graded");

    // The first submission leaves the window at 60 s: one more is accepted, then the next waits for the second.
    const next = await submit("student1", at(LIMIT_WINDOW_MS + 1));
    expect(next.status).toBe("graded");
    expect(await attempts("student1")).toBe(31);
    expect(await submit("student1", at(LIMIT_WINDOW_MS + 2))).toMatchObject({ reason: "rate-limited", retryAfterSeconds: 1 });
  });

  it("takes its limit from RATE_LIMIT_SUBMISSIONS_PER_MINUTE, and 0 turns it off", async () => {
    process.env.RATE_LIMIT_SUBMISSIONS_PER_MINUTE = "2";
    const when = at(10 * 60_000);
    expect((await submit("student3", when)).status).toBe("graded");
    expect((await submit("student3", when)).status).toBe("graded");
    expect(await submit("student3", when)).toEqual({ status: "refused", reason: "rate-limited", limit: 2, retryAfterSeconds: 60 });
    process.env.RATE_LIMIT_SUBMISSIONS_PER_MINUTE = "0";
    expect((await submit("student3", when)).status).toBe("graded");
  });

  it("a refused submission does not touch the draft", async () => {
    process.env.RATE_LIMIT_SUBMISSIONS_PER_MINUTE = "1";
    const when = at(20 * 60_000);
    const key = { userId: users.student3!.id, assignmentId: ids.practice, problemId: ids.stdRandom };
    expect((await submit("student3", when)).status).toBe("graded");
    const draft = await t.db.draft.findUniqueOrThrow({ where: { userId_assignmentId_problemId: key } });
    const refused = await submitAnswers(t.db, users.student3!, { ...key, answers: { "grad-x1": "0.75" } }, when);
    expect(refused).toMatchObject({ reason: "rate-limited" });
    expect((await t.db.draft.findUniqueOrThrow({ where: { userId_assignmentId_problemId: key } })).answers).toEqual(draft.answers);
  });
});

describe("graph checks", () => {
  const check = (who: string, when: Date) => checkOwnGraph(t.db, users[who]!, { assignmentId: ids.hw, problemId: ids.std, partId: "graph", source: STD }, when);

  it("accepts 60 a minute by default, then says the limit and when to try again", async () => {
    expect(limitPerMinute("graph-check")).toBe(60);
    for (let i = 0; i < 60; i++) expect((await check("student1", at(i * 500))).ok, `check ${i + 1}`).toBe(true);
    expect(await check("student1", at(45_000))).toEqual({ ok: false, reason: "rate-limited", limit: 60, retryAfterSeconds: 15 });
    expect((await check("student2", at(45_000))).ok).toBe(true);
    expect((await check("student1", at(LIMIT_WINDOW_MS + 1))).ok).toBe(true);
  });

  it("takes its limit from RATE_LIMIT_GRAPH_CHECKS_PER_MINUTE", async () => {
    process.env.RATE_LIMIT_GRAPH_CHECKS_PER_MINUTE = "1";
    const when = at(30 * 60_000);
    expect((await check("student3", when)).ok).toBe(true);
    expect(await check("student3", when)).toMatchObject({ ok: false, reason: "rate-limited", limit: 1 });
  });

  it("counts only requests that would be checked: refused ones (not a student here, no such part) cost nothing", async () => {
    process.env.RATE_LIMIT_GRAPH_CHECKS_PER_MINUTE = "1";
    const when = at(40 * 60_000);
    expect(await checkOwnGraph(t.db, users.student2!, { assignmentId: ids.hw, problemId: ids.std, partId: "nope", source: STD }, when)).toMatchObject({
      ok: false,
    });
    expect((await check("student2", when)).ok).toBe(true);
    expect(await t.db.rateLimitHit.count({ where: { key: `graph-check:${users.ta!.id}` } })).toBe(0);
    expect(await checkOwnGraph(t.db, users.ta!, { assignmentId: ids.hw, problemId: ids.std, partId: "graph", source: STD }, when)).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(await t.db.rateLimitHit.count({ where: { key: `graph-check:${users.ta!.id}` } })).toBe(0);
  });
});

describe("the limiter", () => {
  it("lets exactly `limit` through when many arrive at once", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => takeRequest(t.db, "submit", "concurrent-user", at(90 * 60_000), 5)));
    expect(results.filter((r) => r.ok).length).toBe(5);
    expect(await t.db.rateLimitHit.count({ where: { key: "submit:concurrent-user" } })).toBe(results.filter((r) => r.ok).length);
  });

  it("drops rows older than the window as new requests arrive", async () => {
    await takeRequest(t.db, "graph-check", "old-user", at(100 * 60_000), 5);
    await takeRequest(t.db, "graph-check", "new-user", at(100 * 60_000 + LIMIT_WINDOW_MS + 1), 5);
    expect(await t.db.rateLimitHit.count({ where: { key: "graph-check:old-user" } })).toBe(0);
  });

  it("refuses a limit it cannot read, naming the variable", () => {
    for (const bad of ["-1", "ten", "1.5", "10001"]) {
      expect(() => limitPerMinute("submit", { RATE_LIMIT_SUBMISSIONS_PER_MINUTE: bad })).toThrow(
        new RegExp(`RATE_LIMIT_SUBMISSIONS_PER_MINUTE must be a whole number .* got "${bad.replace(".", "\\.")}"`),
      );
    }
    expect(limitPerMinute("graph-check", { RATE_LIMIT_GRAPH_CHECKS_PER_MINUTE: " 5 " })).toBe(5);
    expect(REQUEST_LIMITS["graph-check"].perMinute).toBe(60);
  });
});
