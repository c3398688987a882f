/**
 * From a problem file's text to a checked, compiled problem, or the list of what is wrong with it,
 * each with its line. Used by the validator, the importer, the browser editor and the server.
 */
import { isOpName, type OpName } from "@/lib/autograd";
import { BINARY_OPERATORS, compileGraph, FUNCTIONS, GraphError, parseGraph, type Program } from "@/lib/graph-lang";
import { ExpressionError, functionsIn, namesIn, splitConstraint } from "./expressions";
import { mathErrors, placeholdersIn } from "./statement";
import { requireIssues } from "./required";
import { problemFile, type LocalizedText, type ProblemFile } from "./schema";
import { formatPath, YamlSource, type PathSegment, type ProblemIssue } from "./source";
import { compileProblem, graphInputs, tryDraw, type CompiledProblem } from "./variant";

export type LoadResult =
  | { ok: true; problem: CompiledProblem; source: YamlSource; issues: ProblemIssue[] }
  | { ok: false; issues: ProblemIssue[] };

export const MAX_PROBLEM_FILE_BYTES = 256 * 1024;

type Issue = { path: readonly PathSegment[]; message: string; key?: string; lineInText?: number };

function zodIssueMessage(issue: { code: string; message: string; keys?: string[]; path: readonly PropertyKey[] }): { message: string; key?: string } {
  if (issue.code === "unrecognized_keys" && issue.keys?.length) {
    return { message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`, key: issue.keys[0] };
  }
  return { message: issue.message };
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
      const { message, key } = zodIssueMessage(i as { code: string; message: string; keys?: string[]; path: PropertyKey[] });
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

/** Checks what the schema cannot: names that must exist, graphs that must compile, and so on. */
function checkMeaning(file: ProblemFile, source: YamlSource, found: Issue[]): CompiledProblem | null {
  const add = (path: readonly PathSegment[], message: string, key?: string) => found.push({ path, message, ...(key ? { key } : {}) });
  const paramNames = new Set(Object.keys(file.parameters));

  // The reference graph.
  let program: Program | null = null;
  try {
    program = parseGraph(file.graph);
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    found.push(graphIssue(e, source, ["graph"]));
  }
  const inputs = program ? program.statements.flatMap((s) => (s.kind === "input" ? s.decls : [])) : [];
  const assigned = new Set(program ? program.statements.flatMap((s) => (s.kind === "assign" ? [s.name] : [])) : []);
  for (const d of inputs) {
    if (!paramNames.has(d.name) && d.defaultValue === null) {
      add(["graph"], `graph input "${d.name}" has no value: add a parameter "${d.name}" or a default (input ${d.name} = ...)`);
    }
  }

  // Parameters, constraints.
  for (const [name, spec] of Object.entries(file.parameters)) {
    if (spec.type !== "derived") continue;
    try {
      for (const used of namesIn(spec.expr)) if (!paramNames.has(used)) add(["parameters", name, "expr"], `uses "${used}", which is not a parameter`);
      for (const fn of functionsIn(spec.expr)) {
        if (!FUNCTIONS.has(fn)) add(["parameters", name, "expr"], `unknown function "${fn}"; the functions are ${[...FUNCTIONS.keys()].join(", ")}`);
      }
    } catch (e) {
      add(["parameters", name, "expr"], e instanceof Error ? e.message : String(e));
    }
  }
  file.constraints.forEach((c, i) => {
    try {
      const { lhs, rhs } = splitConstraint(c);
      for (const used of [...namesIn(lhs), ...namesIn(rhs)]) {
        if (!paramNames.has(used) && !assigned.has(used)) add(["constraints", i], `uses "${used}", which is neither a parameter nor a named node of the graph`);
      }
      for (const fn of [...functionsIn(lhs), ...functionsIn(rhs)]) {
        if (!FUNCTIONS.has(fn)) add(["constraints", i], `unknown function "${fn}"; the functions are ${[...FUNCTIONS.keys()].join(", ")}`);
      }
    } catch (e) {
      add(["constraints", i], e instanceof ExpressionError ? e.message : String(e));
    }
  });

  // Texts: placeholders and math.
  const checkText = (path: PathSegment[], text: LocalizedText) => {
    for (const t of texts(text)) {
      for (const p of placeholdersIn(t)) if (!paramNames.has(p)) add(path, `{{${p}}} is not a parameter`);
      for (const m of mathErrors(t)) add(path, m);
    }
  };
  checkText(["statement"], file.statement);
  checkText(["solution"], file.solution);

  // Parts.
  const partIds = new Map<string, number>();
  const nodeIds = new Set([...inputs.map((d) => d.name), ...assigned]);
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
        if (program) for (const op of opsIn(program)) if (banned.has(op)) add(["parts", i, "ban"], `the reference graph itself uses "${op}", which this part bans`);
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
  file.parts.forEach((part, i) => {
    if (part.kind === "graph-annotation" && part.nodes && program && part.graph === "reference") {
      // Sub-expression ids (m.1) exist only after compiling; checked against a compiled variant in validate.ts.
      part.nodes.forEach((n, j) => {
        const base = n.split(".")[0]!;
        if (!nodeIds.has(base)) add(["parts", i, "nodes", j], `"${n}" is not a node of the graph`);
      });
    }
  });

  // Mistakes.
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

  // Tests refer to parts that exist.
  file.tests.forEach((t, i) => {
    for (const k of Object.keys(t.answers)) if (!partIds.has(k)) add(["tests", i, "answers", k], `"${k}" is not a part of this problem`);
    for (const k of Object.keys(t.expect.parts ?? {})) if (!partIds.has(k)) add(["tests", i, "expect", "parts", k], `"${k}" is not a part of this problem`);
    for (const k of Object.keys(t.expect.fields ?? {})) {
      const [partId, node, field] = k.split("/");
      if (!partId || !node || !field || !partIds.has(partId)) {
        add(["tests", i, "expect", "fields", k], `"${k}" should be "<part>/<node>/<field>[/<from>]" naming an annotation part`);
      }
    }
  });

  if (found.length || !program) return null;
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
