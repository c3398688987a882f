/**
 * Headers and bodies, in the browser and over HTTP: every kind of page is
 * served with a nonce-based Content-Security-Policy and the other security headers and works under
 * it (no violation reported, KaTeX typeset, the graph drawn and exported), and an oversized body is
 * answered 413 with a readable error by server actions, plain form posts and every route.
 */
import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import http from "node:http";
import { ROUTE_BODY_LIMITS, SERVER_ACTION_BODY_LIMIT } from "@/lib/security/body-limits";
import { addAssignment, lookup } from "./db";
import { submitAs } from "./review-db";
import { screenshot, signIn, type DemoEmail } from "./helpers";

const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";
const FIVE_MB = "a".repeat(5 * 1024 * 1024);

/** Records every CSP violation the page reports, as an event or in the console. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|evaluate|create|connect|frame)/i.test(m.text())) fromConsole.push(`${page.url()}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
    });
  });
  return async () => {
    const fromEvents = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => []);
    return [...fromConsole, ...fromEvents];
  };
}

function nonceOf(csp: string): string {
  const m = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp);
  if (!m) throw new Error(`no nonce in ${csp}`);
  return m[1]!;
}

/** The headers every response the proxy passes carries, on plain http (so no HSTS). */
function expectSecurityHeaders(headers: Record<string, string>) {
  const csp = headers["content-security-policy"] ?? "";
  const directive = (name: string) =>
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `)) ?? "";
  expect(directive("script-src")).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
  expect(directive("style-src")).toMatch(/^style-src 'self' 'nonce-/);
  expect(directive("style-src-attr")).toBe("style-src-attr 'unsafe-inline'");
  expect(directive("object-src")).toBe("object-src 'none'");
  // No frame but a registered LMS's (lib/lti/framing.ts; which ones is tests/integration/lti/framing.test.ts):
  // 'none' with X-Frame-Options DENY while no LMS is registered, else only http(s) origins, no wildcard,
  // and no X-Frame-Options (it cannot list origins and would contradict the policy). Other browser
  // tests register LMSs on this server, so either can be seen here.
  const frameAncestors = directive("frame-ancestors");
  if (frameAncestors === "frame-ancestors 'none'") expect(headers["x-frame-options"]).toBe("DENY");
  else {
    expect(frameAncestors).toMatch(/^frame-ancestors( https?:\/\/[a-z0-9.-]+(:\d+)?)+$/);
    expect(headers["x-frame-options"]).toBeUndefined();
  }
  expect(directive("img-src")).toBe("img-src 'self' blob: data:");
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).not.toContain("upgrade-insecure-requests");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("microphone=()");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["strict-transport-security"]).toBeUndefined();
}

/** Elements whose style attribute the browser did not apply (what the policy blocks is parsed into nothing). */
function unappliedStyles(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement | SVGElement>("[style]")]
      .filter((e) => (e.getAttribute("style") ?? "").trim() !== "" && e.style.length === 0)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute("class") ?? ""}" style="${e.getAttribute("style")}">`),
  );
}

/** Opens a page, checks its status and headers, that every script in it carries the response's nonce, and that no style was blocked. */
async function visit(page: Page, path: string, status = 200): Promise<Response> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  expect(response!.status(), path).toBe(status);
  const headers = await response!.allHeaders();
  expectSecurityHeaders(headers);
  const nonce = nonceOf(headers["content-security-policy"]!);
  // Every script tag the server wrote carries it (the chunks those load are allowed by 'strict-dynamic').
  const tags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length, path).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, path).toContain(` nonce="${nonce}"`);
  await page.waitForLoadState("networkidle");
  expect(await unappliedStyles(page), path).toEqual([]);
  return response!;
}

let assignmentId = "";
let courseId = "";
let stdDevId = "";
let crossEntropyId = "";
let submissionId = "";

test.beforeAll(() => {
  assignmentId = addAssignment({
    title: "Security: every page kind",
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    releasePolicy: "IMMEDIATE",
    problems: [
      ["seed-std-dev", 10],
      ["seed-cross-entropy", 5],
    ],
  });
  courseId = String(lookup("SELECT id FROM Course WHERE code = 'DL-101'").id);
  stdDevId = String(lookup("SELECT id FROM Problem WHERE slug = 'seed-std-dev'").id);
  crossEntropyId = String(lookup("SELECT id FROM Problem WHERE slug = 'seed-cross-entropy'").id);
  submissionId = submitAs([{ email: "student2@chainrule.test", assignmentId, problemSlug: "seed-std-dev", set: { "grad-x1": 0.1 } }])[0]!.submissionId;
});

async function as(page: Page, email: DemoEmail) {
  await signIn(page, email);
}

test.describe("Content-Security-Policy and the other headers", () => {
  test("sign-in, and every page a student sees, work under the policy", async ({ page }) => {
    const violations = await watchViolations(page);
    const first = await visit(page, "/signin");
    const again = await page.request.get("/signin");
    // a fresh nonce for every response
    expect(nonceOf(again.headers()["content-security-policy"]!)).not.toBe(nonceOf((await first.allHeaders())["content-security-policy"]!));
    await as(page, "student2@chainrule.test");

    await visit(page, "/dashboard");
    await visit(page, `/assignments/${assignmentId}`);

    // the problem page: KaTeX in the statement, the graph editor drawing live, the server's check
    await visit(page, `/assignments/${assignmentId}/problems/${stdDevId}`);
    await expect(page.getByTestId("statement").locator(".katex").first()).toBeVisible();
    await page.getByTestId("graph-source-graph").fill(STD);
    await page.getByRole("button", { name: "Check my graph" }).click();
    await expect(page.getByTestId("construction-graph")).toContainText("Your graph computes the right function and is detailed.");
    const annotate = page.getByTestId("part-annotate");
    await expect(annotate.locator("svg g[data-node='s']")).toBeVisible();
    // the drawing's exports use blob: URLs (an <img> for the PNG)
    const [svg] = await Promise.all([page.waitForEvent("download"), annotate.getByRole("button", { name: "Download SVG" }).click()]);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const [png] = await Promise.all([page.waitForEvent("download"), annotate.getByRole("button", { name: "Download PNG" }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    await screenshot(page, "security-problem-page");

    // the formula box typesets in the browser (KaTeX HTML with style attributes), then a submission
    await visit(page, `/assignments/${assignmentId}/problems/${crossEntropyId}`);
    await page.getByTestId("answer-formula").fill("y11*ln(2)");
    const rendered = page.getByTestId("answer-formula-rendered").locator(".katex");
    await expect(rendered).toBeVisible();
    // KaTeX sizes its glyphs with style attributes; a blocked one would leave the element unstyled
    expect(await rendered.locator("[style]").count()).toBeGreaterThan(5);
    expect(await unappliedStyles(page)).toEqual([]);
    await page.getByTestId("answer-loss").fill("2.5");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toContainText("Result of attempt 1:");
    await screenshot(page, "security-formula-submitted");

    await visit(page, `/assignments/${assignmentId}/problems/${stdDevId}/history`);
    await visit(page, `/submissions/${submissionId}`);
    await expect(page.locator(".katex").first()).toBeVisible();
    await visit(page, "/join");
    await visit(page, "/password");
    await visit(page, `/teach/courses/${courseId}`, 403);
    await expect(page.getByTestId("forbidden")).toBeVisible();
    await visit(page, "/no-such-page", 404);
    await expect(page.getByTestId("not-found")).toBeVisible();
    await visit(page, "/signout");

    expect(await violations()).toEqual([]);
  });

  test("every staff page works under the policy", async ({ browser }) => {
    const ta = await browser.newPage();
    const taViolations = await watchViolations(ta);
    await as(ta, "ta@chainrule.test");
    await visit(ta, "/teach");
    await visit(ta, `/teach/assignments/${assignmentId}`);
    await visit(ta, `/teach/submissions/${submissionId}`);
    await expect(ta.getByTestId("audit-history")).toBeVisible();
    await visit(ta, `/teach/assignments/${assignmentId}/analytics`);
    expect(await taViolations()).toEqual([]);
    await ta.close();

    const page = await browser.newPage();
    const violations = await watchViolations(page);
    await as(page, "instructor@chainrule.test");
    await visit(page, `/teach/courses/${courseId}`);
    await visit(page, `/teach/courses/${courseId}/roster`);
    await visit(page, `/teach/courses/${courseId}/settings`);
    await visit(page, `/teach/courses/${courseId}/problems`);
    // the problem editor previews through a server action: statement (KaTeX), graphs, author tests
    await visit(page, `/teach/courses/${courseId}/problems/${stdDevId}`);
    await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
    await expect(page.getByTestId("seed-a").locator("svg g[data-node]").first()).toBeVisible();
    await expect(page.getByTestId("seed-a").locator(".katex").first()).toBeVisible();
    await screenshot(page, "security-problem-editor");
    await visit(page, `/teach/courses/${courseId}/problems/new`);
    await visit(page, `/teach/courses/${courseId}/assignments/new`);
    await visit(page, "/teach/courses/new");
    await visit(page, `/teach/assignments/${assignmentId}/edit`);
    await visit(page, `/teach/assignments/${assignmentId}/regrade`);
    await visit(page, `/teach/courses/${courseId}/problems/${stdDevId}/compare?a=1&b=1`);
    expect(await violations()).toEqual([]);
    await page.close();
  });

  test("routes, redirects and the proxy's own answers carry the headers too", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expectSecurityHeaders(health.headers());
    const unauthenticated = await request.get(`/api/courses/${courseId}`);
    expect(unauthenticated.status()).toBe(401);
    expectSecurityHeaders(unauthenticated.headers());
    const redirect = await request.get("/dashboard", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expectSecurityHeaders(redirect.headers());
  });
});

/** A POST of `body` bytes with the page's cookies, as the browser would send a server action. */
function postAction(page: Page, path: string, actionId: string, body: string): Promise<APIResponse> {
  return page.request.post(path, {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: new URL(page.url()).origin },
    data: body,
  });
}

test.describe("oversized bodies get 413 with a readable error", () => {
  test("a server action: 5 MB is refused before Next reads it, a normal body still works", async ({ page }) => {
    await as(page, "student3@chainrule.test");
    const problemPath = `/assignments/${assignmentId}/problems/${crossEntropyId}`;
    await page.goto(problemPath);
    // typing saves a draft through a server action: take its id and body
    const [draft] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
      page.getByTestId("answer-loss").fill("1.5"),
    ]);
    const actionId = draft.headers()["next-action"]!;

    const ok = await postAction(page, problemPath, actionId, draft.postData()!);
    expect(ok.status()).toBe(200);

    const big = await postAction(page, problemPath, actionId, FIVE_MB);
    expect(big.status()).toBe(413);
    // exactly text/plain: Next's client then throws an Error carrying this message
    expect(big.headers()["content-type"]).toBe("text/plain");
    expect(await big.text()).toBe(
      `Payload too large (413): the request body is ${FIVE_MB.length.toLocaleString("en-US")} bytes; a form or server action accepts at most 1 MB (1,048,576 bytes).`,
    );
    expectSecurityHeaders(big.headers());

    // one byte over the limit is refused, the limit itself is not refused for its size
    const over = await postAction(page, problemPath, actionId, "a".repeat(SERVER_ACTION_BODY_LIMIT + 1));
    expect(over.status()).toBe(413);
    const at = await postAction(page, problemPath, actionId, "a".repeat(SERVER_ACTION_BODY_LIMIT));
    expect(at.status()).not.toBe(413);
  });

  test("in the page, a submission over the limit says what was wrong instead of failing blankly", async ({ page }) => {
    await as(page, "student3@chainrule.test");
    await page.goto(`/assignments/${assignmentId}/problems/${crossEntropyId}`);
    const huge = "1".repeat(SERVER_ACTION_BODY_LIMIT + 1000);
    await page.getByTestId("answer-formula").evaluate((el, value) => {
      // set the value as a paste would, without typing a megabyte key by key
      const input = el as HTMLInputElement | HTMLTextAreaElement;
      const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), "value")!;
      descriptor.set!.call(input, value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, huge);
    const refused = page.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined && r.status() === 413);
    await page.getByTestId("submit").click();
    expect((await refused).status()).toBe(413);
    const alert = page.getByTestId("too-large");
    await expect(alert).toContainText("What you sent is too large");
    await expect(alert).toContainText("This form can send at most 1 MB. Nothing was saved.");
    await screenshot(page, "security-too-large");
  });

  test("a problem file or roster CSV over the limit is refused with the limit, not 'the server failed'", async ({ page }) => {
    await as(page, "instructor@chainrule.test");
    const huge = Buffer.alloc(SERVER_ACTION_BODY_LIMIT + 4096, "a");
    const message = "What you sent is larger than the 1 MB a form can send; nothing was changed.";
    await page.goto(`/teach/courses/${courseId}/problems`);
    await page.locator("#problem-file").setInputFiles({ name: "huge.yaml", mimeType: "text/yaml", buffer: huge });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("upload-result")).toHaveText(message);
    await page.goto(`/teach/courses/${courseId}/roster`);
    await page.locator("#roster-file").setInputFiles({ name: "huge.csv", mimeType: "text/csv", buffer: huge });
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await expect(page.getByTestId("form-error")).toHaveText(message);
  });

  test("a plain form post (no JavaScript) gets a page in the visitor's language", async ({ request }) => {
    const r = await request.post("/dashboard", {
      headers: { "accept-language": "zh-CN,zh;q=0.9", "content-type": "application/x-www-form-urlencoded" },
      data: `field=${FIVE_MB}`,
    });
    expect(r.status()).toBe(413);
    expect(r.headers()["content-type"]).toBe("text/html; charset=utf-8");
    const html = await r.text();
    expect(html).toContain("<h1>发送的内容过大</h1>");
    expect(html).toContain("此表单最多只能发送 1 MB。");
    expectSecurityHeaders(r.headers());
  });

  test("every route refuses 5 MB with a JSON error naming its limit, signed in or not", async ({ page }) => {
    const paths = ROUTE_BODY_LIMITS.map((r) => ({
      ...r,
      path: r.route
        .replace("[...nextauth]", "callback/credentials")
        .replace("[courseId]", courseId)
        .replace("[assignmentId]", assignmentId)
        .replace("[problemId]", stdDevId),
    }));
    expect(paths.length).toBeGreaterThanOrEqual(6);
    const check = async (post: (path: string) => Promise<APIResponse>) => {
      for (const r of paths) {
        const res = await post(r.path);
        expect(res.status(), r.path).toBe(413);
        const body = (await res.json()) as { error: { code: string; message: string; limit: number } };
        expect(body.error.code).toBe("payload-too-large");
        expect(body.error.limit).toBe(r.bytes);
        expect(body.error.message).toContain(`the request body is ${FIVE_MB.length.toLocaleString("en-US")} bytes`);
        expect(body.error.message).toContain(r.bytes === 0 ? `${r.route} takes no request body` : `${r.route} accepts at most`);
      }
    };
    await check((path) => page.request.post(path, { data: FIVE_MB, headers: { "content-type": "application/octet-stream" } }));
    // (signing in posts the sign-in form to /api/auth, well under that route's limit)
    await as(page, "instructor@chainrule.test");
    await check((path) => page.request.post(path, { data: FIVE_MB, headers: { "content-type": "application/octet-stream" } }));
  });

  test("a body sent in chunks without a length is measured and refused too", async ({ baseURL }) => {
    const url = new URL("/dashboard", baseURL);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        url,
        { method: "POST", headers: { "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8", "transfer-encoding": "chunked" } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      const chunk = "a".repeat(64 * 1024);
      for (let i = 0; i < 80; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
    expect(body).toBe("Payload too large (413): the request body is larger than allowed; a form or server action accepts at most 1 MB (1,048,576 bytes).");
  });

  test("a server action body Next could not decode gets 400, sent whole or in chunks", async ({ baseURL }) => {
    const post = (chunked: boolean, text: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const headers: Record<string, string> = { "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" };
        if (chunked) headers["transfer-encoding"] = "chunked";
        else headers["content-length"] = String(Buffer.byteLength(text));
        const req = http.request(new URL("/signin", baseURL), { method: "POST", headers }, (res) => {
          let out = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (out += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: out }));
        });
        req.on("error", reject);
        for (const part of chunked ? [text.slice(0, 3), text.slice(3)] : [text]) req.write(part);
        req.end();
      });
    for (const chunked of [false, true]) {
      for (const text of ["key", '{"a": 1}', '["$1"]']) {
        expect(await post(chunked, text), `${text}${chunked ? " in chunks" : ""}`).toEqual({
          status: 400,
          body: "Bad request (400): a server action's body must be a JSON array of its arguments.",
        });
      }
    }
  });
});
