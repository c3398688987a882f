/** A rubric delta as staff type it and students read it: "+1", "−1" (a real minus sign), "0". */
export function signedPoints(points: number): string {
  const n = Math.round(points * 1000) / 1000;
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0";
}
