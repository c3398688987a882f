/**
 * WEB_CONCURRENCY and WEB_HEAP_MB, read by `npm start`'s set-up (lib/ops/start.ts) before anything is served: one
 * server process per core by default, a whole number from 1 to 64 when set, and a clear error naming
 * the setting otherwise.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_MB, MAX_WORKERS, parseHeapMb, parseWorkers } from "@/lib/ops/start";
// @ts-expect-error -- plain JavaScript (npm start's entry), checked by its JSDoc types, not declared for TypeScript
import { workerExecArgv } from "@/lib/ops/serve.mjs";

describe("WEB_CONCURRENCY", () => {
  it("defaults to one worker per core, at least one and at most the maximum", () => {
    expect(parseWorkers(undefined, 2)).toBe(2);
    expect(parseWorkers("", 8)).toBe(8);
    expect(parseWorkers("  ", 1)).toBe(1);
    expect(parseWorkers(undefined, 0)).toBe(1);
    expect(parseWorkers(undefined, 500)).toBe(MAX_WORKERS);
  });

  it("takes a whole number from 1 to the maximum", () => {
    expect(parseWorkers("1", 2)).toBe(1);
    expect(parseWorkers(" 4 ", 2)).toBe(4);
    expect(parseWorkers(String(MAX_WORKERS), 2)).toBe(MAX_WORKERS);
  });

  it("refuses anything else, naming the setting, the range and the value", () => {
    for (const bad of ["0", "-2", "2.5", "two", "1e3", String(MAX_WORKERS + 1), "0x2"]) {
      expect(() => parseWorkers(bad, 2)).toThrow(`WEB_CONCURRENCY must be a whole number of server processes from 1 to ${MAX_WORKERS}, got "${bad}"`);
    }
  });
});

describe("WEB_HEAP_MB", () => {
  it("defaults to the measured limit and takes a whole number of megabytes in range", () => {
    expect(parseHeapMb(undefined)).toBe(DEFAULT_HEAP_MB);
    expect(parseHeapMb(" ")).toBe(DEFAULT_HEAP_MB);
    expect(parseHeapMb("128")).toBe(128);
    expect(parseHeapMb(" 1024 ")).toBe(1024);
  });

  it("refuses anything else, naming the setting, the range and the value", () => {
    for (const bad of ["127", "0", "-1", "512.5", "1e3", "lots", "65537"]) {
      expect(() => parseHeapMb(bad)).toThrow(`WEB_HEAP_MB must be a whole number of megabytes from 128 to 65536, got "${bad}"`);
    }
  });
});

describe("the workers' Node flags", () => {
  const settings = { env: {}, port: 3000, host: null, workers: 2, heapMb: 384 };

  it("add the heap limit to the primary's own flags", () => {
    expect(workerExecArgv(settings, [], "")).toEqual(["--max-old-space-size=384"]);
    expect(workerExecArgv(settings, ["--enable-source-maps"], "--no-warnings")).toEqual(["--enable-source-maps", "--max-old-space-size=384"]);
  });

  it("leave an operator's own heap limit alone, from the command line or NODE_OPTIONS", () => {
    expect(workerExecArgv(settings, ["--max-old-space-size=2048"], "")).toEqual(["--max-old-space-size=2048"]);
    expect(workerExecArgv(settings, [], "--trace-warnings --max-old-space-size=1024")).toEqual([]);
  });
});
