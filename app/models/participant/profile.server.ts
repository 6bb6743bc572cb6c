/** A participant's profile: read it, save it, pause invitations, turn reminders on or off. */
import { LANGUAGE_LEVELS, type LanguageLevel, type Locale, type Offer, type TimeOfDay } from "~/domain/vocabulary";
import type { ParticipantData } from "~/schemas/participant";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { EMAIL_TAKEN, emailTaken, isUniqueViolation, participantColumns, writeDetails } from "./store.server";

export type SaveResult = { ok: true; id: number } | { ok: false; code: "email_taken"; errors: Record<string, string> } | { ok: false; code: "not_found" };

export type ParticipantProfile = Awaited<ReturnType<typeof getParticipantProfile>>;

/** Everything a participant told us, as the edit form and the coordinators' page show it; null if unknown. */
export async function getParticipantProfile(id: number) {
  const db = getDb();
  const row = await db
    .selectFrom("participant")
    .leftJoin("town", "town.id", "participant.home_town_id")
    .selectAll("participant")
    .select(["town.slug as town_slug", "town.name as town_name", "town.region_code as region_code"])
    .where("participant.id", "=", id)
    .where("participant.erased_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  const [languages, offers, dates] = await Promise.all([
    db.selectFrom("participant_language").select(["code", "level"]).where("participant_id", "=", id).execute(),
    db.selectFrom("participant_offer").select(["offer", "description"]).where("participant_id", "=", id).execute(),
    db.selectFrom("participant_unavailable_date").select("date").where("participant_id", "=", id).orderBy("date").execute(),
  ]);
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    homeTown: row.town_slug ? { slug: row.town_slug, name: row.town_name!, regionCode: row.region_code! } : null,
    preferredLocale: row.preferred_locale as Locale,
    // Strongest language first, as people list them.
    languages: (languages as { code: string; level: LanguageLevel }[]).sort(
      (a, b) => LANGUAGE_LEVELS.indexOf(a.level) - LANGUAGE_LEVELS.indexOf(b.level) || a.code.localeCompare(b.code),
    ),
    offers: offers as { offer: Offer; description: string | null }[],
    maxTravelMinutes: row.max_travel_minutes,
    monthlyCap: row.monthly_cap,
    weekdays: JSON.parse(row.weekdays) as number[],
    timesOfDay: JSON.parse(row.times_of_day) as TimeOfDay[],
    unavailableDates: dates.map((d) => d.date),
    pausedUntil: row.paused_until,
    reminders: row.reminders === 1,
    needsChildcare: row.needs_childcare === 1,
    needsStepFree: row.needs_step_free === 1,
    dietary: row.dietary,
    countryOfOrigin: row.country_of_origin,
    gender: row.gender,
    showFirstName: row.show_first_name === 1,
    consentAt: row.consent_at,
    consentVersion: row.consent_version,
    createdAt: row.created_at,
    lastActiveAt: row.last_active_at,
  };
}

/** Saves a participant's edited profile (everything but consent), audited; not_found when they were erased meanwhile. */
export async function updateParticipant(id: number, data: ParticipantData, actor: Actor): Promise<SaveResult> {
  try {
    return await writeTransaction(async (trx) => {
      if (await emailTaken(trx, data.email, id)) return { ok: false as const, code: "email_taken" as const, errors: EMAIL_TAKEN };
      const at = nowIso();
      const result = await trx
        .updateTable("participant")
        .set({ ...participantColumns(data), updated_at: at, last_active_at: at })
        .where("id", "=", id)
        .where("erased_at", "is", null)
        .executeTakeFirst();
      // Nothing was written: the update found no one.
      if (Number(result.numUpdatedRows) !== 1) return { ok: false as const, code: "not_found" as const };
      await writeDetails(trx, id, data);
      await audit(trx, actor, "participant.update", "participant", id);
      return { ok: true as const, id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, code: "email_taken", errors: EMAIL_TAKEN };
    throw error;
  }
}

/** Pauses invitations until a local date (the first day back), or resumes them with null. */
export async function setPause(id: number, pausedUntil: string | null, actor: Actor): Promise<void> {
  await writeTransaction(async (trx) => {
    const at = nowIso();
    await trx.updateTable("participant").set({ paused_until: pausedUntil, updated_at: at, last_active_at: at }).where("id", "=", id).execute();
    // The date stays on the participant (and goes with erasure), not in the log.
    await audit(trx, actor, pausedUntil ? "participant.pause" : "participant.resume", "participant", id);
  });
}

/** Turns the reminders before events (scheduledMessages.server.ts) on or off. Audited. */
export async function setReminders(id: number, on: boolean, actor: Actor): Promise<void> {
  await writeTransaction(async (trx) => {
    const at = nowIso();
    await trx
      .updateTable("participant")
      .set({ reminders: on ? 1 : 0, updated_at: at, last_active_at: at })
      .where("id", "=", id)
      .where("erased_at", "is", null)
      .execute();
    await audit(trx, actor, "participant.reminders", "participant", id, { on });
  });
}
