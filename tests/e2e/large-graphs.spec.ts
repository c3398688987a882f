import { appendFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { largeGraphNodes, largeGraphSource, largeProblemSource } from "../fixtures/large-problem";
import { lookup, variantOf } from "./db";
import { screenshot, setEditorText, signIn } from "./helpers";

/**
 * Nothing stalls the server or the browser, in the production build: a TA's preview of a 9,990-node
 * problem runs in the server's worker pool while /api/health keeps answering, and a student types into
 * graphs of 2,000 and 9,990 nodes while the drawing worker parses and lays them out, the tab alive.
 *
 * The speed targets (health p99 and every key within 100 ms, by the Event Timing API's duration: from
 * the key to the next paint) are not asserted here, where a busy CI machine would fail them at random:
 * these tests print the figures, and `npm run bench -- browser` runs them and checks the targets
 * (tests/bench/browser.bench.ts reads the figures from CHAINRULE_BENCH_FIGURES).
 */

/** Hands one measured figure to the benchmark that ran this spec (no-op in `npm test`). */
function figure(name: string, value: number, target: number): void {
  const file = process.env.CHAINRULE_BENCH_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify({ name, value, target })}\n`);
}

const courseId = (code: string) => String(lookup("SELECT id FROM Course WHERE code = ?", code).id);
const problemId = (slug: string) => String(lookup("SELECT id FROM Problem WHERE slug = ?", slug).id);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Puts a whole text into a text box at once, as a paste does, through the value setter React listens
 * to. Playwright's fill() types it as text input, which takes Chromium tens of seconds for 80 KB and
 * would measure that instead of the app.
 */
async function setText(box: Locator, text: string): Promise<void> {
  await box.evaluate((el: HTMLTextAreaElement, value) => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
}

/** Counts crashes of the page; the tests assert none happened. */
function watchCrashes(page: Page): { crashed: () => boolean } {
  let crashed = false;
  page.on("crash", () => (crashed = true));
  return { crashed: () => crashed };
}

/** Starts (or restarts) recording keyboard and input events (Event Timing: from the key to the next paint). */
async function startEventTiming(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __events: { name: string; duration: number }[]; __observing?: boolean };
    w.__events = [];
    if (w.__observing) return;
    w.__observing = true;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__events.push({ name: e.name, duration: e.duration });
    }).observe({ type: "event", durationThreshold: 16, buffered: false } as PerformanceObserverInit);
  });
}

async function eventTimings(page: Page): Promise<{ name: string; duration: number }[]> {
  // Entries are delivered after the next paint: give the observer a frame or two.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
  return page.evaluate(() =>
    (window as unknown as { __events: { name: string; duration: number }[] }).__events.filter((e) => /^key|^input|^beforeinput/.test(e.name)),
  );
}

test.describe("large graphs", () => {
  test("a TA's preview of a 9,990-node problem leaves /api/health answering, and draws the graph simplified", async ({ page, request }) => {
    test.setTimeout(180_000);
    const crash = watchCrashes(page);
    await signIn(page, "ta@chainrule.test");
    await page.goto(`/teach/courses/${courseId("DL-101")}/problems/${problemId("seed-std-dev")}`);
    await expect(page.getByTestId("preview-state")).toContainText("The file is valid");

    const sample = async (into: number[], until: () => boolean) => {
      while (!until()) {
        const started = performance.now();
        const res = await request.get("/api/health");
        into.push(performance.now() - started);
        expect(res.status()).toBe(200);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // The same sampling with nothing running first, to tell the machine's own noise from the preview's.
    const baseline: number[] = [];
    const quietUntil = performance.now() + 5_000;
    await sample(baseline, () => performance.now() > quietUntil);
    // Sampled while the server works on the preview: from the edit until the preview action's answer
    // has been sent (what the browser then does with it is the browser's work, measured below).
    const latencies: number[] = [];
    let previewing = true;
    const sampler = sample(latencies, () => !previewing);
    const started = performance.now();
    await setEditorText(page.getByTestId("problem-source"), largeProblemSource());
    // The editor says "Checking…" from the edit until the preview's answer has arrived.
    const state = page.getByTestId("preview-state");
    await expect(state).toContainText("Checking");
    await expect(state)
      .not.toContainText("Checking", { timeout: 150_000 })
      .finally(() => (previewing = false));
    const previewMs = performance.now() - started;
    await sampler;
    await expect(page.getByTestId("seed-a").getByTestId("graph-simplified")).toBeVisible({ timeout: 60_000 });

    const p99 = percentile(latencies, 99);
    console.log(
      `preview answered after ${Math.round(previewMs)} ms; /api/health over ${latencies.length} requests: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms` +
        ` (before the preview, ${baseline.length} requests: p99 ${percentile(baseline, 99).toFixed(1)} ms, max ${Math.max(...baseline).toFixed(1)} ms)`,
    );
    await expect(page.getByTestId("preview-state")).toContainText("The file is valid");
    const drawn = page.getByTestId("seed-a").getByTestId("graph-simplified");
    await expect(drawn).toHaveAttribute("data-nodes", String(largeGraphNodes(9_990)));
    await expect(drawn).toContainText("too many to draw one by one");
    await screenshot(page, "large-preview-simplified");
    // The server kept answering all along: a request every 50 ms or so while the preview ran.
    expect(latencies.length).toBeGreaterThan(10);
    figure("/api/health p99 during a 9,990-node preview", p99, 100);
    figure("/api/health p99 with the server idle", percentile(baseline, 99), 100);
    expect(crash.crashed()).toBe(false);
  });

  for (const nodes of [2_000, 9_990]) {
    test(`typing into a ${nodes.toLocaleString("en-US")}-node graph takes every key while the drawing worker parses it, and the drawing follows`, async ({
      page,
    }) => {
      test.setTimeout(180_000);
      const crash = watchCrashes(page);
      // Records the length of every graph source the page hands to a Web Worker.
      await page.addInitScript(() => {
        const w = window as unknown as { __workerSources: number[] };
        w.__workerSources = [];
        const post = Object.getOwnPropertyDescriptor(Worker.prototype, "postMessage")!.value as (...args: unknown[]) => void;
        Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
          const source = (message as { source?: unknown } | null)?.source;
          if (typeof source === "string") w.__workerSources.push(source.length);
          Reflect.apply(post, this, [message, ...rest]);
        } as typeof Worker.prototype.postMessage;
      });
      await signIn(page, "student3@chainrule.test");
      const { problemId: pid, assignmentId } = variantOf("student3@chainrule.test", "Backpropagation practice", "seed/std-dev-random.yaml");
      await page.goto(`/assignments/${assignmentId}/problems/${pid}`);
      const editor = page.getByTestId("graph-source-graph");
      const typed = "zz = x * y + 1";
      const typeKeys = async () => {
        await editor.focus();
        await page.keyboard.press("ControlOrMeta+End");
        await startEventTiming(page);
        const keyMs: number[] = [];
        for (const key of ["Enter", ...typed]) {
          const t0 = performance.now();
          await page.keyboard.press(key);
          // What the student sees: the character in the box.
          await expect.poll(() => editor.evaluate((el: HTMLTextAreaElement, c) => el.value.endsWith(c === "Enter" ? "\n" : c), key)).toBe(true);
          keyMs.push(performance.now() - t0);
        }
        const events = await eventTimings(page);
        return { keyMs, events, longest: Math.max(0, ...events.map((e) => e.duration)) };
      };
      // The same keys in a two-line graph first: what this machine takes for a key at all.
      await editor.fill("input x, y\ns0 = x * y\n");
      const small = await typeKeys();
      await setText(editor, largeGraphSource(nodes));
      const drawing = page.getByTestId("graph-drawing-graph");
      await expect(drawing.getByTestId("graph-simplified")).toHaveAttribute("data-nodes", String(largeGraphNodes(nodes)), { timeout: 120_000 });

      const large = await typeKeys();
      const worst = [...large.events]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 3)
        .map((e) => `${e.name} ${e.duration.toFixed(0)}`);
      console.log(
        `${nodes} nodes: ${typed.length + 1} keys; longest key/input event ${large.longest.toFixed(0)} ms (Event Timing; worst: ${worst.join(", ")}); round trip per key from the test p50 ${percentile(large.keyMs, 50).toFixed(0)} ms, max ${Math.max(...large.keyMs).toFixed(0)} ms` +
          ` (the same keys in a two-line graph: longest ${small.longest.toFixed(0)} ms)`,
      );
      figure(`longest key in a ${nodes.toLocaleString("en-US")}-node graph`, large.longest, 100);
      figure(`longest key in a two-line graph (before the ${nodes.toLocaleString("en-US")}-node one)`, small.longest, 100);

      // The new statement is drawn once typing pauses (parsed and laid out in the worker).
      await expect(drawing.locator('[data-box="zz"]')).toHaveCount(1, { timeout: 60_000 });
      await expect(drawing.getByTestId("graph-simplified")).toHaveAttribute("data-nodes", String(largeGraphNodes(nodes) + 3));
      // The typing never waited for the graph: the drawing worker got the whole new source to parse.
      const sent = await page.evaluate(() => (window as unknown as { __workerSources: number[] }).__workerSources);
      expect(Math.max(0, ...sent)).toBeGreaterThanOrEqual(largeGraphSource(nodes).length + typed.length);
      await screenshot(page, `large-editor-${nodes}`);
      expect(await page.evaluate(() => 1 + 1)).toBe(2);
      expect(crash.crashed()).toBe(false);
    });
  }
});
