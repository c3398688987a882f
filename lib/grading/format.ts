/** Numbers as grading shows them in messages and reports: six significant figures, arrays as JSON. */
import { type Shape, type Tensor, formatShape, toNested } from "../autograd";

export function formatNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** A scalar as a number, a tensor as its JSON array (each entry to six significant figures). */
export function formatTensor(t: Tensor): string {
  if (t.shape.length === 0) return formatNumber(t.data[0]!);
  const rounded: Tensor = { shape: t.shape, data: t.data.map((x) => Number(x.toPrecision(6))) };
  return JSON.stringify(toNested(rounded)).replace(/,/g, ", ");
}

/** "[]", "[3]", "[2,3]": the compact shape form used in message parameters. */
export function shapeParam(shape: Shape): string {
  return formatShape(shape).replace(/ /g, "");
}
