import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInUrl } from "@/lib/auth/paths";
import { authSecret, GENERATED_SECRET_FILE } from "@/lib/auth/secret";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { credentialsSchema } from "@/lib/validations/auth";
import { courseIdSchema } from "@/lib/validations/ids";

describe("DATABASE_URL", () => {
  it("defaults to a file under data/ and makes relative paths absolute against the project root", () => {
    expect(resolveDatabaseUrl({}, "/srv/app")).toBe("file:/srv/app/data/chainrule.db");
    expect(resolveDatabaseUrl({ DATABASE_URL: "file:./x/y.db" }, "/srv/app")).toBe("file:/srv/app/x/y.db");
    expect(resolveDatabaseUrl({ DATABASE_URL: "file:/abs/z.db?mode=rw" }, "/srv/app")).toBe("file:/abs/z.db");
  });

  it("refuses what the embedded database cannot open, saying what was wrong", () => {
    expect(() => resolveDatabaseUrl({ DATABASE_URL: "postgres://u:secret@h/db" }, "/")).toThrow(/must be a SQLite "file:" URL.*"postgres:…"/);
    expect(() => resolveDatabaseUrl({ DATABASE_URL: "postgres://u:secret@h/db" }, "/")).not.toThrow(/secret/);
    expect(() => resolveDatabaseUrl({ DATABASE_URL: "file:" }, "/")).toThrow(/names no file/);
  });
});

describe("NEXTAUTH_SECRET", () => {
  it("uses the environment's secret when set", () => {
    expect(authSecret({ NEXTAUTH_SECRET: "from-env" }, "/nonexistent")).toBe("from-env");
  });

  it("otherwise generates one once, keeps it private in a git-ignored file, and reuses it", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-secret-"));
    try {
      const first = authSecret({}, root);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(authSecret({}, root)).toBe(first);
      const file = path.join(root, GENERATED_SECRET_FILE);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const other = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-secret-"));
      expect(authSecret({}, other)).not.toBe(first);
      fs.rmSync(other, { recursive: true, force: true });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    const ignored = fs.readFileSync(path.join(process.cwd(), ".gitignore"), "utf8");
    expect(ignored).toMatch(/^\/data\/$/m);
    expect(GENERATED_SECRET_FILE.startsWith("data/")).toBe(true);
  });
});

describe("sign-in callback targets", () => {
  it("keeps local paths and drops anything that would leave the site", () => {
    expect(safeCallbackPath("/teach/courses/abc?x=1")).toBe("/teach/courses/abc?x=1");
    expect(safeCallbackPath("https://evil.example/")).toBe("/");
    expect(safeCallbackPath("//evil.example/")).toBe("/");
    expect(safeCallbackPath("/\\evil.example")).toBe("/");
    expect(safeCallbackPath("/signin?callbackUrl=/x")).toBe("/");
    expect(safeCallbackPath(null)).toBe("/");
    expect(signInUrl("/dashboard")).toBe("/signin?callbackUrl=%2Fdashboard");
  });
});

describe("input schemas", () => {
  it("explains each bad credential field", () => {
    const issues = (v: unknown) => credentialsSchema.safeParse(v).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ email: "", password: "" })).toEqual(["email: Enter your email address.", "password: Enter your password."]);
    expect(issues({ email: "x@", password: "p" })).toEqual(["email: That is not an email address."]);
    expect(issues({ email: `${"a".repeat(250)}@b.co`, password: "p" })).toEqual(["email: An email address has at most 254 characters."]);
    expect(issues({ email: 5, password: ["p"] })).toHaveLength(2);
    expect(credentialsSchema.safeParse({ email: " A@B.co ", password: "p" }).data?.email).toBe("A@B.co");
  });

  it("refuses malformed ids before any query", () => {
    expect(courseIdSchema.safeParse("cm3x8k2p90000abcd1234efgh").success).toBe(true);
    for (const bad of ["", "../etc", "ABC", "x".repeat(41), "a b c d e f g h", 42]) {
      expect(courseIdSchema.safeParse(bad).success).toBe(false);
    }
  });
});
