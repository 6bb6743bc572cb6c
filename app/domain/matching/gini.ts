/** Gini coefficient of loads (0 = everyone carries the same, → 1 = one person carries it all); 0 for no load. */
export function gini(loads: readonly number[]): number {
  const n = loads.length;
  if (n === 0) return 0;
  const sorted = [...loads].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  sorted.forEach((x, i) => {
    total += x;
    weighted += (i + 1) * x;
  });
  if (total === 0) return 0;
  return (2 * weighted) / (n * total) - (n + 1) / n;
}
