/**
 * What happens to a series' sessions when its rule is edited.
 *
 * History and people's individual decisions win over the rule: sessions that already started,
 * sessions a coordinator edited one by one, and cancelled or completed ones (exceptions, EXDATE in
 * the feed) are never touched. Everything else in the future follows the new rule.
 */
import type { EventState } from "~/domain/vocabulary";
import { occurrences, type Occurrence, type SeriesRule } from "./recurrence";
import { toDate } from "./local-time";

export type ExistingSession = {
  id: number;
  startsAt: string;
  endsAt: string;
  /** local date of the rule occurrence it came from (stays the same when the session is moved) */
  occurrenceDate: string;
  edited: boolean;
  state: EventState;
};

export type SessionUpdate = { id: number; startsAt: string; endsAt: string; occurrenceDate: string };

export type SeriesRegenerationPlan = {
  /** sessions left exactly as they are */
  keep: number[];
  /** future, unedited sessions the new rule no longer produces */
  remove: number[];
  /** future, unedited sessions whose time changed under the new rule */
  update: SessionUpdate[];
  /** new rule occurrences with no session yet; never in the past */
  create: Occurrence[];
};

/** Plan how a series' sessions follow an edited rule: keep history and exceptions, move, drop or add future sessions. */
export function planSeriesRegeneration(existing: ExistingSession[], newRule: SeriesRule, now: Date): SeriesRegenerationPlan {
  const nowMs = now.getTime();
  const byDate = new Map(occurrences(newRule).map((o) => [o.localDate, o] as const));
  const plan: SeriesRegenerationPlan = { keep: [], remove: [], update: [], create: [] };
  // Occurrence dates that already have a session; a cancelled one counts, so it is not recreated.
  const taken = new Set<string>();

  const isProtected = (s: ExistingSession) => s.edited || s.state === "cancelled" || s.state === "completed" || toDate(s.startsAt).getTime() < nowMs;

  // Protected sessions claim their dates first, so a stray duplicate can't take an exception's place.
  const free: ExistingSession[] = [];
  for (const session of existing) {
    if (isProtected(session)) {
      plan.keep.push(session.id);
      taken.add(session.occurrenceDate);
    } else {
      free.push(session);
    }
  }

  for (const session of free) {
    const occurrence = byDate.get(session.occurrenceDate);
    if (!occurrence || taken.has(session.occurrenceDate)) {
      plan.remove.push(session.id);
      continue;
    }
    taken.add(session.occurrenceDate);
    if (toDate(occurrence.startsAt).getTime() < nowMs) {
      // The new time is already past (e.g. today's 18:00 session moved to 15:00 at 16:00): leave
      // today's session as people expect it rather than move it into the past or drop it.
      plan.keep.push(session.id);
    } else if (sameInstant(session.startsAt, occurrence.startsAt) && sameInstant(session.endsAt, occurrence.endsAt)) {
      plan.keep.push(session.id);
    } else {
      plan.update.push({
        id: session.id,
        startsAt: occurrence.startsAt,
        endsAt: occurrence.endsAt,
        occurrenceDate: occurrence.localDate,
      });
    }
  }

  for (const occurrence of byDate.values()) {
    if (taken.has(occurrence.localDate)) continue;
    if (toDate(occurrence.startsAt).getTime() < nowMs) continue;
    plan.create.push(occurrence);
  }

  return plan;
}

// Compare instants, not strings: "…T15:00:00Z" and "…T15:00:00.000Z" are the same time.
function sameInstant(a: string, b: string): boolean {
  return toDate(a).getTime() === toDate(b).getTime();
}
