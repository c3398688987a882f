/**
 * `problem validate|preview|test|import|schema`: problem files checked like code, previewed at a
 * seed, their author tests run, imported into the database. Stable contracts (see README).
 */
import fs from "node:fs";
import { toEvalJson } from "@/lib/autograd";
import { loadProblem, type LoadResult } from "@/lib/problems/load";
import { referenceAnswer } from "@/lib/problems/reference";
import { yamlFilesUnder } from "@/lib/problems/files";
import { problemJsonSchema } from "@/lib/problems/json-schema";
import { textIn } from "@/lib/problems/schema";
import { formatIssue } from "@/lib/problems/source";
import { interpolate } from "@/lib/problems/statement";
import { formatRejections, formatSeconds, validateLoaded } from "@/lib/problems/validate";
import { generateVariant } from "@/lib/problems/variant";
import { runAuthorTestGraded } from "@/lib/problems/author-tests";
import { formatValue } from "@/lib/grading/format";
import { formatProblemGrade, gradeAt, readSubmission, toProblemGradeJson } from "@/lib/cli/commands/problem-grade";
import { readInputFile } from "@/lib/cli/commands/grade";
import { type FlagSpec, parseFlags } from "@/lib/cli/flags";
import { type CliCommand, type CliIO, CliUsageError } from "@/lib/cli/types";

const USAGE = [
  "usage: npm run -s cli -- problem <validate|preview|grade|test|import|schema> ...",
  "",
  "  problem validate PATH... [--seeds N] [--budget S]   schema, graph, 1,000 vetted variants, author tests; errors as file:line: message",
  "                                                (--budget: seconds for vetting each file's variants, default 10, 0 for no limit)",
  "  problem preview FILE --seed N [--json] [--lang en|zh-CN]   statement, parameters and reference answers of one variant",
  '  problem grade FILE --seed N --answers ANSWERS.json [--json]   grade a whole submission ({"<part id>": answer}, as author',
  "                                                tests write answers) at a seed: each part's and field's verdict, mistake, message",
  "  problem test PATH... [--verbose]              run the author tests and report each (--verbose: every part's verdicts and messages)",
  "  problem import PATH... [--course CODE]        validate, then upsert into the database (DATABASE_URL): into the",
  "                                                built-in bank, or with --course as problems owned by that course",
  "  problem schema                                print the JSON Schema of problem files",
  "",
  "  PATH is a .yaml file or a folder (searched recursively for .yaml/.yml files).",
].join("\n");

/** The problem files under the given paths, sorted; a missing path is a usage error. */
export function collectProblemFiles(paths: readonly string[]): string[] {
  if (paths.length === 0) throw new CliUsageError("give at least one problem file or folder");
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new CliUsageError(`no such file or folder: ${p}`);
    }
    if (stat.isFile()) {
      out.push(p);
      continue;
    }
    out.push(...yamlFilesUnder(p));
  }
  return [...new Set(out)].sort();
}

/** Positional paths apart from flags; which flags take a value comes from the subcommand's spec. */
function splitPaths(args: readonly string[], spec: Record<string, FlagSpec>): { paths: string[]; flags: string[] } {
  const paths: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) {
      paths.push(a);
      continue;
    }
    flags.push(a);
    const name = a.slice(2).split("=")[0]!;
    const takesValue = spec[name] !== undefined && spec[name].kind !== "boolean" && !a.includes("=");
    if (takesValue && args[i + 1] !== undefined) flags.push(args[++i]!);
  }
  return { paths, flags };
}

async function load(file: string, io: CliIO): Promise<{ text: string; loaded: LoadResult }> {
  const text = await io.readFile(file);
  return { text, loaded: loadProblem(text) };
}

/** How long `problem validate` vets one file's variants before it stops and says how many it vetted. */
const DEFAULT_VETTING_BUDGET_S = 10;

async function validate(args: readonly string[], io: CliIO): Promise<number> {
  const spec = { seeds: { kind: "number" }, budget: { kind: "number" } } as const;
  const { paths, flags } = splitPaths(args, spec);
  const f = parseFlags(flags, spec);
  if (f.seeds !== undefined && (!Number.isInteger(f.seeds) || f.seeds < 1 || f.seeds > 100_000)) {
    throw new CliUsageError("--seeds must be a whole number from 1 to 100000");
  }
  if (f.budget !== undefined && !(f.budget >= 0 && f.budget <= 86_400)) {
    throw new CliUsageError("--budget must be a number of seconds from 0 (no limit) to 86400");
  }
  const budget = f.budget ?? DEFAULT_VETTING_BUDGET_S;
  const files = collectProblemFiles(paths);
  let failed = 0;
  const ids = new Map<string, string>();
  for (const file of files) {
    const { loaded } = await load(file, io);
    const report = validateLoaded(loaded, { seeds: f.seeds, ...(budget > 0 ? { budgetMs: budget * 1000 } : {}) });
    const issues = [...report.issues];
    if (report.problem) {
      const other = ids.get(report.problem.file.id);
      if (other) issues.push({ severity: "error", line: 1, message: `id "${report.problem.file.id}" is also the id of ${other}` });
      ids.set(report.problem.file.id, file);
    }
    for (const issue of issues) io.stdout(`${formatIssue(file, issue)}\n`);
    if (issues.some((i) => i.severity === "error")) {
      failed++;
      continue;
    }
    const v = report.variants;
    const variants = v ? `${v.exact ? "" : "≈"}${formatCount(v.count)} variant${v.count === 1 ? "" : "s"}` : "no variants";
    const tests = `${report.tests.length} author test${report.tests.length === 1 ? "" : "s"} passed`;
    const vet = report.vetting;
    const vetted =
      vet?.stoppedByBudgetMs != null ? `; ${formatCount(vet.seeds)} of ${formatCount(vet.planned)} vetted in ${formatSeconds(vet.stoppedByBudgetMs)}` : "";
    io.stdout(`${file}: ok (${variants}${vetted}; ${tests})\n`);
    const rejected = formatRejections(report.rejections);
    if (rejected) io.stdout(`  ${rejected} (over ${formatCount(vet?.seeds ?? 0)} seeds)\n`);
  }
  io.stdout(`${files.length} problem file${files.length === 1 ? "" : "s"}: ${files.length - failed} ok, ${failed} with errors\n`);
  return failed ? 1 : 0;
}

/** 156, 12,400, or 5.4e20 for counts too large to read. */
function formatCount(n: number): string {
  return n < 1e7 ? n.toLocaleString("en-US") : n.toExponential(1).replace("e+", "e");
}

function requireLoaded(file: string, loaded: LoadResult) {
  if (!loaded.ok) {
    throw new CliUsageError(`${file} is not a valid problem file:\n${loaded.issues.map((i) => formatIssue(file, i)).join("\n")}`);
  }
  return loaded;
}

async function preview(args: readonly string[], io: CliIO): Promise<number> {
  const spec = { seed: { kind: "string", required: true }, json: { kind: "boolean" }, lang: { kind: "string" } } as const;
  const { paths, flags } = splitPaths(args, spec);
  const f = parseFlags(flags, spec);
  if (paths.length !== 1) throw new CliUsageError("preview takes exactly one problem file");
  if (f.seed.length > 64) throw new CliUsageError("--seed is at most 64 characters");
  const lang = f.lang ?? "en";
  if (lang !== "en" && lang !== "zh-CN") throw new CliUsageError(`--lang must be en or zh-CN, not "${lang}"`);
  const file = paths[0]!;
  const { problem } = requireLoaded(file, (await load(file, io)).loaded);
  const variant = generateVariant(problem, f.seed);
  const statement = interpolate(textIn(problem.file.statement, lang), variant.parameters);
  const parts = problem.file.parts.map((part) => {
    const ref = referenceAnswer(problem, variant, part);
    const answer = ref.kind === "expression" ? ref.expression : ref.kind === "graph-construction" || ref.kind === "graph-annotation" ? ref.nodes : ref.value;
    return { id: part.id, kind: part.kind, answer };
  });
  if (f.json) {
    io.stdout(`${JSON.stringify({ id: problem.file.id, seed: f.seed, parameters: variant.parameters, statement, parts })}\n`);
    return 0;
  }
  const lines = [`# ${textIn(problem.file.title, lang)}  (${problem.file.id}, seed ${f.seed})`, "", "parameters:"];
  for (const [k, v] of Object.entries(variant.parameters)) lines.push(`  ${k} = ${JSON.stringify(v)}`);
  lines.push(
    "",
    "statement:",
    ...statement
      .trimEnd()
      .split("\n")
      .map((l) => `  ${l}`),
    "",
    "reference answers:",
  );
  for (const part of problem.file.parts) {
    const ref = referenceAnswer(problem, variant, part);
    if (ref.kind === "numeric" || ref.kind === "vector") lines.push(`  ${part.id} (${part.kind}): ${formatValue(ref.value)}`);
    else if (ref.kind === "expression") lines.push(`  ${part.id} (expression): ${ref.expression}`);
    else {
      lines.push(`  ${part.id} (${part.kind}):`);
      for (const n of toEvalJson(variant.evaluated).nodes) {
        lines.push(`    ${n.id.padEnd(8)} ${n.op.padEnd(13)} value ${formatValue(n.value)}  grad ${formatValue(n.grad)}`);
      }
    }
  }
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}

function indent(text: string, prefix: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((l) => `${prefix}${l}`.trimEnd())
    .join("\n")
    .concat("\n");
}

async function grade(args: readonly string[], io: CliIO): Promise<number> {
  const spec = { seed: { kind: "string", required: true }, answers: { kind: "string", required: true }, json: { kind: "boolean" } } as const;
  const { paths, flags } = splitPaths(args, spec);
  const f = parseFlags(flags, spec);
  if (paths.length !== 1) throw new CliUsageError("grade takes exactly one problem file");
  if (f.seed.length > 64) throw new CliUsageError("--seed is at most 64 characters");
  const file = paths[0]!;
  const text = await readInputFile(file, io, "problem file");
  const { problem } = requireLoaded(file, loadProblem(text));
  const answers = readSubmission(problem, await readInputFile(f.answers, io, "answers file"), f.answers);
  const result = gradeAt(problem, f.seed, answers);
  io.stdout(f.json ? `${JSON.stringify(result)}\n` : formatProblemGrade(result));
  return 0;
}

async function test(args: readonly string[], io: CliIO): Promise<number> {
  const spec = { verbose: { kind: "boolean" } } as const;
  const { paths, flags } = splitPaths(args, spec);
  const { verbose } = parseFlags(flags, spec);
  let failed = 0;
  let total = 0;
  for (const file of collectProblemFiles(paths)) {
    const { loaded } = await load(file, io);
    if (!loaded.ok) {
      for (const i of loaded.issues) io.stdout(`${formatIssue(file, i)}\n`);
      failed++;
      continue;
    }
    const { problem } = loaded;
    if (problem.file.tests.length === 0) io.stdout(`${file}: no author tests\n`);
    problem.file.tests.forEach((t, i) => {
      total++;
      const { result: r, grade } = runAuthorTestGraded(problem, t);
      if (r.passed) io.stdout(`${file}: PASS ${r.name}\n`);
      else {
        failed++;
        io.stdout(`${file}:${loaded.source.lineAt(["tests", i])}: FAIL ${r.name}\n${r.failures.map((x) => `    ${x}\n`).join("")}`);
      }
      // A failing test shows what it gave and what was expected, field by field; --verbose shows every test so.
      if (grade && (verbose || !r.passed)) io.stdout(indent(formatProblemGrade(toProblemGradeJson(problem, t.seed, grade)), "    | "));
    });
  }
  io.stdout(`${total} author test${total === 1 ? "" : "s"}, ${failed} failed\n`);
  return failed ? 1 : 0;
}

/**
 * Validates every file, then imports them all or nothing: into the built-in bank (no owner), or with
 * `--course CODE` as problems of that course. A file whose id names a problem someone else owns
 * (another course, or the bank when importing for a course) is refused, as in the browser.
 */
async function importCommand(args: readonly string[], io: CliIO): Promise<number> {
  const spec = { course: { kind: "string" } } as const;
  const { paths, flags } = splitPaths(args, spec);
  const f = parseFlags(flags, spec);
  const files = collectProblemFiles(paths);
  // Everything is validated first: one bad file imports nothing.
  const ready: { file: string; text: string; loaded: Extract<LoadResult, { ok: true }> }[] = [];
  let bad = 0;
  for (const file of files) {
    const { text, loaded } = await load(file, io);
    const report = validateLoaded(loaded);
    for (const issue of report.issues.filter((i) => i.severity === "error")) io.stdout(`${formatIssue(file, issue)}\n`);
    if (!report.ok || !loaded.ok) bad++;
    else ready.push({ file, text, loaded });
  }
  if (bad) {
    io.stdout(`nothing imported: ${bad} of ${files.length} file${files.length === 1 ? "" : "s"} have errors\n`);
    return 1;
  }
  const { createDb } = await import("@/lib/db/client");
  const { importProblem } = await import("@/lib/problem-store/import");
  const db = createDb();
  try {
    let ownerCourseId: string | null = null;
    if (f.course !== undefined) {
      const code = f.course.trim().toUpperCase();
      const course = await db.course.findUnique({ where: { code }, select: { id: true } });
      if (!course) {
        io.stdout(`nothing imported: no course has the code "${code}"\n`);
        return 1;
      }
      ownerCourseId = course.id;
    }
    const existing = await db.problem.findMany({
      where: { slug: { in: ready.map((r) => r.loaded.problem.file.id) } },
      select: { slug: true, ownerCourseId: true, ownerCourse: { select: { code: true } } },
    });
    const elsewhere = existing.filter((p) => p.ownerCourseId !== ownerCourseId);
    for (const p of elsewhere) {
      const file = ready.find((r) => r.loaded.problem.file.id === p.slug)!.file;
      const owner = p.ownerCourse
        ? `course ${p.ownerCourse.code} (import it with --course ${p.ownerCourse.code})`
        : "the built-in bank (import it without --course)";
      io.stdout(`${file}: the problem "${p.slug}" belongs to ${owner}; only its owner's imports change it\n`);
    }
    if (elsewhere.length) {
      io.stdout(`nothing imported: ${elsewhere.length} of ${files.length} file${files.length === 1 ? "" : "s"} name problems owned elsewhere\n`);
      return 1;
    }
    for (const { file, text, loaded } of ready) {
      const r = await importProblem(db, loaded.problem.file, text, { ownerCourseId });
      const what = r.action === "unchanged" ? `unchanged (version ${r.version})` : `${r.action === "created" ? "created" : "new version"} ${r.version}`;
      io.stdout(`${r.slug}: ${what}  (${file})\n`);
    }
  } finally {
    await db.$disconnect();
  }
  return 0;
}

export const command: CliCommand = {
  name: "problem",
  summary: "problem files: validate, preview, grade, test, import, schema",
  usage: USAGE,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const [sub, ...rest] = args;
    switch (sub) {
      case "validate":
        return validate(rest, io);
      case "preview":
        return preview(rest, io);
      case "grade":
        return grade(rest, io);
      case "test":
        return test(rest, io);
      case "import":
        return importCommand(rest, io);
      case "schema":
        parseFlags(rest, {});
        io.stdout(`${JSON.stringify(problemJsonSchema(), null, 2)}\n`);
        return 0;
      default:
        throw new CliUsageError(sub === undefined ? "problem needs a subcommand" : `unknown subcommand "${sub}"`);
    }
  },
};
