/** How the travelling load spreads: who has been asked too often, who not yet. Pure. */

export type LoadFlag = "over" | "none" | "ok";

/**
 * "Over" is at least twice the average and at least three events (two events in a season is
 * never too many); "none" is not asked yet this season.
 */
export function loadFlag(events: number, mean: number): LoadFlag {
  if (events === 0) return "none";
  if (events >= 3 && events >= 2 * mean) return "over";
  return "ok";
}
