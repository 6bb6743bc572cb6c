// Feedback from everyone (issue 16): hosts and participants give it through their private links,
// tied to their events and refused for others; answered feedback is "you said, we did" on the
// public event page; participants get a thank-you with a feedback link the day after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { eraseParticipant } from "~/models/erasure.server";
import { giveHostFeedback, giveParticipantFeedback, listYouSaidWeDid, participantFeedbackEvents, respondToFeedback } from "~/models/feedback.server";
import { queueScheduledMessages } from "~/models/scheduledMessages.server";
import { issueToken } from "~/models/token.server";
import { action as adminEventAction } from "~/routes/admin.events.$id";
import { loader as publicEventLoader } from "~/routes/_public.events.$id";
import { action as meAction, loader as meLoader } from "~/routes/_public.me.$token";
import { action as statusAction, loader as statusLoader } from "~/routes/_public.request_.status.$token";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let venueId: number;
let coordinator: { cookie: string; userId: number };
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
let seq = 0;

beforeAll(async () => {
  test = await createTestDatabase();
  const town = await test.db.selectFrom("town").select("id").where("slug", "=", "kuressaare").executeTakeFirstOrThrow();
  venueId = (
    await test.db
      .insertInto("venue")
      .values({ town_id: town.id, name: "Kohvik", venue_type: "cafe", capacity: 40, step_free: 1, child_friendly: 1, created_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  coordinator = await loginAsNewCoordinator("coordinator");
});
afterAll(() => test.close());

async function participant(options: { locale?: "et" | "en" | "ru" | "uk"; reminders?: 0 | 1; email?: string | null } = {}): Promise<{ id: number; token: string }> {
  seq += 1;
  const now = new Date().toISOString();
  const id = (
    await test.db
      .insertInto("participant")
      .values({
        first_name: `Olena${seq}`,
        last_name: `Secret${seq}`,
        email: options.email === undefined ? `p${seq}@example.org` : options.email,
        max_travel_minutes: 240,
        monthly_cap: 2,
        weekdays: "[6]",
        times_of_day: '["afternoon"]',
        needs_childcare: 0,
        needs_step_free: 0,
        preferred_locale: options.locale ?? "en",
        reminders: options.reminders ?? 1,
        consent_at: now,
        consent_version: "2026-1",
        created_at: now,
        updated_at: now,
        last_active_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  return { id, token: await issueToken(test.db, "participant", id) };
}

async function request(): Promise<{ id: number; token: string }> {
  seq += 1;
  const now = new Date().toISOString();
  const town = await test.db.selectFrom("venue").select("town_id").where("id", "=", venueId).executeTakeFirstOrThrow();
  const id = (
    await test.db
      .insertInto("event_request")
      .values({
        organisation: `Kohvik ${seq}`,
        contact_name: "Kadri",
        email: `host${seq}@example.org`,
        phone: null,
        town_id: town.town_id,
        venue_id: venueId,
        kind: "community_event",
        window_from: "2026-01-01",
        window_to: "2099-12-31",
        state: "accepted",
        created_at: now,
        updated_at: now,
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  return { id, token: await issueToken(test.db, "host_request", id) };
}

type Status = "accepted" | "invited" | "declined" | "attended" | "no_show";
/** An event starting at `startsAt` (three hours long) with one place per person, in the status given. */
async function event(startsAt: string, people: { id: number; status: Status }[], options: { state?: "planned" | "cancelled"; requestId?: number; isPublic?: boolean } = {}) {
  const now = new Date().toISOString();
  const row = await test.db
    .insertInto("event")
    .values({
      kind: "community_event",
      state: options.state ?? "planned",
      title: JSON.stringify({ et: "Üritus", en: "Market day" }),
      description: "{}",
      venue_id: venueId,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 3 * HOUR).toISOString(),
      capacity: 40,
      languages: '["et"]',
      is_public: options.isPublic === false ? 0 : 1,
      overnight_stay: 0,
      edited: 0,
      request_id: options.requestId ?? null,
      cancel_reason: options.state === "cancelled" ? "Closed" : null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const assignmentIds: number[] = [];
  for (const [position, person] of people.entries()) {
    const slotId = (await test.db.insertInto("event_slot").values({ event_id: row.id, offer: null, position }).returning("id").executeTakeFirstOrThrow()).id;
    assignmentIds.push(
      (
        await test.db
          .insertInto("assignment")
          .values({
            event_id: row.id,
            slot_id: slotId,
            participant_id: person.id,
            status: person.status,
            explanation: "[]",
            travel_minutes: 45,
            invited_at: now,
            responded_at: now,
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  return { id: row.id, assignmentIds };
}

const feedbackOn = (eventId: number) => test.db.selectFrom("feedback").selectAll().where("event_id", "=", eventId).orderBy("id").execute();
const hostPost = (token: string, fields: Record<string, string>) =>
  settle(() => statusAction({ request: formRequest(`/request/status/${token}`, fields), params: { token }, context: {} }));
const mePost = (token: string, fields: Record<string, string>) => settle(() => meAction({ request: formRequest(`/me/${token}`, fields), params: { token }, context: {} }));

describe("host feedback through the status link", () => {
  it("is stored for a started event of their request, one answer per event, changeable until answered", async () => {
    const host = await request();
    const e = await event(at(-5 * HOUR), [], { requestId: host.id });
    const response = await hostPost(host.token, { intent: "feedback", eventId: String(e.id), rating: "4", text: "Rahvast oli palju." });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ form: "feedback", ok: true, message: "feedback2.saved" });
    expect(await feedbackOn(e.id)).toMatchObject([{ author_kind: "host", participant_id: null, rating: 4, text: "Rahvast oli palju.", updated_at: null }]);

    // A second answer changes the first one; there is still one.
    expect(await giveHostFeedback(host.token, e.id, { rating: 5, text: "Veel parem, kui arvasin." })).toEqual({ ok: true });
    const [changed] = await feedbackOn(e.id);
    expect(await feedbackOn(e.id)).toHaveLength(1);
    expect(changed).toMatchObject({ rating: 5, text: "Veel parem, kui arvasin." });
    expect(changed.updated_at).not.toBeNull();
    // The audit log says who gave and who changed it, never what they wrote.
    const audited = await test.db
      .selectFrom("audit_log")
      .select(["action", "actor_kind", "details"])
      .where("action", "=", "feedback.give")
      .where("entity_id", "=", e.id)
      .orderBy("id")
      .execute();
    expect(audited.map((row) => [row.actor_kind, JSON.parse(row.details)])).toEqual([
      ["host", { changed: false, requestId: host.id }],
      ["host", { changed: true, requestId: host.id }],
    ]);

    // The status page shows it in the feedback part.
    const page = await (await settle(() => statusLoader({ request: getRequest(`/request/status/${host.token}`), params: { token: host.token }, context: {} }))).json();
    expect(page.feedback).toMatchObject([{ eventId: e.id, title: "Üritus", feedback: { rating: 5, text: "Veel parem, kui arvasin.", response: null } }]);

    // Once a coordinator answered, the host's words stay as they were.
    expect(await respondToFeedback(changed.id, e.id, "Kutsume teid uuesti.", { kind: "user", userId: coordinator.userId })).toBe(true);
    const refused = await hostPost(host.token, { intent: "feedback", eventId: String(e.id), rating: "1", text: "Muudan meelt." });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ ok: false, message: "feedback2.refused.answered" });
    expect(await feedbackOn(e.id)).toMatchObject([{ rating: 5, text: "Veel parem, kui arvasin.", response: "Kutsume teid uuesti." }]);
  });

  it("is refused for another request's event, before the start and for a cancelled event; nothing is written", async () => {
    const host = await request();
    const other = await request();
    const othersEvent = await event(at(-5 * HOUR), [], { requestId: other.id });
    const ahead = await event(at(5 * HOUR), [], { requestId: host.id });
    const cancelled = await event(at(-5 * HOUR), [], { requestId: host.id, state: "cancelled" });
    const before = await rowCounts(test.db);
    expect(await giveHostFeedback(host.token, othersEvent.id, { rating: 5, text: null })).toEqual({ ok: false, code: "not_found" });
    expect(await giveHostFeedback(host.token, ahead.id, { rating: 5, text: null })).toEqual({ ok: false, code: "not_started" });
    expect(await giveHostFeedback(host.token, cancelled.id, { rating: 5, text: null })).toEqual({ ok: false, code: "cancelled" });
    expect(await giveHostFeedback(host.token, 999_999, { rating: 5, text: null })).toEqual({ ok: false, code: "not_found" });
    expect(await giveHostFeedback("not-a-real-link", othersEvent.id, { rating: 5, text: null })).toBeNull();
    // Through the page: translated refusals, never a 500.
    const posted = await hostPost(host.token, { intent: "feedback", eventId: String(othersEvent.id), rating: "5" });
    expect(posted.status).toBe(404);
    expect(await posted.json()).toMatchObject({ ok: false, message: "feedback2.refused.not_found" });
    expect(await (await hostPost(host.token, { intent: "feedback", eventId: String(ahead.id), rating: "5" })).json()).toMatchObject({ message: "feedback2.refused.not_started" });
    // Bad input: the field's message, nothing stored.
    expect(await (await hostPost(host.token, { intent: "feedback", eventId: String(ahead.id) })).json()).toMatchObject({ errors: { text: "validation.feedbackEmpty" } });
    expect(await (await hostPost(host.token, { intent: "feedback", eventId: String(ahead.id), rating: "6" })).json()).toMatchObject({ errors: { rating: "validation.choose" } });
    expect(await (await hostPost(host.token, { intent: "feedback", eventId: "abc", rating: "5" })).json()).toMatchObject({ errors: { eventId: "validation.invalid" } });
    expect(await rowCounts(test.db)).toEqual(before);
    // The page offers only this request's started, not cancelled events.
    const page = await (await settle(() => statusLoader({ request: getRequest(`/request/status/${host.token}`), params: { token: host.token }, context: {} }))).json();
    expect(page.feedback).toEqual([]);
  });
});

describe("participant feedback from /me", () => {
  it("is stored for an event they came to, once per event, and shown on their page", async () => {
    const p = await participant();
    const e = await event(at(-5 * HOUR), [{ id: p.id, status: "attended" }]);
    const response = await mePost(p.token, { intent: "feedback", eventId: String(e.id), rating: "5", text: "Müüsin kõik prossid ära." });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/me/${p.token}?done=feedback&event=${e.id}#feedback-${e.id}`);
    expect(await mePost(p.token, { intent: "feedback", eventId: String(e.id), rating: "4", text: "Müüsin peaaegu kõik." })).toHaveProperty("status", 302);
    expect(await feedbackOn(e.id)).toMatchObject([{ author_kind: "participant", participant_id: p.id, rating: 4, text: "Müüsin peaaegu kõik." }]);
    const audited = await test.db
      .selectFrom("audit_log")
      .select(["actor_kind", "details"])
      .where("action", "=", "feedback.give")
      .where("entity_id", "=", e.id)
      .orderBy("id")
      .execute();
    expect(audited.map((row) => [row.actor_kind, JSON.parse(row.details)])).toEqual([
      ["participant", { changed: false, participantId: p.id }],
      ["participant", { changed: true, participantId: p.id }],
    ]);
    const page = await (await settle(() => meLoader({ request: getRequest(`/me/${p.token}`), params: { token: p.token }, context: {} }))).json();
    expect(page.feedback).toMatchObject([{ eventId: e.id, feedback: { rating: 4, text: "Müüsin peaaegu kõik." } }]);
    // The database holds one answer per participant per event, whatever the code does.
    await expect(
      test.db
        .insertInto("feedback")
        .values({ event_id: e.id, author_kind: "participant", participant_id: p.id, rating: 1, text: null, created_at: at(0) })
        .execute(),
    ).rejects.toThrow(/UNIQUE|duplicate key/);
  });

  it("is refused for events they were not in, did not come to, that have not started or were cancelled", async () => {
    const p = await participant();
    const other = await participant();
    const theirs = await event(at(-5 * HOUR), [{ id: other.id, status: "accepted" }]);
    const declined = await event(at(-5 * HOUR), [{ id: p.id, status: "declined" }]);
    const noShow = await event(at(-5 * HOUR), [{ id: p.id, status: "no_show" }]);
    const ahead = await event(at(5 * HOUR), [{ id: p.id, status: "accepted" }]);
    const cancelled = await event(at(-5 * HOUR), [{ id: p.id, status: "accepted" }], { state: "cancelled" });
    const before = await rowCounts(test.db);
    for (const e of [theirs, declined, noShow]) expect(await giveParticipantFeedback(p.id, e.id, { rating: 3, text: null })).toEqual({ ok: false, code: "not_found" });
    expect(await giveParticipantFeedback(p.id, ahead.id, { rating: 3, text: null })).toEqual({ ok: false, code: "not_started" });
    expect(await giveParticipantFeedback(p.id, cancelled.id, { rating: 3, text: null })).toEqual({ ok: false, code: "cancelled" });
    const posted = await mePost(p.token, { intent: "feedback", eventId: String(theirs.id), rating: "3" });
    expect(posted.status).toBe(404);
    expect(await posted.json()).toMatchObject({ intent: "feedback", formError: "feedback2.refused.not_found" });
    expect(await (await mePost(p.token, { intent: "feedback", eventId: String(ahead.id), text: "x".repeat(3001) })).json()).toMatchObject({
      errors: { text: "validation.tooLong?max=3000" },
    });
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await participantFeedbackEvents(p.id, "en")).toEqual([]);
  });
});

describe("you said, we did", () => {
  it("shows answered feedback on the public event page by kind only, never by name", async () => {
    const host = await request();
    const p = await participant();
    const e = await event(at(-5 * HOUR), [{ id: p.id, status: "attended" }], { requestId: host.id });
    await giveHostFeedback(host.token, e.id, { rating: 4, text: "Toole jäi puudu." });
    await giveParticipantFeedback(p.id, e.id, { rating: null, text: "Bussipeatus oli kaugel." });
    await test.db
      .insertInto("feedback")
      .values({ event_id: e.id, author_kind: "local", rating: 5, text: "Tore!", created_at: at(0) })
      .execute();
    const rows = await feedbackOn(e.id);
    const hostRow = rows.find((r) => r.author_kind === "host")!;
    const participantRow = rows.find((r) => r.author_kind === "participant")!;

    // Not answered yet: nothing public.
    const load = async () =>
      (await (await settle(() => publicEventLoader({ request: getRequest(`/events/${e.id}`), params: { id: String(e.id) }, context: {} }))).json()).youSaidWeDid;
    expect(await load()).toEqual([]);

    // The coordinator answers two of the three on the event page.
    for (const [row, answer] of [
      [hostRow, "Tõime 20 tooli juurde."],
      [participantRow, "Järgmine kord tuleb buss ukse ette."],
    ] as const) {
      const response = await settle(() =>
        adminEventAction({
          request: formRequest(`/admin/events/${e.id}`, { intent: "respond", feedbackId: String(row.id), response: answer }, { cookie: coordinator.cookie }),
          params: { id: String(e.id) },
          context: {},
        }),
      );
      expect(response.status).toBe(200);
    }
    const shown = await load();
    expect(shown).toEqual([
      { id: hostRow.id, author: "host", rating: 4, said: "Toole jäi puudu.", did: "Tõime 20 tooli juurde." },
      { id: participantRow.id, author: "participant", rating: null, said: "Bussipeatus oli kaugel.", did: "Järgmine kord tuleb buss ukse ette." },
    ]);
    expect(JSON.stringify(shown)).not.toContain("Olena");

    // For reports: by region and period; events not public only when asked for.
    expect((await listYouSaidWeDid({ regionCode: "EE-74", from: at(-10 * HOUR), to: at(0) })).map((f) => f.id)).toEqual(expect.arrayContaining([hostRow.id, participantRow.id]));
    expect(await listYouSaidWeDid({ regionCode: "EE-37", from: at(-10 * HOUR), to: at(0) })).toEqual([]);
    expect(await listYouSaidWeDid({ eventId: e.id, from: at(0) })).toEqual([]);
    const hidden = await event(at(-5 * HOUR), [], { requestId: host.id, isPublic: false });
    await giveHostFeedback(host.token, hidden.id, { rating: 3, text: "Keegi ei teadnud." });
    const hiddenRow = (await feedbackOn(hidden.id))[0];
    await respondToFeedback(hiddenRow.id, hidden.id, "Reklaamime rohkem.", { kind: "user", userId: coordinator.userId });
    expect(await listYouSaidWeDid({ eventId: hidden.id })).toEqual([]);
    expect(await listYouSaidWeDid({ eventId: hidden.id, includePrivate: true })).toMatchObject([{ author: "host", said: "Keegi ei teadnud.", did: "Reklaamime rohkem." }]);
  });

  it("keeps an erased participant's rating and the answer, not their words or who they were", async () => {
    const p = await participant();
    const e = await event(at(-5 * HOUR), [{ id: p.id, status: "attended" }]);
    await giveParticipantFeedback(p.id, e.id, { rating: 2, text: "Minu nimi on Olena ja..." });
    const row = (await feedbackOn(e.id))[0];
    await respondToFeedback(row.id, e.id, "Parandasime.", { kind: "user", userId: coordinator.userId });
    await eraseParticipant(p.id, { kind: "participant", participantId: p.id });
    expect(await feedbackOn(e.id)).toMatchObject([{ author_kind: "participant", participant_id: null, rating: 2, text: null, response: "Parandasime." }]);
    expect(await listYouSaidWeDid({ eventId: e.id })).toMatchObject([{ author: "participant", rating: 2, said: null, did: "Parandasime." }]);
  });
});

describe("the participants' thank-you the day after", () => {
  it("goes once to each who came or said yes, in their language, with a link to the feedback part of their page", async () => {
    const ru = await participant({ locale: "ru", reminders: 0 });
    const uk = await participant({ locale: "uk" });
    const noShow = await participant();
    const declined = await participant();
    const erased = await participant();
    const phoneOnly = await participant({ email: null });
    const e = await event(at(-20 * HOUR), [
      { id: ru.id, status: "attended" },
      { id: uk.id, status: "accepted" },
      { id: noShow.id, status: "no_show" },
      { id: declined.id, status: "declined" },
      { id: erased.id, status: "attended" },
      { id: phoneOnly.id, status: "attended" },
    ]);
    await eraseParticipant(erased.id, { kind: "participant", participantId: erased.id });
    const tooRecent = await event(at(-5 * HOUR), [{ id: ru.id, status: "attended" }]);
    const cancelled = await event(at(-20 * HOUR), [{ id: uk.id, status: "accepted" }], { state: "cancelled" });

    await queueScheduledMessages();
    const queued = await test.db.selectFrom("message").selectAll().where("kind", "=", "participant_feedback").execute();
    expect(queued.map((m) => [m.participant_id, m.locale, m.event_id]).sort()).toEqual(
      [
        [ru.id, "ru", e.id],
        [uk.id, "uk", e.id],
      ].sort(),
    );
    for (const message of queued) {
      // Their own page, in their language, at this event's feedback (reminders off does not stop a thank-you).
      expect(message.body_text).toMatch(new RegExp(`/me/[A-Za-z0-9_-]{43}\\?lng=${message.locale}#feedback-${e.id}`));
      expect(message.subject).not.toContain("Thank you");
    }
    expect(queued.some((m) => [tooRecent.id, cancelled.id].includes(m.event_id!))).toBe(false);

    // Queued once: running the scheduler again (as every minute) adds nothing.
    await queueScheduledMessages();
    expect(await test.db.selectFrom("message").select("id").where("kind", "=", "participant_feedback").execute()).toHaveLength(2);
  });
});
