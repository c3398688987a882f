import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshDatabase, type TestDatabase } from "../setup/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.dispose());

describe("GET /api/health", () => {
  it("answers ok after a real round trip to the database", async () => {
    vi.stubEnv("DATABASE_URL", t.url);
    vi.resetModules();
    const { GET } = await import("@/app/api/health/route");
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 when the database cannot be reached", async () => {
    vi.stubEnv("DATABASE_URL", "file:/proc/nonexistent-dir/x.db");
    vi.resetModules();
    (globalThis as { chainruleDb?: unknown }).chainruleDb = undefined;
    const { GET } = await import("@/app/api/health/route");
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "error", db: "unreachable" });
  });
});
