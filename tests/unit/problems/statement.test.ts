import { describe, expect, it } from "vitest";
import { interpolate, mathErrors, renderMarkdown } from "@/lib/problems/statement";

const katexSpans = (html: string) => (html.match(/class="katex"/g) ?? []).length;

describe("math in statements", () => {
  it("renders $…$ inline and $$…$$ as a display block with KaTeX", () => {
    const inline = renderMarkdown("The loss is $L = (y - t)^2$.");
    expect(inline).toMatch(/^<p>The loss is <span class="katex">/);
    expect(inline).toContain('<annotation encoding="application/x-tex">L = (y - t)^2</annotation>');
    expect(katexSpans(inline)).toBe(1);

    const display = renderMarkdown("Before.\n\n$$\\frac{\\partial L}{\\partial y}$$\n\nAfter.");
    expect(display).toContain('<div class="math-display"><span class="katex-display">');
    expect(display).toContain("<p>Before.</p>");
    expect(display).toContain("<p>After.</p>");
  });

  it("leaves $ inside code spans and code blocks as written", () => {
    const html = renderMarkdown("Type `$x$` or `a $ b` literally, then $y$.\n\n```\ncost = $5\n```");
    expect(html).toContain("<code>$x$</code>");
    expect(html).toContain("<code>a $ b</code>");
    expect(html).toContain("cost = $5");
    expect(katexSpans(html)).toBe(1);
    expect(mathErrors("Type `$\\frac{$` literally.")).toEqual([]);
  });

  it("reads \\$ and amounts of money as dollar signs", () => {
    expect(renderMarkdown("It costs \\$5, not $x$.")).toContain('It costs $5, not <span class="katex">');
    expect(katexSpans(renderMarkdown("Between $5 and $6 a day."))).toBe(0);
  });

  it("reports broken math to the validator and shows it as KaTeX's error text on the page", () => {
    expect(mathErrors("fine $x$ and broken $\\frac{1}{$")).toHaveLength(1);
    expect(mathErrors("fine $x$ and broken $\\frac{1}{$")[0]).toMatch(/^math "\\frac\{1\}\{":/);
    expect(mathErrors("$x_{{{n}}}$")).toEqual([]);
    const html = renderMarkdown("broken $\\frac{1}{$");
    expect(html).toContain('class="katex-error"');
  });

  it("never passes raw HTML through, in prose or in math", () => {
    const html = renderMarkdown('<b>x</b> $\\text{<img src=x onerror=alert(1)>}$ <a href="javascript:alert(1)">y</a>');
    expect(html).not.toMatch(/<b>|<img|<a /);
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
  });
});

describe("parameters in statements", () => {
  const parameters = { x: -1.5, v: [1, 2] };

  it("writes a tensor as LaTeX inside math and as $LaTeX$ outside, the same name in both places", () => {
    expect(interpolate("$v = {{v}}$ where {{v}} is given", parameters)).toBe(
      "$v = \\begin{pmatrix} 1 & 2 \\end{pmatrix}$ where $\\begin{pmatrix} 1 & 2 \\end{pmatrix}$ is given",
    );
    expect(interpolate("$$\nW = {{v}}\n$$", parameters)).toBe("$$\nW = \\begin{pmatrix} 1 & 2 \\end{pmatrix}\n$$");
  });

  it("treats a placeholder in a code span as prose, and numbers the same everywhere", () => {
    expect(interpolate("`$ {{v}}` and $x = {{x}}$ and {{x}}", parameters)).toBe("`$ $\\begin{pmatrix} 1 & 2 \\end{pmatrix}$` and $x = -1.5$ and -1.5");
  });

  it("throws on a name that is not a parameter", () => {
    expect(() => interpolate("$ {{nope}} $", parameters)).toThrow(/\{\{nope\}\} is not a parameter/);
  });
});
