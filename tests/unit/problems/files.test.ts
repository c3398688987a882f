import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadProblem } from "@/lib/problems/load";
import { problemJsonSchema } from "@/lib/problems/json-schema";
import { problemFile } from "@/lib/problems/schema";
import { formatIssue } from "@/lib/problems/source";
import { interpolate, renderMarkdown, toLatex } from "@/lib/problems/statement";
import { validateSource } from "@/lib/problems/validate";
import { problemYaml } from "./helpers";

const fixture = (name: string) => fs.readFileSync(path.join("tests/fixtures/problems", name), "utf8");
const errorsOf = (text: string) => {
  const r = loadProblem(text);
  return r.issues.filter((i) => i.severity === "error").map((i) => formatIssue("f.yaml", i));
};

describe("broken problem files get precise errors", () => {
  it("bad YAML: the YAML parser's complaint at its line", () => {
    expect(errorsOf(fixture("bad-yaml.yaml"))).toEqual(["f.yaml:7: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"]);
  });

  it("an unknown parameter in the statement", () => {
    expect(errorsOf(fixture("unknown-parameter.yaml"))).toEqual(["f.yaml:4: statement: {{zeta}} is not a parameter"]);
  });

  it("a graph error at its line in the file, with its line in the graph", () => {
    expect(errorsOf(fixture("graph-error.yaml"))).toEqual(["f.yaml:10: graph: exp takes 1 argument, got 2 (graph line 3, column 5)"]);
  });

  it("an impossible constraint: no variant, pointed at the constraint", () => {
    const r = validateSource(fixture("impossible-constraint.yaml"), { seeds: 5, runTests: false });
    expect(r.ok).toBe(false);
    const messages = r.issues.map((i) => formatIssue("f.yaml", i));
    expect(messages).toEqual([
      'f.yaml:8: 5 of 5 seeds give no valid variant; first: problem "impossible-constraint": no valid variant for seed 0 after 200 draws (last: constraint failed: x > 10)',
    ]);
  });

  it("schema errors name the field and its line; unknown fields are refused", () => {
    const text = problemYaml({
      id: "id: Not A Slug",
      parts: "parts:\n  - id: y\n    kind: numeric\n    prompt: p\n    points: -1\n    colour: red",
    });
    expect(errorsOf(text)).toEqual([
      "f.yaml:1: id: must be lowercase letters, digits and single hyphens (e.g. seed-std-dev)",
      "f.yaml:14: parts[0].points: Too small: expected number to be >0",
      'f.yaml:15: parts[0]: unknown field "colour"',
    ]);
  });

  it("meaning errors: missing nodes, bad part references, banned ops the reference uses, unknown required nodes, graph inputs without values", () => {
    const text = problemYaml({
      parameters: "parameters: {}",
      statement: "statement: Compute y.",
      graph: "graph: |\n  input x\n  y = x * 2",
      parts: [
        "parts:",
        "  - id: y",
        "    kind: numeric",
        "    prompt: p",
        "    points: 1",
        "    answer: { node: q }",
        "  - id: g",
        "    kind: graph-construction",
        "    prompt: p",
        "    points: 1",
        "    ban: [mul, frobnicate]",
        "    require: [y, q]",
        "  - id: a",
        "    kind: graph-annotation",
        "    prompt: p",
        "    points: 1",
        "    graph: y",
        "    fields: [value]",
      ].join("\n"),
    });
    const errors = errorsOf(text);
    expect(errors).toContain('f.yaml:6: graph: graph input "x" has no value: add a parameter "x" or a default (input x = ...)');
    expect(errors).toContain('f.yaml:14: parts[0].answer.node: "q" is not an input or a named node of the graph');
    expect(errors).toContain('f.yaml:19: parts[1].ban[1]: "frobnicate" is not an operation or a function of the graph language');
    expect(errors).toContain('f.yaml:19: parts[1].ban: the reference graph itself uses "mul", which this part bans');
    expect(errors).toContain('f.yaml:20: parts[1].require[1]: "q" is not a node of the graph (its named nodes are y; sub-expressions are name.1, name.2, ...)');
    expect(errors).toContain('f.yaml:25: parts[2].graph: "y" must be "reference" or the id of a graph-construction part');
  });

  it("refuses a file that is too large, or is not a mapping", () => {
    expect(errorsOf("x".repeat(300 * 1024))[0]).toMatch(/larger than 256 KB/);
    expect(errorsOf("- just\n- a list\n")).toEqual(["f.yaml:1: a problem file is a YAML mapping (id: ..., title: ..., ...)"]);
  });
});

describe("the schema", () => {
  it("is committed as JSON Schema for editors, exactly as generated", () => {
    const committed = JSON.parse(fs.readFileSync("problems/problem.schema.json", "utf8"));
    expect(committed).toEqual(problemJsonSchema());
    expect(committed.required).toEqual(expect.arrayContaining(["id", "title", "statement", "graph", "parts", "solution"]));
  });

  it("reads its own output back unchanged (what the database stores is what was validated)", () => {
    const r = loadProblem(fs.readFileSync("problems/seed/std-dev.yaml", "utf8"));
    if (!r.ok) throw new Error("seed problem invalid");
    const stored = JSON.parse(JSON.stringify(r.problem.file));
    expect(problemFile.parse(stored)).toEqual(r.problem.file);
  });
});

describe("statements", () => {
  it("interpolates numbers as text and tensors as LaTeX matrices", () => {
    const out = interpolate("x = {{x}}, $v = {{v}}$, W = {{W}}", {
      x: -1.5,
      v: [1, 2],
      W: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(out).toBe("x = -1.5, $v = \\begin{pmatrix} 1 & 2 \\end{pmatrix}$, W = $\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}$");
    expect(() => interpolate("{{nope}}", {})).toThrow(/not a parameter/);
    expect(toLatex(0.1 + 0.2)).toBe("0.3");
  });

  it("renders Markdown and KaTeX, and never passes raw HTML through", () => {
    const html = renderMarkdown("**bold** and $x^2$\n\n$$\\frac{1}{2}$$\n\n<script>alert(1)</script> <img src=x onerror=alert(1)>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('class="katex"');
    expect(html).toContain('<div class="math-display">');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });
});
