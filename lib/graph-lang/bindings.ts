/**
 * Node ids of assignments when a name is assigned more than once (`c = a + b`, then `c += 1`). A name
 * refers to its latest binding; the FINAL binding keeps the plain id (`c`, so the eval JSON shows the
 * last `c` as `c`), and the earlier ones are `c#1`, `c#2`, ... in order. A name that is also an input
 * may be rebound, as in Python; the input node keeps the plain id and every assignment to the name is
 * numbered (`x#1`, `x#2`, ...). The other nodes of a statement are `<id>.<k>` as always (`c#1.2`).
 */
import type { Assignment, Program } from "./ast";

export function assignmentIds(program: Program): Map<Assignment, string> {
  const inputs = new Set(program.statements.flatMap((s) => (s.kind === "input" ? s.decls.map((d) => d.name) : [])));
  const total = new Map<string, number>();
  for (const s of program.statements) if (s.kind === "assign") total.set(s.name, (total.get(s.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  const ids = new Map<Assignment, string>();
  for (const s of program.statements) {
    if (s.kind !== "assign") continue;
    const k = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, k);
    ids.set(s, k === total.get(s.name) && !inputs.has(s.name) ? s.name : `${s.name}#${k}`);
  }
  return ids;
}
