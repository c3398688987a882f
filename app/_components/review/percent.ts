/** A score fraction as staff read it: a percentage to one decimal (0.8333 → "83.3%"). */
export const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
