/**
 * Every text the graph language says about a graph, by key, in English and Simplified Chinese. A
 * `GraphError` carries its message as a key and parameters (`GraphMessage`), so the web pages show it
 * in the reader's language; its `message` is the English rendering, which the command line and the
 * eval JSON contract keep. A parameter may itself be a message (a token described, a "did you mean"
 * hint), rendered in the same language.
 */

export type GraphLocale = "en" | "zh-CN";

export type GraphMessageParam = string | number | GraphMessage;

export interface GraphMessage {
  readonly key: GraphMessageKey;
  readonly params: Readonly<Record<string, GraphMessageParam>>;
}

const EN = {
  /** A text with no translation (the command line's own wrappers, engine reasons not yet keyed). */
  text: "{text}",
  none: "",

  // Tokens and contexts, used inside other messages.
  "token.eof": "the end of the input",
  "token.newline": "the end of the line",
  "token.number": "the number {text}",
  "token.name": '"{text}"',
  "token.punct": "'{text}'",
  "did-you-mean": ' (did you mean "{name}"?)',
  "context.after-dimensions": "after the dimensions",
  "context.close-matrix": "to close the matrix",
  "context.close-array": "to close the array",
  "context.close-paren": "to close '(' from line {line}, column {column}",
  "context.close-arguments": "to close the arguments of {callee}(",
  "context.close-index": "to close the index",
  "context.after-keyword": "after {name}=",
  "context.as-index": "as an index",
  "what.input-name": "an input name",
  "what.output-name": "the name of the output node after 'output'",

  // Lexer.
  "never-closed": "'{bracket}' on line {line}, column {column} was never closed",
  "too-deep": "parentheses and brackets are nested more than {limit} levels deep",
  "no-opener": "'{bracket}' has no matching '{expected}'",
  "mismatched-bracket": "'{bracket}' does not match '{opener}' opened at line {line}, column {column}",
  "unexpected-character": "unexpected character '{char}'",
  "exponent-digits": 'malformed number "{text}": the exponent needs digits, as in 1e-3',
  "number-then-name": 'malformed number "{text}" (write 2 * x for a product)',
  "too-large": "the graph text is larger than {kb} KB ({bytes} bytes)",

  // Parser.
  "after-statement": "unexpected {token} after the end of the statement",
  "expected-punct": "expected '{punct}' {context}, found {token}",
  "expected-statement": "expected a statement (input, output or name = expression), found {token}",
  "keyword-assigned": '"{name}" is a keyword and cannot be assigned',
  "expected-equals": "expected '=' after \"{name}\" (a statement is input, output, name = expression or name += expression), found {token}",
  "expected-what": "expected {what}, found {token}",
  "keyword-as-name": '"{name}" is a keyword and cannot be used as a name',
  "expected-dimension": "expected a positive whole number as a dimension, found {token}",
  "declared-dimensions": 'tensors have at most 2 dimensions; "{name}" declares {count}',
  "expected-default": "expected a number or an array as the default value, found {token}",
  "expected-number-after-minus": "expected a number after '-', found {token}",
  "empty-array": "empty arrays are not allowed",
  "expected-row": "expected '[' to start the next row, found {token}",
  "at-most-two-dimensions": "tensors have at most 2 dimensions",
  ragged: "the rows of a matrix must have the same number of entries: row {row} has {count} entries, row 1 has {first}",
  "ragged.one": "the rows of a matrix must have the same number of entries: row {row} has {count} entry, row 1 has {first}",
  "default-numbers-only": "an input's default value holds numbers only; found {token} (compute other values in an assignment)",
  "row-of-arrays": "tensors have at most 2 dimensions: a row of a matrix holds entries, not arrays",
  "number-too-large": "the number {text} is too large for float64",
  "keyword-in-expression": '"{name}" is a keyword and cannot be used in an expression',
  "expected-expression": "expected an expression, found {token}",
  "equals-in-arguments": "expected ',' or ')' in the arguments of {callee}(, found '='",
  "positional-after-keyword": "a positional argument cannot follow the keyword argument {name}=; write keywords last",
  "expected-method": "expected a method name after '.', found {token}; the methods are {methods}",
  "unknown-method": "unknown method .{name}(){hint}; the methods are {methods}",
  "method-needs-call": "expected '(' after .{name} (a method is called: .{name}()), found {token}",
  "index-dimensions": "tensors have at most 2 dimensions; this index has {count} entries",
  "expected-index": "expected an index (a whole number such as 0) or a slice (0:2, :), found {token}",
  "expected-whole-number": "expected a whole number {what}, such as 0, 1 or -1, found {token}",

  // Compiler.
  "undeclared-input": 'a value was given for "{name}", which is not a declared input{computed}{known}',
  "undeclared-input.computed": ' ("{name}" is computed, not an input)',
  "undeclared-input.known": "; the inputs are {inputs}",
  "undeclared-input.none": "; the graph declares no inputs",
  "too-many-nodes": "the graph has more than {limit} nodes",
  "input-after-input": '"{name}" is already declared as an input at line {line}; an input is declared once, before it is used',
  "input-after-assignment": '"{name}" is already assigned at line {line}; an input is declared once, before it is used',
  "output-twice": "the output is already chosen at line {line}",
  "copies-a-name": '"{name} = {other}" only copies a name; an assignment must apply an operation or give a literal',
  "unknown-name": 'unknown name "{name}"{hint}',
  "no-assignment": "the graph has no assignment to evaluate (write name = expression)",
  "input-too-large": '"{name}" would have {size} elements, more than the limit of {limit}',
  "default-shape": 'shape mismatch: "{name}" is declared {declared} but its default value has shape {shape}',
  "missing-input": 'input "{name}" has no value: give it a default (input {name}{shape} = {example}) or a value (--at {name}=VALUE)',
  "value-too-large": 'the value of "{name}" has {size} elements, more than the limit of {limit}',
  "value-shape.scalar": 'shape mismatch: "{name}" is a scalar but the value given has shape {shape}',
  "value-shape": 'shape mismatch: "{name}" is declared {declared} but the value given has shape {shape}',
  "value-not-finite": 'the value of "{name}" contains a number that is not finite',
  "value-unreadable": 'the value of "{name}" is not a number or a rectangular array of numbers: {reason}',
  "value-dimensions": 'the value of "{name}" has {count} dimensions; tensors have at most 2',
  "compound-before-assignment": '"{name}" has no value yet: "{name} {op}= ..." changes an earlier "{name} = ...", so assign it first',
  "own-definition": '"{name}" is used in its own definition',
  "literal-too-large": "the literal has {size} elements, more than the limit of {limit}",
  "unknown-function": 'unknown function "{name}"{hint}; the functions are {functions}',
  "arity.one": "{name} takes {takes} argument, got {count}",
  arity: "{name} takes {takes} arguments, got {count}",
  "arity.range": "{least} or {most}",
  "no-keywords": "{what} takes no keyword arguments; axis= is for {functions}",
  "only-axis": "{what} takes the keyword axis=, not {name}=",
  "axis-twice": "axis= is given twice",
  "method-arity": ".{name}() takes {takes}{besides}, got {count}",
  "method-arity.none": "no arguments",
  "method-arity.one": "{count} argument",
  "method-arity.many": "{count} arguments",
  "method-arity.besides-axis": " (besides axis=)",
  "used-before-defined": '"{name}" is used before it is defined (at line {line}); define it first',
  "function-as-name": '"{name}" is a function; call it as {name}(...)',

  // Errors of the engine, found while building or evaluating the graph.
  "engine.at-node": 'node "{node}": {reason}',
  "engine.at-node-line": 'node "{node}" (line {line}): {reason}',
  "engine.domain": "{why}: {at}",
  "engine.division-by-zero": "division by zero",
  "engine.zero-negative-power": "division by zero (zero raised to a negative power)",
  "engine.negative-fractional-power": "a negative number raised to a non-integer power has no real value",
  "engine.log-non-positive": "log of a non-positive number",
  "engine.sqrt-negative": "sqrt of a negative number",
  "engine.log1p-domain": "log1p of a number at or below -1 (1 + x must be positive)",
  "engine.bce-domain": "bce needs a probability between 0 and 1 as its first argument (for logits use bce_with_logits)",
  "engine.overflow": "{at} is {value}, not a finite float64 number (overflow)",
  "engine.shape-mismatch": "shape mismatch: {detail}",

  // Graph equivalence: why a student's graph is not the reference's.
  "equivalence.no-input": "your graph has no input {names}, which the reference uses",
  "equivalence.extra-input": "your graph has the input {names}, which the reference does not have",
  "equivalence.joined": "{first}; {rest}",
  "equivalence.reshaped": '"{name}" is [{reference}] in the reference but [{given}] in your graph',
  "engine.not-finite": "the value is not a finite number",
  "equivalence.undefined": "your graph is undefined here: {reason}",
  "equivalence.shape": "your graph's output has shape [{given}], the reference's [{expected}]",
  "equivalence.value": "your graph computes a different value here",
  "equivalence.reference-undefined": "the reference graph is undefined at the problem's point: {reason}",
} as const satisfies Record<string, string>;

export type GraphMessageKey = keyof typeof EN;

const ZH: Record<GraphMessageKey, string> = {
  text: "{text}",
  none: "",

  "token.eof": "输入的末尾",
  "token.newline": "行尾",
  "token.number": "数 {text}",
  "token.name": "“{text}”",
  "token.punct": "“{text}”",
  "did-you-mean": "（是不是想写“{name}”？）",
  "context.after-dimensions": "（在维度之后）",
  "context.close-matrix": "（用来闭合矩阵）",
  "context.close-array": "（用来闭合数组）",
  "context.close-paren": "（用来闭合第 {line} 行第 {column} 列的“(”）",
  "context.close-arguments": "（用来闭合 {callee}( 的参数）",
  "context.close-index": "（用来闭合下标）",
  "context.after-keyword": "（在 {name}= 之后）",
  "context.as-index": "（作为下标）",
  "what.input-name": "输入名",
  "what.output-name": "“output”之后的输出节点名",

  "never-closed": "第 {line} 行第 {column} 列的“{bracket}”没有闭合",
  "too-deep": "圆括号和方括号嵌套超过 {limit} 层",
  "no-opener": "“{bracket}”没有与之配对的“{expected}”",
  "mismatched-bracket": "“{bracket}”与第 {line} 行第 {column} 列打开的“{opener}”不匹配",
  "unexpected-character": "意外的字符“{char}”",
  "exponent-digits": "数“{text}”写法有误：指数部分需要数字，如 1e-3",
  "number-then-name": "数“{text}”写法有误（乘积请写成 2 * x）",
  "too-large": "图的文本超过 {kb} KB（{bytes} 字节）",

  "after-statement": "语句结束后出现了意外的{token}",
  "expected-punct": "这里应为“{punct}”{context}，却是{token}",
  "expected-statement": "这里应为一条语句（input、output 或 名称 = 表达式），却是{token}",
  "keyword-assigned": "“{name}”是关键字，不能被赋值",
  "expected-equals": "“{name}”之后应为“=”（语句的形式为 input、output、名称 = 表达式 或 名称 += 表达式），却是{token}",
  "expected-what": "这里应为{what}，却是{token}",
  "keyword-as-name": "“{name}”是关键字，不能用作名称",
  "expected-dimension": "维度应为正整数，却是{token}",
  "declared-dimensions": "张量最多 2 维；“{name}”声明了 {count} 维",
  "expected-default": "默认值应为数或数组，却是{token}",
  "expected-number-after-minus": "“-”之后应为数，却是{token}",
  "empty-array": "不允许空数组",
  "expected-row": "下一行应以“[”开始，却是{token}",
  "at-most-two-dimensions": "张量最多 2 维",
  ragged: "矩阵各行的元素个数必须相同：第 {row} 行有 {count} 个元素，第 1 行有 {first} 个",
  "ragged.one": "矩阵各行的元素个数必须相同：第 {row} 行有 {count} 个元素，第 1 行有 {first} 个",
  "default-numbers-only": "输入的默认值只能包含数；这里出现了{token}（其他值请在赋值语句中计算）",
  "row-of-arrays": "张量最多 2 维：矩阵的一行只包含元素，不能包含数组",
  "number-too-large": "数 {text} 超出了 float64 的范围",
  "keyword-in-expression": "“{name}”是关键字，不能用在表达式中",
  "expected-expression": "这里应为表达式，却是{token}",
  "equals-in-arguments": "{callee}( 的参数中这里应为“,”或“)”，却是“=”",
  "positional-after-keyword": "位置参数不能跟在关键字参数 {name}= 之后；请把关键字参数写在最后",
  "expected-method": "“.”之后应为方法名，却是{token}；可用的方法有 {methods}",
  "unknown-method": "未知方法 .{name}(){hint}；可用的方法有 {methods}",
  "method-needs-call": ".{name} 之后应为“(”（方法需要调用：.{name}()），却是{token}",
  "index-dimensions": "张量最多 2 维；这个下标有 {count} 项",
  "expected-index": "这里应为下标（如 0 这样的整数）或切片（0:2、:），却是{token}",
  "expected-whole-number": "这里应为整数{what}，如 0、1 或 -1，却是{token}",

  "undeclared-input": "给“{name}”提供了值，但它不是已声明的输入{computed}{known}",
  "undeclared-input.computed": "（“{name}”是计算出来的，不是输入）",
  "undeclared-input.known": "；输入有 {inputs}",
  "undeclared-input.none": "；这个图没有声明输入",
  "too-many-nodes": "图的节点超过 {limit} 个",
  "input-after-input": "“{name}”已在第 {line} 行声明为输入；一个输入只能声明一次，且要在使用之前声明",
  "input-after-assignment": "“{name}”已在第 {line} 行被赋值；一个输入只能声明一次，且要在使用之前声明",
  "output-twice": "输出已在第 {line} 行指定",
  "copies-a-name": "“{name} = {other}”只是复制了一个名称；赋值语句必须进行运算或给出字面量",
  "unknown-name": "未知名称“{name}”{hint}",
  "no-assignment": "图中没有可计算的赋值语句（请写 名称 = 表达式）",
  "input-too-large": "“{name}”将有 {size} 个元素，超过了 {limit} 的上限",
  "default-shape": "形状不匹配：“{name}”声明为 {declared}，但其默认值的形状是 {shape}",
  "missing-input": "输入“{name}”没有值：请给它一个默认值（input {name}{shape} = {example}）或一个值（--at {name}=VALUE）",
  "value-too-large": "“{name}”的值有 {size} 个元素，超过了 {limit} 的上限",
  "value-shape.scalar": "形状不匹配：“{name}”是标量，但所给值的形状是 {shape}",
  "value-shape": "形状不匹配：“{name}”声明为 {declared}，但所给值的形状是 {shape}",
  "value-not-finite": "“{name}”的值中有不是有限数的数",
  "value-unreadable": "“{name}”的值不是数，也不是由数组成的矩形数组：{reason}",
  "value-dimensions": "“{name}”的值有 {count} 维；张量最多 2 维",
  "compound-before-assignment": "“{name}”还没有值：“{name} {op}= ...”修改的是前面的“{name} = ...”，请先给它赋值",
  "own-definition": "“{name}”用在了它自己的定义中",
  "literal-too-large": "字面量有 {size} 个元素，超过了 {limit} 的上限",
  "unknown-function": "未知函数“{name}”{hint}；可用的函数有 {functions}",
  "arity.one": "{name} 需要 {takes} 个参数，实际给了 {count} 个",
  arity: "{name} 需要 {takes} 个参数，实际给了 {count} 个",
  "arity.range": "{least} 或 {most}",
  "no-keywords": "{what} 不接受关键字参数；axis= 只用于 {functions}",
  "only-axis": "{what} 只接受关键字参数 axis=，不接受 {name}=",
  "axis-twice": "axis= 给了两次",
  "method-arity": ".{name}() 需要{takes}{besides}，实际给了 {count} 个",
  "method-arity.none": "不带参数",
  "method-arity.one": " {count} 个参数",
  "method-arity.many": " {count} 个参数",
  "method-arity.besides-axis": "（axis= 之外）",
  "used-before-defined": "“{name}”在定义之前就被使用了（定义在第 {line} 行）；请先定义它",
  "function-as-name": "“{name}”是函数；请写成 {name}(...) 来调用",

  "engine.at-node": "节点“{node}”：{reason}",
  "engine.at-node-line": "节点“{node}”（第 {line} 行）：{reason}",
  "engine.domain": "{why}：{at}",
  "engine.division-by-zero": "除以零",
  "engine.zero-negative-power": "除以零（零的负数次幂）",
  "engine.negative-fractional-power": "负数的非整数次幂没有实数值",
  "engine.log-non-positive": "对非正数取对数",
  "engine.sqrt-negative": "对负数开平方",
  "engine.log1p-domain": "log1p 的自变量不大于 -1（1 + x 必须为正）",
  "engine.bce-domain": "bce 的第一个参数必须是 0 到 1 之间的概率（对 logits 请用 bce_with_logits）",
  "engine.overflow": "{at} 为 {value}，不是有限的 float64 数（溢出）",
  "engine.shape-mismatch": "形状不匹配：{detail}",

  "equivalence.no-input": "你的图没有输入 {names}，而参考图用到了它",
  "equivalence.extra-input": "你的图有输入 {names}，而参考图没有",
  "equivalence.joined": "{first}；{rest}",
  "equivalence.reshaped": "“{name}”在参考图中是 [{reference}]，在你的图中是 [{given}]",
  "engine.not-finite": "值不是有限数",
  "equivalence.undefined": "你的图在这里没有定义：{reason}",
  "equivalence.shape": "你的图的输出形状是 [{given}]，参考图的是 [{expected}]",
  "equivalence.value": "你的图在这里算出的值不同",
  "equivalence.reference-undefined": "参考图在本题给定的点上没有定义：{reason}",
};

export const GRAPH_MESSAGES: Readonly<Record<GraphLocale, Readonly<Record<GraphMessageKey, string>>>> = { en: EN, "zh-CN": ZH };

/** A message by key; a parameter left out stays as `{name}` in the text. */
export function graphMessage(key: GraphMessageKey, params: Readonly<Record<string, GraphMessageParam>> = {}): GraphMessage {
  return { key, params };
}

/** A text that has no key (shown as is in every language). */
export function plainText(text: string): GraphMessage {
  return { key: "text", params: { text } };
}

/** The message in a language; nested messages are rendered in the same language. */
export function renderGraphMessage(message: GraphMessage, locale: GraphLocale = "en"): string {
  const template = GRAPH_MESSAGES[locale][message.key] ?? EN[message.key] ?? message.key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(message.params, name)) return whole;
    const value = message.params[name]!;
    return typeof value === "object" ? renderGraphMessage(value, locale) : String(value);
  });
}

/** Whether a value read from JSON (a stored result, a server action's answer) is a message this module can render. */
export function isGraphMessage(value: unknown): value is GraphMessage {
  if (typeof value !== "object" || value === null) return false;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(EN, key)) return false;
  if (typeof params !== "object" || params === null) return false;
  return Object.values(params).every((p) => typeof p === "string" || typeof p === "number" || isGraphMessage(p));
}
