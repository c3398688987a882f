/**
 * From a parsed program to an engine graph: resolves names, gives every node its id, binds input values
 * (`at` overrides defaults), and lets the engine check shapes, reporting each problem at its spot.
 *
 * Node ids: an input node is named after the input; a named assignment names its top node; the other
 * nodes of the statement are `<name>.<k>`, numbered 1, 2, ... in post-order, left to right, so
 * `m = (x1 + x2) / 2` gives m.1 = x1 + x2, m.2 = const 2 and m = m.1 / m.2. The same text always gives
 * the same ids. A name assigned more than once refers to its latest binding; the final binding keeps the
 * plain id and the earlier ones are `<name>#1`, `<name>#2`, ... (see bindings.ts).
 */
import {
  AutogradError,
  type Graph,
  type NestedNumbers,
  type NodeSpec,
  type OpAttrs,
  type OpName,
  type SourcePosition,
  type Tensor,
  createGraph,
  formatShape,
  isFiniteTensor,
  readNested,
  shapesEqual,
  sizeOf,
  tensor,
} from "../autograd";
import type { Call, Expr, InputDecl, Literal, Position, Program } from "./ast";
import { GraphError, type GraphErrorKind, suggestion } from "./errors";
import { assignmentIds } from "./bindings";
import { AXIS_FUNCTIONS, BINARY_OPERATORS, FUNCTIONS, callArguments } from "./functions";
import { type GraphLimits, resolveLimits } from "./limits";
import { engineMessage } from "./engine-messages";
import { graphMessage, plainText, type GraphMessage } from "./messages";

/** A value for an input: a number, a (nested) array of numbers, or a tensor. */
export type InputValue = number | NestedNumbers | Tensor;

export interface CompileOptions {
  /** Input values by name; each overrides the input's default. */
  readonly at?: Readonly<Record<string, InputValue>>;
  readonly limits?: Partial<GraphLimits>;
}

interface Defined {
  readonly kind: "input" | "node";
  readonly pos: Position;
  /** The node id of the current binding. */
  readonly id: string;
}

export function compileGraph(program: Program, options: CompileOptions = {}): Graph {
  const limits = resolveLimits(options.limits);
  const at = options.at ?? {};
  const source = program.source;
  const fail = (kind: GraphErrorKind, message: GraphMessage, pos: Position | null): never => {
    throw new GraphError(kind, message, pos, source);
  };

  // Names defined anywhere, to tell "defined later" from "unknown".
  const definedAnywhere = new Map<string, Position>();
  // The first definition of each name counts ("used before it is defined").
  for (const s of program.statements) {
    if (s.kind === "assign" && !definedAnywhere.has(s.name)) definedAnywhere.set(s.name, s.pos);
    if (s.kind === "input") for (const d of s.decls) if (!definedAnywhere.has(d.name)) definedAnywhere.set(d.name, d.pos);
  }
  const ids = assignmentIds(program);
  const declaredInputs = program.statements.flatMap((s) => (s.kind === "input" ? s.decls.map((d) => d.name) : []));
  for (const name of Object.keys(at)) {
    if (!declaredInputs.includes(name)) {
      const known =
        declaredInputs.length > 0 ? graphMessage("undeclared-input.known", { inputs: declaredInputs.join(", ") }) : graphMessage("undeclared-input.none");
      const computed = definedAnywhere.has(name) ? graphMessage("undeclared-input.computed", { name }) : graphMessage("none");
      fail("undeclared-input", graphMessage("undeclared-input", { name, computed, known }), null);
    }
  }

  const specs: NodeSpec[] = [];
  const defined = new Map<string, Defined>();
  let output: { name: string; pos: Position } | null = null;
  let lastAssignment: string | null = null;

  const addNode = (spec: NodeSpec, pos: Position) => {
    if (specs.length >= limits.maxNodes) {
      fail("limit", graphMessage("too-many-nodes", { limit: limits.maxNodes }), pos);
    }
    specs.push(spec);
  };
  const define = (name: string, kind: Defined["kind"], pos: Position, id: string) => {
    const previous = defined.get(name);
    // An assignment may rebind any name (as in Python); an input is declared once, before any assignment to it.
    if (previous !== undefined && kind === "input") {
      fail("duplicate-name", graphMessage(previous.kind === "input" ? "input-after-input" : "input-after-assignment", { name, line: previous.pos.line }), pos);
    }
    defined.set(name, { kind, pos, id });
  };

  for (const statement of program.statements) {
    switch (statement.kind) {
      case "input":
        for (const decl of statement.decls) {
          define(decl.name, "input", decl.pos, decl.name);
          // Own properties only: an input called "constructor" must not pick up Object.prototype's.
          const given = Object.prototype.hasOwnProperty.call(at, decl.name) ? at[decl.name] : undefined;
          addNode({ id: decl.name, op: "input", value: inputValue(decl, given, limits, fail), position: sourcePosition(decl.pos) }, decl.pos);
        }
        break;
      case "output":
        if (output !== null) fail("duplicate-name", graphMessage("output-twice", { line: output.pos.line }), statement.pos);
        output = { name: statement.name, pos: statement.pos };
        break;
      case "assign": {
        if (statement.expr.kind === "name") {
          fail("syntax", graphMessage("copies-a-name", { name: statement.name, other: statement.expr.name }), statement.expr.pos);
        }
        const id = ids.get(statement)!;
        compileExpression(statement.name, id, statement.expr, { specs, defined, definedAnywhere, limits, addNode, fail });
        // Bound only now: in "c = c + 1" the c on the right is the previous binding (or, with none, a use before definition).
        define(statement.name, "node", statement.pos, id);
        lastAssignment = id;
        break;
      }
    }
  }

  let outputId: string;
  if (output !== null) {
    const target = defined.get(output.name);
    if (target === undefined)
      return fail("unknown-name", graphMessage("unknown-name", { name: output.name, hint: suggestion(output.name, defined.keys()) }), output.pos);
    // The name's final binding.
    outputId = target.id;
  } else if (lastAssignment !== null) {
    outputId = lastAssignment;
  } else {
    return fail("syntax", graphMessage("no-assignment"), null);
  }

  try {
    return createGraph(specs, { output: outputId, maxTensorElements: limits.maxTensorElements });
  } catch (error) {
    throw toGraphError(error, source);
  }
}

/** Turns an engine error into a located `GraphError` (kinds shape, domain, non-finite, limit); other errors pass through. */
export function toGraphError(error: unknown, source: string): unknown {
  if (!(error instanceof AutogradError)) return error;
  const kind: GraphErrorKind =
    error.code === "shape"
      ? "shape"
      : error.code === "domain"
        ? "domain"
        : error.code === "limit"
          ? "limit"
          : error.code === "non-finite"
            ? "non-finite"
            : "syntax";
  return new GraphError(kind, engineMessage(error), error.position, source);
}

function sourcePosition(pos: Position): SourcePosition {
  return { line: pos.line, column: pos.column };
}

function literalTensor(literal: Literal): Tensor {
  return tensor(literal.shape, literal.data);
}

function inputValue(
  decl: InputDecl,
  given: InputValue | undefined,
  limits: GraphLimits,
  fail: (kind: GraphErrorKind, message: GraphMessage, pos: Position | null) => never,
): Tensor {
  const declared = decl.shape ?? decl.defaultValue?.shape ?? [];
  if (sizeOf(declared) > limits.maxTensorElements) {
    fail("limit", graphMessage("input-too-large", { name: decl.name, size: sizeOf(declared), limit: limits.maxTensorElements }), decl.pos);
  }
  if (decl.shape !== null && decl.defaultValue !== null && !shapesEqual(decl.shape, decl.defaultValue.shape)) {
    fail(
      "shape",
      graphMessage("default-shape", { name: decl.name, declared: formatShape(decl.shape), shape: formatShape(decl.defaultValue.shape) }),
      decl.defaultValue.pos,
    );
  }
  if (given === undefined) {
    if (decl.defaultValue === null) {
      const example = declared.length === 0 ? "1" : declared.length === 1 ? "[1, 2, ...]" : "[[1, 2], [3, 4], ...]";
      return fail(
        "missing-input",
        graphMessage("missing-input", { name: decl.name, shape: decl.shape ? formatShape(decl.shape).replace(/ /g, "") : "", example }),
        decl.pos,
      );
    }
    return literalTensor(decl.defaultValue);
  }
  const value = toTensor(given, decl.name, fail);
  if (sizeOf(value.shape) > limits.maxTensorElements) {
    fail("limit", graphMessage("value-too-large", { name: decl.name, size: sizeOf(value.shape), limit: limits.maxTensorElements }), null);
  }
  if (!shapesEqual(value.shape, declared)) {
    fail(
      "shape",
      declared.length === 0
        ? graphMessage("value-shape.scalar", { name: decl.name, shape: formatShape(value.shape) })
        : graphMessage("value-shape", { name: decl.name, declared: formatShape(declared), shape: formatShape(value.shape) }),
      decl.pos,
    );
  }
  return value;
}

function toTensor(value: InputValue, name: string, fail: (kind: GraphErrorKind, message: GraphMessage, pos: Position | null) => never): Tensor {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const t = value;
    if (!isFiniteTensor(t)) fail("value", graphMessage("value-not-finite", { name }), null);
    return t;
  }
  const r = readNested(value);
  if ("error" in r) return fail("value", graphMessage("value-unreadable", { name, reason: plainText(r.error) }), null);
  const { shape } = r.tensor;
  if (shape.length > 2) fail("value", graphMessage("value-dimensions", { name, count: shape.length }), null);
  return r.tensor;
}

interface ExpressionContext {
  readonly specs: NodeSpec[];
  readonly defined: Map<string, Defined>;
  readonly definedAnywhere: ReadonlyMap<string, Position>;
  readonly limits: GraphLimits;
  readonly addNode: (spec: NodeSpec, pos: Position) => void;
  readonly fail: (kind: GraphErrorKind, message: GraphMessage, pos: Position | null) => never;
}

/** Post-order walk with an explicit stack: expressions such as a long sum chain can be very deep. */
function compileExpression(name: string, rootId: string, root: Expr, ctx: ExpressionContext): void {
  const { fail } = ctx;
  let counter = 0;
  const ids: string[] = [];
  const stack: Array<{ expr: Expr; expanded: boolean }> = [{ expr: root, expanded: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { expr } = frame;
    const children = childrenOf(expr);
    if (!frame.expanded && children.length > 0) {
      if (expr.kind === "call") resolveCall(expr, fail);
      stack.push({ expr, expanded: true });
      for (let i = children.length - 1; i >= 0; i--) stack.push({ expr: children[i]!, expanded: false });
      continue;
    }
    if (expr.kind === "name") {
      if (expr.name === name && !ctx.defined.has(name)) {
        // `c += x` puts a reference to c at c's own position.
        fail(
          "unknown-name",
          root.kind === "binary" && root.compound === true && root.left === expr
            ? graphMessage("compound-before-assignment", { name, op: root.op })
            : graphMessage("own-definition", { name }),
          expr.pos,
        );
      }
      ids.push(resolveName(expr.name, expr.pos, ctx));
      continue;
    }
    const id = expr === root ? rootId : `${rootId}.${++counter}`;
    const position = sourcePosition(expr.pos);
    if (expr.kind === "literal") {
      if (sizeOf(expr.shape) > ctx.limits.maxTensorElements) {
        fail("limit", graphMessage("literal-too-large", { size: sizeOf(expr.shape), limit: ctx.limits.maxTensorElements }), expr.pos);
      }
      ctx.addNode({ id, op: "const", value: literalTensor(expr), position }, expr.pos);
    } else {
      const inputs = ids.splice(ids.length - children.length, children.length);
      const { op, attrs }: { op: OpName; attrs?: OpAttrs } =
        expr.kind === "neg"
          ? { op: "neg" }
          : expr.kind === "binary"
            ? { op: BINARY_OPERATORS[expr.op] }
            : expr.kind === "index"
              ? { op: "index", attrs: { index: expr.entries.map((e) => (e.kind === "pick" ? e.value : `${e.start ?? ""}:${e.stop ?? ""}`)) } }
              : expr.kind === "array"
                ? { op: "stack" }
                : resolveCall(expr, fail);
      ctx.addNode({ id, op, inputs, position, ...(attrs !== undefined ? { attrs } : {}) }, expr.pos);
    }
    ids.push(id);
  }
}

function childrenOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case "neg":
      return [expr.operand];
    case "binary":
      return [expr.left, expr.right];
    case "call":
      return callArguments(expr);
    case "index":
      return [expr.target];
    case "array":
      return expr.elements;
    default:
      return [];
  }
}

function checkCall(callee: string, count: number, pos: Position, fail: (kind: GraphErrorKind, message: GraphMessage, pos: Position | null) => never): OpName {
  const fn = FUNCTIONS.get(callee);
  if (fn === undefined) {
    return fail(
      "unknown-function",
      graphMessage("unknown-function", { name: callee, hint: suggestion(callee, FUNCTIONS.keys()), functions: [...FUNCTIONS.keys()].join(", ") }),
      pos,
    );
  }
  const least = fn.arity - fn.defaults.length;
  if (count < least || count > fn.arity) {
    const takes = least === fn.arity ? fn.arity : graphMessage("arity.range", { least, most: fn.arity });
    fail("arity", graphMessage(fn.arity === 1 ? "arity.one" : "arity", { name: callee, takes, count }), pos);
  }
  return fn.op;
}

// Tensors: keyword arguments (axis=) and max's two forms.

/**
 * The operation and attributes of a call: `sum(X, axis=0)` is `sum` bound to `{ axis: 0 }`; `max(X)` and
 * `max(X, axis=k)` reduce one tensor, `max(a, b)` is the elementwise `maximum` of two.
 */
function resolveCall(call: Call, fail: (kind: GraphErrorKind, message: GraphMessage, pos: Position | null) => never): { op: OpName; attrs?: OpAttrs } {
  const keywords = call.keywords ?? [];
  const what = call.method ? `.${call.callee}()` : `${call.callee}(...)`;
  const count = call.args.length - (call.method ? 1 : 0);
  if (call.callee === "max" && call.args.length === 2 && keywords.length === 0) {
    return { op: "maximum" };
  }
  for (const k of keywords) {
    if (!AXIS_FUNCTIONS.has(call.callee)) {
      fail("arity", graphMessage("no-keywords", { what, functions: [...AXIS_FUNCTIONS].join(", ") }), k.pos);
    }
    if (k.name !== "axis") fail("arity", graphMessage("only-axis", { what, name: k.name }), k.pos);
  }
  if (keywords.length > 1) fail("arity", graphMessage("axis-twice"), keywords[1]!.pos);
  if (call.method) {
    const fn = FUNCTIONS.get(call.callee);
    if (fn !== undefined && call.args.length !== fn.arity) {
      fail(
        "arity",
        graphMessage("method-arity", {
          name: call.callee,
          takes:
            fn.arity - 1 === 0
              ? graphMessage("method-arity.none")
              : graphMessage(fn.arity === 2 ? "method-arity.one" : "method-arity.many", { count: fn.arity - 1 }),
          besides: AXIS_FUNCTIONS.has(call.callee) ? graphMessage("method-arity.besides-axis") : graphMessage("none"),
          count,
        }),
        call.pos,
      );
    }
  }
  const op = checkCall(call.callee, call.args.length, call.pos, fail);
  return keywords.length === 0 ? { op } : { op, attrs: { axis: keywords[0]!.value } };
}

function resolveName(name: string, pos: Position, ctx: ExpressionContext): string {
  const current = ctx.defined.get(name);
  if (current !== undefined) return current.id;
  const later = ctx.definedAnywhere.get(name);
  if (later !== undefined && later.offset > pos.offset) {
    return ctx.fail("unknown-name", graphMessage("used-before-defined", { name, line: later.line }), pos);
  }
  if (FUNCTIONS.has(name)) return ctx.fail("unknown-name", graphMessage("function-as-name", { name }), pos);
  return ctx.fail("unknown-name", graphMessage("unknown-name", { name, hint: suggestion(name, ctx.defined.keys()) }), pos);
}
