/**
 * Who a session is for (issue 16), through the coordinator's real actions: events and series are
 * saved with their audience, a series passes it to its sessions, a families event needs a
 * child-friendly venue, the matcher gets it, and public pages and calendar files say it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runMatching } from "~/models/matching.server";
import { action as eventAction } from "~/routes/admin.events.$id";
import { action as newEventAction } from "~/routes/admin.events.new";
import { action as seriesAction } from "~/routes/admin.series.$id";
import { action as newSeriesAction } from "~/routes/admin.series.new";
import { loader as publicEventLoader } from "~/routes/_public.events.$id";
import { loader as eventCalendarLoader } from "~/routes/events.$id.calendar[.]ics";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { eventFormFields, seriesFormFields } from "../helpers/forms";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let cookie: string;
let friendlyVenue: number;
let plainVenue: number;

beforeAll(async () => {
  process.env.TUTTAV_NOW = "2026-09-20T10:00:00.000Z";
  test = await createTestDatabase();
  ({ cookie } = await loginAsNewCoordinator());
  const town = await test.db.selectFrom("town").select("id").where("slug", "=", "haapsalu").executeTakeFirstOrThrow();
  const venue = (name: string, childFriendly: 0 | 1) =>
    test.db
      .insertInto("venue")
      .values({ town_id: town.id, name, venue_type: "community_centre", capacity: 20, step_free: 1, child_friendly: childFriendly, created_at: "2026-01-01T00:00:00.000Z" })
      .returning("id")
      .executeTakeFirstOrThrow();
  friendlyVenue = (await venue("Pere- ja kogukonnamaja", 1)).id;
  plainVenue = (await venue("Baar Öö", 0)).id;
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const sessionsOf = (seriesId: number) => test.db.selectFrom("event").select(["id", "audience", "starts_at"]).where("series_id", "=", seriesId).orderBy("starts_at").execute();
const newSeries = (fields: Record<string, string | string[]>) =>
  settle(() => newSeriesAction({ request: formRequest("/admin/series/new", fields, { cookie }), params: {}, context: {} }));
const newEvent = (fields: Record<string, string | string[]>) =>
  settle(() => newEventAction({ request: formRequest("/admin/events/new", fields, { cookie }), params: {}, context: {} }));

describe("audience on series and their sessions", () => {
  let seriesId: number;

  it("a women-only series stores its audience and gives it to every session", async () => {
    const response = await newSeries(seriesFormFields(friendlyVenue, { audience: "women" }));
    expect(response.status).toBe(302);
    seriesId = Number(response.headers.get("Location")!.match(/series\/(\d+)/)![1]);
    expect((await test.db.selectFrom("series").select("audience").where("id", "=", seriesId).executeTakeFirstOrThrow()).audience).toBe("women");
    const sessions = await sessionsOf(seriesId);
    expect(sessions).toHaveLength(8);
    expect(sessions.every((s) => s.audience === "women")).toBe(true);
  });

  it("a form without the choice means everyone", async () => {
    const response = await newSeries(seriesFormFields(friendlyVenue, { title_et: "Keelekohvik" }));
    const id = Number(response.headers.get("Location")!.match(/series\/(\d+)/)![1]);
    expect((await sessionsOf(id)).every((s) => s.audience === "everyone")).toBe(true);
  });

  it("editing the series to families reaches its sessions, booked ones too, but not one edited on its own", async () => {
    const [first, edited, booked] = await sessionsOf(seriesId);
    // One session edited by hand (it keeps "women"), one with someone already on it.
    const editForm = eventFormFields(friendlyVenue, { kind: "cosy_corner", date: "2026-10-11", startTime: "16:00", endTime: "18:00", audience: "women" });
    expect(
      (await settle(() => eventAction({ request: formRequest(`/admin/events/${edited.id}`, editForm, { cookie }), params: { id: String(edited.id) }, context: {} }))).status,
    ).toBe(200);
    const at = "2026-09-20T10:00:00.000Z";
    const person = await test.db
      .insertInto("participant")
      .values({ first_name: "Kati", home_town_id: null, consent_at: at, consent_version: "1", created_at: at, updated_at: at, last_active_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await test.db.insertInto("assignment").values({ event_id: booked.id, participant_id: person.id, status: "accepted", created_at: at, updated_at: at }).execute();

    const response = await settle(() =>
      seriesAction({
        request: formRequest(`/admin/series/${seriesId}`, seriesFormFields(friendlyVenue, { audience: "families" }), { cookie }),
        params: { id: String(seriesId) },
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    const after = new Map((await sessionsOf(seriesId)).map((s) => [s.id, s.audience]));
    expect(after.get(first.id)).toBe("families");
    expect(after.get(booked.id)).toBe("families");
    expect(after.get(edited.id)).toBe("women");
    expect([...after.values()].filter((a) => a === "families")).toHaveLength(7);
    expect((await test.db.selectFrom("series").select("audience").where("id", "=", seriesId).executeTakeFirstOrThrow()).audience).toBe("families");
  });

  it("a families series at a venue that is not child-friendly is refused next to the audience choice, and nothing is saved", async () => {
    const before = await rowCounts(test.db);
    const response = await newSeries(seriesFormFields(plainVenue, { audience: "families" }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ audience: "audience.error.venueNotChildFriendly" });
    expect(await rowCounts(test.db)).toEqual(before);
    // Editing a series onto such a venue is refused the same way, and the series stays as it was.
    const edit = await settle(() =>
      seriesAction({
        request: formRequest(`/admin/series/${seriesId}`, seriesFormFields(plainVenue, { audience: "families" }), { cookie }),
        params: { id: String(seriesId) },
        context: {},
      }),
    );
    expect(edit.status).toBe(400);
    expect((await edit.json()).errors).toEqual({ audience: "audience.error.venueNotChildFriendly" });
    expect((await test.db.selectFrom("series").select("venue_id").where("id", "=", seriesId).executeTakeFirstOrThrow()).venue_id).toBe(friendlyVenue);
  });

  it("an unknown audience is a field error, not a save", async () => {
    const before = await rowCounts(test.db);
    const response = await newSeries(seriesFormFields(friendlyVenue, { audience: "men" }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors.audience).toBe("validation.choose");
    expect(await rowCounts(test.db)).toEqual(before);
  });
});

describe("audience on single events", () => {
  let eventId: number;

  it("creates a women-only event and edits it to everyone", async () => {
    const response = await newEvent(eventFormFields(plainVenue, { audience: "women" }));
    expect(response.status).toBe(302);
    eventId = Number(response.headers.get("Location")!.match(/events\/(\d+)/)![1]);
    expect((await test.db.selectFrom("event").select("audience").where("id", "=", eventId).executeTakeFirstOrThrow()).audience).toBe("women");
    const edit = await settle(() =>
      eventAction({
        request: formRequest(`/admin/events/${eventId}`, eventFormFields(plainVenue, { audience: "everyone" }), { cookie }),
        params: { id: String(eventId) },
        context: {},
      }),
    );
    expect(edit.status).toBe(200);
    expect((await test.db.selectFrom("event").select("audience").where("id", "=", eventId).executeTakeFirstOrThrow()).audience).toBe("everyone");
  });

  it("a families event needs a child-friendly venue, on create and on edit", async () => {
    const before = await rowCounts(test.db);
    const response = await newEvent(eventFormFields(plainVenue, { audience: "families" }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ audience: "audience.error.venueNotChildFriendly" });
    expect(await rowCounts(test.db)).toEqual(before);
    const edit = await settle(() =>
      eventAction({
        request: formRequest(`/admin/events/${eventId}`, eventFormFields(plainVenue, { audience: "families" }), { cookie }),
        params: { id: String(eventId) },
        context: {},
      }),
    );
    expect(edit.status).toBe(400);
    expect((await edit.json()).errors).toEqual({ audience: "audience.error.venueNotChildFriendly" });
    expect((await test.db.selectFrom("event").select("audience").where("id", "=", eventId).executeTakeFirstOrThrow()).audience).toBe("everyone");
    // At a child-friendly venue it is fine.
    expect((await newEvent(eventFormFields(friendlyVenue, { audience: "families" }))).status).toBe(302);
  });
});

describe("audience reaches the matcher and the public", () => {
  let womenEvent: number;

  beforeAll(async () => {
    const response = await newEvent(
      eventFormFields(friendlyVenue, { audience: "women", date: "2026-10-03", title_en: "Women's evening", languages: ["et"], slot_crafts: "0", slot_food: "0", slot_any: "2" }),
    );
    womenEvent = Number(response.headers.get("Location")!.match(/events\/(\d+)/)![1]);
    await test.db.updateTable("event").set({ state: "planned" }).where("id", "=", womenEvent).execute();
    const town = await test.db.selectFrom("town").select("id").where("slug", "=", "haapsalu").executeTakeFirstOrThrow();
    const at = "2026-09-20T10:00:00.000Z";
    for (const [name, gender, children] of [
      ["Jaan", "male", 1],
      ["Mari", "female", 0],
      ["Anon", null, 1],
    ] as const) {
      const p = await test.db
        .insertInto("participant")
        .values({
          first_name: name,
          gender,
          needs_childcare: children,
          home_town_id: town.id,
          max_travel_minutes: 120,
          monthly_cap: 4,
          weekdays: "[0,1,2,3,4,5,6]",
          times_of_day: JSON.stringify(["morning", "afternoon", "evening"]),
          consent_at: at,
          consent_version: "1",
          created_at: at,
          updated_at: at,
          last_active_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await test.db.insertInto("participant_language").values({ participant_id: p.id, code: "et", level: "fluent" }).execute();
    }
  });

  it("the matcher gets the audience and who brings children, and proposes only the woman for the women-only event", async () => {
    const { input, result, names } = await runMatching({ from: "2026-10-03", to: "2026-10-03", regionCode: null });
    const event = input.events.find((e) => e.id === womenEvent)!;
    expect(event.audience).toBe("women");
    expect(
      input.participants
        .filter((p) => p.bringsChildren)
        .map((p) => p.firstName)
        .sort(),
    ).toEqual(["Anon", "Jaan"]);
    const proposed = result.assignments.filter((a) => a.eventId === womenEvent).map((a) => names.get(a.participantId));
    expect(proposed).toEqual(["Mari"]);
    // The man and the person who gave no gender are told why not: the session is women-only.
    const whyNot = result.notPicked.map((n) => [names.get(n.participantId), n.reasons]);
    expect(whyNot).toEqual([
      ["Jaan", [{ code: "women_only", params: { events: 1 } }]],
      ["Anon", [{ code: "women_only", params: { events: 1 } }]],
    ]);
  });

  it("the public event page and its calendar file say who it is for, in the reader's language", async () => {
    const page = (await publicEventLoader({ request: getRequest(`/events/${womenEvent}?lng=en`), params: { id: String(womenEvent) }, context: {} })) as Response;
    expect((await page.json()).event.audience).toBe("women");
    const ics = (await settle(() =>
      eventCalendarLoader({ request: getRequest(`/events/${womenEvent}/calendar.ics?lng=ru`), params: { id: String(womenEvent) }, context: {} }),
    )) as Response;
    const text = (await ics.text()).replace(/\r\n[ \t]/g, "");
    expect(text).toMatch(/DESCRIPTION:Только для женщин/);
  });
});
