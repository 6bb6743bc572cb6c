/** Participants for the coordinators: the directory and each one's load this season. */
import type { DirectoryRow } from "~/domain/participants/directory";
import { LOAD_STATUSES } from "~/domain/participants/season";
import type { TimeOfDay } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

/** Accepted or attended events since the season's first day (a UTC instant): the participant's load. */
export async function loadSince(participantId: number, seasonStartIso: string): Promise<number> {
  const row = await getDb()
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("assignment.participant_id", "=", participantId)
    .where("assignment.status", "in", LOAD_STATUSES)
    .where("event.starts_at", ">=", seasonStartIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every participant (not erased) as a directory row, with this season's load. */
export async function listDirectoryRows(seasonStartIso: string): Promise<DirectoryRow[]> {
  const db = getDb();
  const [people, languages, offers, loads] = await Promise.all([
    db
      .selectFrom("participant")
      .leftJoin("town", "town.id", "participant.home_town_id")
      .select([
        "participant.id",
        "participant.first_name",
        "participant.last_name",
        "participant.email",
        "participant.phone",
        "participant.weekdays",
        "participant.times_of_day",
        "participant.paused_until",
        "participant.monthly_cap",
        "participant.max_travel_minutes",
        "town.name as town_name",
        "town.region_code",
      ])
      .where("participant.erased_at", "is", null)
      .execute(),
    db.selectFrom("participant_language").select(["participant_id", "code", "level"]).execute(),
    db.selectFrom("participant_offer").select(["participant_id", "offer"]).execute(),
    db
      .selectFrom("assignment")
      .innerJoin("event", "event.id", "assignment.event_id")
      .select(["assignment.participant_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("assignment.status", "in", LOAD_STATUSES)
      .where("event.starts_at", ">=", seasonStartIso)
      .groupBy("assignment.participant_id")
      .execute(),
  ]);
  const group = <T extends { participant_id: number }>(rows: T[]) => {
    const map = new Map<number, T[]>();
    for (const r of rows) map.set(r.participant_id, [...(map.get(r.participant_id) ?? []), r]);
    return map;
  };
  const languagesOf = group(languages);
  const offersOf = group(offers);
  const loadOf = new Map(loads.map((l) => [l.participant_id, Number(l.n)]));
  return people.map((p) => ({
    id: p.id,
    firstName: p.first_name,
    lastName: p.last_name,
    email: p.email,
    phone: p.phone,
    homeTown: p.town_name,
    regionCode: p.region_code,
    languages: (languagesOf.get(p.id) ?? []).map((l) => ({ code: l.code, level: l.level })),
    offers: (offersOf.get(p.id) ?? []).map((o) => o.offer),
    weekdays: JSON.parse(p.weekdays) as number[],
    timesOfDay: JSON.parse(p.times_of_day) as TimeOfDay[],
    pausedUntil: p.paused_until,
    monthlyCap: p.monthly_cap,
    maxTravelMinutes: p.max_travel_minutes,
    load: loadOf.get(p.id) ?? 0,
  }));
}
