import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { localDateOf, localMinutesOf } from "~/domain/schedule";
import { action as eventAction } from "~/routes/admin.events.$id";
import { action as seriesAction, loader as seriesLoader } from "~/routes/admin.series.$id";
import { action as newSeriesAction } from "~/routes/admin.series.new";

import { loginAsNewCoordinator } from "../helpers/auth";
import { auditCount, createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { seriesFormFields } from "../helpers/forms";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let cookie: string;
let venueId: number;

beforeAll(async () => {
  // "Now" is mid-series: the first sessions are history.
  process.env.TUTTAV_NOW = "2026-10-20T10:00:00.000Z";
  test = await createTestDatabase();
  ({ cookie } = await loginAsNewCoordinator());
  const town = await test.db.selectFrom("town").select("id").where("slug", "=", "haapsalu").executeTakeFirstOrThrow();
  venueId = (
    await test.db
      .insertInto("venue")
      .values({ town_id: town.id, name: "Kogukonnamaja", venue_type: "community_centre", capacity: 20, step_free: 1, child_friendly: 1, created_at: "2026-01-01T00:00:00.000Z" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const seriesForm = (changes: Record<string, string | string[]> = {}) => seriesFormFields(venueId, changes);

async function sessionsOf(seriesId: number) {
  return test.db
    .selectFrom("event")
    .select(["id", "starts_at", "ends_at", "state", "edited", "occurrence_date", "title"])
    .where("series_id", "=", seriesId)
    .orderBy("starts_at")
    .execute();
}

describe("cosy-corner series", () => {
  let seriesId: number;

  it("creates one event per session, at 17:00 Tallinn time on both sides of the October DST change", async () => {
    const response = await settle(() => newSeriesAction({ request: formRequest("/admin/series/new", seriesForm(), { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    seriesId = Number(response.headers.get("Location")!.match(/series\/(\d+)/)![1]);
    const sessions = await sessionsOf(seriesId);
    expect(sessions.map((s) => localDateOf(s.starts_at))).toEqual(["2026-10-04", "2026-10-11", "2026-10-18", "2026-10-25", "2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22"]);
    expect(sessions.every((s) => localMinutesOf(s.starts_at) === 17 * 60)).toBe(true);
    expect(sessions.map((s) => s.starts_at.slice(11, 16))).toEqual(["14:00", "14:00", "14:00", "15:00", "15:00", "15:00", "15:00", "15:00"]);
    expect(sessions.every((s) => s.state === "planned")).toBe(true);
    const slots = await test.db.selectFrom("event_slot").select("offer").where("event_id", "=", sessions[0].id).orderBy("position").execute();
    expect(slots.map((s) => s.offer)).toEqual(["crafts", "language_cafe"]);
  });

  it("editing the rule moves only future, unedited, uncancelled sessions", async () => {
    const before = await sessionsOf(seriesId);
    const [past1, past2, past3, cancelled, edited] = before;
    // One session cancelled (an exception), one edited by hand.
    expect(
      (
        await settle(() =>
          eventAction({
            request: formRequest(`/admin/events/${cancelled.id}`, { intent: "transition", to: "cancelled", reason: "Saal kinni" }, { cookie }),
            params: { id: String(cancelled.id) },
            context: {},
          }),
        )
      ).status,
    ).toBe(200);
    const editForm = {
      intent: "save",
      kind: "cosy_corner",
      venueId: String(venueId),
      title_et: "Hubane nurk – erikohtumine",
      date: "2026-11-01",
      startTime: "16:00",
      endTime: "18:00",
      languages: ["et"],
      slot_language_cafe: "1",
      slot_crafts: "1",
    };
    expect(
      (await settle(() => eventAction({ request: formRequest(`/admin/events/${edited.id}`, editForm, { cookie }), params: { id: String(edited.id) }, context: {} }))).status,
    ).toBe(200);

    const response = await settle(() =>
      seriesAction({
        request: formRequest(`/admin/series/${seriesId}`, seriesForm({ startTime: "18:00", count: "10", title_et: "Hubane nurk (uus aeg)" }), { cookie }),
        params: { id: String(seriesId) },
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).summary).toEqual({ updated: 3, created: 2, removed: 0, kept: 5 });

    const after = await sessionsOf(seriesId);
    const byId = new Map(after.map((s) => [s.id, s]));
    for (const past of [past1, past2, past3]) expect(byId.get(past.id)).toEqual(past);
    expect(byId.get(cancelled.id)!.state).toBe("cancelled");
    expect(byId.get(cancelled.id)!.starts_at).toBe(cancelled.starts_at);
    expect(localMinutesOf(byId.get(edited.id)!.starts_at)).toBe(16 * 60);
    expect(JSON.parse(byId.get(edited.id)!.title).et).toBe("Hubane nurk – erikohtumine");
    const followers = after.filter((s) => ![past1, past2, past3, cancelled, edited].some((p) => p.id === s.id));
    expect(followers.map((s) => localDateOf(s.starts_at))).toEqual(["2026-11-08", "2026-11-15", "2026-11-22", "2026-11-29", "2026-12-06"]);
    expect(followers.every((s) => localMinutesOf(s.starts_at) === 18 * 60)).toBe(true);
    expect(followers.every((s) => JSON.parse(s.title).et === "Hubane nurk (uus aeg)")).toBe(true);
  });

  it("refuses an impossible rule with a message next to the field and stores nothing", async () => {
    const before = await rowCounts(test.db);
    const response = await settle(() =>
      newSeriesAction({ request: formRequest("/admin/series/new", seriesForm({ endType: "until", until: "2026-09-01", count: "" }), { cookie }), params: {}, context: {} }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).errors.until).toBe("validation.rule.until_before_start");
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("describes its rule for the page", async () => {
    const response = await settle(() => seriesLoader({ request: getRequest(`/admin/series/${seriesId}`, { cookie }), params: { id: String(seriesId) }, context: {} }));
    const data = await response.json();
    expect(data.description.key).toBe("series.rule.weekly_count");
    expect(data.description.params).toMatchObject({ weekday: 0, startTime: "18:00", count: 10 });
  });

  it("plans every draft session ahead in one click, each as its own page would, and leaves past drafts and other series alone", async () => {
    // Created as drafts (the form's choice); "now" is mid-series, so three are past.
    const created = await settle(() => newSeriesAction({ request: formRequest("/admin/series/new", seriesForm({ sessionState: "draft" }), { cookie }), params: {}, context: {} }));
    const draftSeries = Number(created.headers.get("Location")!.match(/series\/(\d+)/)![1]);
    const before = await sessionsOf(draftSeries);
    expect(before.map((s) => s.state)).toEqual(Array(8).fill("draft"));
    const load = async () =>
      (await settle(() => seriesLoader({ request: getRequest(`/admin/series/${draftSeries}`, { cookie }), params: { id: String(draftSeries) }, context: {} }))).json();
    expect((await load()).draftsAhead).toBe(5);
    const others = await sessionsOf(seriesId);
    const audits = () => auditCount(test.db, "event.transition");
    const auditsBefore = await audits();

    const plan = (id: number) =>
      settle(() => seriesAction({ request: formRequest(`/admin/series/${id}`, { intent: "plan_drafts" }, { cookie }), params: { id: String(id) }, context: {} }));
    const response = await plan(draftSeries);
    expect(response.status).toBe(200);
    expect((await response.json()).planned).toBe(5);
    const after = await sessionsOf(draftSeries);
    expect(after.map((s) => s.state)).toEqual(["draft", "draft", "draft", "planned", "planned", "planned", "planned", "planned"]);
    const sequences = await test.db.selectFrom("event").select(["id", "sequence"]).where("series_id", "=", draftSeries).orderBy("starts_at").execute();
    expect(sequences.map((s) => s.sequence)).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    expect(await audits()).toBe(auditsBefore + 5);
    expect(await sessionsOf(seriesId)).toEqual(others);
    expect((await load()).draftsAhead).toBe(0);

    // Again: nothing left to plan. An unknown series: 404, nothing written.
    expect((await (await plan(draftSeries)).json()).planned).toBe(0);
    const counts = await rowCounts(test.db);
    expect((await plan(999_999)).status).toBe(404);
    expect(await rowCounts(test.db)).toEqual(counts);
  });
});
