/**
 * Server actions over HTTP, as a forged client would call them: every action of the production build
 * (read from Next's server-reference manifest, inline page actions included) gets random JSON
 * arguments from a signed-in student and instructor, and from nobody. None may answer 5xx or throw
 * (malformed bodies are refused by proxy.ts with 400 before Next decodes them).
 * `npm run fuzz` sets FUZZ_HTTP_RUNS; `npm test` runs a few per action.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

const RUNS = Math.max(1, Number(process.env.FUZZ_HTTP_RUNS ?? 8));
const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
  node: Record<string, { filename: string; exportedName: string }>;
};
const ACTIONS = Object.entries(manifest.node).map(([id, a]) => ({ id, name: `${a.filename}#${a.exportedName}` }));

/**
 * Posts one action call from inside the page (same origin, the session's cookie): the status, and
 * whether the answer carries an error row (the action threw; Next may still answer 200 for it).
 */
async function call(page: Page, id: string, body: string): Promise<{ status: number; threw: boolean }> {
  return page.evaluate(
    async ({ id, body }) => {
      const r = await fetch(location.pathname, {
        method: "POST",
        headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
        body,
      });
      const text = await r.text();
      return { status: r.status, threw: /^\d+:E\{/m.test(text) };
    },
    { id, body },
  );
}

for (const who of ["student1@chainrule.test", "instructor@chainrule.test", null] as const) {
  test(`every server action answers random JSON from ${who ?? "a visitor without a session"} without a 5xx`, async ({ page }) => {
    test.setTimeout(60_000 + ACTIONS.length * RUNS * 500);
    if (who) await signIn(page, who);
    else await page.goto("/signin");
    expect(ACTIONS.length).toBeGreaterThan(20);
    const statuses = new Map<number, number>();
    const bodies = fc.sample(
      fc.oneof(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }).map((a) => JSON.stringify(a)),
        fc.string({ maxLength: 40 }),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc
          .array(
            fc.string({ maxLength: 6 }).map((x) => `$${x}`),
            { minLength: 1, maxLength: 3 },
          )
          .map((a) => JSON.stringify(a)),
      ),
      { numRuns: RUNS, seed: 20261127 },
    );
    const failures: string[] = [];
    for (const action of ACTIONS) {
      for (const body of bodies) {
        const { status, threw } = await call(page, action.id, body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || threw) failures.push(`${action.name} answered ${status}${threw ? " with an error row" : ""} to ${body.slice(0, 80)}`);
      }
    }
    console.log(`HTTP fuzz as ${who ?? "visitor"}: ${ACTIONS.length} actions × ${RUNS} bodies; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures).toEqual([]);
  });
}
