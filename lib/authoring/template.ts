/** What the editor starts a new problem with: a small, valid, randomized file to edit into shape. */
export const NEW_PROBLEM_TEMPLATE = `# A problem file: see problems/ for complete examples, and problems/problem.schema.json for every field.
id: new-problem
title: "A new problem: f = (x + y) · z"
topic: computational graphs
statement: |
  Compute $f = (x + y) \\cdot z$ at $x = {{x}}$, $y = {{y}}$, $z = {{z}}$,
  then backpropagate through its graph.
parameters:
  x: { type: int, min: -5, max: 5 }
  y: { type: int, min: -5, max: 5 }
  z: { type: int, min: 2, max: 6 }
constraints:
  - x + y != 0
graph: |
  input x, y, z
  q = x + y
  f = q * z
  output f
parts:
  - id: value
    kind: numeric
    prompt: "The value of $f$."
    points: 1
  - id: annotate
    kind: graph-annotation
    prompt: "Every node's forward value and upstream gradient."
    points: 4
    fields: [value, grad]
solution: |
  $q = {{x}} + ({{y}})$ and $f = q \\cdot {{z}}$; the addition passes its upstream gradient to both inputs.
tests:
  - name: the reference answers get full marks
    base: reference
    expect: { score: 1 }
`;
