/**
 * Every bank problem speaks Chinese too: each text a student reads (title, statement, part prompts,
 * hints, required-quantity labels, mistake messages, solution) has a zh-CN version, with the same
 * `{{param}}` placeholders and as many pieces of math as the English, so no number or formula is
 * dropped or invented in translation.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { yamlFilesUnder } from "@/lib/problems/files";
import { loadProblem } from "@/lib/problems/load";
import type { LocalizedText, ProblemFile } from "@/lib/problems/schema";
import { placeholdersIn, renderMarkdown } from "@/lib/problems/statement";

const BANK = yamlFilesUnder("problems");

/** Every localized text of a problem, with where it sits ("parts[annotate].hints[0]"). */
function localizedTexts(file: ProblemFile): { where: string; text: LocalizedText }[] {
  const out: { where: string; text: LocalizedText }[] = [
    { where: "title", text: file.title },
    { where: "statement", text: file.statement },
  ];
  for (const part of file.parts) {
    out.push({ where: `parts[${part.id}].prompt`, text: part.prompt });
    part.hints?.forEach((hint, i) => out.push({ where: `parts[${part.id}].hints[${i}]`, text: hint }));
    if (part.kind === "graph-construction") {
      for (const required of part.require ?? []) {
        if ("label" in required && required.label !== undefined) out.push({ where: `parts[${part.id}].require[${required.node}].label`, text: required.label });
      }
    }
  }
  for (const mistake of file.mistakes) out.push({ where: `mistakes[${mistake.code}].message`, text: mistake.message });
  out.push({ where: "solution", text: file.solution });
  return out;
}

/** How many pieces of math the page would render: the renderer's own reading of `$`, `$$` and code spans. */
function mathCount(text: string): number {
  const html = renderMarkdown(text.replace(/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/g, "1"));
  return html.split('<span class="katex">').length - 1;
}

const sorted = (xs: string[]) => [...new Set(xs)].sort();

describe("the problem bank in Chinese", () => {
  it("finds the whole bank", () => {
    expect(BANK.filter((f) => f.startsWith("problems/classic/")).length).toBeGreaterThanOrEqual(28);
    expect(BANK.filter((f) => f.startsWith("problems/seed/")).length).toBeGreaterThanOrEqual(4);
  });

  it("counts math as the page renders it", () => {
    expect(mathCount("$a$ and $$b$$, `$c$`, \\$5")).toBe(2);
    expect(mathCount("前向值 $q = {{x}} + {{y}}$：")).toBe(1);
  });

  describe.each(BANK)("%s", (file) => {
    const loaded = loadProblem(fs.readFileSync(file, "utf8"));
    if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.issues.map((i) => `${i.line}: ${i.message}`).join("; ")}`);
    const texts = localizedTexts(loaded.problem.file);

    it("has zh-CN for every localized text", () => {
      const lacking = texts.filter(({ text }) => typeof text === "string" || !text["zh-CN"]?.trim()).map((t) => t.where);
      expect(lacking, `lacking zh-CN: ${lacking.join("; ")}`).toEqual([]);
    });

    it("keeps the same {{placeholders}} and as many math pieces in zh-CN as in en", () => {
      const differing: string[] = [];
      for (const { where, text } of texts) {
        if (typeof text === "string" || !text["zh-CN"]) continue;
        const en = text.en;
        const zh = text["zh-CN"];
        if (sorted(placeholdersIn(en)).join() !== sorted(placeholdersIn(zh)).join()) {
          differing.push(`${where}: placeholders ${sorted(placeholdersIn(en)).join()} vs ${sorted(placeholdersIn(zh)).join()}`);
        }
        if (mathCount(en) !== mathCount(zh)) differing.push(`${where}: ${mathCount(en)} math pieces in en, ${mathCount(zh)} in zh-CN`);
      }
      expect(differing, differing.join("; ")).toEqual([]);
    });
  });
});
