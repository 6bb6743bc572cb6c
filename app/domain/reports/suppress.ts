/**
 * Small-cell suppression for counts of people, so that nobody can be recognised in a report:
 * a count under the threshold (5) is shown as "< 5". When a table also shows its total, one
 * hidden cell could be worked out by subtraction, so a second cell (the smallest shown one) is
 * hidden too; and a total under the threshold is hidden itself.
 */

export const SUPPRESSION_THRESHOLD = 5;

export type CountCell<K> = { key: K; count: number };
/** A count as published: the number, or null when it is hidden ("< 5"). */
export type PublishedCell<K> = { key: K; count: number | null; suppressed: boolean };
export type PublishedCounts<K> = { cells: PublishedCell<K>[]; total: number | null };

/** Hides small counts (primary) and, when exactly one is hidden, the smallest other (secondary). */
export function suppressSmallCounts<K>(cells: readonly CountCell<K>[], threshold = SUPPRESSION_THRESHOLD): PublishedCounts<K> {
  const nonEmpty = cells.filter((c) => c.count > 0);
  const hidden = new Set(nonEmpty.filter((c) => c.count < threshold));
  if (hidden.size === 1) {
    const next = nonEmpty.filter((c) => !hidden.has(c)).sort((a, b) => a.count - b.count)[0];
    if (next) hidden.add(next);
  }
  const total = nonEmpty.reduce((sum, c) => sum + c.count, 0);
  return {
    cells: nonEmpty.map((c) => ({ key: c.key, count: hidden.has(c) ? null : c.count, suppressed: hidden.has(c) })),
    total: total > 0 && total < threshold ? null : total,
  };
}
