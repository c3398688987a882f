/**
 * Every text grading shows, in English and Simplified Chinese. Results carry a key and parameters
 * (`MessageRef`); `describe` renders the student-facing message and `describeDetail` the TA-facing note
 * on which alternative computation matched. The command line uses English.
 */
import { READ_ISSUE_TEXTS, type ReadIssue } from "./answer-language";
import { fillTemplate } from "./template";
import { DEFAULT_ATOL, DEFAULT_RTOL, type Tolerance } from "./tolerance";
import type { FieldResult, Locale, LocalizedText, MessageRef } from "./verdict";

type Catalog = Readonly<Record<string, string>>;

const EN: Catalog = {
  correct: "Correct.",
  "correct-propagated": "Correct: it follows from your own (correctly rounded) earlier answers.",
  carried: "Not the reference value, but right given your own earlier answers ({carried}): the earlier mistake is not counted again.",
  "carried-from": "Not the reference value, but right given your {fieldName} of {node} ({carried} follows from it): that earlier mistake is not counted again.",
  "carried-own-graph":
    "Right for the graph you built, which computes a different function ({mistake}): the graph's mistake is counted in the graph part, not again here.",
  incorrect: "Not correct.",
  "incorrect-shape": "Wrong shape: the answer should be {expectedShape}, but this is {givenShape}.",
  missing: "No answer given.",
  "too-few-digits": "Give at least {digits} significant figures: this answer has fewer, so it cannot be accepted.",
  "too-few-decimals": "Give {places} decimal places: this answer has fewer, so it cannot be accepted.",
  "precision.sigfigs": "Give at least {digits} significant figures.",
  "precision.decimals": "Give numbers to {places} decimal places.",
  "precision.relative": "Numbers within {percent}% of the exact value are accepted.",
  "precision.absolute": "Numbers within ±{atol} of the exact value are accepted.",
  "precision.default": "Numbers within {percent}% (or ±{atol}) of the exact value are accepted.",
  invalid: "Could not read `{text}`: {reason}{where}. This does not count as an attempt.",
  "no-carry-zero": "This follows from your earlier answers, but a wrong earlier answer made it zero, which takes no work; it earns no carried credit.",
  "no-carry-copied": "This repeats your earlier answer for {source} instead of computing this step; it earns no carried credit.",
  "mistake.local-not-chained":
    "This looks like the local derivative alone. The gradient here is the upstream gradient times the local derivative (chain rule).",
  "mistake.missing-fanout-sum":
    "{node} feeds {count} nodes: its gradient is the sum of what comes back along every edge, and this looks like only part of that sum.",
  "mistake.missing-fanout-sum.upstream":
    "This matches an earlier gradient summed over only part of its edges ({upstream} feeds {count} nodes) and carried down to here: a node's gradient is the sum of what comes back along every edge.",
  "mistake.upstream-downstream-swapped":
    "This looks like the upstream gradient where the downstream one belongs (or the reverse): the downstream gradient is the upstream gradient times the local derivative.",
  "mistake.wrong-log-base": "This matches log base {base} in place of the natural logarithm ln.",
  "mistake.mean-vs-sum": "This matches sum and mean swapped: where the graph takes one, this takes the other.",
  "mistake.mean-vs-sum.summed": "You summed where the mean is taken: this matches the sum in place of the mean, which divides by the number of elements.",
  "mistake.mean-vs-sum.averaged":
    "You took the mean where the graph sums: this matches the mean in place of the sum, which does not divide by the number of elements.",
  "mistake.no-softmax": "This matches using the logits directly as probabilities, without the softmax.",
  "mistake.sign-flip": "The size is right but the sign is wrong.",
  "mistake.sign-flip.upstream":
    "This matches a sign lost at an earlier step ({upstream}) and carried down to here: check the signs on the way from the output to this node.",
  "mistake.value-for-gradient":
    "This is the forward value of {of}, not a gradient: the {fieldName} here is the derivative of the output with respect to {of}, which the backward pass gives.",
  "mistake.mul-inputs-swapped":
    "At the product {at}, each input's local derivative is the other input: this matches multiplying by the input's own value instead.",
  "mistake.missing-one-over-n": "This matches the gradient without the factor 1/{n}: {at} divides by {n}, so what it sends back is divided by {n} too.",
  "mistake.transposed":
    "These are the right numbers transposed: entry (i, j) belongs at (j, i). A gradient has the shape of what it is the gradient of, entry by entry.",
  "mistake.early-rounding":
    "Close, but further off than rounding allows: this is what rounding intermediate results to {digits} significant figures gives. Keep at least 4 significant figures until the end.",
  "detail.local-not-chained": "matched the local derivative ∂{node}/∂{input} alone ({source} numbers)",
  "detail.local-not-chained-sum": "matched the sum of the local derivatives on the {count} edges out of {input} ({source} numbers)",
  "detail.missing-fanout-sum": "matched the gradient of {node} summed over the edges to {used} only, of {count} ({source} numbers)",
  "detail.missing-fanout-sum-upstream":
    "matched the gradient of {node} summed over the edges to {used} only, of {count}, at a step not shown, carried down from there",
  "detail.swapped-downstream": "matched the upstream gradient of {node} instead of what it sends to {input} ({source} numbers)",
  "detail.swapped-grad": "matched what {node} sends back to {input} instead of the gradient arriving at {node}",
  "detail.log10": "matched log10 in place of ln ({scope})",
  "detail.log2": "matched log2 in place of ln ({scope})",
  "detail.mean-vs-sum": "matched sum and mean swapped ({scope})",
  "detail.mul-inputs-swapped": "matched a product sending each input its own value instead of the other's ({scope})",
  "detail.missing-one-over-n": "matched a mean (or a division by a count) sending its gradient back without the 1/N ({scope})",
  "detail.no-softmax": "matched logits used as probabilities, softmax left out ({scope})",
  "detail.sign-flip": "matched the negated value ({source} numbers)",
  "detail.sign-flip-upstream": "matched the gradient of {node} negated at a step not shown, carried down from there",
  "detail.sign-flip-edge": "matched what {node} sends to {input} negated at a step not shown, carried down from there",
  "detail.value-for-gradient": "matched the forward value of {node} ({source} numbers)",
  "detail.transposed": "matched the transpose ({source} numbers)",
  "detail.early-rounding": "matched, to the digits given, the work redone with every intermediate {mode} to {digits} significant figures ({source} numbers)",
  "detail.problem": 'matched the problem\'s alternative "{code}"',
  everywhere: "everywhere in the graph",
  "at-node": "at node {node} only",
  reference: "reference",
  student: "the student's own",
  "rounding.rounded": "rounded",
  "rounding.truncated": "truncated",
  "field.value": "forward value",
  "field.grad": "gradient",
  "field.local": "local derivative",
  "field.downstream": "downstream gradient",
  "shape.scalar": "a single number",
  "shape.vector": "a vector of length {n}",
  "shape.matrix": "a {m}×{n} matrix",
  "shape.tensor": "an array of shape {shape}",
  "at-column": " at column {column}",
  ...Object.fromEntries(Object.entries(READ_ISSUE_TEXTS).map(([key, text]) => [`issue.${key}`, text])),
};

const ZH: Catalog = {
  correct: "正确。",
  "correct-propagated": "正确：它由你自己（正确舍入的）前面的答案算出。",
  carried: "与参考值不同，但根据你自己前面的答案（{carried}）是对的：前面的错误不会重复扣分。",
  "carried-from": "与参考值不同，但根据你给出的 {node} 的{fieldName}是对的（由它得出 {carried}）：那个前面的错误不会重复扣分。",
  "carried-own-graph": "对你所画的计算图是对的，但这张图计算的是另一个函数（{mistake}）：这个错误已在画图部分扣分，这里不再重复扣分。",
  incorrect: "不正确。",
  "incorrect-shape": "形状不对：答案应为{expectedShape}，而这里是{givenShape}。",
  missing: "未作答。",
  "too-few-digits": "请至少给出 {digits} 位有效数字：这个答案的位数不够，不能算对。",
  "too-few-decimals": "请保留 {places} 位小数：这个答案的位数不够，不能算对。",
  "precision.sigfigs": "请至少给出 {digits} 位有效数字。",
  "precision.decimals": "数值请保留 {places} 位小数。",
  "precision.relative": "与精确值相差不超过 {percent}% 的数值判为正确。",
  "precision.absolute": "与精确值相差不超过 ±{atol} 的数值判为正确。",
  "precision.default": "与精确值相差不超过 {percent}%（或 ±{atol}）的数值判为正确。",
  invalid: "无法识别 `{text}`：{reason}{where}。这不计为一次作答。",
  "no-carry-zero": "这由你前面的答案得出，但前面的错误答案使它变成了零，不需要任何计算，因此不给延续分。",
  "no-carry-copied": "这重复了你前面对 {source} 的答案，而没有计算这一步，因此不给延续分。",
  "mistake.local-not-chained": "这看起来只是局部导数。这里的梯度应是上游梯度乘以局部导数（链式法则）。",
  "mistake.missing-fanout-sum": "{node} 连向 {count} 个节点：它的梯度是沿每条边传回的梯度之和，而这看起来只是其中一部分。",
  "mistake.missing-fanout-sum.upstream":
    "这与前面某一步的梯度只对部分出边求和（{upstream} 连向 {count} 个节点）、再一路传到这里的结果一致：节点的梯度是沿每条出边传回的梯度之和。",
  "mistake.upstream-downstream-swapped": "这看起来把上游梯度写在了下游梯度的位置（或反过来）：下游梯度等于上游梯度乘以局部导数。",
  "mistake.wrong-log-base": "这与用以 {base} 为底的对数代替自然对数 ln 的结果一致。",
  "mistake.mean-vs-sum": "这与求和与求平均互换的结果一致：图中取其中一种的地方，这里取了另一种。",
  "mistake.mean-vs-sum.summed": "你在应取平均的地方求了和：这与用求和代替求平均的结果一致，而平均要除以元素个数。",
  "mistake.mean-vs-sum.averaged": "你在图中求和的地方取了平均：这与用求平均代替求和的结果一致，而求和不除以元素个数。",
  "mistake.no-softmax": "这与未经 softmax、直接把 logits 当作概率的结果一致。",
  "mistake.sign-flip": "大小对了，但符号错了。",
  "mistake.sign-flip.upstream": "这与前面某一步（{upstream}）丢了符号、再一路传到这里的结果一致：请检查从输出到这个节点路上的符号。",
  "mistake.value-for-gradient": "这是 {of} 的前向值，而不是梯度：这里的{fieldName}是输出对 {of} 的导数，由反向传播得到。",
  "mistake.mul-inputs-swapped": "在乘法节点 {at}，每个输入的局部导数是另一个输入：这与乘以该输入自身的值的结果一致。",
  "mistake.missing-one-over-n": "这与梯度缺少因子 1/{n} 的结果一致：{at} 除以了 {n}，所以它传回的梯度也要除以 {n}。",
  "mistake.transposed": "数值对了，但被转置了：第 (i, j) 个元素应在 (j, i) 的位置。梯度与求导对象的形状相同，逐元素对应。",
  "mistake.early-rounding": "接近，但偏差超出了舍入允许的范围：这正是把中间结果舍入到 {digits} 位有效数字得到的结果。请至少保留 4 位有效数字直到最后。",
  "detail.local-not-chained": "与单独的局部导数 ∂{node}/∂{input} 一致（{source}数值）",
  "detail.local-not-chained-sum": "与从 {input} 出发的 {count} 条边上的局部导数之和一致（{source}数值）",
  "detail.missing-fanout-sum": "与 {node} 的梯度只对连向 {used} 的边求和（共 {count} 条边）的结果一致（{source}数值）",
  "detail.missing-fanout-sum-upstream": "与未写出的一步中 {node} 的梯度只对连向 {used} 的边求和（共 {count} 条边）、再传到这里的结果一致",
  "detail.swapped-downstream": "与 {node} 的上游梯度一致，而不是它传给 {input} 的梯度（{source}数值）",
  "detail.swapped-grad": "与 {node} 传回给 {input} 的梯度一致，而不是到达 {node} 的梯度",
  "detail.log10": "与用 log10 代替 ln 的结果一致（{scope}）",
  "detail.log2": "与用 log2 代替 ln 的结果一致（{scope}）",
  "detail.mean-vs-sum": "与求和与求平均互换的结果一致（{scope}）",
  "detail.mul-inputs-swapped": "与乘法把每个输入自身的值（而不是另一个输入）传回的结果一致（{scope}）",
  "detail.missing-one-over-n": "与求平均（或除以个数）传回梯度时漏掉 1/N 的结果一致（{scope}）",
  "detail.no-softmax": "与省略 softmax、把 logits 当作概率的结果一致（{scope}）",
  "detail.sign-flip": "与取负后的值一致（{source}数值）",
  "detail.sign-flip-upstream": "与未写出的一步中 {node} 的梯度取负、再传到这里的结果一致",
  "detail.sign-flip-edge": "与未写出的一步中 {node} 传给 {input} 的梯度取负、再传到这里的结果一致",
  "detail.value-for-gradient": "与 {node} 的前向值一致（{source}数值）",
  "detail.transposed": "与转置后的值一致（{source}数值）",
  "detail.early-rounding": "按所给的位数，与把每个中间结果{mode}到 {digits} 位有效数字后重算的结果一致（{source}数值）",
  "detail.problem": "与本题给出的替代计算“{code}”一致",
  everywhere: "整个图中",
  "at-node": "仅在节点 {node}",
  reference: "参考",
  student: "学生自己的",
  "rounding.rounded": "四舍五入",
  "rounding.truncated": "截断",
  "field.value": "前向值",
  "field.grad": "梯度",
  "field.local": "局部导数",
  "field.downstream": "下游梯度",
  "shape.scalar": "一个数",
  "shape.vector": "长度为 {n} 的向量",
  "shape.matrix": "{m}×{n} 矩阵",
  "shape.tensor": "形状为 {shape} 的数组",
  "at-column": "（第 {column} 列）",
  "issue.empty": "答案为空",
  "issue.too-long": "答案有 {length} 个字符，超过了 {limit} 的上限",
  "issue.too-deep": "括号或符号嵌套超过 {limit} 层",
  "issue.too-many-elements": "数组中的数超过 {limit} 个",
  "issue.unexpected": "意外的 `{token}`",
  "issue.unexpected-end": "答案提前结束",
  "issue.multiply-explicitly": "意外的 `{token}`（乘法请写 *）",
  "issue.decimal-comma": "意外的 `,`（小数请用小数点，如 0.5）",
  "issue.unknown-name": "未知名称 `{name}`",
  "issue.unknown-function": "未知函数 `{name}`",
  "issue.function-needs-parentheses": "`{name}` 是函数：请写 {name}(...)",
  "issue.argument-count": "`{name}(...)` 需要 {expected} 个参数，而不是 {count} 个",
  "issue.unclosed": "`{bracket}` 没有闭合",
  "issue.division-by-zero": "除以零",
  "issue.outside-domain": "{fn} 在 {value} 处无定义",
  "issue.not-finite": "数值过大",
  "issue.array-arithmetic": "答案中不能对整个向量或矩阵做运算；请逐项写出结果（如把 2 * [1, 2] 写作 [2, 4]）",
  "issue.ragged": "矩阵各行长度不同",
  "issue.too-many-dimensions": "数组有 {count} 维；答案最多 2 维",
  "issue.empty-array": "数组为空",
  "issue.not-a-number": "应为数、数组或答案文本，却是 {found}",
};

export const MESSAGE_CATALOGS: Readonly<Record<Locale, Catalog>> = { en: EN, "zh-CN": ZH };

function text(locale: Locale, key: string, params: Readonly<Record<string, string | number>> = {}): string {
  return fillTemplate(MESSAGE_CATALOGS[locale][key] ?? EN[key] ?? key, params);
}

/** "[]" → "a single number", "[3]" → "a vector of length 3", "[2,3]" → "a 2×3 matrix". */
export function describeShape(shape: string, locale: Locale): string {
  const dims = (JSON.parse(shape) as number[]) ?? [];
  if (dims.length === 0) return text(locale, "shape.scalar");
  if (dims.length === 1) return text(locale, "shape.vector", { n: dims[0]! });
  if (dims.length === 2) return text(locale, "shape.matrix", { m: dims[0]!, n: dims[1]! });
  return text(locale, "shape.tensor", { shape });
}

/** A read issue's reason alone, e.g. "unexpected `.`". */
export function describeIssue(issue: ReadIssue, locale: Locale): string {
  return text(locale, `issue.${issue.key}`, issue.params);
}

/**
 * Why a text could not be read and where, without the "could not read" lead-in, for wrappers that say
 * that themselves ("Could not read this: unexpected `.` at column 4").
 */
export function describeReadError(error: { readonly issue: ReadIssue; readonly column: number | null }, locale: Locale): string {
  const where = error.column === null ? "" : text(locale, "at-column", { column: error.column });
  return describeIssue(error.issue, locale) + where;
}

/**
 * The message of a number that is right on the student's own graph, which computes one of the problem's
 * mistakes: both languages, with the problem's words for the mistake (its English where it has no Chinese).
 */
export function ownGraphCarried(mistake: LocalizedText): LocalizedText {
  const words = (s: string) => s.trim().replace(/[.。]$/, "");
  return {
    en: text("en", "carried-own-graph", { mistake: words(mistake.en) }),
    "zh-CN": text("zh-CN", "carried-own-graph", { mistake: words(mistake["zh-CN"] ?? mistake.en) }),
  };
}

/** Renders any message reference. */
export function render(message: MessageRef, locale: Locale): string {
  if (message.text !== undefined) return message.text[locale] ?? message.text.en;
  const p = message.params;
  switch (message.key) {
    case "invalid": {
      const reason = text(locale, `issue.${p.issue}`, p);
      const where = typeof p.column === "number" ? text(locale, "at-column", p) : "";
      return text(locale, "invalid", { ...p, reason, where });
    }
    case "incorrect-shape":
      return text(locale, message.key, {
        expectedShape: describeShape(String(p.expectedShape), locale),
        givenShape: describeShape(String(p.givenShape), locale),
      });
    default: {
      const params: Record<string, string | number> = { ...p };
      if (typeof p.field === "string") params.fieldName = text(locale, `field.${p.field}`);
      if (typeof p.source === "string") params.source = text(locale, p.source);
      if (typeof p.scope === "string") params.scope = p.scope === "everywhere" ? text(locale, "everywhere") : text(locale, "at-node", { node: p.scope });
      if (typeof p.mode === "string") params.mode = text(locale, `rounding.${p.mode}`);
      return text(locale, message.key, params);
    }
  }
}

/** How precisely numbers must be given, said before the student submits. */
export function describePrecision(tol: Tolerance, locale: Locale = "en"): string {
  const percent = (r: number) => Number((100 * r).toPrecision(3));
  switch (tol.mode) {
    case "sigfigs":
      return text(locale, "precision.sigfigs", { digits: tol.digits });
    case "decimals":
      return text(locale, "precision.decimals", { places: tol.places });
    case "relative":
      return text(locale, "precision.relative", { percent: percent(tol.rtol) });
    case "absolute":
      return text(locale, "precision.absolute", { atol: tol.atol });
    case "default":
      return text(locale, "precision.default", { percent: percent(tol.rtol ?? DEFAULT_RTOL), atol: tol.atol ?? DEFAULT_ATOL });
  }
}

/** The student-facing message of a result. */
export function describe(result: Pick<FieldResult, "message">, locale: Locale = "en"): string {
  return render(result.message, locale);
}

/** For TAs: which alternative computation matched, or null when no mistake was named. */
export function describeDetail(result: Pick<FieldResult, "diagnosis">, locale: Locale = "en"): string | null {
  return result.diagnosis === null ? null : render(result.diagnosis.detail, locale);
}
