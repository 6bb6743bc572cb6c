/** The participant row and its details as the sign-up, import and profile forms write them (see signup.server.ts, profile.server.ts). */
import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import type { ParticipantData } from "~/schemas/participant";
import { nowIso } from "~/utils/clock.server";

export type Executor = Kysely<Database> | Transaction<Database>;

export const EMAIL_TAKEN = { email: "participantForm.emailTaken" };

export function participantColumns(data: ParticipantData) {
  return {
    first_name: data.firstName,
    last_name: data.lastName,
    email: data.email,
    phone: data.phone,
    home_town_id: data.homeTownId,
    max_travel_minutes: data.maxTravelMinutes,
    monthly_cap: data.monthlyCap,
    weekdays: JSON.stringify(data.weekdays),
    times_of_day: JSON.stringify(data.timesOfDay),
    needs_childcare: data.needsChildcare ? (1 as const) : (0 as const),
    needs_step_free: data.needsStepFree ? (1 as const) : (0 as const),
    dietary: data.dietary,
    country_of_origin: data.countryOfOrigin,
    gender: data.gender,
    preferred_locale: data.preferredLocale,
    show_first_name: data.showFirstName ? (1 as const) : (0 as const),
  };
}

/** Replaces a participant's languages, offers and unavailable dates with the given ones. */
export async function writeDetails(db: Executor, participantId: number, data: ParticipantData) {
  await db.deleteFrom("participant_language").where("participant_id", "=", participantId).execute();
  await db.deleteFrom("participant_offer").where("participant_id", "=", participantId).execute();
  await db.deleteFrom("participant_unavailable_date").where("participant_id", "=", participantId).execute();
  if (data.languages.length > 0) {
    await db
      .insertInto("participant_language")
      .values(data.languages.map((l) => ({ participant_id: participantId, code: l.code, level: l.level })))
      .execute();
  }
  if (data.offers.length > 0) {
    await db
      .insertInto("participant_offer")
      .values(data.offers.map((o) => ({ participant_id: participantId, offer: o.offer, description: o.description })))
      .execute();
  }
  if (data.unavailableDates.length > 0) {
    await db
      .insertInto("participant_unavailable_date")
      .values(data.unavailableDates.map((date) => ({ participant_id: participantId, date })))
      .execute();
  }
}

export async function insertParticipant(db: Executor, data: ParticipantData, consentVersion: string): Promise<number> {
  const at = nowIso();
  const row = await db
    .insertInto("participant")
    .values({
      ...participantColumns(data),
      consent_at: data.consentAt ?? at,
      consent_version: consentVersion,
      created_at: at,
      updated_at: at,
      last_active_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeDetails(db, row.id, data);
  return row.id;
}

export { isUniqueViolation } from "../sqlDialect.server";

export async function emailTaken(db: Executor, email: string | null, exceptId?: number): Promise<boolean> {
  if (!email) return false;
  let query = db.selectFrom("participant").select("id").where("email", "=", email);
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
