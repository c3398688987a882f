/**
 * The dependency rules (.dependency-cruiser.cjs) catch what they are for, and only that: a small
 * made-up project with one wrong import per rule, and right imports beside them, is checked with
 * the real configuration. A rule whose pattern stops matching (as happened once when node_modules
 * was excluded, hiding every package import) fails here, not silently in CI.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = path.resolve(__dirname, "../..");

const FILES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler", paths: { "@/*": ["./*"] } } }),
  // The core, lowest first, with right imports: its own folder, lower folders, allowed packages.
  "lib/autograd/tensor.ts": "export const t = 1;\n",
  "lib/autograd/graph.ts": 'import { t } from "./tensor";\nexport const g = t;\n',
  "lib/graph-lang/parser.ts": 'import { g } from "@/lib/autograd/graph";\nexport const p = g;\n',
  "lib/grading/verdict.ts": 'import { z } from "zod";\nimport { p } from "../graph-lang/parser";\nexport const v = [z, p];\n',
  "lib/problems/load.ts": 'import fs from "node:fs";\nimport YAML from "yaml";\nimport { v } from "@/lib/grading/verdict";\nexport const l = [fs, YAML, v];\n',
  // Wrong imports in the core.
  "lib/autograd/bad.ts":
    'import { z } from "zod";\nimport { NextResponse } from "next/server";\nimport { db } from "@/lib/db/client";\nimport { p } from "@/lib/graph-lang/parser";\nexport const b = [z, NextResponse, db, p];\n',
  "lib/grading/bad.ts": 'import YAML from "yaml";\nimport { l } from "@/lib/problems/load";\nexport const b = [YAML, l];\n',
  "lib/problems/bad.ts": 'import React from "react";\nimport { c } from "@/lib/courses/codes";\nexport const b = [React, c];\n',
  // Feature folders: they may use the core; two of them point at each other.
  "lib/db/client.ts": "export const db = 1;\n",
  "lib/courses/codes.ts": 'import { l } from "@/lib/problems/load";\nimport { s } from "@/lib/validations/course";\nexport const c = [l, s];\n',
  "lib/validations/course.ts": 'import { c } from "@/lib/courses/codes";\nexport const s = () => c;\n',
  "lib/roster/import.ts": 'import { c } from "../courses/codes";\nimport page from "@/app/page";\nexport const r = [c, page];\n',
  "lib/roster/csv/read.ts": 'import { r } from "../import";\nimport { x } from "@/lib/nowhere";\nexport const q = [r, x];\n',
  // app/: route folders with characters that mean something in a regular expression.
  "app/page.ts": 'import { db } from "@/lib/db/client";\nimport { c } from "../lib/courses/codes";\nexport default [db, c];\n',
  "app/(staff)/teach/[courseId]/Form.ts": "export const f = 1;\n",
  "app/(staff)/teach/[courseId]/page.ts": 'import { f } from "./Form";\nimport { a } from "../actions";\nexport default [f, a];\n',
  "app/(staff)/teach/actions.ts": "export const a = 1;\n",
  "app/_components/graph/Canvas.ts": "export const canvas = 1;\n",
  "app/_components/problem/Workspace.ts": 'import { canvas } from "../graph/Canvas";\nexport const w = canvas;\n',
};

let dir: string;
let violations: string[];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-layers-"));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
  let out: string;
  try {
    out = execFileSync(
      path.join(repo, "node_modules/.bin/depcruise"),
      ["lib", "app", "--config", path.join(repo, ".dependency-cruiser.cjs"), "--output-type", "json", "--preserve-symlinks"],
      { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (e) {
    // depcruise exits with the number of errors; the report is still on stdout.
    out = (e as { stdout: string }).stdout;
  }
  const result = JSON.parse(out) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the dependency rules", () => {
  it("report each wrong import under the rule it breaks, and nothing else", () => {
    expect(violations).toEqual(
      [
        "autograd-imports-only-lower-core: lib/autograd/bad.ts → lib/graph-lang/parser.ts",
        "autograd-uses-only-its-packages: lib/autograd/bad.ts → node_modules/zod/index.d.cts",
        "core-has-no-framework-or-database: lib/autograd/bad.ts → lib/db/client.ts",
        "core-has-no-framework-or-database: lib/autograd/bad.ts → node_modules/next/server.d.ts",
        "grading-imports-only-lower-core: lib/grading/bad.ts → lib/problems/load.ts",
        "grading-uses-only-its-packages: lib/grading/bad.ts → node_modules/yaml/dist/index.d.ts",
        "core-has-no-framework-or-database: lib/problems/bad.ts → node_modules/react/index.js",
        "problems-imports-only-lower-core: lib/problems/bad.ts → lib/courses/codes.ts",
        "no-circular: lib/courses/codes.ts → lib/validations/course.ts",
        "no-circular-between-folders: lib/courses → lib/validations",
        "no-circular-between-folders: lib/validations → lib/courses",
        // Each backward arrow in the core above also closes a cycle between two folders.
        "no-circular-between-folders: lib/autograd → lib/graph-lang",
        "no-circular-between-folders: lib/graph-lang → lib/autograd",
        "no-circular-between-folders: lib/grading → lib/problems",
        "no-circular-between-folders: lib/problems → lib/grading",
        "no-circular-between-folders: lib/courses → lib/problems",
        "no-circular-between-folders: lib/problems → lib/courses",
        "lib-never-imports-app: lib/roster/import.ts → app/page.ts",
        "relative-import-leaves-feature-folder: lib/roster/import.ts → lib/courses/codes.ts",
        "relative-import-goes-up: lib/roster/csv/read.ts → lib/roster/import.ts",
        "no-unresolvable-import: lib/roster/csv/read.ts → @/lib/nowhere",
        "app-holds-no-database-client: app/page.ts → lib/db/client.ts",
        "relative-import-from-app-into-lib: app/page.ts → lib/courses/codes.ts",
        "relative-import-goes-up: app/(staff)/teach/[courseId]/page.ts → app/(staff)/teach/actions.ts",
        "relative-import-leaves-component-folder: app/_components/problem/Workspace.ts → app/_components/graph/Canvas.ts",
      ].sort(),
    );
  });
});
