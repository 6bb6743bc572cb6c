/**
 * The season runs from 1 September to the summer break. Load ("how many events this season")
 * is counted from the season's first day, so rotation starts afresh every autumn.
 */

/**
 * First local date (YYYY-MM-DD) of the season that `localDate` belongs to: 1 September of this
 * year from August on (August already plans the coming season), else of last year.
 */
export function seasonStart(localDate: string): string {
  const year = Number(localDate.slice(0, 4));
  const month = Number(localDate.slice(5, 7));
  return `${month >= 8 ? year : year - 1}-09-01`;
}

/** Statuses that count as load: the participant said yes (and may already have gone). */
export const LOAD_STATUSES = ["accepted", "attended"] as const;
