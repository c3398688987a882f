/**
 * A production start that is safe: demo data only where it is wanted, the first administrator made by a
 * command that never takes a password as an argument, and no start while a demo account keeps its
 * published password. Through the real CLI and the real `npm start` entry point.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { demoAccountsWithPublishedPasswords, demoSetting, setPassword } from "@/lib/ops/accounts";
import { DEMO_ACCOUNTS, seedDemo } from "@/lib/ops/seed";
import { freshDatabase, type TestDatabase } from "../setup/database";

const root = process.cwd();

function cli(args: string[], url: string, stdin = "") {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "lib/cli/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    input: stdin,
    env: { ...process.env, DATABASE_URL: url },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("demoSetting", () => {
  it("is on for a local start, off when a deployment says so, and refuses a value it does not know", () => {
    expect(demoSetting({}, "file:./data/chainrule.db").demo).toBe(true);
    expect(demoSetting({ NODE_ENV: "production" }, "file:./data/chainrule.db").demo).toBe(true);
    expect(demoSetting({ NODE_ENV: "production" }, "postgresql://db.example.edu/chainrule").demo).toBe(false);
    expect(demoSetting({ NODE_ENV: "production", CHAINRULE_DEMO: "1" }, "postgres://db/chainrule").demo).toBe(true);
    expect(demoSetting({ CHAINRULE_DEMO: "0" }, "file:./x.db").demo).toBe(false);
    expect(() => demoSetting({ CHAINRULE_DEMO: "no" }, "file:./x.db")).toThrow(
      'CHAINRULE_DEMO must be 1 (seed the demo course and its accounts) or 0 (no demo data), got "no"',
    );
  });
});

describe("admin create and admin password", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase();
  });
  afterAll(() => t.dispose());

  it("creates a site administrator with the password from standard input, audited", async () => {
    const r = cli(["admin", "create", "--email", "Ops@Example.edu", "--name", "Operations"], t.url, "a long enough secret\n");
    expect(r.out).toContain("created site administrator ops@example.edu");
    expect(r.status).toBe(0);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "ops@example.edu" } });
    expect(user).toMatchObject({ name: "Operations", isSiteAdmin: true });
    expect(await verifyPassword("a long enough secret", user.passwordHash)).toBe(true);
    expect(await t.db.auditLog.count({ where: { action: "user.createAdmin", entityId: user.id } })).toBe(1);
  });

  it("never takes the password as an argument, and refuses weak or published passwords, a taken email and a bad one, changing nothing", async () => {
    const before = await t.db.user.count();
    const cases: [string[], string, string][] = [
      [["admin", "create", "--email", "a@example.edu", "--password", "a long enough secret"], "", "a password is never an argument"],
      [["admin", "create", "--email", "a@example.edu", "--password=a long enough secret"], "", "a password is never an argument"],
      [["admin", "create", "--email", "a@example.edu"], "short\n", "the password must have at least 8 characters (it has 5)"],
      [["admin", "create", "--email", "a@example.edu"], "", "no password was given"],
      [["admin", "create", "--email", "a@example.edu"], "admin-pass\n", "one of the demo passwords the README publishes"],
      [["admin", "create", "--email", "ops@example.edu"], "another long secret\n", "an account with the email ops@example.edu already exists"],
      [["admin", "create", "--email", "not-an-email"], "another long secret\n", '--email: "not-an-email" is not an email address'],
      [["admin", "create"], "another long secret\n", "--email"],
      [["admin", "remove", "--email", "ops@example.edu"], "", 'unknown subcommand "remove"'],
    ];
    for (const [args, stdin, message] of cases) {
      const r = cli(args, t.url, stdin);
      expect(r.status, args.join(" ")).toBe(1);
      expect(r.out, args.join(" ")).toContain(message);
    }
    expect(await t.db.user.count()).toBe(before);
  });

  it("gives an account a new password and ends its sessions", async () => {
    const before = await t.db.user.findUniqueOrThrow({ where: { email: "ops@example.edu" } });
    const r = cli(["admin", "password", "--email", "ops@example.edu"], t.url, "a brand new secret\n");
    expect(r.status).toBe(0);
    const after = await t.db.user.findUniqueOrThrow({ where: { email: "ops@example.edu" } });
    expect(await verifyPassword("a brand new secret", after.passwordHash)).toBe(true);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(cli(["admin", "password", "--email", "nobody@example.edu"], t.url, "a brand new secret\n").out).toContain(
      "no account has the email nobody@example.edu",
    );
  });
});

describe("a start without demo data", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase();
    await seedDemo(t.db);
    // Migrations take the database for themselves: no other connection stays open meanwhile.
    await t.db.$disconnect();
  });
  afterAll(() => t.dispose());

  it("refuses to start while demo accounts keep their published passwords, naming them and the fix, before serving anything", { timeout: 120_000 }, () => {
    const r = spawnSync(process.execPath, ["lib/ops/serve.mjs"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: t.url, CHAINRULE_DEMO: "0", PORT: "3999" },
      timeout: 120_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status).toBe(1);
    expect(out).toContain("demo data: off (CHAINRULE_DEMO=0)");
    expect(out).toContain(`refusing to start without demo data (CHAINRULE_DEMO=0 or production) while ${DEMO_ACCOUNTS.length} demo accounts have`);
    expect(out).toContain("admin@chainrule.test");
    expect(out).toContain("npm run -s cli -- admin password --email EMAIL");
    expect(out).not.toContain("serving on");
  });

  it("lets it start once every demo password is changed", { timeout: 120_000 }, async () => {
    // One through the command (as an operator would), the rest directly.
    expect(cli(["admin", "password", "--email", DEMO_ACCOUNTS[0].email], t.url, "not the published one\n").status).toBe(0);
    for (const a of DEMO_ACCOUNTS.slice(1)) await setPassword(t.db, a.email, "not the published one");
    expect(await demoAccountsWithPublishedPasswords(t.db)).toEqual([]);
    await t.db.$disconnect();
    const { prepareDatabase } = await import("@/lib/ops/prepare");
    await expect(prepareDatabase(root, t.url, { seed: true, demo: false })).resolves.toBeUndefined();
  });

  it("adds no demo course or account to an empty database", { timeout: 120_000 }, async () => {
    const empty = await freshDatabase();
    try {
      await empty.db.$disconnect();
      const { prepareDatabase } = await import("@/lib/ops/prepare");
      await prepareDatabase(root, empty.url, { seed: true, demo: false });
      expect(await empty.db.user.count()).toBe(0);
      expect(await empty.db.course.count()).toBe(0);
      expect(await empty.db.problem.count()).toBeGreaterThan(0); // the bank is not demo data
    } finally {
      await empty.dispose();
    }
  });
});
