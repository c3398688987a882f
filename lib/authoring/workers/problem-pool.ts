/**
 * Heavy work on problem files (preview, full validation with 1,000 vetted variants, author tests)
 * runs in a pool of worker threads, so that the server's event loop keeps answering every other
 * request while a TA previews a 10,000-node problem. Each job has
 *
 * - a time budget (`WORKER_TIME_BUDGET_MS`, default 10 s) counted from the request: a job still
 *   queued or running then is dropped, its thread terminated, and the caller gets a `WorkerJobError`
 *   saying so. Vetting inside the job has a share of it (`vettingBudgetMs`), so a large problem gets
 *   a report that says how many variants were vetted rather than no report at all;
 * - a memory cap (`WORKER_MEMORY_MB`, default 512): the V8 heap limit of each thread
 *   (`resourceLimits`); a job that needs more kills only its own thread.
 *
 * The threads run at a lower scheduling priority than the server (nice +10), and the queue is
 * bounded: when it is full the caller is told to try again instead of waiting behind it.
 */
import os from "node:os";
import path from "node:path";
import Piscina from "piscina";
import { z } from "zod";
import { projectRoot } from "@/lib/db/url";
import type { FieldError } from "@/lib/validations/form-result";
import type { CheckedProblemFile, PreviewJson, ProblemJobName, ProblemJobs } from "./problem-jobs";

export interface WorkerLimits {
  /** Milliseconds from the request until a job is dropped. */
  timeBudgetMs: number;
  /** Heap limit of each worker thread, in MB. */
  memoryMb: number;
  threads: number;
  /** Jobs that may wait for a thread; more are refused as "busy". */
  queue: number;
}

const DEFAULT_THREADS = Math.max(1, Math.min(4, os.availableParallelism() - 1));

const limitsSchema = z.object({
  WORKER_TIME_BUDGET_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  WORKER_MEMORY_MB: z.coerce.number().int().min(16).max(16_384).default(512),
  WORKER_THREADS: z.coerce.number().int().min(1).max(64).default(DEFAULT_THREADS),
  WORKER_QUEUE: z.coerce.number().int().min(0).max(10_000).default(16),
});

/** The limits from the environment; a bad value is an error naming the variable and what it must be. */
export function workerLimits(env: Readonly<Record<string, string | undefined>> = process.env): WorkerLimits {
  const raw = Object.fromEntries(Object.keys(limitsSchema.shape).map((k) => [k, env[k]?.trim() || undefined]));
  const parsed = limitsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const bounds = limitsSchema.shape[name as keyof typeof limitsSchema.shape].unwrap();
    throw new Error(`${name} must be a whole number from ${bounds.minValue} to ${bounds.maxValue}, got "${env[name]}"`);
  }
  const v = parsed.data;
  return { timeBudgetMs: v.WORKER_TIME_BUDGET_MS, memoryMb: v.WORKER_MEMORY_MB, threads: v.WORKER_THREADS, queue: v.WORKER_QUEUE };
}

export type WorkerJobFailure = "time" | "memory" | "busy";

/** A job the pool stopped or refused; `message` says which limit, with its value. */
export class WorkerJobError extends Error {
  constructor(
    readonly reason: WorkerJobFailure,
    readonly limit: number,
    message: string,
  ) {
    super(message);
    this.name = "WorkerJobError";
  }
}

/** The form error a page shows for a stopped or refused job (authoring.errors.job*), with the limit. */
export function jobFieldError(e: WorkerJobError): FieldError {
  const code = { time: "jobTime", memory: "jobMemory", busy: "jobBusy" }[e.reason];
  return { code, values: { max: e.reason === "time" ? e.limit / 1000 : e.limit } };
}

/** Shares of the time budget that vetting may use: the rest is for author tests and the seeds' previews. */
const VETTING_SHARE = { preview: 0.3, check: 0.5 } as const;

export interface ProblemPool {
  readonly limits: WorkerLimits;
  run<J extends ProblemJobName>(job: J, input: ProblemJobs[J]["input"]): Promise<ProblemJobs[J]["result"]>;
  /** Ends the threads (tests; the server's pool lives as long as the process). */
  close(): Promise<void>;
}

/**
 * The worker's entry, found at run time from the project root: a literal path next to this module
 * would be rewritten by the bundler, and the entry must be the plain file that Node loads.
 */
function workerEntry(): string {
  return path.join(projectRoot(), "lib", "authoring", "workers", "problem-worker.mjs");
}

export function createProblemPool(limits: WorkerLimits = workerLimits()): ProblemPool {
  const piscina = new Piscina({
    filename: workerEntry(),
    minThreads: 0,
    maxThreads: limits.threads,
    idleTimeout: 10 * 60_000,
    niceIncrement: process.platform === "win32" ? 0 : 10,
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, stackSizeMb: 4 },
  });
  // Piscina's own maxQueue does not count tasks with an abort signal (every task here has one), so
  // the bound is kept here: one job per thread running, `queue` more waiting.
  let inFlight = 0;
  return {
    limits,
    async run(job, input) {
      if (inFlight >= limits.threads + limits.queue) {
        throw new WorkerJobError("busy", limits.queue, `${limits.queue} jobs are already waiting for a worker; try again in a moment`);
      }
      inFlight++;
      try {
        // The worker runs the job named here (problem-jobs.ts), so its answer is that job's result.
        return (await piscina.run({ job, input }, { signal: AbortSignal.timeout(limits.timeBudgetMs) })) as ProblemJobs[typeof job]["result"];
      } catch (e) {
        throw asJobError(e, limits) ?? e;
      } finally {
        inFlight--;
      }
    },
    close: () => piscina.destroy(),
  };
}

function asJobError(e: unknown, limits: WorkerLimits): WorkerJobError | null {
  if (!(e instanceof Error)) return null;
  if (e.name === "AbortError") {
    return new WorkerJobError("time", limits.timeBudgetMs, `the job took longer than its time budget of ${limits.timeBudgetMs / 1000} s and was stopped`);
  }
  if ((e as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") {
    return new WorkerJobError("memory", limits.memoryMb, `the job needed more than its memory cap of ${limits.memoryMb} MB and was stopped`);
  }
  return null;
}

const holder = globalThis as { chainruleProblemPool?: ProblemPool };

/** The process's pool, made on first use with the environment's limits (and kept across hot reloads in development). */
export function problemPool(): ProblemPool {
  holder.chainruleProblemPool ??= createProblemPool();
  return holder.chainruleProblemPool;
}

/** Ends the process's pool; the next job makes a new one (with the environment's limits as they are then). */
export async function closeProblemPool(): Promise<void> {
  const pool = holder.chainruleProblemPool;
  holder.chainruleProblemPool = undefined;
  await pool?.close();
}

/** The browser editor's live preview (as JSON text), in a worker. Throws `WorkerJobError` when a limit stops it. */
export function previewInWorker(source: string, seeds: string[], locale: string, pool: ProblemPool = problemPool()): Promise<PreviewJson> {
  return pool.run("preview", { source, seeds, locale, vettingBudgetMs: pool.limits.timeBudgetMs * VETTING_SHARE.preview });
}

/** A problem file checked in full before it is saved, in a worker. Throws `WorkerJobError` when a limit stops it. */
export function checkInWorker(source: string, pool: ProblemPool = problemPool()): Promise<CheckedProblemFile> {
  return pool.run("check", { source, vettingBudgetMs: pool.limits.timeBudgetMs * VETTING_SHARE.check });
}
