import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import { CONSENT_VERSION, IMPORT_CONSENT_VERSION } from "~/domain/participants/consent";
import type { DirectoryRow } from "~/domain/participants/directory";
import { LOAD_STATUSES } from "~/domain/participants/season";
import { namedLanguages } from "~/domain/languages";
import { localize } from "~/domain/localizedText";
import { COUNTRY_CODES } from "~/domain/participants/countries";
import { LANGUAGE_LEVELS, type AssignmentState, type LanguageLevel, type Locale, type Offer, type TimeOfDay } from "~/domain/vocabulary";
import type { ParticipantData, TownRef } from "~/schemas/participant";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { queueAlreadySignedUp, queueLinkResent, queueWelcome } from "./messages.server";
import { audit, type Actor } from "./audit.server";
import { issueToken, resolveToken, revokeTokens } from "./token.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Statuses in which an assignment holds its slot (the unique index in migration 0002 agrees). */
export const TAKEN_STATUSES = ["accepted", "attended", "no_show"] as const satisfies readonly AssignmentState[];

export type SaveResult = { ok: true; id: number } | { ok: false; errors: Record<string, string> };

const EMAIL_TAKEN = { email: "participantForm.emailTaken" };

/** Every town as the participant schema needs it (slug and name both find a town). */
export async function listTownRefs(): Promise<TownRef[]> {
  return getDb().selectFrom("town").select(["id", "slug", "name"]).execute();
}

/** Towns grouped by county for the home-town select, in the reader's language and order. */
export async function listTownChoices(locale: Locale) {
  const column = `name_${locale}` as const;
  const [regions, towns] = await Promise.all([
    getDb().selectFrom("region").select(["code", column]).execute(),
    getDb().selectFrom("town").select(["slug", "name", "region_code"]).execute(),
  ]);
  const collator = new Intl.Collator(locale);
  return regions
    .map((r) => ({
      code: r.code,
      name: (r as Record<string, string>)[column],
      towns: towns
        .filter((t) => t.region_code === r.code)
        .sort((a, b) => collator.compare(a.name, b.name))
        .map((t) => ({ slug: t.slug, name: t.name })),
    }))
    .filter((r) => r.towns.length > 0)
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** E-mail addresses already on file (lower case), so an import can report clashes per row. */
export async function listTakenEmails(): Promise<Set<string>> {
  const rows = await getDb().selectFrom("participant").select("email").where("email", "is not", null).execute();
  return new Set(rows.map((r) => r.email!.toLowerCase()));
}

function participantColumns(data: ParticipantData) {
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
async function writeDetails(db: Executor, participantId: number, data: ParticipantData) {
  await db.deleteFrom("participant_language").where("participant_id", "=", participantId).execute();
  await db.deleteFrom("participant_offer").where("participant_id", "=", participantId).execute();
  await db.deleteFrom("participant_unavailable_date").where("participant_id", "=", participantId).execute();
  if (data.languages.length > 0) {
    await db.insertInto("participant_language").values(data.languages.map((l) => ({ participant_id: participantId, code: l.code, level: l.level }))).execute();
  }
  if (data.offers.length > 0) {
    await db.insertInto("participant_offer").values(data.offers.map((o) => ({ participant_id: participantId, offer: o.offer, description: o.description }))).execute();
  }
  if (data.unavailableDates.length > 0) {
    await db.insertInto("participant_unavailable_date").values(data.unavailableDates.map((date) => ({ participant_id: participantId, date }))).execute();
  }
}

async function insertParticipant(db: Executor, data: ParticipantData, consentVersion: string): Promise<number> {
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

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

async function emailTaken(db: Executor, email: string | null, exceptId?: number): Promise<boolean> {
  if (!email) return false;
  let query = db.selectFrom("participant").select("id").where("email", "=", email);
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * Signs someone up: the participant with languages, offers and dates, the consent with the text's
 * version, and a private link. Returns the raw link token, which is never stored.
 */
export async function createParticipant(data: ParticipantData): Promise<{ ok: true; id: number; token: string } | { ok: false; errors: Record<string, string> }> {
  try {
    return await writeTransaction(async (trx) => {
        if (await emailTaken(trx, data.email)) {
          // Its owner hears that someone tried, in their own language; no link is made.
          const owner = await trx.selectFrom("participant").select("id").where("email", "=", data.email).where("erased_at", "is", null).executeTakeFirst();
          if (owner) await queueAlreadySignedUp(trx, owner.id);
          return { ok: false as const, errors: EMAIL_TAKEN };
        }
        const id = await insertParticipant(trx, data, CONSENT_VERSION);
        const token = await issueToken(trx, "participant", id);
        await audit(trx, { kind: "participant", participantId: id }, "participant.signup", "participant", id, { consentVersion: CONSENT_VERSION });
        // The welcome with the link, committed with the participant (nothing for a phone-only one).
        await queueWelcome(trx, id, token);
        return { ok: true as const, id, token };
      });
  } catch (error) {
    // Two sign-ups with one e-mail at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return { ok: false, errors: EMAIL_TAKEN };
    throw error;
  }
}

/** Saves a participant's edited profile (everything but consent), audited. */
export async function updateParticipant(id: number, data: ParticipantData, actor: Actor): Promise<SaveResult> {
  try {
    return await writeTransaction(async (trx) => {
        if (await emailTaken(trx, data.email, id)) return { ok: false as const, errors: EMAIL_TAKEN };
        const at = nowIso();
        const result = await trx
          .updateTable("participant")
          .set({ ...participantColumns(data), updated_at: at, last_active_at: at })
          .where("id", "=", id)
          .where("erased_at", "is", null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw new Response("Not found", { status: 404 });
        await writeDetails(trx, id, data);
        await audit(trx, actor, "participant.update", "participant", id);
        return { ok: true as const, id };
      });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: EMAIL_TAKEN };
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
    await trx.updateTable("participant").set({ reminders: on ? 1 : 0, updated_at: at, last_active_at: at }).where("id", "=", id).where("erased_at", "is", null).execute();
    await audit(trx, actor, "participant.reminders", "participant", id, { on });
  });
}

/** The participant a private link belongs to, or null for an unknown, revoked or erased one. */
export async function participantIdForToken(token: unknown): Promise<number | null> {
  const resolved = await resolveToken("participant", token);
  if (!resolved) return null;
  const row = await getDb().selectFrom("participant").select("id").where("id", "=", resolved.subjectId).where("erased_at", "is", null).executeTakeFirst();
  return row?.id ?? null;
}

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
    languages: (languages as { code: string; level: LanguageLevel }[]).sort((a, b) => LANGUAGE_LEVELS.indexOf(a.level) - LANGUAGE_LEVELS.indexOf(b.level) || a.code.localeCompare(b.code)),
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

export type AssignmentView = {
  id: number;
  eventId: number;
  status: AssignmentState;
  titleJson: string;
  eventState: string;
  startsAt: string;
  endsAt: string;
  venueName: string;
  townName: string;
  slotOffer: Offer | null;
  travelMinutes: number | null;
  responseReason: string | null;
  respondedAt: string | null;
  /** For an invitation: someone else has already taken the place. */
  placeTaken: boolean;
};

/** A participant's assignments with their events, soonest first; proposals are the coordinators' and left out unless asked for. */
export async function listAssignments(participantId: number, options: { includeProposed?: boolean } = {}): Promise<AssignmentView[]> {
  const db = getDb();
  let query = db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .select([
      "assignment.id",
      "assignment.event_id",
      "assignment.slot_id",
      "assignment.status",
      "assignment.travel_minutes",
      "assignment.response_reason",
      "assignment.responded_at",
      "event.title",
      "event.state",
      "event.starts_at",
      "event.ends_at",
      "venue.name as venue_name",
      "town.name as town_name",
      "event_slot.offer as slot_offer",
    ])
    .where("assignment.participant_id", "=", participantId)
    .orderBy("event.starts_at");
  if (!options.includeProposed) query = query.where("assignment.status", "<>", "proposed");
  const rows = await query.execute();

  // Which places are already taken, for the invitations among these.
  const invitedEvents = [...new Set(rows.filter((r) => r.status === "invited").map((r) => r.event_id))];
  const taken = invitedEvents.length
    ? await db
        .selectFrom("assignment")
        .select(["event_id", "slot_id"])
        .where("event_id", "in", invitedEvents)
        .where("status", "in", TAKEN_STATUSES)
        .execute()
    : [];
  const slotCounts = invitedEvents.length
    ? await db.selectFrom("event_slot").select(["event_id", (eb) => eb.fn.countAll<number>().as("n")]).where("event_id", "in", invitedEvents).groupBy("event_id").execute()
    : [];
  const takenSlots = new Set(taken.map((t) => t.slot_id));
  const takenPerEvent = new Map<number, number>();
  for (const t of taken) takenPerEvent.set(t.event_id, (takenPerEvent.get(t.event_id) ?? 0) + 1);
  const slotsPerEvent = new Map(slotCounts.map((s) => [s.event_id, Number(s.n)]));

  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    status: r.status,
    titleJson: r.title,
    eventState: r.state,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venueName: r.venue_name,
    townName: r.town_name,
    slotOffer: r.slot_offer,
    travelMinutes: r.travel_minutes,
    responseReason: r.response_reason,
    respondedAt: r.responded_at,
    placeTaken:
      r.status === "invited" &&
      (r.slot_id !== null ? takenSlots.has(r.slot_id) : (takenPerEvent.get(r.event_id) ?? 0) >= (slotsPerEvent.get(r.event_id) ?? 0)),
  }));
}

/** What a participant's card for one of their events says beyond the event itself. */
export type AssignmentCard = {
  /** The event has a public page (public and out of draft), so its title can link there. */
  publicPage: boolean;
  venueAddress: string | null;
  /** Their own words about what they bring to this place (a typed place they offer). */
  offerDescription: string | null;
  /** First names of the others going who chose to show them (migration 0004); the rest are only counted. */
  othersNamed: string[];
  othersUnnamed: number;
};

/**
 * The card details of some of a participant's assignments, by assignment id. Kept apart from
 * `listAssignments` so that other people's names never reach the participant's data download.
 */
export async function listAssignmentCards(participantId: number, assignmentIds: number[]): Promise<Map<number, AssignmentCard>> {
  if (assignmentIds.length === 0) return new Map();
  const db = getDb();
  const rows = await db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .leftJoin("participant_offer", (join) => join.onRef("participant_offer.participant_id", "=", "assignment.participant_id").onRef("participant_offer.offer", "=", "event_slot.offer"))
    .select(["assignment.id", "assignment.event_id", "event.is_public", "event.state", "venue.address", "participant_offer.description"])
    .where("assignment.participant_id", "=", participantId)
    .where("assignment.id", "in", assignmentIds)
    .execute();
  const eventIds = [...new Set(rows.map((r) => r.event_id))];
  const others = eventIds.length
    ? await db
        .selectFrom("assignment")
        .innerJoin("participant", "participant.id", "assignment.participant_id")
        .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
        .select(["assignment.event_id", "participant.first_name", "participant.show_first_name"])
        .where("assignment.event_id", "in", eventIds)
        .where("assignment.status", "in", ["accepted", "attended"])
        .where("assignment.participant_id", "<>", participantId)
        .where("participant.erased_at", "is", null)
        .orderBy("event_slot.position")
        .orderBy("assignment.id")
        .execute()
    : [];
  const cards = new Map<number, AssignmentCard>();
  for (const r of rows) {
    const going = others.filter((o) => o.event_id === r.event_id);
    cards.set(r.id, {
      publicPage: r.is_public === 1 && r.state !== "draft",
      venueAddress: r.address?.trim() || null,
      offerDescription: r.description?.trim() || null,
      othersNamed: going.filter((o) => o.show_first_name === 1).map((o) => o.first_name),
      othersUnnamed: going.filter((o) => o.show_first_name !== 1).length,
    });
  }
  return cards;
}

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

/**
 * Stores every row of a checked import in one transaction, or none. E-mails are re-checked
 * inside it, since someone may have signed up since the file was checked.
 */
export async function importParticipants(rows: { row: number; data: ParticipantData }[], actor: Actor): Promise<{ ok: true; count: number } | { ok: false; errors: { row: number; field: string; message: string }[] }> {
  return writeTransaction(async (trx) => {
      const clashes: { row: number; field: string; message: string }[] = [];
      for (const { row, data } of rows) {
        if (await emailTaken(trx, data.email)) clashes.push({ row, field: "email", message: "participantImport.error.emailOnFile" });
      }
      if (clashes.length > 0) return { ok: false as const, errors: clashes };
      for (const { data } of rows) await insertParticipant(trx, data, IMPORT_CONSENT_VERSION);
      await audit(trx, actor, "participant.import", "participant", null, { count: rows.length });
      return { ok: true as const, count: rows.length };
    });
}

/** Everything stored about one participant, for their own download (GDPR art. 15 and 20). */
export async function exportParticipantData(id: number) {
  const profile = await getParticipantProfile(id);
  if (!profile) return null;
  const db = getDb();
  const [assignments, feedback, claims, bank] = await Promise.all([
    listAssignments(id, { includeProposed: true }),
    db.selectFrom("feedback").select(["event_id", "rating", "text", "response", "created_at"]).where("participant_id", "=", id).orderBy("created_at").execute(),
    db
      .selectFrom("travel_claim")
      .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
      .leftJoin("payment_batch", "payment_batch.id", "travel_claim.batch_id")
      .select([
        "travel_claim.id",
        "travel_claim.assignment_id",
        "travel_claim.amount_cents",
        "travel_claim.description",
        "travel_claim.status",
        "travel_claim.rejection_reason",
        "travel_claim.receipt_type",
        "travel_claim.receipt_size",
        "travel_claim.created_at",
        "travel_claim.updated_at",
        "travel_claim.decided_at",
        "payment_batch.paid_at",
      ])
      .where("assignment.participant_id", "=", id)
      .orderBy("travel_claim.created_at")
      .execute(),
    // Their bank account, whole: it is theirs to see (pages show it masked).
    db.selectFrom("participant").select(["iban", "account_holder"]).where("id", "=", id).executeTakeFirst(),
  ]);
  const lines = claims.length
    ? await db
        .selectFrom("travel_claim_line")
        .select(["claim_id", "kind", "km", "amount_cents"])
        .where("claim_id", "in", claims.map((c) => c.id))
        .orderBy("claim_id")
        .orderBy("position")
        .execute()
    : [];
  const locale = profile.preferredLocale;
  return {
    exportedAt: nowIso(),
    profile,
    assignments: assignments.map(({ titleJson, placeTaken: _placeTaken, ...a }) => ({ ...a, eventTitle: localize(titleJson, locale) })),
    feedback: feedback.map((f) => ({ eventId: f.event_id, rating: f.rating, text: f.text, response: f.response, createdAt: f.created_at })),
    travelClaims: claims.map((c) => ({
      id: c.id,
      assignmentId: c.assignment_id,
      amountCents: c.amount_cents,
      description: c.description,
      status: c.status,
      rejectionReason: c.rejection_reason,
      lines: lines.filter((l) => l.claim_id === c.id).map((l) => ({ kind: l.kind, km: l.km, amountCents: l.amount_cents })),
      receipt: c.receipt_type ? { type: c.receipt_type, size: c.receipt_size } : null,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      decidedAt: c.decided_at,
      paidAt: c.paid_at,
    })),
    bankAccount: { iban: bank?.iban ?? null, accountHolder: bank?.account_holder ?? null },
  };
}

/** Replaces a participant's private links with a new one (the old ones stop working); audited. */
export async function replaceLink(id: number, actor: Actor): Promise<string> {
  return writeTransaction(async (trx) => {
      await revokeTokens(trx, "participant", id);
      const token = await issueToken(trx, "participant", id);
      await audit(trx, actor, "participant.link_replaced", "participant", id);
      return token;
    });
}

/**
 * "I lost my link": if the e-mail belongs to a participant, a new link is queued for them in their
 * language. Says nothing about whether it did, so the form cannot be used to find out who has
 * signed up. The old links are revoked only once the mail server accepted the new one; if it
 * cannot be delivered, the new link is revoked instead and the old ones keep working.
 */
export async function resendLink(email: string): Promise<void> {
  await writeTransaction(async (trx) => {
    const participant = await trx
      .selectFrom("participant")
      .select(["id", "email"])
      .where("email", "=", email.trim().toLowerCase())
      .where("erased_at", "is", null)
      .executeTakeFirst();
    if (!participant?.email) return;
    const token = await issueToken(trx, "participant", participant.id);
    await queueLinkResent(trx, participant.id, token);
    await audit(trx, { kind: "participant", participantId: participant.id }, "participant.link_replaced", "participant", participant.id);
  });
}

export type SignUpOutcome = { kind: "page"; token: string } | { kind: "check_email" };

/**
 * Signs someone up without telling anyone whether their e-mail address is already on file. With
 * an address the outcome is always "check your e-mail": a new participant gets their link by
 * e-mail; for an address already on file nothing is created and its owner gets a note, in their
 * own language, that someone tried to sign up with it, pointing to the lost-link form (no new
 * link, nothing revoked). Without an address (phone only) there is nothing to find out, so the
 * new participant is given their page right away.
 */
export async function signUp(data: ParticipantData): Promise<SignUpOutcome> {
  const created = await createParticipant(data);
  if (!data.email) {
    // Without an address nothing can clash, so this is always a new participant.
    if (!created.ok) throw new Error("A sign-up without an e-mail address was refused");
    return { kind: "page", token: created.token };
  }
  return { kind: "check_email" };
}

/** Choices for the participant form in the reader's language: towns by county, languages, countries. */
export async function getFormOptions(locale: Locale) {
  const collator = new Intl.Collator(locale);
  const regionNames = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  return {
    towns: await listTownChoices(locale),
    // Every language a participant may give (any ISO 639-1), the form's quick choices marked `common`.
    languages: namedLanguages(locale),
    countries: COUNTRY_CODES.map((code) => ({ code, name: regionNames.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name)),
  };
}
