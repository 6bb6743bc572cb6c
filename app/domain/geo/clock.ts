/** "HH:MM" local wall-clock times as minutes after midnight, the unit of ferry timetables here. */

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight for a 24-hour "HH:MM" time; throws on anything else. */
export function clockToMinutes(clock: string): number {
  const match = CLOCK.exec(clock);
  if (!match) throw new Error(`Not a 24-hour "HH:MM" time: ${JSON.stringify(clock)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** "HH:MM" for minutes after midnight (0–1439); throws outside one day. */
export function minutesToClock(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= 24 * 60) {
    throw new Error(`Not a time of day in minutes: ${minutes}`);
  }
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return `${hh}:${mm}`;
}
