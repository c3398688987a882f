import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findChromium } from "../e2e/chromium";

describe("the browser-test runner", () => {
  it("finds no browser at a missing CHROMIUM_PATH", () => {
    expect(findChromium({ CHROMIUM_PATH: "/nonexistent/chromium" })).toBeNull();
  });

  it("fails, never skips, when no browser is installed, and says how to install one", () => {
    const r = spawnSync(process.execPath, [path.join("node_modules/tsx/dist/cli.mjs"), "tests/e2e/run.ts"], {
      cwd: process.cwd(),
      env: { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("No Chromium found for the browser tests");
    expect(r.stderr).toContain("apt-get install -y chromium");
  });
});
