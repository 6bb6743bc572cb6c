import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { localDateOf, localMinutesOf } from "~/domain/schedule";
import { action as eventAction, loader as eventLoader } from "~/routes/admin.events.$id";
import { loader as eventsLoader } from "~/routes/admin.events._index";
import { action as newEventAction } from "~/routes/admin.events.new";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { eventFormFields } from "../helpers/forms";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let cookie: string;
let userId: number;
let venueId: number;
let islandVenueId: number;

beforeAll(async () => {
  process.env.TUTTAV_NOW = "2026-11-23T10:00:00.000Z";
  test = await createTestDatabase();
  ({ cookie, userId } = await loginAsNewCoordinator());
  const at = "2026-01-01T00:00:00.000Z";
  const town = await test.db.selectFrom("town").select("id").where("slug", "=", "paide").executeTakeFirstOrThrow();
  const island = await test.db.selectFrom("town").select("id").where("slug", "=", "kardla").executeTakeFirstOrThrow();
  venueId = (
    await test.db
      .insertInto("venue")
      .values({ town_id: town.id, name: "Paide raamatukogu", venue_type: "library", capacity: 30, step_free: 1, child_friendly: 1, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  islandVenueId = (
    await test.db
      .insertInto("venue")
      .values({ town_id: island.id, name: "Kärdla saal", venue_type: "community_centre", capacity: 80, step_free: 1, child_friendly: 1, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const baseForm = () => eventFormFields(venueId);

async function createEvent(fields: Record<string, string | string[]> = {}) {
  const response = await settle(() => newEventAction({ request: formRequest("/admin/events/new", { ...baseForm(), ...fields }, { cookie }), params: {}, context: {} }));
  expect(response.status).toBe(302);
  return Number(response.headers.get("Location")!.match(/\/admin\/events\/(\d+)/)![1]);
}

const postToEvent = (id: number, fields: Record<string, string | string[]>) =>
  settle(() => eventAction({ request: formRequest(`/admin/events/${id}`, fields, { cookie }), params: { id: String(id) }, context: {} }));

describe("creating an event", () => {
  it("stores a draft with Tallinn local times as UTC, its slots and an audit entry", async () => {
    const id = await createEvent();
    const event = await test.db.selectFrom("event").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(event.state).toBe("draft");
    expect(event.starts_at).toBe("2026-12-12T10:00:00.000Z"); // 12:00 in Tallinn winter time (UTC+2)
    expect(JSON.parse(event.title)).toEqual({ et: "Saame tuttavaks! Paide", en: "Let's get to know each other! Paide" });
    const slots = await test.db.selectFrom("event_slot").select("offer").where("event_id", "=", id).orderBy("position").execute();
    expect(slots.map((s) => s.offer)).toEqual(["crafts", "crafts", "food", null]);
    const log = await test.db.selectFrom("audit_log").selectAll().where("entity", "=", "event").where("entity_id", "=", id).execute();
    expect(log.map((l) => [l.action, l.actor_user_id])).toEqual([["event.create", userId]]);
  });

  it.each([
    ["no title in any language", { title_et: "", title_en: "" }, "title_et", "validation.titleRequired"],
    ["end before start", { endTime: "11:00" }, "endTime", "validation.endAfterStart"],
    ["an impossible date", { date: "2026-02-30" }, "date", "validation.date"],
    ["an unknown venue", { venueId: "999999" }, "venueId", "validation.choose"],
    ["too many slots", { slot_crafts: "99" }, "slot_crafts", "validation.numberRange?min=0&max=10"],
    ["an unknown kind", { kind: "party" }, "kind", "validation.choose"],
    ["a forum without topic", { kind: "forum" }, "topic", "validation.required"],
    ["a negative capacity", { capacity: "-5" }, "capacity", "validation.numberRange?min=1&max=5000"],
  ])("refuses %s with a message next to the field and stores nothing", async (_name, change, field, message) => {
    const before = await rowCounts(test.db);
    const response = await settle(() => newEventAction({ request: formRequest("/admin/events/new", { ...baseForm(), ...change }, { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors[field]).toBe(message);
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("is for coordinators only", async () => {
    const response = await settle(() => newEventAction({ request: formRequest("/admin/events/new", baseForm()), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("lifecycle", () => {
  it("moves draft → planned → confirmed, refuses illegal moves and audits who did what", async () => {
    const id = await createEvent();
    expect((await postToEvent(id, { intent: "transition", to: "planned" })).status).toBe(200);
    const early = await postToEvent(id, { intent: "transition", to: "completed" });
    expect(early.status).toBe(409);
    expect((await early.json()).message).toBe("adminEvents.transitionErrors.illegal_transition");
    expect((await postToEvent(id, { intent: "transition", to: "confirmed" })).status).toBe(200);
    const notYet = await postToEvent(id, { intent: "transition", to: "completed" });
    expect((await notYet.json()).message).toBe("adminEvents.transitionErrors.not_yet_happened");
    const event = await test.db.selectFrom("event").select(["state", "sequence"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(event).toEqual({ state: "confirmed", sequence: 2 });
    const transitions = await test.db
      .selectFrom("audit_log")
      .select(["details", "actor_user_id"])
      .where("entity_id", "=", id)
      .where("action", "=", "event.transition")
      .orderBy("id")
      .execute();
    expect(transitions.map((t) => JSON.parse(t.details))).toEqual([
      { from: "draft", to: "planned", reason: null },
      { from: "planned", to: "confirmed", reason: null },
    ]);
    expect(transitions.every((t) => t.actor_user_id === userId)).toBe(true);
  });

  it("cancels only with a reason, and a cancelled event can no longer be edited", async () => {
    const id = await createEvent();
    const noReason = await postToEvent(id, { intent: "transition", to: "cancelled", reason: "  " });
    expect(noReason.status).toBe(409);
    expect(await noReason.json()).toMatchObject({ errors: { reason: "validation.reasonRequired" }, message: null });
    expect((await postToEvent(id, { intent: "transition", to: "cancelled", reason: "Saal on remondis" })).status).toBe(200);
    const event = await test.db.selectFrom("event").select(["state", "cancel_reason"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(event).toEqual({ state: "cancelled", cancel_reason: "Saal on remondis" });
    const edit = await postToEvent(id, { ...baseForm(), title_et: "Uus" });
    expect((await edit.json()).message).toBe("adminEvents.errors.event_closed");
  });
});

describe("editing", () => {
  it("bumps SEQUENCE when the time or place changes, not for a new title", async () => {
    const id = await createEvent();
    const sequence = async () => (await test.db.selectFrom("event").select("sequence").where("id", "=", id).executeTakeFirstOrThrow()).sequence;
    expect((await postToEvent(id, { ...baseForm(), title_et: "Uus pealkiri" })).status).toBe(200);
    expect(await sequence()).toBe(0);
    await postToEvent(id, { ...baseForm(), startTime: "13:00" });
    expect(await sequence()).toBe(1);
    await postToEvent(id, { ...baseForm(), startTime: "13:00", venueId: String(islandVenueId) });
    expect(await sequence()).toBe(2);
  });

  it("never drops a slot someone is on", async () => {
    const id = await createEvent();
    const slot = await test.db.selectFrom("event_slot").select("id").where("event_id", "=", id).where("offer", "=", "food").executeTakeFirstOrThrow();
    const at = "2026-11-01T00:00:00.000Z";
    const participant = await test.db
      .insertInto("participant")
      .values({ first_name: "Olena", weekdays: "[]", times_of_day: "[]", consent_at: at, consent_version: "1", created_at: at, updated_at: at, last_active_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await test.db.insertInto("assignment").values({ event_id: id, slot_id: slot.id, participant_id: participant.id, status: "accepted", created_at: at, updated_at: at }).execute();
    const response = await postToEvent(id, { ...baseForm(), slot_food: "0" });
    expect(response.status).toBe(409);
    expect((await response.json()).message).toBe("adminEvents.errors.slot_in_use");
    const slots = await test.db.selectFrom("event_slot").select("offer").where("event_id", "=", id).execute();
    expect(slots.filter((s) => s.offer === "food")).toHaveLength(1);
    // Growing the event works around the booked slot.
    expect((await postToEvent(id, { ...baseForm(), slot_music: "1" })).status).toBe(200);
    expect((await test.db.selectFrom("event_slot").select("id").where("event_id", "=", id).execute()).length).toBe(5);
  });
});

describe("warnings", () => {
  it("tell about a public holiday, a full venue, another event in town and the last ferry", async () => {
    const holiday = await createEvent({ date: "2027-02-24", expectedAudience: "45" });
    await createEvent({ date: "2027-02-24", title_et: "Teine üritus" });
    const response = await settle(() => eventLoader({ request: getRequest(`/admin/events/${holiday}?lng=en`, { cookie }), params: { id: String(holiday) }, context: {} }));
    const codes = (await response.json()).warnings.map((w: { code: string }) => w.code);
    expect(codes).toEqual(["public_holiday", "same_town_same_day", "capacity_below_audience"]);

    const late = await createEvent({ venueId: String(islandVenueId), date: "2027-01-16", startTime: "19:00", endTime: "23:30" });
    const lateResponse = await settle(() => eventLoader({ request: getRequest(`/admin/events/${late}`, { cookie }), params: { id: String(late) }, context: {} }));
    expect((await lateResponse.json()).warnings.map((w: { code: string }) => w.code)).toEqual(["ferry_after_last_crossing"]);
  });
});

describe("list and month calendar", () => {
  it("filter by state and show a month's events on their Tallinn day", async () => {
    const id = await createEvent({ date: "2027-03-06", startTime: "00:30", endTime: "02:00" });
    const response = await settle(() => eventsLoader({ request: getRequest("/admin/events?view=month&month=2027-03&state=draft", { cookie }), params: {}, context: {} }));
    const data = await response.json();
    const event = data.events.find((e: { id: number }) => e.id === id);
    // 00:30 in Tallinn is still the previous day in UTC; the calendar must show the Tallinn day.
    expect(event.localDate).toBe("2027-03-06");
    expect(data.events.every((e: { state: string }) => e.state === "draft")).toBe(true);
    expect(data.weeks[0][0]).toBe("2027-03-01");
  });
});

describe("times", () => {
  it("are entered and stored as Tallinn wall time on both sides of DST", async () => {
    const summer = await createEvent({ date: "2027-07-03" });
    const row = await test.db.selectFrom("event").select("starts_at").where("id", "=", summer).executeTakeFirstOrThrow();
    expect(row.starts_at).toBe("2027-07-03T09:00:00.000Z");
    expect(localDateOf(row.starts_at)).toBe("2027-07-03");
    expect(localMinutesOf(row.starts_at)).toBe(12 * 60);
  });
});
