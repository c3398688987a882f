/**
 * From a problem file's text to a checked, compiled problem, or the list of what is wrong with it,
 * each with its line. Used by the validator, the importer, the browser editor and the server.
 */
import { isOpName, type OpName } from "@/lib/autograd";
import { assignmentIds, BINARY_OPERATORS, compileGraph, FUNCTIONS, GraphError, parseGraph, type Program } from "@/lib/graph-lang";
import { MISTAKE_CODES } from "@/lib/grading/mistakes";
import { ExpressionError, functionsIn, namesIn, splitConstraint } from "./expressions";
import { mathErrors, placeholdersIn } from "./statement";
import { requireIssues } from "./required";
import { problemFile, type LocalizedText, type ProblemFile } from "./schema";
import { formatPath, YamlSource, type PathSegment, type ProblemIssue } from "./source";
import { compileProblem, graphInputs, tryDraw, type CompiledProblem } from "./variant";

export type LoadResult = { ok: true; problem: CompiledProblem; source: YamlSource; issues: ProblemIssue[] } | { ok: false; issues: ProblemIssue[] };

export const MAX_PROBLEM_FILE_BYTES = 256 * 1024;

type Issue = { path: readonly PathSegment[]; message: string; key?: string; lineInText?: number };

function zodIssueMessage(issue: { code: string; message: string; keys?: string[]; path: readonly PropertyKey[] }): { message: string; key?: string } {
  if (issue.code === "unrecognized_keys" && issue.keys?.length) {
    return { message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`, key: issue.keys[0] };
  }
  return { message: issue.message };
}

/** When the issue is about a key its mapping does not have at all: the mapping's path and the key. */
function missingKey(raw: unknown, path: readonly PathSegment[]): { parent: PathSegment[]; key: string } | null {
  const key = path.at(-1);
  if (typeof key !== "string") return null;
  let at: unknown = raw;
  for (const seg of path.slice(0, -1)) {
    if (at === null || typeof at !== "object") return null;
    at = (at as Record<string | number, unknown>)[seg];
  }
  if (at === null || typeof at !== "object" || Array.isArray(at) || key in at) return null;
  return { parent: path.slice(0, -1), key };
}

/** Reads and checks a problem file. Never throws for anything wrong with the file itself. */
export function loadProblem(text: string): LoadResult {
  if (Buffer.byteLength(text, "utf8") > MAX_PROBLEM_FILE_BYTES) {
    return { ok: false, issues: [{ severity: "error", line: 1, message: `the file is larger than ${MAX_PROBLEM_FILE_BYTES / 1024} KB` }] };
  }
  const source = new YamlSource(text);
  const syntax = source.syntaxIssues();
  if (syntax.some((i) => i.severity === "error")) return { ok: false, issues: syntax };
  let raw: unknown;
  try {
    raw = source.doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    // An alias to an anchor that is never set, or one that expands too far: the YAML library throws.
    return { ok: false, issues: [{ severity: "error", line: 1, message: `YAML: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, issues: [{ severity: "error", line: 1, message: "a problem file is a YAML mapping (id: ..., title: ..., ...)" }] };
  }
  const parsed = problemFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      const missing = missingKey(raw, i.path as PathSegment[]);
      if (missing) {
        // "parts[2]: `prompt` is required", at the line of the mapping that lacks it.
        return {
          severity: "error" as const,
          line: source.lineAt(missing.parent),
          message: `${missing.parent.length ? `${formatPath(missing.parent)}: ` : ""}\`${missing.key}\` is required`,
        };
      }
      const { message, key } = zodIssueMessage(i);
      const path = i.path as PathSegment[];
      return {
        severity: "error" as const,
        line: source.lineAt(path, key),
        message: `${path.length ? `${formatPath(path)}: ` : ""}${message}`,
      };
    });
    return { ok: false, issues: [...syntax, ...dedupe(issues)] };
  }
  const found: Issue[] = [];
  const problem = checkMeaning(parsed.data, source, found);
  const issues: ProblemIssue[] = [
    ...syntax,
    ...found.map((f) => ({
      severity: "error" as const,
      line: f.lineInText ?? source.lineAt(f.path, f.key),
      message: `${f.path.length ? `${formatPath(f.path)}: ` : ""}${f.message}`,
    })),
  ];
  if (!problem || issues.some((i) => i.severity === "error")) return { ok: false, issues };
  return { ok: true, problem, source, issues };
}

function dedupe(issues: ProblemIssue[]): ProblemIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function texts(text: LocalizedText): string[] {
  return typeof text === "string" ? [text] : [text.en, ...(text["zh-CN"] ? [text["zh-CN"]] : [])];
}

/** The operation a `ban` entry names: a function of the graph language (softmax, t) or an op name (mul, neg). */
export function bannedOp(name: string): OpName | null {
  return FUNCTIONS.get(name)?.op ?? (isOpName(name) ? name : null);
}

/** Every operation a program applies. */
function opsIn(program: Program): Set<OpName> {
  const ops = new Set<OpName>();
  const stack = program.statements.flatMap((s) => (s.kind === "assign" ? [s.expr] : []));
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === "call") {
      const op = FUNCTIONS.get(e.callee)?.op;
      if (op) ops.add(op);
      stack.push(...e.args);
    } else if (e.kind === "binary") {
      ops.add(BINARY_OPERATORS[e.op]);
      stack.push(e.left, e.right);
    } else if (e.kind === "neg") {
      ops.add("neg");
      stack.push(e.operand);
    } else if (e.kind === "index") {
      ops.add("index");
      stack.push(e.target);
    } else if (e.kind === "array") {
      ops.add("stack");
      stack.push(...e.elements);
    }
  }
  return ops;
}

/** A graph-language error inside a text block of the file, at its own line of the file. */
function graphIssue(e: GraphError, source: YamlSource, path: PathSegment[]): Issue {
  const start = source.textStartLine(path);
  const where = e.line === null ? "" : ` (graph line ${e.line}, column ${e.column})`;
  return { path, message: `${e.message}${where}`, ...(start && e.line ? { lineInText: start + e.line - 1 } : {}) };
}

/** What the checks of one file share: the file, where issues go, and what the reference graph declares. */
interface Check {
  readonly file: ProblemFile;
  readonly source: YamlSource;
  readonly found: Issue[];
  readonly add: (path: readonly PathSegment[], message: string, key?: string) => void;
  readonly paramNames: ReadonlySet<string>;
  /** The parsed reference graph, or null when it does not parse (its error is already reported). */
  readonly program: Program | null;
  /** Graph inputs and named nodes: what an answer or an annotation may name. */
  readonly nodeIds: ReadonlySet<string>;
  /** Named nodes of the graph, which constraints may use. */
  readonly assigned: ReadonlySet<string>;
  /** Placeholders and math of a text shown to students. */
  readonly checkText: (path: PathSegment[], text: LocalizedText) => void;
}

/**
 * Checks what the schema cannot: names that must exist, graphs that must compile, and so on. Each part
 * of the file has its own check, run in the order of the file; then the problem is compiled.
 */
function checkMeaning(file: ProblemFile, source: YamlSource, found: Issue[]): CompiledProblem | null {
  const add = (path: readonly PathSegment[], message: string, key?: string) => found.push({ path, message, ...(key ? { key } : {}) });
  const paramNames = new Set(Object.keys(file.parameters));
  const program = parseReference(file, source, found);
  const inputs = program ? program.statements.flatMap((s) => (s.kind === "input" ? s.decls : [])) : [];
  const assigned = new Set(program ? program.statements.flatMap((s) => (s.kind === "assign" ? [s.name] : [])) : []);
  const checkText = (path: PathSegment[], text: LocalizedText) => {
    for (const t of texts(text)) {
      for (const p of placeholdersIn(t)) if (!paramNames.has(p)) add(path, `{{${p}}} is not a parameter`);
      for (const m of mathErrors(t)) add(path, m);
    }
  };
  const check: Check = {
    file,
    source,
    found,
    add,
    paramNames,
    program,
    assigned,
    nodeIds: new Set([...inputs.map((d) => d.name), ...assigned, ...(program ? assignmentIds(program).values() : [])]),
    checkText,
  };
  for (const d of inputs) {
    if (!paramNames.has(d.name) && d.defaultValue === null) {
      add(["graph"], `graph input "${d.name}" has no value: add a parameter "${d.name}" or a default (input ${d.name} = ...)`);
    }
  }
  checkParameters(check);
  checkConstraints(check);
  checkText(["statement"], file.statement);
  checkText(["solution"], file.solution);
  const partIds = checkParts(check);
  checkAnnotatedNodes(check);
  checkMistakes(check);
  checkTests(check, partIds);
  return program === null ? null : compileChecked(check, program);
}

/** The reference graph, parsed; its syntax error is reported at its line of the file. */
function parseReference(file: ProblemFile, source: YamlSource, found: Issue[]): Program | null {
  try {
    return parseGraph(file.graph);
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    found.push(graphIssue(e, source, ["graph"]));
    return null;
  }
}

function unknownFunction(fn: string): string {
  return `unknown function "${fn}"; the functions are ${[...FUNCTIONS.keys()].join(", ")}`;
}

/** Derived parameters use only parameters and known functions. */
function checkParameters({ file, add, paramNames }: Check): void {
  for (const [name, spec] of Object.entries(file.parameters)) {
    if (spec.type !== "derived") continue;
    try {
      for (const used of namesIn(spec.expr)) if (!paramNames.has(used)) add(["parameters", name, "expr"], `uses "${used}", which is not a parameter`);
      for (const fn of functionsIn(spec.expr)) if (!FUNCTIONS.has(fn)) add(["parameters", name, "expr"], unknownFunction(fn));
    } catch (e) {
      add(["parameters", name, "expr"], e instanceof Error ? e.message : String(e));
    }
  }
}

/** Constraints use parameters and named nodes, and known functions. */
function checkConstraints({ file, add, paramNames, assigned }: Check): void {
  file.constraints.forEach((c, i) => {
    try {
      const { lhs, rhs } = splitConstraint(c);
      for (const used of [...namesIn(lhs), ...namesIn(rhs)]) {
        if (!paramNames.has(used) && !assigned.has(used)) add(["constraints", i], `uses "${used}", which is neither a parameter nor a named node of the graph`);
      }
      for (const fn of [...functionsIn(lhs), ...functionsIn(rhs)]) if (!FUNCTIONS.has(fn)) add(["constraints", i], unknownFunction(fn));
    } catch (e) {
      add(["constraints", i], e instanceof ExpressionError ? e.message : String(e));
    }
  });
}

/** Each part: a unique id, its texts, and what its kind names. Returns the part ids and their positions. */
function checkParts({ file, add, program, nodeIds, checkText }: Check): Map<string, number> {
  const partIds = new Map<string, number>();
  file.parts.forEach((part, i) => {
    if (partIds.has(part.id)) add(["parts", i, "id"], `part id "${part.id}" is used twice`);
    partIds.set(part.id, i);
    checkText(["parts", i, "prompt"], part.prompt);
    part.hints?.forEach((h, j) => checkText(["parts", i, "hints", j], h));
    switch (part.kind) {
      case "numeric":
      case "vector":
        if (part.answer.node !== undefined && program && !nodeIds.has(part.answer.node)) {
          add(["parts", i, "answer", "node"], `"${part.answer.node}" is not an input or a named node of the graph`);
        }
        break;
      case "graph-annotation":
        if (part.graph !== "reference") {
          const target = file.parts.find((p) => p.id === part.graph);
          if (!target || target.kind !== "graph-construction") {
            add(["parts", i, "graph"], `"${part.graph}" must be "reference" or the id of a graph-construction part`);
          }
        }
        break;
      case "graph-construction": {
        part.ban.forEach((op, j) => {
          if (bannedOp(op) === null) add(["parts", i, "ban", j], `"${op}" is not an operation or a function of the graph language`);
        });
        const banned = new Set(part.ban.map(bannedOp));
        if (program)
          for (const op of opsIn(program)) if (banned.has(op)) add(["parts", i, "ban"], `the reference graph itself uses "${op}", which this part bans`);
        if (program) for (const { index, message } of requireIssues(program, part)) add(["parts", i, "require", index], message, "node");
        break;
      }
      case "expression":
        for (const d of Object.keys(part.domain ?? {})) {
          if (!part.variables.includes(d)) add(["parts", i, "domain", d], `"${d}" is not one of the part's variables`);
        }
        break;
    }
  });
  return partIds;
}

/** The nodes an annotation part of the reference graph asks about exist in the graph. */
function checkAnnotatedNodes({ file, add, program, nodeIds }: Check): void {
  file.parts.forEach((part, i) => {
    if (part.kind === "graph-annotation" && part.nodes && program && part.graph === "reference") {
      // Sub-expression ids (m.1) exist only after compiling; checked against a compiled variant in validate.ts.
      part.nodes.forEach((n, j) => {
        const base = n.split(".")[0]!;
        if (!nodeIds.has(base)) add(["parts", i, "nodes", j], `"${n}" is not a node of the graph`);
      });
    }
  });
}

/** Each described mistake: its message, its graph, and the parameters it changes. */
function checkMistakes({ file, source, found, add, paramNames, checkText }: Check): void {
  file.mistakes.forEach((m, i) => {
    checkText(["mistakes", i, "message"], m.message);
    if (m.graph !== undefined) {
      try {
        parseGraph(m.graph);
      } catch (e) {
        if (!(e instanceof GraphError)) throw e;
        found.push(graphIssue(e, source, ["mistakes", i, "graph"]));
      }
    }
    for (const [name, expr] of Object.entries(m.parameters ?? {})) {
      if (!paramNames.has(name)) add(["mistakes", i, "parameters", name], `"${name}" is not a parameter`);
      try {
        for (const used of namesIn(expr)) if (!paramNames.has(used)) add(["mistakes", i, "parameters", name], `uses "${used}", which is not a parameter`);
      } catch (e) {
        add(["mistakes", i, "parameters", name], e instanceof Error ? e.message : String(e));
      }
    }
  });
}

/** The known names nearest to a misspelt one (at most three, within three edits), nearest first. */
export function closestNames(name: string, known: readonly string[]): string[] {
  const distance = (a: string, b: string) => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length]!;
  };
  return known
    .map((k) => ({ k, d: distance(name, k) }))
    .filter((x) => x.d <= 3)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map((x) => x.k);
}

/** A mistake code a test expects that no grader or problem mistake can produce: a typo, named with the nearest codes. */
function unknownMistake(code: string, known: readonly string[]): string {
  const near = closestNames(code, known);
  const hint = near.length ? `did you mean ${near.map((c) => `\`${c}\``).join(" or ")}?` : `the codes are ${known.join(", ")}`;
  return `"${code}" is not a mistake code: ${hint} (this problem's own mistakes and the grader's: ${known.length} codes)`;
}

/** Author tests refer to parts that exist, and expect mistakes that exist. */
function checkTests({ file, add }: Check, partIds: ReadonlyMap<string, number>): void {
  const known = [...new Set([...file.mistakes.map((m) => m.code), ...MISTAKE_CODES])];
  file.tests.forEach((t, i) => {
    for (const [k, want] of Object.entries(t.expect.parts ?? {})) {
      if (want.diagnosis != null && !known.includes(want.diagnosis))
        add(["tests", i, "expect", "parts", k, "diagnosis"], unknownMistake(want.diagnosis, known));
    }
    for (const [k, want] of Object.entries(t.expect.fields ?? {})) {
      if (want.diagnosis != null && !known.includes(want.diagnosis))
        add(["tests", i, "expect", "fields", k, "diagnosis"], unknownMistake(want.diagnosis, known));
    }
    for (const k of Object.keys(t.answers)) if (!partIds.has(k)) add(["tests", i, "answers", k], `"${k}" is not a part of this problem`);
    for (const k of Object.keys(t.expect.parts ?? {})) if (!partIds.has(k)) add(["tests", i, "expect", "parts", k], `"${k}" is not a part of this problem`);
    for (const k of Object.keys(t.expect.fields ?? {})) {
      const [partId, node, field] = k.split("/");
      if (!partId || !node || !field || !partIds.has(partId)) {
        add(["tests", i, "expect", "fields", k], `"${k}" should be "<part>/<node>/<field>[/<from>]" naming an annotation part`);
      }
    }
  });
}

/** The problem compiled, when nothing above was wrong; a graph that fails with drawn values is reported at its line. */
function compileChecked({ file, source, found, add }: Check, program: Program): CompiledProblem | null {
  if (found.length) return null;
  let compiled: CompiledProblem;
  try {
    compiled = compileProblem(file);
  } catch (e) {
    add([], e instanceof Error ? e.message : String(e));
    return null;
  }
  // Names, arities and shapes are known once the graph compiles with some parameter values: report
  // such mistakes at their line in the graph, not as "no valid variant".
  const sample = tryDraw(compiled, "0", 1);
  if (!sample.ok && sample.parameters) {
    try {
      compileGraph(program, { at: graphInputs(compiled, sample.parameters) });
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      found.push(graphIssue(e, source, ["graph"]));
      return null;
    }
  }
  return compiled;
}
