import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hostLinkExpiry, localDateOf } from "~/domain/schedule";
import { transitionEvent } from "~/models/event/lifecycle.server";
import { getRequestForHost } from "~/models/request/host.server";
import { resendHostLinks } from "~/models/request/links.server";
import { loader as statusLoader } from "~/routes/_public.request_.status.$token";
import { action as matchingAction, loader as matchingLoader } from "~/routes/admin.matching";
import { loader as inboxLoader } from "~/routes/admin.requests";
import { action as seriesAction } from "~/routes/admin.series.$id";
import { action as newSeriesAction, loader as newSeriesLoader } from "~/routes/admin.series.new";
import { hashToken } from "~/utils/token.server";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { seriesFormFields } from "../helpers/forms";
import { fileHostRequest } from "../helpers/hostRequest";
import { formRequest, getRequest, settle } from "../helpers/requests";

const NOW = "2026-11-23T10:00:00.000Z";
const QUERY = "from=2026-12-01&to=2027-01-31";
let test: TestDatabase;
let cookie: string;
let venueId: number;
const people: Record<string, number> = {};

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase();
  ({ cookie } = await loginAsNewCoordinator());
  const db = test.db;
  const town = async (slug: string) => (await db.selectFrom("town").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
  const at = "2026-09-01T00:00:00.000Z";
  venueId = (
    await db
      .insertInto("venue")
      .values({ town_id: await town("paide"), name: "Paide raamatukogu", venue_type: "library", capacity: 40, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  for (const [name, country] of [
    ["Olena", "UA"],
    ["Iryna", "UA"],
    ["Ahmad", "SY"],
  ] as const) {
    const p = await db
      .insertInto("participant")
      .values({
        first_name: name,
        home_town_id: await town("tallinn"),
        max_travel_minutes: 180,
        monthly_cap: 8,
        weekdays: "[6]",
        times_of_day: JSON.stringify(["evening"]),
        country_of_origin: country,
        gender: "woman",
        consent_at: at,
        consent_version: "1",
        created_at: at,
        updated_at: at,
        last_active_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    people[name] = p.id;
    await db.insertInto("participant_language").values({ participant_id: p.id, code: "ru", level: "fluent" }).execute();
  }
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const run = async () => (await (await settle(() => matchingLoader({ request: getRequest(`/admin/matching?run=1&${QUERY}`, { cookie }), params: {}, context: {} }))).json()).run;
const post = (fields: Record<string, string>) => settle(() => matchingAction({ request: formRequest(`/admin/matching?${QUERY}`, fields, { cookie }), params: {}, context: {} }));
type RunView = { events: { id: number; seriesId: number | null; slots: { participant: { id: number } | null }[] }[] };
/** Which sessions a person is proposed for. */
const sessionsOf = (result: RunView, participantId: number) => result.events.filter((e) => e.slots.some((s) => s.participant?.id === participantId)).map((e) => e.id);

describe("lock or exclude for a whole series", () => {
  let seriesId: number;
  let sessionIds: number[];

  beforeAll(async () => {
    // Saturdays 17:00 in Paide, three sessions in December, one open place each.
    const fields = seriesFormFields(venueId, { startDate: "2026-12-05", count: "3", languages: ["et", "ru"], slot_crafts: "0", slot_language_cafe: "0", slot_any: "1" });
    const response = await settle(() => newSeriesAction({ request: formRequest("/admin/series/new", fields, { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    seriesId = Number(/series\/(\d+)/.exec(response.headers.get("Location")!)![1]);
    sessionIds = (await test.db.selectFrom("event").select("id").where("series_id", "=", seriesId).orderBy("starts_at").execute()).map((e) => e.id);
    expect(sessionIds).toHaveLength(3);
  });

  it("shows whole-series buttons only where a session belongs to a series, and Olena is proposed before", async () => {
    const result: RunView = await run();
    expect(result.events.map((e) => e.seriesId)).toEqual([seriesId, seriesId, seriesId]);
    expect(sessionsOf(result, people.Olena).length).toBeGreaterThan(0);
  });

  it("excludes a person from every upcoming session in one click, replacing her one-session choices, audited once with the count", async () => {
    // A one-session lock from before: the series-wide choice replaces it.
    expect((await post({ intent: "constraint", participantId: String(people.Olena), eventId: String(sessionIds[0]), kind: "lock" })).status).toBe(200);
    const response = await post({ intent: "series_constraint", participantId: String(people.Olena), seriesId: String(seriesId), kind: "exclude" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, message: "seriesRequest.matching.done.exclude", count: 3 });
    expect(await test.db.selectFrom("match_constraint").selectAll().where("participant_id", "=", people.Olena).execute()).toEqual([]);
    const audits = await test.db.selectFrom("audit_log").select(["action", "entity", "entity_id", "details"]).where("action", "like", "matching.series_%").execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "matching.series_exclude", entity: "series", entity_id: seriesId });
    expect(JSON.parse(audits[0].details!)).toEqual({ participantId: people.Olena, sessions: 3 });

    const result = await run();
    expect(sessionsOf(result, people.Olena)).toEqual([]);
    // Listed once, as a series-wide choice, not once per session.
    expect(result.seriesConstraints).toEqual([expect.objectContaining({ participantId: people.Olena, seriesId, kind: "exclude", sessions: 3 })]);
    expect(result.constraints.filter((c: { participantId: number }) => c.participantId === people.Olena)).toEqual([]);
  });

  it("holds for a session added to the series after the click", async () => {
    const fields = seriesFormFields(venueId, { startDate: "2026-12-05", count: "5", languages: ["et", "ru"], slot_crafts: "0", slot_language_cafe: "0", slot_any: "1" });
    const response = await settle(() => seriesAction({ request: formRequest(`/admin/series/${seriesId}`, fields, { cookie }), params: { id: String(seriesId) }, context: {} }));
    expect([200, 302]).toContain(response.status);
    const sessions = await test.db.selectFrom("event").select("id").where("series_id", "=", seriesId).execute();
    expect(sessions).toHaveLength(5);
    const added = sessions.map((s) => s.id).filter((id) => !sessionIds.includes(id));
    expect(added).toHaveLength(2);

    const result: RunView = await run();
    expect(result.events.map((e) => e.id)).toEqual(expect.arrayContaining(added));
    expect(sessionsOf(result, people.Olena)).toEqual([]);
    // Without the exclusion someone has to fill five places with three people: the others are not enough on their own.
    expect(result.events.every((e) => e.slots.every((s) => s.participant !== null))).toBe(true);
  });

  it("a one-session choice still overrides the series-wide one", async () => {
    expect((await post({ intent: "constraint", participantId: String(people.Olena), eventId: String(sessionIds[1]), kind: "lock" })).status).toBe(200);
    const result: RunView = await run();
    expect(sessionsOf(result, people.Olena)).toEqual([sessionIds[1]]);
    expect((await post({ intent: "constraint", participantId: String(people.Olena), eventId: String(sessionIds[1]), kind: "none" })).status).toBe(200);
  });

  it("clearing for the whole series brings her back, audited", async () => {
    const response = await post({ intent: "series_constraint", participantId: String(people.Olena), seriesId: String(seriesId), kind: "none" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ message: "seriesRequest.matching.done.none", count: 5 });
    expect(await test.db.selectFrom("series_constraint").selectAll().execute()).toEqual([]);
    const result = await run();
    expect(sessionsOf(result, people.Olena).length).toBeGreaterThan(0);
    expect(result.seriesConstraints).toEqual([]);
    expect(await test.db.selectFrom("audit_log").select("action").where("action", "=", "matching.series_clear").execute()).toHaveLength(1);
  });

  it("locks a person for every session of the series", async () => {
    expect((await post({ intent: "series_constraint", participantId: String(people.Ahmad), seriesId: String(seriesId), kind: "lock" })).status).toBe(200);
    const result: RunView = await run();
    expect(sessionsOf(result, people.Ahmad)).toHaveLength(5);
    expect((await post({ intent: "series_constraint", participantId: String(people.Ahmad), seriesId: String(seriesId), kind: "none" })).status).toBe(200);
  });

  it("refuses bad input with a message and changes nothing", async () => {
    const before = await test.db.selectFrom("audit_log").select("id").execute();
    const bad = await post({ intent: "series_constraint", participantId: String(people.Olena), seriesId: "abc", kind: "exclude" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toBe("validation.invalid");
    const unknown = await post({ intent: "series_constraint", participantId: String(people.Olena), seriesId: "999999", kind: "exclude" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toBe("seriesRequest.matching.notFound");
    expect(await test.db.selectFrom("series_constraint").selectAll().execute()).toEqual([]);
    expect(await test.db.selectFrom("audit_log").select("id").execute()).toEqual(before);
  });
});

describe("a cosy-corner request becomes a series", () => {
  let requestId: number;
  let token: string;

  // The host's window opens on 20 May 2026 (see fileHostRequest): "now" is before it.
  const SPRING = "2026-05-01T10:00:00.000Z";
  beforeAll(async () => {
    process.env.TUTTAV_NOW = SPRING;
    ({ id: requestId, token } = await fileHostRequest(test.db, { organisation: "Kärdla kohvik OÜ", windowTo: "2026-08-31" }));
  });

  const loadForm = (id: string | number) => settle(() => newSeriesLoader({ request: getRequest(`/admin/series/new?request=${id}`, { cookie }), params: {}, context: {} }));
  const save = (fields: Record<string, string | string[]>) =>
    settle(() => newSeriesAction({ request: formRequest("/admin/series/new", fields, { cookie }), params: {}, context: {} }));

  it("opens the series form prefilled from the request, writing nothing", async () => {
    const before = await rowCounts(test.db);
    const response = await loadForm(requestId);
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.fromRequest.request.id).toBe(requestId);
    expect(data.fromRequest.newVenue).toEqual({ name: "Kärdla kohvik", townName: "Kärdla" });
    expect(data.defaults).toMatchObject({
      requestId: String(requestId),
      venueId: "request",
      frequency: "weekly",
      // The first day of the host's window (they wished no weekday).
      startDate: "2026-05-20",
      startTime: "13:00",
      endType: "until",
      until: "2026-08-31",
      capacity: "30",
      languages: ["et"],
      sessionState: "draft",
    });
    expect(data.defaults.title_et).toContain("Kärdla");
    expect(data.defaults.title_uk).toContain("Kärdla");
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("saves the edited form as a series linked to the request, in one go, and tells the host", async () => {
    const data = await (await loadForm(requestId)).json();
    // The coordinator moves it to Saturdays and ends it after six sessions.
    const response = await save({ ...data.defaults, intent: "save", startDate: "2026-05-23", endType: "count", count: "6" });
    expect(response.status).toBe(302);
    const seriesId = Number(/series\/(\d+)\?created=6/.exec(response.headers.get("Location")!)![1]);
    const series = await test.db.selectFrom("series").selectAll().where("id", "=", seriesId).executeTakeFirstOrThrow();
    expect(series.request_id).toBe(requestId);
    const sessions = await test.db
      .selectFrom("event")
      .select(["starts_at", "request_id", "series_id", "venue_id"])
      .where("series_id", "=", seriesId)
      .orderBy("starts_at")
      .execute();
    expect(sessions).toHaveLength(6);
    expect(sessions.every((s) => s.request_id === requestId && s.venue_id === series.venue_id)).toBe(true);
    expect(sessions.map((s) => new Date(`${localDateOf(s.starts_at)}T12:00:00Z`).getUTCDay())).toEqual([6, 6, 6, 6, 6, 6]);
    const request = await test.db.selectFrom("event_request").select(["state", "venue_id"]).where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(request.state).toBe("accepted");
    // The host's new place was made in the same transaction and the request points to it.
    const venue = await test.db.selectFrom("venue").select(["name", "id"]).where("id", "=", series.venue_id).executeTakeFirstOrThrow();
    expect(venue.name).toBe("Kärdla kohvik");
    expect(request.venue_id).toBe(venue.id);
    const audit = await test.db.selectFrom("audit_log").select("details").where("action", "=", "request.accept").where("entity_id", "=", requestId).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toMatchObject({ seriesId, sessions: 6 });
    const message = await test.db
      .selectFrom("message")
      .select(["kind", "body_text"])
      .where("request_id", "=", requestId)
      .where("kind", "=", "request_accepted")
      .executeTakeFirstOrThrow();
    expect(message.body_text).toContain("6 sessions");

    // The inbox links the request to its series once, with its number of sessions, not to each session.
    const inbox = await (await settle(() => inboxLoader({ request: getRequest("/admin/requests?lng=en", { cookie }), params: {}, context: {} }))).json();
    const row = inbox.requests.find((r: { id: number }) => r.id === requestId);
    expect(row.eventIds).toEqual([]);
    expect(row.series).toEqual([{ id: seriesId, title: JSON.parse(series.title).en, sessions: 6 }]);
  });

  it("planning the sessions tells the host once, for the session their calendar has, not once per session", async () => {
    const sessions = await test.db.selectFrom("event").select(["id", "state"]).where("request_id", "=", requestId).orderBy("starts_at").execute();
    expect(sessions.map((s) => s.state)).toEqual(Array(6).fill("draft"));
    const accepted = await test.db.selectFrom("message").select("event_id").where("request_id", "=", requestId).where("kind", "=", "request_accepted").executeTakeFirstOrThrow();
    expect(accepted.event_id).toBe(sessions[0].id);
    const { userId } = await test.db.selectFrom("user").select("id as userId").where("role", "=", "coordinator").executeTakeFirstOrThrow();
    for (const session of sessions) expect(await transitionEvent(session.id, "planned", { kind: "user", userId })).toEqual({ ok: true });
    const planned = await test.db.selectFrom("message").select(["event_id", "ics_method"]).where("request_id", "=", requestId).where("kind", "=", "event_planned").execute();
    expect(planned).toEqual([{ event_id: sessions[0].id, ics_method: "REQUEST" }]);
  });

  it("keeps the host's status link working until 180 days after the series' last session, not after the wished window", async () => {
    const other = await fileHostRequest(test.db, { organisation: "Kärdla pikk sari", windowTo: "2026-06-30" });
    const before = await test.db.selectFrom("access_token").select("expires_at").where("token_hash", "=", hashToken(other.token)).executeTakeFirstOrThrow();
    expect(before.expires_at).toBe(hostLinkExpiry("2026-06-30"));
    const data = await (await loadForm(other.id)).json();
    // Thirty Saturdays from 6 June: the last session is on 26 December 2026, half a year past the window.
    expect((await save({ ...data.defaults, intent: "save", startDate: "2026-06-06", endType: "count", count: "30" })).status).toBe(302);
    const last = await test.db
      .selectFrom("event")
      .select((eb) => eb.fn.max("starts_at").as("at"))
      .where("request_id", "=", other.id)
      .executeTakeFirstOrThrow();
    expect(localDateOf(last.at!)).toBe("2026-12-26");
    const links = await test.db
      .selectFrom("access_token")
      .select("expires_at")
      .where("purpose", "=", "host_request")
      .where("subject_id", "=", other.id)
      .where("revoked_at", "is", null)
      .execute();
    // The link from the request form and the one in the "accepted" message both last.
    expect(links.length).toBeGreaterThanOrEqual(2);
    expect(links.every((l) => l.expires_at === hostLinkExpiry("2026-12-26"))).toBe(true);

    // In March 2027 the window's 180 days are over, but the series' are not: the host still gets in.
    process.env.TUTTAV_NOW = "2027-03-01T10:00:00.000Z";
    try {
      const status = await settle(() => statusLoader({ request: getRequest(`/request/status/${other.token}?lng=en`), params: { token: other.token }, context: {} }));
      expect(status.status).toBe(200);
      // A link the host asks for again now gets the same span.
      await resendHostLinks("piret@kardla.example");
      const fresh = await test.db
        .selectFrom("access_token")
        .select("expires_at")
        .where("subject_id", "=", other.id)
        .where("purpose", "=", "host_request")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(fresh.expires_at).toBe(hostLinkExpiry("2026-12-26"));
    } finally {
      process.env.TUTTAV_NOW = SPRING;
    }
  });

  it("refuses a second accept with a message and writes nothing", async () => {
    const data = await (await settle(() => newSeriesLoader({ request: getRequest(`/admin/series/new?request=${requestId}`, { cookie }), params: {}, context: {} }))).json();
    expect(data.requestProblem).toBe("already_handled");
    const before = await rowCounts(test.db);
    const messages = await test.db.selectFrom("message").select("id").execute();
    const fields = { ...seriesFormFields(venueId), requestId: String(requestId) };
    const response = await save(fields);
    expect(response.status).toBe(409);
    expect((await response.json()).problem).toBe("already_handled");
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await test.db.selectFrom("message").select("id").execute()).toEqual(messages);
  });

  it("writes nothing when the form has errors, and the request stays new", async () => {
    const other = await fileHostRequest(test.db, { organisation: "Teine kohvik", windowTo: "2026-09-30" });
    const data = await (await loadForm(other.id)).json();
    const before = await rowCounts(test.db);
    const response = await save({ ...data.defaults, intent: "save", startTime: "25:99" });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.startTime).toBeTruthy();
    expect(await rowCounts(test.db)).toEqual(before);
    expect((await test.db.selectFrom("event_request").select("state").where("id", "=", other.id).executeTakeFirstOrThrow()).state).toBe("new");
  });

  it("refuses other kinds, unknown and forged ids", async () => {
    const other = await fileHostRequest(test.db, { organisation: "Kolmas kohvik", windowTo: "2026-09-30" });
    await test.db.updateTable("event_request").set({ kind: "community_event" }).where("id", "=", other.id).execute();
    const data = await (await loadForm(other.id)).json();
    expect(data.requestProblem).toBe("not_cosy_corner");
    expect((await loadForm(999999)).status).toBe(404);
    expect((await loadForm("1e1")).status).toBe(404);
    const before = await rowCounts(test.db);
    expect((await save({ ...seriesFormFields(venueId), requestId: "0x1" })).status).toBe(400);
    expect((await save({ ...seriesFormFields(venueId), requestId: String(other.id) })).status).toBe(409);
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("the host's status page lists every session with its line-up, past ones marked", async () => {
    const found = await getRequestForHost(token, "en");
    expect(found!.series!.sessions).toHaveLength(6);
    expect(found!.series!.sessions.every((s) => !s.past)).toBe(true);
    expect(found!.series!.title).toContain("Kärdla");
    // Someone said yes to the second session: the host sees her first name.
    const second = found!.series!.sessions[1];
    const slot = await test.db.selectFrom("event_slot").select("id").where("event_id", "=", second.id).orderBy("position").executeTakeFirstOrThrow();
    const at = SPRING;
    await test.db
      .insertInto("assignment")
      .values({ event_id: second.id, slot_id: slot.id, participant_id: people.Iryna, status: "accepted", created_at: at, updated_at: at })
      .execute();
    process.env.TUTTAV_NOW = "2026-06-01T10:00:00.000Z";
    try {
      const later = await getRequestForHost(token, "en");
      expect(later!.series!.sessions.map((s) => s.past)).toEqual([true, true, false, false, false, false]);
      expect(later!.series!.sessions[1].lineUp).toEqual([{ firstName: "Iryna", offer: expect.anything() }]);
      expect(JSON.stringify(later!.series)).not.toContain("Tallinn");
    } finally {
      process.env.TUTTAV_NOW = SPRING;
    }
  });
});
