import { expect, test } from "@playwright/test";
import { lookup } from "./db";
import { screenshot, signIn } from "./helpers";

/** Course ids by code, read off the instructor's teaching page (ids are generated at seed time). */
const courseIds: Record<string, string> = {};

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, "instructor@chainrule.test");
  for (const link of await page.getByTestId("teaching-course").getByRole("link").all()) {
    const code = (await link.textContent())?.split(":")[0]?.trim();
    const href = await link.getAttribute("href");
    if (code && href) courseIds[code] = href.split("/").pop()!;
  }
  await page.close();
  expect(Object.keys(courseIds).sort()).toEqual(["DL-101", "DL-201"]);
});

test.describe("sign-in and landing pages", () => {
  test("a student lands on their dashboard with their course and assignment", async ({ page }) => {
    await signIn(page, "student1@chainrule.test");
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole("heading", { level: 1, name: "My courses" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as Alice Zhang");
    const course = page.getByTestId("student-course");
    await expect(course).toHaveCount(1);
    await expect(course.getByRole("heading")).toContainText("DL-101: Deep Learning");
    // (other browser tests add assignments of their own to this course: look for the seeded ones)
    await expect(page.getByTestId("student-assignment").filter({ hasText: "Backpropagation practice" })).toHaveCount(1);
    const row = page.getByTestId("student-assignment").filter({ hasText: "Homework 2: theory" });
    await expect(row).toContainText("2 problems");
    await expect(row).toContainText("0 / 15");
    await expect(row).toContainText("Not started");
    // due date shown in the browser's zone with a relative hint
    await expect(row.locator("time")).toHaveAttribute("datetime", /\d{4}-\d\d-\d\dT/);
    await expect(row).toContainText(/in (7|6) days/);
    await expect(page.getByRole("link", { name: "Teaching" })).toHaveCount(0);
    await screenshot(page, "foundation-student-dashboard");
  });

  test("a TA lands on the courses they teach, and only those", async ({ page }) => {
    await signIn(page, "ta@chainrule.test");
    await expect(page).toHaveURL(/\/teach$/);
    const courses = page.getByTestId("teaching-course");
    await expect(courses).toHaveCount(1);
    await expect(courses).toContainText("DL-101: Deep Learning");
    await expect(courses).toContainText("Teaching assistant");
    // The course's students as the database has them (other tests add students of their own to DL-101).
    const students = Number(
      lookup("SELECT COUNT(*) AS n FROM Membership m JOIN Course c ON c.id = m.courseId WHERE c.code = 'DL-101' AND m.role = 'STUDENT'").n,
    );
    expect(students).toBeGreaterThanOrEqual(3);
    await expect(courses).toContainText(`${students} students`);
    await expect(page.getByTestId("teaching-assignment").filter({ hasText: "Homework 2: theory" })).toHaveCount(1);
    await expect(page.getByTestId("teaching-assignment").filter({ hasText: "Backpropagation practice" })).toHaveCount(1);
    await screenshot(page, "foundation-ta-teaching");
  });

  test("an instructor sees both of their courses", async ({ page }) => {
    await signIn(page, "instructor@chainrule.test");
    await expect(page).toHaveURL(/\/teach$/);
    await expect(page.getByTestId("teaching-course")).toHaveCount(2);
    await expect(page.getByText("DL-201: Advanced Deep Learning")).toBeVisible();
    await page.getByRole("link", { name: "DL-101: Deep Learning" }).click();
    await expect(page.getByTestId("roster")).toContainText("student3@chainrule.test");
  });

  test("a wrong password shows the generic error and signs nobody in", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill("student2@chainrule.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signin-error")).toHaveText(/did not work/);
    await expect(page).toHaveURL(/\/signin/);
    // an unknown email gets exactly the same message
    await page.getByLabel("Email").fill("nobody@chainrule.test");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signin-error")).toHaveText(/did not work/);
    const dashboard = await page.request.get("/dashboard", { maxRedirects: 0 });
    expect(dashboard.status()).toBe(307);
  });

  test("empty and malformed fields are flagged before anything is sent", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That is not an email address.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });

  test("an unauthenticated visit goes to sign-in and comes back where it was going", async ({ page }) => {
    const coursePath = `/teach/courses/${courseIds["DL-101"]}`;
    await page.goto(coursePath);
    await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(coursePath).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    await page.getByLabel("Email").fill("ta@chainrule.test");
    await page.getByLabel("Password").fill("ta-pass");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`${coursePath}$`));
    await expect(page.getByTestId("roster")).toBeVisible();
  });

  test("a student visiting a staff page gets the 403 page", async ({ page }) => {
    await signIn(page, "student1@chainrule.test");
    const response = await page.goto(`/teach/courses/${courseIds["DL-101"]}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toContainText("You do not have access to this page");
    await expect(page.getByTestId("roster")).toHaveCount(0);
    await screenshot(page, "foundation-student-403");
  });

  test("routes answer 403 JSON outside one's courses, 400 for malformed ids, 401 without a session", async ({ page, request }) => {
    await signIn(page, "student1@chainrule.test");
    const own = await page.request.get(`/api/courses/${courseIds["DL-101"]}`);
    expect(own.status()).toBe(200);
    expect((await own.json()).role).toBe("STUDENT");
    const other = await page.request.get(`/api/courses/${courseIds["DL-201"]}`);
    expect(other.status()).toBe(403);
    expect(await other.json()).toEqual({ error: { code: "forbidden", message: "You do not have access to this resource." } });
    const malformed = await page.request.get("/api/courses/..%2Fetc");
    expect(malformed.status()).toBe(400);
    const missing = await page.request.get("/api/courses/abcdefghijklmnop");
    expect(missing.status()).toBe(404);
    const anonymous = await request.get(`/api/courses/${courseIds["DL-101"]}`);
    expect(anonymous.status()).toBe(401);
  });

  test("the language follows the browser and the switcher keeps the choice", async ({ browser }) => {
    const zh = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
    const page = await zh.newPage();
    await page.goto("/signin");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录 Chainrule");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await page.getByLabel("语言").selectOption("en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Chainrule");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Chainrule");
    await zh.close();
  });

  test("health answers after a database round trip", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok" });
  });
});
