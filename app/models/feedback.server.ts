import type { Kysely } from "kysely";

import type { Database } from "#db/schema";
import { localize } from "~/domain/localizedText";
import type { EventKind, FeedbackAuthor, Locale } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";
import { resolveToken } from "./token.server";

/** A public event that has started can be given feedback; returns its id and title, or null. */
export async function eventOpenForFeedback(eventId: number) {
  return getDb()
    .selectFrom("event")
    .select(["id", "title", "starts_at", "state"])
    .where("id", "=", eventId)
    .where("is_public", "=", 1)
    .where("state", "in", ["planned", "confirmed", "completed"])
    .where("starts_at", "<=", nowIso())
    .executeTakeFirst();
}

/** Stores one piece of feedback (anonymous for locals). */
export async function addFeedback(input: { eventId: number; author: FeedbackAuthor; participantId?: number | null; rating: number | null; text: string | null }) {
  await getDb()
    .insertInto("feedback")
    .values({
      event_id: input.eventId,
      author_kind: input.author,
      participant_id: input.participantId ?? null,
      rating: input.rating,
      text: input.text,
      created_at: nowIso(),
    })
    .execute();
}

/** Feedback on one event, newest first, for coordinators. */
export async function listFeedback(eventId: number) {
  return (
    getDb()
      .selectFrom("feedback")
      .leftJoin("user", "user.id", "feedback.responded_by")
      // A participant's first name (coordinators only; none once erased); hosts and locals stay a kind.
      .leftJoin("participant", (join) => join.onRef("participant.id", "=", "feedback.participant_id").on("participant.erased_at", "is", null))
      .select([
        "feedback.id",
        "feedback.author_kind",
        "feedback.rating",
        "feedback.text",
        "feedback.response",
        "feedback.responded_at",
        "feedback.created_at",
        "feedback.updated_at",
        "user.name as responder",
        "participant.first_name as participant_name",
      ])
      .where("feedback.event_id", "=", eventId)
      .orderBy("feedback.id", "desc")
      .execute()
  );
}

/** A coordinator records "what we did with it". */
export async function respondToFeedback(feedbackId: number, eventId: number, response: string, actor: Actor & { kind: "user" }) {
  return writeTransaction(async (trx) => {
    const result = await trx
      .updateTable("feedback")
      .set({ response, responded_by: actor.userId, responded_at: nowIso() })
      .where("id", "=", feedbackId)
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    if (!result.numUpdatedRows) return false;
    await audit(trx, actor, "feedback.respond", "event", eventId, { feedbackId });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Feedback through a private link: the host (status page) and participants (their own page).

/** Why feedback through a link was refused; the UI translates feedback2.refused.<code>. */
export type GivenFeedbackRefusal = "not_found" | "not_started" | "cancelled" | "answered";
export type GivenFeedbackResult = { ok: true } | { ok: false; code: GivenFeedbackRefusal };
export type GivenFeedbackInput = { rating: number | null; text: string | null };

/** What someone said about one event through their link, and the coordinators' answer if any. */
export type OwnFeedback = { rating: number | null; text: string | null; response: string | null; respondedAt: string | null };
/** An event its host or a participant may give feedback on (it has started and is not cancelled). */
export type FeedbackEvent = {
  eventId: number;
  kind: EventKind;
  title: string;
  startsAt: string;
  endsAt: string;
  venueName: string;
  townName: string;
  /** Ended less than RECENT_DAYS ago (or not yet): its form is shown open. */
  recent: boolean;
  feedback: OwnFeedback | null;
};

/** How long after an event its feedback form is shown open rather than folded away. */
const RECENT_DAYS = 14;

/** Participants who said yes (and came, or were not marked yet) may give feedback; a no-show did not come. */
const PARTICIPANT_FEEDBACK_STATUSES = ["accepted", "attended"] as const;

type Author = { kind: "host"; requestId: number } | { kind: "participant"; participantId: number };

/** The events this author may give feedback on now, newest first, each with what they already said. */
async function feedbackEventsOf(author: Author, locale: Locale): Promise<FeedbackEvent[]> {
  const db = getDb();
  let query = db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["event.id", "event.kind", "event.title", "event.starts_at", "event.ends_at", "venue.name as venue_name", "town.name as town_name"])
    .where("event.state", "in", ["planned", "confirmed", "completed"])
    .where("event.starts_at", "<=", nowIso());
  query =
    author.kind === "host"
      ? query.where("event.request_id", "=", author.requestId)
      : query.where(
          "event.id",
          "in",
          db
            .selectFrom("assignment")
            .select("assignment.event_id")
            .where("assignment.participant_id", "=", author.participantId)
            .where("assignment.status", "in", PARTICIPANT_FEEDBACK_STATUSES),
        );
  const events = await query.orderBy("event.starts_at", "desc").execute();
  if (events.length === 0) return [];
  let given = db
    .selectFrom("feedback")
    .select(["event_id", "rating", "text", "response", "responded_at"])
    .where(
      "event_id",
      "in",
      events.map((e) => e.id),
    );
  given = author.kind === "host" ? given.where("author_kind", "=", "host") : given.where("author_kind", "=", "participant").where("participant_id", "=", author.participantId);
  const byEvent = new Map((await given.execute()).map((f) => [f.event_id, f]));
  const recentSince = new Date(Date.parse(nowIso()) - RECENT_DAYS * 86_400_000).toISOString();
  return events.map((e) => {
    const f = byEvent.get(e.id);
    return {
      eventId: e.id,
      kind: e.kind,
      title: localize(e.title, locale),
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      venueName: e.venue_name,
      townName: e.town_name,
      recent: e.ends_at >= recentSince,
      feedback: f ? { rating: f.rating, text: f.text, response: f.response, respondedAt: f.responded_at } : null,
    };
  });
}

/** Whether this author may give feedback on this event now (see GivenFeedbackRefusal). */
async function mayGiveFeedback(db: Kysely<Database>, author: Author, eventId: number): Promise<GivenFeedbackResult> {
  const event = await db.selectFrom("event").select(["id", "state", "starts_at", "request_id"]).where("id", "=", eventId).executeTakeFirst();
  if (!event || event.state === "draft") return { ok: false, code: "not_found" };
  // Another request's event, or one the participant was not coming to, is unknown to them.
  if (author.kind === "host" && event.request_id !== author.requestId) return { ok: false, code: "not_found" };
  if (author.kind === "participant") {
    const place = await db
      .selectFrom("assignment")
      .select("id")
      .where("event_id", "=", eventId)
      .where("participant_id", "=", author.participantId)
      .where("status", "in", PARTICIPANT_FEEDBACK_STATUSES)
      .executeTakeFirst();
    if (!place) return { ok: false, code: "not_found" };
  }
  if (event.state === "cancelled") return { ok: false, code: "cancelled" };
  if (event.starts_at > nowIso()) return { ok: false, code: "not_started" };
  return { ok: true };
}

/** Stores or changes an author's one answer on an event, in one write transaction; refused once it was answered. */
function giveFeedback(author: Author, eventId: number, input: GivenFeedbackInput): Promise<GivenFeedbackResult> {
  return writeTransaction(async (db) => {
    const allowed = await mayGiveFeedback(db, author, eventId);
    if (!allowed.ok) return allowed;
    let existing = db.selectFrom("feedback").select(["id", "response"]).where("event_id", "=", eventId);
    existing =
      author.kind === "host" ? existing.where("author_kind", "=", "host") : existing.where("author_kind", "=", "participant").where("participant_id", "=", author.participantId);
    const before = await existing.executeTakeFirst();
    const at = nowIso();
    if (before) {
      // The coordinators' answer is about what was said: after it, the words stay as they were.
      if (before.response !== null) return { ok: false, code: "answered" };
      await db.updateTable("feedback").set({ rating: input.rating, text: input.text, updated_at: at }).where("id", "=", before.id).where("response", "is", null).execute();
      await auditFeedback(db, author, eventId, true);
      return { ok: true };
    }
    await db
      .insertInto("feedback")
      .values({
        event_id: eventId,
        author_kind: author.kind,
        participant_id: author.kind === "participant" ? author.participantId : null,
        rating: input.rating,
        text: input.text,
        created_at: at,
      })
      .execute();
    await auditFeedback(db, author, eventId, false);
    return { ok: true };
  });
}

/** Who (audit adds the request or participant) gave or changed feedback on which event; what they wrote stays in the feedback alone. */
function auditFeedback(db: Kysely<Database>, author: Author, eventId: number, changed: boolean) {
  return audit(db, author, "feedback.give", "event", eventId, { changed });
}

/** The host's events open for feedback, for their status page; null for an unusable link. */
export async function hostFeedbackEvents(token: string, locale: Locale): Promise<FeedbackEvent[] | null> {
  const resolved = await resolveToken("host_request", token);
  if (!resolved) return null;
  return feedbackEventsOf({ kind: "host", requestId: resolved.subjectId }, locale);
}

/** The host gives (or changes) their feedback on one event of their request; null for an unusable link. */
export async function giveHostFeedback(token: string, eventId: number, input: GivenFeedbackInput): Promise<GivenFeedbackResult | null> {
  const resolved = await resolveToken("host_request", token);
  if (!resolved) return null;
  return giveFeedback({ kind: "host", requestId: resolved.subjectId }, eventId, input);
}

/** The events a participant came to (or said yes to) that have started, for feedback on their page. */
export function participantFeedbackEvents(participantId: number, locale: Locale): Promise<FeedbackEvent[]> {
  return feedbackEventsOf({ kind: "participant", participantId }, locale);
}

/** A participant gives (or changes) their feedback on an event they were coming to. */
export function giveParticipantFeedback(participantId: number, eventId: number, input: GivenFeedbackInput): Promise<GivenFeedbackResult> {
  return giveFeedback({ kind: "participant", participantId }, eventId, input);
}

// ---------------------------------------------------------------------------------------------
// "You said, we did": answered feedback, without names.

export type YouSaidWeDid = {
  id: number;
  eventId: number;
  eventStartsAt: string;
  regionCode: string;
  /** Who said it, as a kind only: never a name. */
  author: FeedbackAuthor;
  rating: number | null;
  /** Null when its author's data was erased (their words go, the rating stays). */
  said: string | null;
  did: string;
  answeredAt: string;
};

/**
 * Answered feedback ("you said, we did") for the public event page and for reports: one event
 * (`eventId`), or events starting in [`from`, `to`) (ISO instants or dates, compared with the
 * start) in one region (`regionCode`, e.g. "EE-74"). Drafts and events not public are left out
 * unless `includePrivate` (reports count them). Oldest event first, then oldest answer.
 */
export async function listYouSaidWeDid(filter: { eventId?: number; from?: string; to?: string; regionCode?: string; includePrivate?: boolean }): Promise<YouSaidWeDid[]> {
  let query = getDb()
    .selectFrom("feedback")
    .innerJoin("event", "event.id", "feedback.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select([
      "feedback.id",
      "feedback.event_id",
      "feedback.author_kind",
      "feedback.rating",
      "feedback.text",
      "feedback.response",
      "feedback.responded_at",
      "event.starts_at",
      "town.region_code",
    ])
    .where("feedback.response", "is not", null)
    .where("event.state", "!=", "draft");
  if (!filter.includePrivate) query = query.where("event.is_public", "=", 1);
  if (filter.eventId !== undefined) query = query.where("event.id", "=", filter.eventId);
  if (filter.from) query = query.where("event.starts_at", ">=", filter.from);
  if (filter.to) query = query.where("event.starts_at", "<", filter.to);
  if (filter.regionCode) query = query.where("town.region_code", "=", filter.regionCode);
  const rows = await query.orderBy("event.starts_at").orderBy("feedback.responded_at").orderBy("feedback.id").execute();
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event_id,
    eventStartsAt: row.starts_at,
    regionCode: row.region_code,
    author: row.author_kind,
    rating: row.rating,
    said: row.text,
    did: row.response ?? "",
    answeredAt: row.responded_at ?? "",
  }));
}
