import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInUrl } from "@/lib/auth/paths";
import { authSecret, GENERATED_SECRET_FILE, productionSecretProblem } from "@/lib/auth/secret";
import { databaseProvider, DEFAULT_POOL_SIZE, poolSize, redactDatabaseUrl, resolveDatabaseUrl } from "@/lib/db/url";
import { credentialsSchema } from "@/lib/validations/auth";
import { courseIdSchema } from "@/lib/validations/ids";

describe("DATABASE_URL", () => {
  it("defaults to a file under data/ and makes relative paths absolute against the project root", () => {
    expect(resolveDatabaseUrl({}, "/srv/app")).toBe("file:/srv/app/data/chainrule.db");
    expect(resolveDatabaseUrl({ DATABASE_URL: "file:./x/y.db" }, "/srv/app")).toBe("file:/srv/app/x/y.db");
    expect(resolveDatabaseUrl({ DATABASE_URL: "file:/abs/z.db?mode=rw" }, "/srv/app")).toBe("file:/abs/z.db");
  });

  it("takes a PostgreSQL URL in either spelling as written, and picks the provider from the URL", () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: "postgresql://u:secret@db.internal:5433/chainrule" }, "/")).toBe(
      "postgresql://u:secret@db.internal:5433/chainrule",
    );
    expect(resolveDatabaseUrl({ DATABASE_URL: " postgres://u@h/db?sslmode=require " }, "/")).toBe("postgres://u@h/db?sslmode=require");
    expect(databaseProvider(resolveDatabaseUrl({ DATABASE_URL: "postgres://u@h/db" }, "/"))).toBe("postgresql");
    expect(databaseProvider(resolveDatabaseUrl({}, "/srv/app"))).toBe("sqlite");
    expect(redactDatabaseUrl("postgresql://u:secret@h/db")).toBe("postgresql://u:***@h/db");
  });

  it("refuses what neither database can open, naming both accepted forms and never the password", () => {
    const mysql = () => resolveDatabaseUrl({ DATABASE_URL: "mysql://u:secret@h/db" }, "/");
    expect(mysql).toThrow(/must be a SQLite "file:" URL.*or a PostgreSQL "postgresql:\/\/" \(or "postgres:\/\/"\) URL; got "mysql:…"/);
    expect(mysql).not.toThrow(/secret/);
    expect(() => resolveDatabaseUrl({ DATABASE_URL: "postgresql://u:secret@h/" }, "/")).toThrow(/names no PostgreSQL database/);
    expect(() => resolveDatabaseUrl({ DATABASE_URL: "postgresql://u:secret@h/" }, "/")).not.toThrow(/secret/);
    expect(() => resolveDatabaseUrl({ DATABASE_URL: "file:" }, "/")).toThrow(/names no file/);
  });

  it("reads DATABASE_POOL_SIZE as a whole number of connections", () => {
    expect(poolSize({})).toBe(DEFAULT_POOL_SIZE);
    expect(poolSize({ DATABASE_POOL_SIZE: "25" })).toBe(25);
    for (const bad of ["0", "2.5", "many", "-3"]) expect(() => poolSize({ DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE must be a whole number/);
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

describe("NEXTAUTH_SECRET in production", () => {
  it("is required from the environment, since a generated one would differ between instances", () => {
    expect(productionSecretProblem({ NODE_ENV: "production" })).toMatch(/^NODE_ENV=production needs NEXTAUTH_SECRET set, to the same value on every instance/);
    expect(productionSecretProblem({ NODE_ENV: "production", NEXTAUTH_SECRET: "  " })).not.toBeNull();
    expect(productionSecretProblem({ NODE_ENV: "production", NEXTAUTH_SECRET: "shared-secret" })).toBeNull();
    expect(productionSecretProblem({})).toBeNull();
    expect(productionSecretProblem({ NODE_ENV: "development" })).toBeNull();
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
