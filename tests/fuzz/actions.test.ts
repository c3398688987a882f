/**
 * Every server action of the app, called with random JSON arguments by a student, an instructor and a
 * site admin (and with ids that exist, so the checks after authorization are reached too): each
 * answers with a structured result (or Next's redirect/not-found/forbidden signal), never throws, and
 * no call hangs. The actions are found by scanning app/ for "use server" modules, so a new one is
 * fuzzed without being listed here.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { authzWorld, type WorldUser } from "../setup/authz-world";
import { RUNS, TEST_TIMEOUT, anyJson, report, tally, timedAsync } from "./budget";

const state = vi.hoisted((): { user: unknown; db: unknown } => ({ user: null, db: null }));
vi.mock("@/lib/session", () => ({
  getCurrentUser: async () => state.user,
  requireUser: async () => {
    if (!state.user) throw Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/signin;307;" });
    return state.user;
  },
}));
vi.mock("@/lib/db/client", async (original) => ({ ...(await original<object>()), getDb: () => state.db }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next-intl/server", () => {
  const t = Object.assign((key: string) => key, { has: () => true, rich: (key: string) => key, markup: (key: string) => key, raw: (key: string) => key });
  return { getTranslations: async () => t, getLocale: async () => "en" };
});
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
  headers: async () => new Headers(),
}));

const APP = path.resolve(import.meta.dirname, "../../app");
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const ACTION_FILES = filesUnder(APP).filter(
  (f) => /\.tsx?$/.test(f) && /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(fs.readFileSync(f, "utf8")),
);

/** Next signals redirect, not-found and forbidden by throwing errors with a digest: control flow, not crashes. */
const isNextSignal = (e: unknown) =>
  typeof (e as { digest?: unknown })?.digest === "string" && /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK)/.test((e as { digest: string }).digest);

let t: TestDatabase;
let w: Awaited<ReturnType<typeof authzWorld>>;
const actions: { name: string; fn: (...args: unknown[]) => Promise<unknown> }[] = [];

beforeAll(async () => {
  t = await freshDatabase();
  state.db = t.db;
  w = await authzWorld(t.db, new Date());
  for (const file of ACTION_FILES) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn === "function") actions.push({ name: `${path.relative(APP, file)}#${name}`, fn: fn as (...args: unknown[]) => Promise<unknown> });
    }
  }
}, 120_000);
afterAll(async () => {
  console.log(`fuzz (${RUNS} runs per target, ${actions.length} server actions):\n${report()}`);
  await t.dispose();
});

describe("fuzzing every server action", () => {
  it("finds the app's server actions", () => {
    expect(ACTION_FILES.length).toBeGreaterThan(10);
    expect(actions.length).toBeGreaterThan(20);
  });

  it("answers random JSON from any person with a structured result, never a throw", { timeout: TEST_TIMEOUT * 30 }, async () => {
    const people = () => ["student1", "instructor", "admin", null].map((p) => (p === null ? null : (w.users[p] as WorldUser)));
    // Real ids in the mix, so some calls get past the parsing of ids to the checks behind it.
    const ids = [w.courses["DL-101"], w.assignments.open, w.submissions.open, w.problemId, w.users.student1!.id];
    const arg = fc.oneof(
      { weight: 3, arbitrary: anyJson },
      { weight: 1, arbitrary: fc.constantFrom(...ids) },
      {
        weight: 1,
        arbitrary: fc.record(
          {
            assignmentId: fc.constantFrom(...ids),
            problemId: fc.constantFrom(...ids),
            courseId: fc.constantFrom(...ids),
            answers: anyJson,
            source: fc.string(),
          },
          { requiredKeys: [] },
        ),
      },
    );
    const perAction = RUNS;
    for (const action of actions) {
      const tl = tally(
        `action ${action.name
          .split("/")
          .slice(-2)
          .join("/")
          .replace(/\.tsx?#/, "#")}`,
      );
      await fc.assert(
        fc.asyncProperty(fc.array(arg, { minLength: 0, maxLength: 3 }), fc.nat({ max: 3 }), async (args, who) => {
          state.user = people()[who];
          await timedAsync(tl, async () => {
            try {
              const r = (await action.fn(...args)) as { ok?: unknown; status?: unknown } | null | undefined;
              // Structured either way: done ("ok") or refused with a reason.
              if (r?.ok === true || r?.status === "ok") tl.accepted++;
              else tl.refused++;
            } catch (e) {
              if (!isNextSignal(e)) throw new Error(`${action.name} threw on ${JSON.stringify(args).slice(0, 300)}: ${(e as Error).stack ?? String(e)}`);
              tl.refused++;
            }
          });
        }),
        { numRuns: perAction, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
      );
    }
    state.user = null;
  });
});
