import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_LOGIN, DEMO_TOKENS } from "#db/seed/demo";
import { localDateOf, localMinutesOf } from "~/domain/schedule";
import { transitionEvent } from "~/models/event/lifecycle.server";
import { updateEvent } from "~/models/event/update.server";
import { acceptRequest } from "~/models/request/decision.server";
import { proposeEventTime } from "~/models/request/draft.server";
import { action as loginAction } from "~/routes/_public.login";
import { action as requestAction, loader as requestLoader } from "~/routes/_public.request";
import { action as statusAction, loader as statusLoader } from "~/routes/_public.request_.status.$token";
import { action as inboxAction, loader as inboxLoader } from "~/routes/admin.requests";
import { hashToken } from "~/utils/token.server";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { editOf } from "../helpers/eventEdit";
import { cookieFrom, formRequest, getRequest, settle } from "../helpers/requests";

// Monday 2 March 2026, 11:00 in Tallinn (winter time, UTC+2).
const NOW = "2026-03-02T09:00:00.000Z";

let test: TestDatabase;
let cookie: string;
let adminId: number;

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ demo: true, now: new Date(NOW) });
  const login = await settle(() =>
    loginAction({ request: formRequest("/login", { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, redirectTo: "/admin" }), params: {}, context: {} }),
  );
  cookie = cookieFrom(login);
  adminId = (await test.db.selectFrom("user").select("id").where("email", "=", DEMO_LOGIN.email).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

async function townId(slug: string): Promise<number> {
  return (await test.db.selectFrom("town").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

/** A complete, valid form as a host's browser sends it (a new place in Orissaare). */
async function validForm(overrides: Record<string, string | string[]> = {}): Promise<Record<string, string | string[]>> {
  return {
    organisation: "Orissaare Raamatukogu",
    contactName: "Kadri Kask",
    email: "kadri@orissaare.example",
    phone: "+372 5555 1234",
    townId: String(await townId("orissaare")),
    venue: "new",
    venueName: "Orissaare Raamatukogu saal",
    venueAddress: "Kuivastu mnt 25",
    venueCapacity: "45",
    venueStepFree: "on",
    kind: "community_event",
    windowFrom: "2026-03-10",
    windowTo: "2026-04-30",
    weekdays: ["6"],
    timeOfDay: "evening",
    expectedAudience: "35",
    localLanguages: ["et", "ru"],
    wishes: ["crafts", "food", "music"],
    message: "Raamatukogu juubel, tahaks laata.",
    ...overrides,
  };
}

// Each host posts from an address of their own, so the per-address limit never gets in the way here.
let hosts = 0;
const fileRequest = (fields: Record<string, string | string[]>, lng = "et") =>
  settle(() => requestAction({ request: formRequest(`/request?lng=${lng}`, fields), params: {}, context: { clientIp: `203.0.113.${++hosts}` } }));

const statusOf = (token: string) => settle(() => statusLoader({ request: getRequest(`/request/status/${token}`), params: { token }, context: {} }));

const withdraw = (token: string) => settle(() => statusAction({ request: formRequest(`/request/status/${token}`, { intent: "withdraw" }), params: { token }, context: {} }));

const decide = (fields: Record<string, string>) => settle(() => inboxAction({ request: formRequest("/admin/requests", fields, { cookie }), params: {}, context: {} }));

/** Files a valid request and returns its id and raw token (from the redirect to the status page). */
async function fileValid(overrides: Record<string, string | string[]> = {}) {
  const response = await fileRequest(await validForm(overrides));
  expect(response.status).toBe(302);
  const location = response.headers.get("Location") ?? "";
  const match = /^\/request\/status\/([A-Za-z0-9_-]+)\?created=1$/.exec(location);
  expect(match, location).not.toBeNull();
  const token = match![1];
  const stored = await test.db.selectFrom("access_token").select(["subject_id", "token_hash"]).where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
  return { id: stored.subject_id, token };
}

describe("a host files a request", () => {
  it("stores it as new with a private link of 256 random bits whose hash alone is kept", async () => {
    const before = await rowCounts(test.db);
    const { id, token } = await fileValid();
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const tokens = await test.db.selectFrom("access_token").select(["token_hash", "purpose"]).where("subject_id", "=", id).where("purpose", "=", "host_request").execute();
    expect(tokens).toEqual([{ token_hash: hashToken(token), purpose: "host_request" }]);
    expect(JSON.stringify(await test.db.selectFrom("access_token").selectAll().execute())).not.toContain(token);

    const row = await test.db.selectFrom("event_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      state: "new",
      organisation: "Orissaare Raamatukogu",
      email: "kadri@orissaare.example",
      venue_id: null,
      venue_name: "Orissaare Raamatukogu saal",
      venue_capacity: 45,
      venue_step_free: 1,
      venue_child_friendly: 0,
      window_from: "2026-03-10",
      window_to: "2026-04-30",
      time_of_day: "evening",
      locale: "et",
    });
    expect(JSON.parse(row.weekdays)).toEqual([6]);
    expect(JSON.parse(row.wishes)).toEqual(["crafts", "food", "music"]);
    const after = await rowCounts(test.db);
    expect(after.event_request - before.event_request).toBe(1);
    expect(after.audit_log - before.audit_log).toBe(1);
    expect(after.venue).toBe(before.venue);

    const status = await statusOf(token);
    expect(status.status).toBe(200);
    const data = await status.json();
    expect(data.request.state).toBe("new");
    expect(data.request.venue.name).toBe("Orissaare Raamatukogu saal");
    expect(data.events).toEqual([]);
  });

  it("offers every town grouped by county, named in the reader's language", async () => {
    const response = await settle(() => requestLoader({ request: getRequest("/request?lng=ru"), params: {}, context: {} }));
    const data = await response.json();
    const saare = data.regions.find((r: { code: string }) => r.code === "EE-74");
    expect(saare.name).toBe("Сааремаа");
    expect(saare.towns.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(["Kuressaare", "Orissaare", "Ruhnu"]));
    const towns = await test.db
      .selectFrom("town")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(data.regions.flatMap((r: { towns: unknown[] }) => r.towns)).toHaveLength(Number(towns.n));
    expect(data.today).toBe("2026-03-02");
  });
});

describe("bad request input", () => {
  const cases: [string, Record<string, string | string[]>, string, string][] = [
    ["a start date in the past", { windowFrom: "2026-03-01" }, "windowFrom", "validation.dateInPast"],
    ["an end date in the past", { windowFrom: "2026-03-10", windowTo: "2026-02-20" }, "windowTo", "validation.dateInPast"],
    ["a window over a year long", { windowFrom: "2026-03-10", windowTo: "2027-03-11" }, "windowTo", "validation.periodTooLong"],
    ["a window that ends before it starts", { windowFrom: "2026-04-10", windowTo: "2026-04-01" }, "windowTo", "validation.dateOrder"],
    ["an impossible date", { windowFrom: "2026-02-30" }, "windowFrom", "validation.date"],
    ["an unknown town", { townId: "999999" }, "townId", "validation.unknownChoice"],
    ["a town id that is not a number", { townId: "orissaare" }, "townId", "validation.unknownChoice"],
    ["an e-mail that isn't one", { email: "kadri-at-orissaare" }, "email", "validation.email"],
    ["a missing organisation", { organisation: "  " }, "organisation", "validation.required"],
    ["a missing contact name", { contactName: "" }, "contactName", "validation.required"],
    ["a missing e-mail", { email: "" }, "email", "validation.required"],
    ["a missing town", { townId: "" }, "townId", "validation.required"],
    ["a missing kind", { kind: "" }, "kind", "validation.required"],
    ["an unknown kind", { kind: "party" }, "kind", "validation.unknownChoice"],
    ["a missing start date", { windowFrom: "" }, "windowFrom", "validation.required"],
    ["a new place without a name", { venueName: "" }, "venueName", "validation.required"],
    ["a new place without an address", { venueAddress: "" }, "venueAddress", "validation.required"],
    ["a capacity that is not a number", { venueCapacity: "lots" }, "venueCapacity", "validation.positiveNumber"],
    ["an unknown wish", { wishes: ["fireworks"] }, "wishes", "validation.unknownChoice"],
    ["a weekday that does not exist", { weekdays: ["7"] }, "weekdays", "validation.unknownChoice"],
  ];

  it.each(cases)("refuses %s with a message on that field and stores nothing", async (_name, overrides, field, message) => {
    const before = await rowCounts(test.db);
    const response = await fileRequest(await validForm(overrides));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[field]).toBe(message);
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("refuses a place of another town", async () => {
    const kuressaareVenue = await test.db
      .selectFrom("venue")
      .select("venue.id")
      .innerJoin("town", "town.id", "venue.town_id")
      .where("town.slug", "=", "kuressaare")
      .executeTakeFirstOrThrow();
    const before = await rowCounts(test.db);
    const response = await fileRequest(await validForm({ venue: String(kuressaareVenue.id) }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors.venue).toBe("validation.unknownChoice");
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("refuses an empty form field by field, gives the values back and stores nothing", async () => {
    const before = await rowCounts(test.db);
    const response = await fileRequest({ organisation: "Kohvik", venue: "new" });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toMatchObject({
      contactName: "validation.required",
      email: "validation.required",
      townId: "validation.required",
      venueName: "validation.required",
      kind: "validation.required",
      windowFrom: "validation.required",
      windowTo: "validation.required",
    });
    expect(body.errors.organisation).toBeUndefined();
    expect(body.values.organisation).toBe("Kohvik");
    expect(await rowCounts(test.db)).toEqual(before);
  });
});

describe("a coordinator accepts a request", () => {
  it("creates, in one go, the venue it described and a draft event linked to it, which can then be planned", async () => {
    const { id, token } = await fileValid();
    const before = await rowCounts(test.db);
    const response = await decide({ intent: "accept", requestId: String(id) });
    expect(response.status).toBe(200);
    const { outcome, eventId } = await response.json();
    expect(outcome).toBe("accepted");

    const event = await test.db.selectFrom("event").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
    const request = await test.db.selectFrom("event_request").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ state: "accepted", decided_by: adminId, venue_id: event.venue_id });
    expect(event).toMatchObject({ state: "draft", kind: "community_event", request_id: id, capacity: 45, expected_audience: 35 });
    expect(JSON.parse(event.languages)).toEqual(["et", "ru"]);
    expect(JSON.parse(event.title).et).toBe("Saame tuttavaks! Orissaare");
    // The first Saturday in the window, in the evening, Tallinn time.
    expect(localDateOf(event.starts_at)).toBe("2026-03-14");
    expect(localMinutesOf(event.starts_at)).toBe(18 * 60);
    expect(event.starts_at).toBe("2026-03-14T16:00:00.000Z");

    const venue = await test.db.selectFrom("venue").selectAll().where("id", "=", event.venue_id).executeTakeFirstOrThrow();
    expect(venue).toMatchObject({
      name: "Orissaare Raamatukogu saal",
      address: "Kuivastu mnt 25",
      capacity: 45,
      step_free: 1,
      child_friendly: 0,
      town_id: await townId("orissaare"),
    });
    const slots = await test.db.selectFrom("event_slot").select("offer").where("event_id", "=", eventId).orderBy("position").execute();
    expect(slots.map((s) => s.offer)).toEqual(["crafts", "food", "music"]);

    const after = await rowCounts(test.db);
    expect(after.venue - before.venue).toBe(1);
    expect(after.event - before.event).toBe(1);
    const actions = await test.db.selectFrom("audit_log").select(["action", "actor_user_id"]).where("id", ">", before.audit_log).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["venue.create", "event.create", "request.accept"]);
    expect(actions.every((a) => a.actor_user_id === adminId)).toBe(true);

    const status = await (await statusOf(token)).json();
    expect(status.request.state).toBe("accepted");
    expect(status.events).toHaveLength(1);
    expect(status.events[0]).toMatchObject({ id: eventId, state: "draft", startsAt: "2026-03-14T16:00:00.000Z", venueName: "Orissaare Raamatukogu saal" });

    expect(await transitionEvent(eventId, "planned", { kind: "user", userId: adminId })).toEqual({ ok: true });
    expect((await test.db.selectFrom("event").select("state").where("id", "=", eventId).executeTakeFirstOrThrow()).state).toBe("planned");
  });

  it("tells the host nothing of a draft's new time, then sends the planned event as it stands, its calendar entry no longer tentative", async () => {
    const actor = { kind: "user", userId: adminId } as const;
    const { id } = await fileValid();
    const seen =
      (
        await test.db
          .selectFrom("message")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirstOrThrow()
      ).id ?? 0;
    const toHost = () =>
      test.db
        .selectFrom("message")
        .select(["kind", "body_text", "ics", "ics_method"])
        .where("request_id", "=", id)
        .where("recipient_kind", "=", "host")
        .where("id", ">", seen)
        .orderBy("id")
        .execute();
    const { eventId } = await (await decide({ intent: "accept", requestId: String(id) })).json();
    const [accepted] = await toHost();
    expect(accepted).toMatchObject({ kind: "request_accepted", ics_method: "REQUEST" });
    expect(accepted.ics).toMatch(/^STATUS:TENTATIVE\r$/m);
    expect(accepted.ics).toMatch(/^DTSTART;TZID=Europe\/Tallinn:20260314T180000\r$/m);

    // The coordinator moves the draft to the Sunday, 17:00: a draft is nobody's news yet.
    expect(await updateEvent(eventId, await editOf(test.db, eventId, { startsAt: "2026-03-15T15:00:00.000Z", endsAt: "2026-03-15T17:00:00.000Z" }), actor)).toEqual({ ok: true });
    expect(await toHost()).toHaveLength(1);

    expect(await transitionEvent(eventId, "planned", actor)).toEqual({ ok: true });
    const messages = await toHost();
    expect(messages.map((m) => m.kind)).toEqual(["request_accepted", "event_planned"]);
    const planned = messages[1];
    expect(planned.ics_method).toBe("REQUEST");
    expect(planned.ics).toMatch(/^STATUS:CONFIRMED\r$/m);
    expect(planned.ics).toMatch(/^DTSTART;TZID=Europe\/Tallinn:20260315T170000\r$/m);
    const sequence = (ics: string | null) => Number(/^SEQUENCE:(\d+)\r$/m.exec(ics ?? "")?.[1]);
    expect(sequence(planned.ics)).toBeGreaterThan(sequence(accepted.ics));
    expect(planned.body_text).toContain("17:00");
    expect(planned.body_text).not.toContain("18:00");

    // Confirming a planned event changes nothing in the host's calendar: no message.
    expect(await transitionEvent(eventId, "confirmed", actor)).toEqual({ ok: true });
    expect(await toHost()).toHaveLength(2);
  });

  it("uses the existing place the host chose and adds no venue", async () => {
    const venue = await test.db
      .selectFrom("venue")
      .select(["venue.id", "venue.capacity"])
      .innerJoin("town", "town.id", "venue.town_id")
      .where("town.slug", "=", "orissaare")
      .executeTakeFirstOrThrow();
    const { id } = await fileValid({ venue: String(venue.id), venueName: "", venueAddress: "", kind: "cosy_corner", weekdays: [], timeOfDay: "morning", wishes: [] });
    const before = await rowCounts(test.db);
    const { eventId } = await (await decide({ intent: "accept", requestId: String(id) })).json();
    const event = await test.db.selectFrom("event").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ venue_id: venue.id, kind: "cosy_corner", request_id: id, capacity: venue.capacity });
    // Any day will do: the first day of the window, at 10:00.
    expect(event.starts_at).toBe("2026-03-10T08:00:00.000Z");
    expect((await rowCounts(test.db)).venue).toBe(before.venue);
  });

  it("reuses a place we already know when the host described it by the same name", async () => {
    // The demo's Otepää request describes Otepää Kultuurikeskus, which is already a venue.
    const request = await test.db.selectFrom("event_request").select("id").where("organisation", "=", "Otepää Naisselts").executeTakeFirstOrThrow();
    const known = await test.db.selectFrom("venue").select("id").where("name", "=", "Otepää Kultuurikeskus").executeTakeFirstOrThrow();
    const before = await rowCounts(test.db);
    const { eventId } = await (await decide({ intent: "accept", requestId: String(request.id) })).json();
    expect((await test.db.selectFrom("event").select("venue_id").where("id", "=", eventId).executeTakeFirstOrThrow()).venue_id).toBe(known.id);
    expect((await rowCounts(test.db)).venue).toBe(before.venue);
  });

  it("refuses a second accept of the same request and makes no second event", async () => {
    const { id } = await fileValid();
    const first = await decide({ intent: "accept", requestId: String(id) });
    expect(first.status).toBe(200);
    const before = await rowCounts(test.db);
    const second = await decide({ intent: "accept", requestId: String(id) });
    expect(second.status).toBe(409);
    expect((await second.json()).outcome).toBe("alreadyHandled");
    expect(await rowCounts(test.db)).toEqual(before);
    const events = await test.db.selectFrom("event").select("id").where("request_id", "=", id).execute();
    expect(events).toHaveLength(1);
  });

  it("makes exactly one event when two coordinators accept at the same moment", async () => {
    const { id } = await fileValid();
    const actor = { kind: "user" as const, userId: adminId };
    const results = await Promise.all([acceptRequest(id, actor), acceptRequest(id, actor)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_handled" }]);
    expect(await test.db.selectFrom("event").select("id").where("request_id", "=", id).execute()).toHaveLength(1);
  });

  it("refuses to accept a declined request, and answers 404 for an unknown one", async () => {
    const { id } = await fileValid();
    expect((await decide({ intent: "decline", requestId: String(id), reason: "Liiga vara." })).status).toBe(200);
    const before = await rowCounts(test.db);
    expect((await decide({ intent: "accept", requestId: String(id) })).status).toBe(409);
    expect(await rowCounts(test.db)).toEqual(before);
    expect((await decide({ intent: "accept", requestId: "999999" })).status).toBe(404);
  });

  it("takes a request id only in its one spelling: '0x1' or '1e1' is a forged post, not another request", async () => {
    const { id } = await fileValid();
    const before = await rowCounts(test.db);
    for (const requestId of [`0x${id.toString(16)}`, `${id}e0`, `0${id}`, ` ${id}`, `${id}.0`]) {
      expect((await decide({ intent: "accept", requestId })).status, requestId).toBe(400);
      expect((await decide({ intent: "decline", requestId, reason: "Ei." })).status, requestId).toBe(400);
    }
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("is for logged-in coordinators only", async () => {
    const { id } = await fileValid();
    const anonymous = await settle(() => inboxAction({ request: formRequest("/admin/requests", { intent: "accept", requestId: String(id) }), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    expect((await test.db.selectFrom("event_request").select("state").where("id", "=", id).executeTakeFirstOrThrow()).state).toBe("new");
  });
});

describe("a coordinator declines a request", () => {
  it("with a reason that the host then reads through their status link", async () => {
    const { id, token } = await fileValid();
    const response = await decide({ intent: "decline", requestId: String(id), reason: "Märtsis on Saaremaal juba kolm üritust; pakume maid." });
    expect(response.status).toBe(200);
    const status = await (await statusOf(token)).json();
    expect(status.request.state).toBe("declined");
    expect(status.request.decisionReason).toBe("Märtsis on Saaremaal juba kolm üritust; pakume maid.");
    expect(status.events).toEqual([]);
  });

  it("not without a reason", async () => {
    const { id } = await fileValid();
    const before = await rowCounts(test.db);
    const response = await decide({ intent: "decline", requestId: String(id), reason: "   " });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.reason).toBe("validation.required");
    expect(await rowCounts(test.db)).toEqual(before);
    expect((await test.db.selectFrom("event_request").select("state").where("id", "=", id).executeTakeFirstOrThrow()).state).toBe("new");
  });
});

describe("the host's status link", () => {
  it("lets the host withdraw a request only while it is new", async () => {
    const { id, token } = await fileValid();
    const response = await withdraw(token);
    expect(response.status).toBe(200);
    expect((await response.json()).result).toBe("withdrawDone");
    expect((await (await statusOf(token)).json()).request.state).toBe("withdrawn");
    const audit = await test.db
      .selectFrom("audit_log")
      .select(["actor_kind", "action"])
      .where("entity", "=", "event_request")
      .where("entity_id", "=", id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_kind: "host", action: "request.withdraw" });

    const again = await withdraw(token);
    expect(again.status).toBe(409);
    // A withdrawn request cannot be accepted either.
    expect((await decide({ intent: "accept", requestId: String(id) })).status).toBe(409);

    const accepted = await fileValid();
    await decide({ intent: "accept", requestId: String(accepted.id) });
    const before = await rowCounts(test.db);
    const late = await withdraw(accepted.token);
    expect(late.status).toBe(409);
    expect((await late.json()).result).toBe("alreadyHandled");
    expect(await rowCounts(test.db)).toEqual(before);
    expect((await test.db.selectFrom("event_request").select("state").where("id", "=", accepted.id).executeTakeFirstOrThrow()).state).toBe("accepted");
  });

  it("answers 404 for an unknown, malformed or revoked token, to reads and to withdrawals", async () => {
    const { id, token } = await fileValid();
    for (const bad of ["x", "unknown-token-unknown-token-unknown-token-0", `${token}A`, "../../admin"]) {
      expect((await statusOf(bad)).status).toBe(404);
      expect((await withdraw(bad)).status).toBe(404);
    }
    await test.db.updateTable("access_token").set({ revoked_at: NOW }).where("purpose", "=", "host_request").where("subject_id", "=", id).execute();
    const revoked = await statusOf(token);
    expect(revoked.status).toBe(404);
    expect(await revoked.text()).not.toContain("Orissaare");
    expect((await withdraw(token)).status).toBe(404);
    expect((await test.db.selectFrom("event_request").select("state").where("id", "=", id).executeTakeFirstOrThrow()).state).toBe("new");
  });

  it("opens the demo host link, is kept out of search engines and shares no contact details", async () => {
    const response = await statusOf(DEMO_TOKENS.host);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Robots-Tag")).toMatch(/noindex/);
    const data = await response.json();
    expect(data.request.organisation).toBe("Orissaare Kohvik Pärl");
    expect(data.request.email).toBeUndefined();
    expect(data.request.phone).toBeUndefined();
  });

  it("shows the line-up by first name and offer only", async () => {
    const { id, token } = await fileValid();
    const { eventId } = await (await decide({ intent: "accept", requestId: String(id) })).json();
    const participant = await test.db
      .selectFrom("participant")
      .select(["id", "first_name", "last_name", "email", "country_of_origin"])
      .where("erased_at", "is", null)
      .where("last_name", "is not", null)
      .executeTakeFirstOrThrow();
    const slot = await test.db.selectFrom("event_slot").select("id").where("event_id", "=", eventId).where("offer", "=", "food").executeTakeFirstOrThrow();
    const other = await test.db.selectFrom("participant").select("id").where("id", "!=", participant.id).executeTakeFirstOrThrow();
    const crafts = await test.db.selectFrom("event_slot").select("id").where("event_id", "=", eventId).where("offer", "=", "crafts").executeTakeFirstOrThrow();
    await test.db
      .insertInto("assignment")
      .values([
        { event_id: eventId, slot_id: slot.id, participant_id: participant.id, status: "accepted", explanation: "[]", created_at: NOW, updated_at: NOW },
        // Only invited, not yet said yes: not shown to the host.
        { event_id: eventId, slot_id: crafts.id, participant_id: other.id, status: "invited", explanation: "[]", created_at: NOW, updated_at: NOW },
      ])
      .execute();
    const response = await statusOf(token);
    const text = await response.text();
    const data = JSON.parse(text);
    expect(data.events[0].lineUp).toEqual([{ firstName: participant.first_name, offer: "food" }]);
    expect(text).not.toContain(participant.last_name!);
    expect(text).not.toContain(participant.email!);
  });
});

describe("the requests inbox", () => {
  it("lists new requests first and filters by county and state", async () => {
    const { id: ruhnuId } = await fileValid({ townId: String(await townId("ruhnu")), organisation: "Ruhnu Kool" });
    const all = await (await settle(() => inboxLoader({ request: getRequest("/admin/requests", { cookie }), params: {}, context: {} }))).json();
    const states: string[] = all.requests.map((r: { state: string }) => r.state);
    expect(states.indexOf("new")).toBe(0);
    expect(states.lastIndexOf("new")).toBeLessThan(states.findIndex((s) => s !== "new"));
    const ruhnu = all.requests.find((r: { id: number }) => r.id === ruhnuId);
    expect(ruhnu).toMatchObject({ townName: "Ruhnu", regionName: "Saaremaa", onIsland: true, hasLocalCommunity: false });
    expect(ruhnu.nearestCommunity.minutes).toBeGreaterThan(120);

    const harju = await (await settle(() => inboxLoader({ request: getRequest("/admin/requests?region=EE-37", { cookie }), params: {}, context: {} }))).json();
    expect(harju.requests.every((r: { regionCode: string }) => r.regionCode === "EE-37")).toBe(true);
    const saareDeclined = await (
      await settle(() => inboxLoader({ request: getRequest("/admin/requests?region=EE-74&state=declined", { cookie }), params: {}, context: {} }))
    ).json();
    expect(saareDeclined.requests.length).toBeGreaterThan(0);
    expect(saareDeclined.requests.every((r: { regionCode: string; state: string }) => r.regionCode === "EE-74" && r.state === "declined")).toBe(true);
  });
});

describe("proposeEventTime", () => {
  it("picks the first wished weekday in the window, not before the earliest day, across the change to summer time", () => {
    const base = { windowFrom: "2026-03-20", windowTo: "2026-04-30", weekdays: [0], timeOfDay: "afternoon" as const, kind: "forum" as const };
    // Sunday 29 March 2026 is the day clocks go forward; 13:00 is then UTC+3.
    expect(proposeEventTime(base, "2026-03-23")).toEqual({ startsAt: "2026-03-29T10:00:00.000Z", endsAt: "2026-03-29T12:00:00.000Z", localDate: "2026-03-29" });
    expect(proposeEventTime({ ...base, weekdays: [] }, "2026-03-01").localDate).toBe("2026-03-20");
    // Boxing Day 2026 is a Saturday and a public holiday: the next Saturday instead.
    expect(proposeEventTime({ ...base, windowFrom: "2026-12-20", windowTo: "2027-01-31", weekdays: [6] }, "2026-12-01").localDate).toBe("2027-01-02");
  });
});

describe("public form protection", () => {
  it("stores nothing when the hidden honeypot field is filled, and answers as if all went well", async () => {
    const before = await rowCounts(test.db);
    const form = await validForm();
    const response = await settle(() =>
      requestAction({ request: formRequest("/request", { ...form, website: "http://spam.example" }), params: {}, context: { clientIp: "198.51.100.1" } }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("answers 429 after 30 posts an hour from one address", async () => {
    const post = () => settle(() => requestAction({ request: formRequest("/request", {}), params: {}, context: { clientIp: "198.51.100.2" } }));
    for (let i = 0; i < 30; i++) expect((await post()).status).toBe(400);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
