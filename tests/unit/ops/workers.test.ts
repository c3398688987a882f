/**
 * WEB_CONCURRENCY, read by `npm start`'s set-up (lib/ops/start.ts) before anything is served: one
 * server process per core by default, a whole number from 1 to 64 when set, and a clear error naming
 * the setting otherwise.
 */
import { describe, expect, it } from "vitest";
import { MAX_WORKERS, parseWorkers } from "@/lib/ops/start";

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
