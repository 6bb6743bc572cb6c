/** First guesses for what an accepted request becomes: its date and time, length, slots and title. */
import type { LocalizedText } from "~/domain/localizedText";
import { estonianHoliday, zonedInstant } from "~/domain/schedule";
import { daysBetween } from "~/domain/schedule/local-time";
import { LOCALES, type EventKind, type Offer, type TimeOfDay } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";

export const START_TIMES: Record<TimeOfDay, string> = { morning: "10:00", afternoon: "13:00", evening: "18:00" };

export const DURATION_MINUTES: Record<EventKind, number> = { community_event: 180, cosy_corner: 120, forum: 120 };

export const DEFAULT_SLOTS: Record<EventKind, Offer[]> = {
  community_event: ["crafts", "food", "story"],
  cosy_corner: ["language_cafe", "crafts"],
  forum: ["story", "interpreting"],
};

/**
 * A first guess at the date of an accepted request: the first day in the window (not before
 * `earliest`) that falls on one of the wished weekdays (0 = Sunday; none = any day) and is not a
 * public holiday, at the start
 * time of the wished time of day (afternoon when not said). When no day fits, the first wished
 * weekday from `earliest` on — the coordinator adjusts the draft anyway.
 */
export function proposeEventTime(
  request: { windowFrom: string; windowTo: string; weekdays: number[]; timeOfDay: TimeOfDay | null; kind: EventKind },
  earliest: string,
): { startsAt: string; endsAt: string; localDate: string } {
  const from = request.windowFrom > earliest ? request.windowFrom : earliest;
  // Public holidays are a poor first guess: venues are closed and people are away.
  const fits = (date: string) => (request.weekdays.length === 0 || request.weekdays.includes(new Date(`${date}T12:00:00Z`).getUTCDay())) && !estonianHoliday(date, "et");
  const span = Math.max(0, daysBetween(from, request.windowTo));
  let localDate: string | null = null;
  for (let i = 0; i <= span && !localDate; i += 1) if (fits(addDays(from, i))) localDate = addDays(from, i);
  for (let i = 0; i < 7 && !localDate; i += 1) if (fits(addDays(from, i))) localDate = addDays(from, i);
  localDate ??= from;
  const time = START_TIMES[request.timeOfDay ?? "afternoon"];
  const start = zonedInstant(localDate, time);
  const end = new Date(start.getTime() + DURATION_MINUTES[request.kind] * 60_000);
  return { startsAt: start.toISOString(), endsAt: end.toISOString(), localDate };
}

export function addDays(localDate: string, days: number): string {
  const date = new Date(`${localDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The draft event's title in all four languages, e.g. "Saame tuttavaks! Orissaare". */
export async function draftTitle(kind: EventKind, townName: string): Promise<LocalizedText> {
  const title: LocalizedText = {};
  for (const locale of LOCALES) {
    const t = await i18next.getFixedT(locale);
    title[locale] = t(`requestEvent.title.${kind}`, { town: townName });
  }
  return title;
}
