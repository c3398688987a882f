import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Callers only ask lib/authz.ts. Pages, server actions, route handlers and the loaders behind them
 * (lib/assignments, lib/review) must not decide access themselves: no comparing a role, reading the
 * site-admin flag, testing ownership, or comparing an assignment's opening time. Each of those
 * decisions is a rule in lib/authz.ts's table. (lib/assignments/rules.ts keeps the submit rules'
 * own time logic: when a student who may submit can do so.)
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

const LEAKS: { what: string; pattern: RegExp }[] = [
  { what: "compares a course role", pattern: /\brole\s*[!=]==?\s*["'](STUDENT|TA|INSTRUCTOR)["']/ },
  { what: "reads the site-admin flag", pattern: /\.isSiteAdmin\b/ },
  { what: "decides by ownership", pattern: /\bisOwner\s*(&&|\|\||\?)|!\s*(\w+\.)?isOwner\b/ },
  { what: "compares the opening time", pattern: /[<>]=?\s*[\w.!]*opensAt\b|\bopensAt\s*[<>]/ },
];

/** Lines that match a pattern without deciding access, and why. */
const NOT_DECISIONS: { file: string; line: string; why: string }[] = [
  {
    file: "lib/assignments/dashboard.ts",
    line: `const role = mine && mine.role !== "STUDENT" ? mine.role : "ADMIN";`,
    why: "the label shown beside a course the user teaches",
  },
  { file: "lib/assignments/dashboard.ts", line: `studentCount: c.memberships.filter((m) => m.role === "STUDENT").length,`, why: "a head count" },
  {
    file: "app/(staff)/accounts/page.tsx",
    line: `{a.isSiteAdmin ? <span className="muted"> ({t("siteAdmin")})</span> : null}`,
    why: "the label beside a listed account on the admins' accounts page",
  },
];

function filesUnder(dir: string, match: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, match) : match(full) ? [full] : [];
  });
}

const callers = [
  ...filesUnder(path.join(ROOT, "app"), (f) => /\/(page\.tsx|actions\.ts|route\.ts|layout\.tsx)$/.test(f)),
  ...filesUnder(path.join(ROOT, "lib/assignments"), (f) => f.endsWith(".ts") && !f.endsWith("/rules.ts")),
  ...filesUnder(path.join(ROOT, "lib/review"), (f) => f.endsWith(".ts")),
  path.join(ROOT, "lib/guards.ts"),
];

describe("access decisions live in lib/authz.ts only", () => {
  it("finds the callers it reads", () => {
    expect(callers.length).toBeGreaterThan(40);
  });

  it("finds no caller deciding access itself", () => {
    const found: string[] = [];
    for (const file of callers) {
      const rel = path.relative(ROOT, file);
      fs.readFileSync(file, "utf8")
        .split("\n")
        .forEach((text, i) => {
          for (const leak of LEAKS) {
            if (!leak.pattern.test(text)) continue;
            if (NOT_DECISIONS.some((n) => n.file === rel && text.trim() === n.line)) continue;
            found.push(`${rel}:${i + 1}: ${leak.what}: ${text.trim()}`);
          }
        });
    }
    expect(found).toEqual([]);
  });

  it("keeps its list of exceptions honest: each one still exists", () => {
    for (const n of NOT_DECISIONS) {
      expect(
        fs
          .readFileSync(path.join(ROOT, n.file), "utf8")
          .split("\n")
          .map((l) => l.trim()),
        n.why,
      ).toContain(n.line);
    }
  });
});
