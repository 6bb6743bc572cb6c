import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { zonedInstant } from "~/domain/schedule";
import { action as matchingAction, loader as matchingLoader } from "~/routes/admin.matching";
import { loader as rotationLoader } from "~/routes/admin.rotation";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

const NOW = "2026-11-23T10:00:00.000Z";
const QUERY = "from=2026-12-01&to=2026-12-31";
let test: TestDatabase;
let cookie: string;
let eventId: number;
const people: Record<string, number> = {};

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase();
  ({ cookie } = await loginAsNewCoordinator());
  const db = test.db;
  const town = async (slug: string) => (await db.selectFrom("town").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
  const at = "2026-09-01T00:00:00.000Z";
  const venue = await db
    .insertInto("venue")
    .values({ town_id: await town("paide"), name: "Paide raamatukogu", venue_type: "library", capacity: 40, created_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const event = await db
    .insertInto("event")
    .values({
      kind: "community_event",
      state: "planned",
      title: JSON.stringify({ et: "Saame tuttavaks! Paide" }),
      venue_id: venue.id,
      starts_at: zonedInstant("2026-12-12", "12:00").toISOString(),
      ends_at: zonedInstant("2026-12-12", "16:00").toISOString(),
      languages: JSON.stringify(["et", "ru"]),
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  eventId = event.id;
  await db
    .insertInto("event_slot")
    .values([
      { event_id: eventId, offer: "crafts", position: 0 },
      { event_id: eventId, offer: null, position: 1 },
    ])
    .execute();
  for (const [name, country, offers] of [
    ["Olena", "UA", ["crafts"]],
    ["Iryna", "UA", ["food"]],
    ["Ahmad", "SY", ["story"]],
  ] as const) {
    const p = await db
      .insertInto("participant")
      .values({
        first_name: name,
        home_town_id: await town("tallinn"),
        max_travel_minutes: 180,
        monthly_cap: 2,
        weekdays: "[6]",
        times_of_day: JSON.stringify(["afternoon"]),
        country_of_origin: country,
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
    for (const offer of offers) await db.insertInto("participant_offer").values({ participant_id: p.id, offer }).execute();
  }
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const run = async () => (await (await settle(() => matchingLoader({ request: getRequest(`/admin/matching?run=1&${QUERY}`, { cookie }), params: {}, context: {} }))).json()).run;
const post = (fields: Record<string, string>) => settle(() => matchingAction({ request: formRequest(`/admin/matching?${QUERY}`, fields, { cookie }), params: {}, context: {} }));
const picked = (result: { events: { slots: { participant: { id: number } | null }[] }[] }) =>
  result.events
    .flatMap((e) => e.slots.map((s) => s.participant?.id))
    .filter(Boolean)
    .sort();

describe("matching in the app", () => {
  it("proposes the crafts place to the one who brings crafts and mixes countries, with reasons", async () => {
    const result = await run();
    expect(result.status).toBe("optimal");
    const slots = result.events[0].slots;
    expect(slots[0].participant.id).toBe(people.Olena);
    // Iryna is also Ukrainian: Ahmad keeps the group mixed.
    expect(slots[1].participant.id).toBe(people.Ahmad);
    const codes = slots[0].reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(["shares_language", "travel", "brings_offer"]));
    expect(result.byParticipant.find((p: { id: number }) => p.id === people.Iryna).reasons[0].code).toBe("others_fit_better");
  });

  it("honours a lock and an exclusion on the next run", async () => {
    expect((await post({ intent: "constraint", participantId: String(people.Iryna), eventId: String(eventId), kind: "lock" })).status).toBe(200);
    expect((await post({ intent: "constraint", participantId: String(people.Ahmad), eventId: String(eventId), kind: "exclude" })).status).toBe(200);
    const result = await run();
    expect(picked(result)).toEqual([people.Olena, people.Iryna].sort());
    expect(result.constraints.map((c: { kind: string }) => c.kind).sort()).toEqual(["exclude", "lock"]);
  });

  it("accepts only what was shown: a stale proposal stores nothing", async () => {
    const stale = await post({ intent: "accept", fingerprint: "not-what-you-saw" });
    expect(stale.status).toBe(409);
    expect((await stale.json()).message).toBe("matching.accept.changed");
    expect(await test.db.selectFrom("assignment").select("id").execute()).toEqual([]);

    const { fingerprint } = await run();
    const accepted = await post({ intent: "accept", fingerprint });
    expect(accepted.status).toBe(200);
    const rows = await test.db.selectFrom("assignment").select(["participant_id", "status", "explanation"]).orderBy("participant_id").execute();
    expect(rows.map((r) => [r.participant_id, r.status])).toEqual(
      [
        [people.Olena, "proposed"],
        [people.Iryna, "proposed"],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect(JSON.parse(rows[0].explanation).length).toBeGreaterThan(0);
  });

  it("sends the invitations, and a declined invitation is never proposed again", async () => {
    const sent = await post({ intent: "invite" });
    expect(await sent.json()).toMatchObject({ ok: true, count: 2 });
    expect((await test.db.selectFrom("assignment").select("status").execute()).every((a) => a.status === "invited")).toBe(true);

    await test.db.updateTable("assignment").set({ status: "declined" }).where("participant_id", "=", people.Iryna).execute();
    await post({ intent: "constraint", participantId: String(people.Iryna), eventId: String(eventId), kind: "none" });
    await post({ intent: "constraint", participantId: String(people.Ahmad), eventId: String(eventId), kind: "none" });
    const result = await run();
    // Olena's invitation still holds her place; the open place goes to Ahmad, not to Iryna who said no.
    expect(picked(result)).toEqual([people.Ahmad]);
  });

  it("shows the season's rotation with Gini and who was not asked yet", async () => {
    await test.db.updateTable("assignment").set({ status: "accepted" }).where("participant_id", "=", people.Olena).execute();
    const data = await (await settle(() => rotationLoader({ request: getRequest("/admin/rotation", { cookie }), params: {}, context: {} }))).json();
    const flags = Object.fromEntries(data.people.map((p: { id: number; flag: string }) => [p.id, p.flag]));
    expect(flags[people.Olena]).toBe("ok");
    expect(flags[people.Ahmad]).toBe("none");
    expect(data.maxLoad).toBe(1);
    expect(data.gini).toBeGreaterThan(0);
  });
});
