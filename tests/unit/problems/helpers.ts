import { loadProblem } from "@/lib/problems/load";
import type { CompiledProblem } from "@/lib/problems/variant";

/** A minimal valid problem file with the given YAML lines replacing the defaults. */
export function problemYaml(overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id: "id: test-problem",
    title: "title: Test problem",
    topic: "topic: tests",
    statement: "statement: Compute y at $x = {{x}}$.",
    parameters: "parameters:\n  x: { type: int, min: 1, max: 9 }",
    graph: "graph: |\n  input x\n  y = x * 2",
    parts: "parts:\n  - id: y\n    kind: numeric\n    prompt: The value of y.\n    points: 1",
    solution: "solution: y = 2x.",
    ...overrides,
  };
  return Object.values(fields).filter(Boolean).join("\n") + "\n";
}

export function compile(yaml: string): CompiledProblem {
  const r = loadProblem(yaml);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.line}: ${i.message}`).join("\n"));
  return r.problem;
}
