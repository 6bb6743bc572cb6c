/**
 * What people see of the outbox (issue 15): /admin/outbox with its filters, retry and cancel; who
 * has been told on the event page (phone-only participants: "tell by phone" with what to say); the
 * coordinator's morning-digest switch and the participant's reminders switch.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { localDateOf } from "~/domain/schedule";
import { transitionEvent } from "~/models/event/lifecycle.server";
import { sendInvitations } from "~/models/matching.server";
import { deliveriesForEvent, phoneMessagesForEvent } from "~/models/outbox.server";
import { queueScheduledMessages } from "~/models/scheduledMessages.server";
import { issueToken } from "~/models/token.server";
import { dailyDigestOf, setDailyDigest } from "~/models/user.server";
import { action as meAction, loader as meLoader } from "~/routes/_public.me.$token";
import { action as accountAction, loader as accountLoader } from "~/routes/admin.account";
import { action as eventAction, loader as eventLoader } from "~/routes/admin.events.$id";
import { action as outboxAction, loader as outboxLoader } from "~/routes/admin.outbox";

import { loginAsNewCoordinator } from "../helpers/auth";
import { auditCount, createTestDatabase, type TestDatabase } from "../helpers/db";
import { useOutbox } from "../helpers/mail";
import { formRequest, getRequest, settle } from "../helpers/requests";

const outbox = useOutbox();

let test: TestDatabase;
let coordinator: { cookie: string; userId: number };
let venueId: number;
let townId: number;
beforeAll(async () => {
  test = await createTestDatabase();
  coordinator = await loginAsNewCoordinator("coordinator");
  const town = await test.db.selectFrom("town").select("id").where("slug", "=", "kuressaare").executeTakeFirstOrThrow();
  townId = town.id;
  venueId = (
    await test.db
      .insertInto("venue")
      .values({
        town_id: town.id,
        name: "Kohvik Outbox",
        venue_type: "cafe",
        address: "Lossi 1",
        capacity: 40,
        step_free: 1,
        child_friendly: 1,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => test.close());

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
let seq = 0;

async function person(options: { email: boolean; locale?: "et" | "en" | "ru" | "uk"; firstName?: string }) {
  seq += 1;
  const now = new Date().toISOString();
  return (
    await test.db
      .insertInto("participant")
      .values({
        first_name: options.firstName ?? `Person${seq}`,
        last_name: "Tester",
        email: options.email ? `person${seq}@example.org` : null,
        phone: `+372 5555 ${String(1000 + seq)}`,
        home_town_id: townId,
        max_travel_minutes: 240,
        monthly_cap: 4,
        weekdays: "[0,1,2,3,4,5,6]",
        times_of_day: '["morning","afternoon","evening"]',
        preferred_locale: options.locale ?? "en",
        consent_at: now,
        consent_version: "2026-1",
        created_at: now,
        updated_at: now,
        last_active_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

/** A planned event starting `inMs` from now, hosted (from a request) or not, with one proposed place per person. */
async function eventWith(people: number[], inMs: number, hosted = false) {
  const now = new Date().toISOString();
  const requestId = hosted
    ? (
        await test.db
          .insertInto("event_request")
          .values({
            organisation: "Kohvik Pärl",
            contact_name: "Tiina Saar",
            email: `host${++seq}@parl.example`,
            phone: null,
            town_id: townId,
            venue_id: venueId,
            venue_name: null,
            venue_address: null,
            venue_capacity: null,
            venue_step_free: null,
            venue_child_friendly: null,
            kind: "community_event",
            window_from: localDateOf(now),
            window_to: localDateOf(at(60 * 24 * HOUR)),
            time_of_day: null,
            expected_audience: 30,
            message: null,
            state: "accepted",
            decision_reason: null,
            decided_by: coordinator.userId,
            decided_at: now,
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id
    : null;
  const startsAt = at(inMs);
  const event = await test.db
    .insertInto("event")
    .values({
      kind: "community_event",
      state: "planned",
      title: JSON.stringify({ et: "Turg", en: "Market" }),
      description: "{}",
      venue_id: venueId,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 3 * HOUR).toISOString(),
      capacity: 40,
      languages: '["et"]',
      is_public: 1,
      request_id: requestId,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const assignments: number[] = [];
  for (const [position, participantId] of people.entries()) {
    const slot = await test.db.insertInto("event_slot").values({ event_id: event.id, offer: null, position }).returning("id").executeTakeFirstOrThrow();
    assignments.push(
      (
        await test.db
          .insertInto("assignment")
          .values({
            event_id: event.id,
            slot_id: slot.id,
            participant_id: participantId,
            status: "proposed",
            explanation: "[]",
            travel_minutes: 30,
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  return { id: event.id, startsAt, assignments };
}

/** Sends the invitations of the event's day, as the matching page's button does. */
async function invite(startsAt: string) {
  const day = localDateOf(startsAt);
  return sendInvitations({ from: day, to: day, regionCode: null }, { kind: "user", userId: coordinator.userId });
}

async function json<T = Record<string, any>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

const outboxGet = (query = "", cookie = coordinator.cookie) => settle(() => outboxLoader({ request: getRequest(`/admin/outbox${query}`, { cookie }), params: {}, context: {} }));
const outboxPost = (fields: Record<string, string>, cookie = coordinator.cookie) =>
  settle(() => outboxAction({ request: formRequest("/admin/outbox", fields, { cookie }), params: {}, context: {} }));

/** The coordinator's event page's data. */
async function eventPage(eventId: number) {
  return json(
    await settle(() => eventLoader({ request: getRequest(`/admin/events/${eventId}?lng=en`, { cookie: coordinator.cookie }), params: { id: String(eventId) }, context: {} })),
  );
}
/** Whether the person holding a place on the event page has been told. */
const toldOf = (data: Record<string, any>, participantId: number) =>
  data.slots.find((s: { assignment: { participant_id: number } | null }) => s.assignment?.participant_id === participantId).told;

/** A hosted event 30 hours ahead with one person by e-mail and one by phone, invited, then cancelled. */
async function cancelledAtTheLastMinute(names: { mailed: string; phoneOnly: string; locale: "ru" | "uk"; reason: string }) {
  const mailed = await person({ email: true, firstName: names.mailed });
  const phoneOnly = await person({ email: false, locale: names.locale, firstName: names.phoneOnly });
  const event = await eventWith([mailed, phoneOnly], 30 * HOUR, true);
  await invite(event.startsAt);
  await outbox.messages();
  expect((await transitionEvent(event.id, "cancelled", { kind: "user", userId: coordinator.userId }, { reason: names.reason })).ok).toBe(true);
  return { mailed, phoneOnly, event };
}

async function messageRow(id: number) {
  return test.db.selectFrom("message").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}
const auditsOf = (action: string) => auditCount(test.db, action);

describe("/admin/outbox", () => {
  let invitationIds: number[] = [];
  let phoneOnly: number;
  beforeAll(async () => {
    const a = await person({ email: true });
    phoneOnly = await person({ email: false, locale: "uk" });
    const event = await eventWith([a, phoneOnly], 20 * 24 * HOUR);
    expect(await invite(event.startsAt)).toBe(2);
    invitationIds = (await test.db.selectFrom("message").select("id").where("event_id", "=", event.id).orderBy("id").execute()).map((r) => r.id);
  });

  it("lists each message with the address masked, its state and the development banner", async () => {
    await outbox.messages();
    const response = await outboxGet("?lng=en");
    expect(response.status).toBe(200);
    const data = await json(response);
    expect(data.kept).toBe(true);
    const rows = data.messages.filter((m: { id: number }) => invitationIds.includes(m.id));
    expect(rows.map((m: { state: string }) => m.state).sort()).toEqual(["kept", "no_address"]);
    const kept = rows.find((m: { state: string }) => m.state === "kept");
    expect(kept.to).toMatch(/^p\*\*\*@example\.org$/);
    expect(kept.kind).toBe("invitation");
    expect(kept.withCalendar).toBe("REQUEST");
    // The developer reads a kept message's text (and follows its link to the participant's page).
    expect(kept.body).toMatch(/\/me\/[A-Za-z0-9_-]{20,}/);
    const unsent = rows.find((m: { state: string }) => m.state === "no_address");
    expect(unsent.to).toBeNull();
    expect(unsent.body).toBeNull();
    expect(data.counts.kept).toBeGreaterThan(0);
    // No full address anywhere in what the page gets.
    expect(JSON.stringify(data)).not.toMatch(/person\d+@example\.org/);
  });

  it("filters by state and kind; bad filter values are ignored, never a 500", async () => {
    const kept = await json(await outboxGet("?state=kept"));
    expect(kept.messages.length).toBeGreaterThan(0);
    expect(kept.messages.every((m: { state: string }) => m.state === "kept")).toBe(true);
    const invitations = await json(await outboxGet("?kind=invitation&state=no_address"));
    expect(invitations.messages.map((m: { kind: string; state: string }) => `${m.kind}/${m.state}`)).toEqual(["invitation/no_address"]);
    const all = await json(await outboxGet());
    for (const query of ["?state=bogus", "?kind=%00", "?page=-1", "?page=abc", "?page=99999", "?event=0x10", "?id=1e3", `?state=${"x".repeat(5000)}`]) {
      const response = await outboxGet(query);
      expect(response.status, query).toBe(200);
      const data = await json(response);
      expect(data.total, query).toBe(all.total);
    }
    // Past the last page: the last page.
    expect((await json(await outboxGet("?page=99999"))).page).toBe(all.pages);
    const one = await json(await outboxGet(`?id=${invitationIds[0]}`));
    expect(one.messages.map((m: { id: number }) => m.id)).toEqual([invitationIds[0]]);
  });

  it("sends a failed message again and stops a waiting one, audited", async () => {
    const failed = invitationIds[0];
    await test.db.updateTable("message").set({ state: "failed", tries: 8, last_error: "550 mailbox unknown" }).where("id", "=", failed).execute();
    const retried = await outboxPost({ intent: "retry", id: String(failed) });
    expect(retried.status).toBe(200);
    expect((await json(retried)).message).toBe("outbox.done.retried");
    expect(await messageRow(failed)).toMatchObject({ state: "pending", tries: 0, last_error: null });
    expect(await auditsOf("message.retry")).toBe(1);

    const stopped = await outboxPost({ intent: "cancel", id: String(failed) });
    expect((await json(stopped)).message).toBe("outbox.done.cancelled");
    expect((await messageRow(failed)).state).toBe("cancelled");
    expect(await auditsOf("message.cancel")).toBe(1);
    // Nothing goes out for it now.
    expect((await outbox.messages()).length).toBe(0);
  });

  it("refuses bad intents and ids with a translated message and changes nothing", async () => {
    const id = String(invitationIds[1]);
    const before = await test.db.selectFrom("message").select(["id", "state", "tries", "updated_at"]).orderBy("id").execute();
    const audits = await auditsOf("message.retry");
    const cases: [Record<string, string>, number, string][] = [
      [{ intent: "delete", id }, 400, "outbox.refused.invalid"],
      [{ id }, 400, "outbox.refused.invalid"],
      [{ intent: "retry", id: "abc" }, 400, "outbox.refused.invalid"],
      [{ intent: "retry", id: "0" }, 400, "outbox.refused.invalid"],
      [{ intent: "retry", id: "1e3" }, 400, "outbox.refused.invalid"],
      [{ intent: "retry", id: "99999999" }, 400, "outbox.refused.not_found"],
      // A message without an address cannot be "sent again", nor stopped: it never goes.
      [{ intent: "retry", id }, 409, "outbox.refused.not_retryable"],
      [{ intent: "cancel", id }, 409, "outbox.refused.not_cancellable"],
    ];
    for (const [fields, status, message] of cases) {
      const response = await outboxPost(fields);
      expect(response.status, JSON.stringify(fields)).toBe(status);
      expect((await json(response)).message, JSON.stringify(fields)).toBe(message);
    }
    expect(await test.db.selectFrom("message").select(["id", "state", "tries", "updated_at"]).orderBy("id").execute()).toEqual(before);
    expect(await auditsOf("message.retry")).toBe(audits);
  });

  it("is for coordinators only", async () => {
    const loader = await outboxGet("", "");
    expect(loader.status).toBe(302);
    expect(loader.headers.get("Location")).toMatch(/^\/login/);
    const before = await messageRow(invitationIds[1]);
    const post = await outboxPost({ intent: "cancel", id: String(invitationIds[1]) }, "");
    expect(post.status).toBe(302);
    expect(await messageRow(invitationIds[1])).toEqual(before);
  });
});

describe("who has been told, on the event page", () => {
  it("says per person whether their last message went, and for a phone-only one what to say in their language", async () => {
    const mailed = await person({ email: true, firstName: "Olena" });
    const phoneOnly = await person({ email: false, locale: "uk", firstName: "Ahmad" });
    const event = await eventWith([mailed, phoneOnly], 30 * 24 * HOUR, true);
    await invite(event.startsAt);
    const waiting = await eventPage(event.id);
    expect(toldOf(waiting, mailed).last).toMatchObject({ kind: "invitation", reach: "waiting" });

    await outbox.messages();
    const data = await eventPage(event.id);
    expect(toldOf(data, mailed)).toMatchObject({ last: { kind: "invitation", reach: "kept" }, phone: null });
    const phone = toldOf(data, phoneOnly);
    expect(phone.last).toMatchObject({ kind: "invitation", reach: "phone" });
    expect(phone.phone.number).toMatch(/^\+372 5555 \d{4}$/);
    expect(phone.phone.locale).toBe("uk");
    // What to say: the invitation in Ukrainian, with no private link in it.
    expect(phone.phone.text).toContain("Ahmad");
    expect(phone.phone.text).toMatch(/[іїєґ]/);
    expect(phone.phone.text).not.toMatch(/\/me\//);
    // No message to the host about this event yet; no last-minute change.
    expect(data.hostTold).toBeNull();
    expect(data.reach).toBeNull();

    // The model, straight: latest no-address text per participant; nobody else.
    const byParticipant = await phoneMessagesForEvent(event.id);
    expect(Object.keys(byParticipant).map(Number)).toEqual([phoneOnly]);
    expect(byParticipant[phoneOnly].kind).toBe("invitation");
  });

  it("after a last-minute cancellation, says who has been reached and who not yet", async () => {
    const { phoneOnly, event } = await cancelledAtTheLastMinute({ mailed: "Iryna", phoneOnly: "Omar", locale: "ru", reason: "Ferry not running" });
    // Before the worker: nobody reached yet.
    const load = () => eventPage(event.id);
    const before = await load();
    expect(before.reach).toMatchObject({ reached: 0, total: 3 });
    expect(before.reach.notYet).toEqual([
      { name: "Iryna Tester", host: false, reach: "waiting" },
      { name: "Omar Tester", host: false, reach: "phone" },
      { name: "", host: true, reach: "waiting" },
    ]);
    expect(before.hostTold).toMatchObject({ kind: "event_cancelled", reach: "waiting" });

    // The e-mail goes (here: really "sent", as a mail server would say); the phone-only person still has to be called.
    await test.db
      .updateTable("message")
      .set({ state: "sent", sent_at: new Date().toISOString() })
      .where("event_id", "=", event.id)
      .where("kind", "=", "event_cancelled")
      .where("state", "=", "pending")
      .execute();
    const after = await load();
    expect(after.reach).toMatchObject({ reached: 2, total: 3, notYet: [{ name: "Omar Tester", host: false, reach: "phone" }] });
    const phone = (await phoneMessagesForEvent(event.id))[phoneOnly];
    expect(phone.kind).toBe("event_cancelled");
    expect(phone.locale).toBe("ru");
    expect(phone.text).toContain("Ferry not running");

    const deliveries = await deliveriesForEvent(event.id);
    expect(deliveries.participants[phoneOnly]).toMatchObject({ state: "no_address", urgent: true, lastError: null });
  });

  it("lets a coordinator mark the call to a phone-only person made: counted as reached, audited, once, and only for such a message", async () => {
    const { mailed, phoneOnly, event } = await cancelledAtTheLastMinute({ mailed: "Mariam", phoneOnly: "Yusuf", locale: "uk", reason: "Storm" });
    await test.db.updateTable("message").set({ state: "sent", sent_at: new Date().toISOString() }).where("event_id", "=", event.id).where("state", "=", "pending").execute();
    const load = () => eventPage(event.id);
    const mark = (fields: Record<string, string>, eventId = event.id) =>
      settle(() => eventAction({ request: formRequest(`/admin/events/${eventId}`, fields, { cookie: coordinator.cookie }), params: { id: String(eventId) }, context: {} }));

    const before = await load();
    expect(before.reach).toMatchObject({ reached: 2, total: 3, notYet: [{ name: "Yusuf Tester", host: false, reach: "phone" }] });
    const call = toldOf(before, phoneOnly).last;
    expect(call).toMatchObject({ kind: "event_cancelled", reach: "phone", told: null });
    const mailedMessage = toldOf(before, mailed).last.id;
    const other = await eventWith([], 40 * HOUR);

    // Refused, with a translated message, changing nothing: a message that went by e-mail, one of another event, no id at all.
    const refusals: [Record<string, string>, number, number, string][] = [
      [{ intent: "told", messageId: String(mailedMessage) }, event.id, 409, "outbox.delivery.refused.not_phone"],
      [{ intent: "told", messageId: String(call.id) }, other.id, 409, "outbox.delivery.refused.not_found"],
      [{ intent: "told", messageId: "1e3" }, event.id, 400, "validation.invalid"],
      [{ intent: "told" }, event.id, 400, "validation.invalid"],
    ];
    for (const [fields, eventId, status, message] of refusals) {
      const refused = await mark(fields, eventId);
      expect(refused.status, JSON.stringify(fields)).toBe(status);
      expect((await json(refused)).message).toBe(message);
    }
    expect((await messageRow(call.id)).told_at).toBeNull();
    expect((await messageRow(mailedMessage)).told_at).toBeNull();
    expect(await auditsOf("message.told")).toBe(0);

    const marked = await mark({ intent: "told", messageId: String(call.id) });
    expect(marked.status).toBe(200);
    expect((await json(marked)).message).toBe("outbox.delivery.markedTold");
    const after = await load();
    expect(after.reach).toEqual({ reached: 3, total: 3, notYet: [] });
    expect(toldOf(after, phoneOnly).last).toMatchObject({ id: call.id, reach: "told", told: { by: "Test coordinator" } });
    const row = await messageRow(call.id);
    expect(row).toMatchObject({ state: "no_address", told_by: coordinator.userId });
    expect(Date.parse(row.told_at!)).toBeGreaterThan(Date.now() - 60_000);
    const audited = await test.db.selectFrom("audit_log").select(["actor_user_id", "entity", "entity_id", "details"]).where("action", "=", "message.told").execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor_user_id: coordinator.userId, entity: "message", entity_id: call.id });
    expect(JSON.parse(audited[0].details!)).toEqual({ eventId: event.id, participantId: phoneOnly });

    // Once: a second mark (another coordinator's stale page) changes nothing.
    const again = await mark({ intent: "told", messageId: String(call.id) });
    expect(again.status).toBe(409);
    expect((await json(again)).message).toBe("outbox.delivery.refused.already_told");
    expect((await messageRow(call.id)).told_at).toBe(row.told_at);
    expect(await auditsOf("message.told")).toBe(1);
  });

  it("shows a failed message's error", async () => {
    const mailed = await person({ email: true });
    const event = await eventWith([mailed], 25 * 24 * HOUR);
    await invite(event.startsAt);
    // Mail servers name the address in their refusal: it is masked like the recipient.
    await test.db.updateTable("message").set({ state: "failed", last_error: "550 5.1.1 <olena.kovalenko@example.org>: no such user" }).where("event_id", "=", event.id).execute();
    const data = await eventPage(event.id);
    expect(data.slots[0].told.last).toMatchObject({ reach: "failed", error: "550 5.1.1 <o***@example.org>: no such user" });
    const listed = await json(await outboxGet(`?event=${event.id}`));
    expect(listed.messages.map((m: { lastError: string }) => m.lastError)).toEqual(["550 5.1.1 <o***@example.org>: no such user"]);
    // A proposed (not yet invited) person has had no message and is shown none.
    const proposed = await eventWith([await person({ email: true })], 26 * 24 * HOUR);
    const other = await eventPage(proposed.id);
    expect(other.slots[0].told).toBeNull();
    expect(other.hostTold).toBeUndefined();
  });

  it("keeps erased participants' texts out", async () => {
    const phoneOnly = await person({ email: false });
    const event = await eventWith([phoneOnly], 27 * 24 * HOUR);
    await invite(event.startsAt);
    expect(Object.keys(await phoneMessagesForEvent(event.id))).toHaveLength(1);
    await test.db.updateTable("participant").set({ erased_at: new Date().toISOString(), phone: null }).where("id", "=", phoneOnly).execute();
    expect(await phoneMessagesForEvent(event.id)).toEqual({});
  });
});

describe("the morning digest switch on /admin/account", () => {
  const post = (fields: Record<string, string>) =>
    settle(() => accountAction({ request: formRequest("/admin/account", fields, { cookie: coordinator.cookie }), params: {}, context: {} }));

  it("is off by default, turns on and off, audited", async () => {
    expect(await dailyDigestOf(coordinator.userId)).toBe(false);
    const page = await json(await settle(() => accountLoader({ request: getRequest("/admin/account", { cookie: coordinator.cookie }), params: {}, context: {} })));
    expect(page.digest).toBe(false);
    const on = await post({ intent: "digest", digest: "on" });
    expect(on.status).toBe(200);
    expect((await json(on)).message).toBe("outbox.digest.turnedOn");
    expect(await dailyDigestOf(coordinator.userId)).toBe(true);
    await post({ intent: "digest", digest: "off" });
    expect(await dailyDigestOf(coordinator.userId)).toBe(false);
    const entries = await test.db.selectFrom("audit_log").select(["details", "entity_id", "actor_user_id"]).where("action", "=", "user.digest").orderBy("id").execute();
    expect(entries.map((e) => JSON.parse(e.details).on)).toEqual([true, false]);
    expect(entries.every((e) => e.entity_id === coordinator.userId && e.actor_user_id === coordinator.userId)).toBe(true);
  });

  it("refuses a bad value with a message and changes nothing", async () => {
    await setDailyDigest(coordinator.userId, true);
    const audits = await auditsOf("user.digest");
    for (const digest of ["yes", "", "1", "ON"]) {
      const response = await post({ intent: "digest", digest });
      expect(response.status).toBe(400);
      expect((await json(response)).message).toBe("outbox.refused.invalid");
    }
    expect((await post({ intent: "digest" })).status).toBe(400);
    expect(await dailyDigestOf(coordinator.userId)).toBe(true);
    expect(await auditsOf("user.digest")).toBe(audits);
    await setDailyDigest(coordinator.userId, false);
  });
});

describe("the reminders switch on /me", () => {
  let participantId: number;
  let token: string;
  beforeEach(async () => {
    participantId = await person({ email: true });
    token = await issueToken(test.db, "participant", participantId);
  });
  const post = (fields: Record<string, string>) => settle(() => meAction({ request: formRequest(`/me/${token}`, fields), params: { token }, context: {} }));
  const reminders = async () => (await test.db.selectFrom("participant").select("reminders").where("id", "=", participantId).executeTakeFirstOrThrow()).reminders;

  it("is on by default and turned off by the participant, audited; then no reminder is queued for them", async () => {
    const page = await json(await settle(() => meLoader({ request: getRequest(`/me/${token}`), params: { token }, context: {} })));
    expect(page.reminders).toBe(true);
    const off = await post({ intent: "reminders", reminders: "off" });
    expect(off.status).toBe(302);
    expect(off.headers.get("Location")).toBe(`/me/${token}?done=reminders-off#reminders`);
    expect(await reminders()).toBe(0);
    const entry = await test.db
      .selectFrom("audit_log")
      .select(["details", "actor_kind"])
      .where("action", "=", "participant.reminders")
      .where("entity_id", "=", participantId)
      .executeTakeFirstOrThrow();
    expect(entry.actor_kind).toBe("participant");
    expect(JSON.parse(entry.details)).toMatchObject({ on: false, participantId });

    // An accepted event in 24 hours, answered long ago: a reminder is due, but not for someone who turned them off.
    const event = await eventWith([participantId], 24 * HOUR);
    await test.db
      .updateTable("assignment")
      .set({ status: "accepted", responded_at: at(-72 * HOUR) })
      .where("id", "=", event.assignments[0])
      .execute();
    await queueScheduledMessages();
    const reminderCount = async () =>
      (await test.db.selectFrom("message").select("id").where("assignment_id", "=", event.assignments[0]).where("kind", "=", "reminder").execute()).length;
    expect(await reminderCount()).toBe(0);
    // Turned on again, the reminder comes.
    expect((await post({ intent: "reminders", reminders: "on" })).headers.get("Location")).toBe(`/me/${token}?done=reminders-on#reminders`);
    expect(await reminders()).toBe(1);
    await queueScheduledMessages();
    expect(await reminderCount()).toBe(1);
  });

  it("refuses a bad value with a message and changes nothing", async () => {
    for (const value of ["maybe", "", "0"]) {
      const response = await post({ intent: "reminders", reminders: value });
      expect(response.status).toBe(400);
      expect((await json(response)).message).toBe("outbox.refused.invalid");
    }
    expect(await reminders()).toBe(1);
    expect(await test.db.selectFrom("audit_log").select("id").where("action", "=", "participant.reminders").where("entity_id", "=", participantId).execute()).toEqual([]);
  });
});
