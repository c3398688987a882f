/**
 * The worker pool for problem files: a 9,990-node preview runs beside a responsive event loop, and
 * each limit (time budget, memory cap, queue) stops or refuses a job with a message that names it,
 * on every server path that uses the pool (the editor's preview, and saving from the editor or an
 * upload, which share saveProblem).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { saveProblem } from "@/lib/authoring/problems";
import { importBank } from "@/lib/problem-store/bank";
import type { ProblemPreview } from "@/lib/authoring/preview";
import {
  checkInWorker,
  closeProblemPool,
  createProblemPool,
  previewInWorker,
  WorkerJobError,
  workerLimits,
  type ProblemPool,
} from "@/lib/authoring/workers/problem-pool";
import { largeProblemSource } from "../fixtures/large-problem";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

const LARGE = largeProblemSource();
const SMALL = largeProblemSource(40, "small-running-sum");
const pools: ProblemPool[] = [];
const pool = (limits: Partial<ReturnType<typeof workerLimits>>) => {
  const p = createProblemPool({ ...workerLimits({}), ...limits });
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe("worker limits from the environment", () => {
  it("default to a 10 s budget, a 512 MB cap and a bounded queue", () => {
    expect(workerLimits({})).toMatchObject({ timeBudgetMs: 10_000, memoryMb: 512, queue: 16 });
    expect(workerLimits({}).threads).toBeGreaterThanOrEqual(1);
  });

  it("take the variables, and name the one that is wrong", () => {
    expect(workerLimits({ WORKER_TIME_BUDGET_MS: "2500", WORKER_MEMORY_MB: "256", WORKER_THREADS: "2", WORKER_QUEUE: "0" })).toEqual({
      timeBudgetMs: 2500,
      memoryMb: 256,
      threads: 2,
      queue: 0,
    });
    expect(() => workerLimits({ WORKER_MEMORY_MB: "lots" })).toThrow('WORKER_MEMORY_MB must be a whole number from 16 to 16384, got "lots"');
    expect(() => workerLimits({ WORKER_TIME_BUDGET_MS: "5" })).toThrow('WORKER_TIME_BUDGET_MS must be a whole number from 100 to 600000, got "5"');
  });
});

describe("a 9,990-node preview in the pool", () => {
  it("leaves the event loop free while it runs (timers keep firing), and gives the whole preview", async () => {
    // Whether the loop stays within 100 ms (p99) is a speed target, measured by
    // `npm run bench -- "preview in the worker pool"`; here: it is not held at all. A preview on this
    // thread would let no 10 ms timer fire until it returned.
    const p = pool({ timeBudgetMs: 120_000 });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = performance.now();
    const json = await previewInWorker(LARGE, ["0", "1"], "en", p);
    const took = performance.now() - started;
    clearInterval(ticker);
    delay.disable();
    const preview = JSON.parse(json) as ProblemPreview;
    expect(preview.valid).toBe(true);
    expect(preview.seeds.map((s) => s.ok && s.structure.nodes.length)).toEqual([9_990 - 2, 9_990 - 2]);
    expect(preview.tests).toEqual([{ name: "the reference answers get full marks", passed: true, failures: [] }]);
    console.log(
      `preview ${Math.round(took)} ms, ${ticks} timer ticks; event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
    );
    // The preview takes seconds; a loop that ran throughout fired a tick for most 10 ms of it.
    expect(took).toBeGreaterThan(200);
    expect(ticks).toBeGreaterThan(10);
  });
});

describe("limits stop a job with a message that names them", () => {
  it("the time budget", async () => {
    const err = await previewInWorker(LARGE, ["0"], "en", pool({ timeBudgetMs: 200 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerJobError);
    expect(err).toMatchObject({ reason: "time", limit: 200, message: "the job took longer than its time budget of 0.2 s and was stopped" });
  });

  it("the memory cap", async () => {
    const err = await checkInWorker(LARGE, pool({ memoryMb: 16, timeBudgetMs: 120_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerJobError);
    expect(err).toMatchObject({ reason: "memory", limit: 16, message: "the job needed more than its memory cap of 16 MB and was stopped" });
  });

  it("a full queue refuses instead of waiting", async () => {
    const p = pool({ threads: 1, queue: 1, timeBudgetMs: 120_000 });
    await previewInWorker(SMALL, ["0"], "en", p); // the thread is up
    const running = previewInWorker(LARGE, ["0"], "en", p);
    const queued = previewInWorker(SMALL, ["0"], "en", p);
    const refused = await previewInWorker(SMALL, ["0"], "en", p).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkerJobError);
    expect((refused as WorkerJobError).message).toBe("1 jobs are already waiting for a worker; try again in a moment");
    expect((refused as WorkerJobError).reason).toBe("busy");
    expect([(JSON.parse(await running) as ProblemPreview).valid, (JSON.parse(await queued) as ProblemPreview).valid]).toEqual([true, true]);
  });

  it("a thread stopped by a limit is replaced: the next job runs", async () => {
    const p = pool({ memoryMb: 48, timeBudgetMs: 120_000 });
    const err = await checkInWorker(LARGE, p).catch((e: unknown) => e);
    expect((err as WorkerJobError).reason).toBe("memory");
    expect((JSON.parse(await previewInWorker(SMALL, ["0"], "en", p)) as ProblemPreview).valid).toBe(true);
  });
});

describe("saving through the pool (editor and upload)", () => {
  let t: TestDatabase;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  beforeAll(async () => {
    t = await freshDatabase();
    await importBank(t.db, "problems");
    world = await demoWorld(t.db);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await closeProblemPool();
    await t.dispose();
  });

  it("answers with the time budget as the source's error, and saves nothing", async () => {
    vi.stubEnv("WORKER_TIME_BUDGET_MS", "150");
    await closeProblemPool();
    const instructor = { id: world.users.instructor!.id, isSiteAdmin: false };
    const dl201 = world.courses["DL-201"]!.id;
    for (const target of [{ kind: "new" as const }, { kind: "upload" as const, fileName: "large-running-sum.yaml" }]) {
      expect(await saveProblem(t.db, instructor, dl201, target, LARGE)).toEqual({
        status: "invalid",
        errors: { source: { code: "jobTime", values: { max: 0.15 } } },
      });
    }
    expect(await t.db.problem.count({ where: { slug: "large-running-sum" } })).toBe(0);
  });

  it("saves a large problem checked in a worker", async () => {
    vi.stubEnv("WORKER_TIME_BUDGET_MS", "120000");
    await closeProblemPool();
    const instructor = { id: world.users.instructor!.id, isSiteAdmin: false };
    const r = await saveProblem(t.db, instructor, world.courses["DL-201"]!.id, { kind: "new" }, LARGE);
    expect(r).toMatchObject({ status: "saved", result: { slug: "large-running-sum", version: 1, action: "created" } });
  });
});
