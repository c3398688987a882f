/**
 * Operating the built app: every response carries an x-request-id (a safe incoming one kept, anything
 * else replaced), and /api/metrics answers Prometheus text to a site admin only, with what the other
 * routes recorded (the proxy, the routes and the metrics route are separate bundles of one process).
 */
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test.describe("the request id", () => {
  test("pages, routes, redirects and refusals carry one; a safe incoming id is kept, an unsafe one replaced", async ({ request, page }) => {
    const health = await request.get("/api/health");
    expect(health.headers()["x-request-id"]).toMatch(UUID);
    const refused = await request.get("/api/courses/nope");
    expect(refused.status()).toBe(401);
    expect(refused.headers()["x-request-id"]).toMatch(UUID);
    const redirect = await request.get("/dashboard", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers()["x-request-id"]).toMatch(UUID);
    expect((await request.get("/api/health", { headers: { "x-request-id": "lb-req.42_a" } })).headers()["x-request-id"]).toBe("lb-req.42_a");
    expect((await request.get("/api/health", { headers: { "x-request-id": "x".repeat(65) } })).headers()["x-request-id"]).toMatch(UUID);

    const signin = await page.goto("/signin");
    expect(signin!.headers()["x-request-id"]).toMatch(UUID);
  });
});

test.describe("/api/metrics", () => {
  test("a visitor gets 401 and a student 403, as JSON", async ({ request, page }) => {
    const anonymous = await request.get("/api/metrics");
    expect(anonymous.status()).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    await signIn(page, "student1@chainrule.test");
    const student = await page.request.get("/api/metrics");
    expect(student.status()).toBe(403);
    expect(((await student.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });

  test("a site admin reads Prometheus text that includes what other routes recorded", async ({ request, page }) => {
    expect((await request.get("/api/health")).status()).toBe(200);
    await signIn(page, "admin@chainrule.test");
    const res = await page.request.get("/api/metrics");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers()["cache-control"]).toBe("no-store");
    const text = await res.text();
    expect(text).toMatch(/^chainrule_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="2xx"\} [1-9]/m);
    expect(text).toMatch(/^chainrule_db_queries_total\{model="raw",operation="\$queryRaw",outcome="ok"\} [1-9]/m);
    for (const name of [
      "chainrule_graded_submissions_total",
      "chainrule_rate_limit_refusals_total",
      "chainrule_grading_duration_seconds",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
  });
});
