import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { zonedInstant } from "~/domain/schedule";
import { action as matchingAction, loader as matchingLoader } from "~/routes/admin.matching";

import { loginAsNewCoordinator } from "../helpers/auth";
import { auditCount, createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

// Two coordinators press "accept" at the same moment. Each request reads the matcher's input again
// (a few awaited queries) before it writes, so two requests started together both get past the
// fingerprint check before either has stored anything: the overlap this test relies on.

const NOW = "2026-11-23T10:00:00.000Z";
const PERIOD = "from=2026-12-01&to=2026-12-31";
let test: TestDatabase;
let cookies: string[];
let paideSlot: number;
let tartuSlot: number;
const people: Record<string, number> = {};

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase();
  cookies = [(await loginAsNewCoordinator()).cookie, (await loginAsNewCoordinator()).cookie];
  const db = test.db;
  const town = async (slug: string) => (await db.selectFrom("town").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
  const at = "2026-09-01T00:00:00.000Z";
  // Two events on the same Saturday, one place each: Paide (Järvamaa) and Tartu (Tartumaa).
  const slotAt = async (slug: string, name: string) => {
    const venue = await db
      .insertInto("venue")
      .values({ town_id: await town(slug), name, venue_type: "library", capacity: 40, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const event = await db
      .insertInto("event")
      .values({
        kind: "community_event",
        state: "planned",
        title: JSON.stringify({ et: `Saame tuttavaks! ${name}` }),
        venue_id: venue.id,
        starts_at: zonedInstant("2026-12-12", "12:00").toISOString(),
        ends_at: zonedInstant("2026-12-12", "16:00").toISOString(),
        languages: JSON.stringify(["ru"]),
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return (await db.insertInto("event_slot").values({ event_id: event.id, offer: null, position: 0 }).returning("id").executeTakeFirstOrThrow()).id;
  };
  paideSlot = await slotAt("paide", "Paide");
  tartuSlot = await slotAt("tartu", "Tartu");
  // Marju lives in Paide and can also reach Tartu; Iryna in Tallinn reaches Paide but not Tartu.
  // Järvamaa alone: Marju takes the Paide place (no travel). All of Estonia: Marju goes to Tartu
  // so that Iryna can take the Paide place.
  for (const [name, slug, maxTravel] of [
    ["Marju", "paide", 180],
    ["Iryna", "tallinn", 100],
  ] as const) {
    const p = await db
      .insertInto("participant")
      .values({
        first_name: name,
        home_town_id: await town(slug),
        max_travel_minutes: maxTravel,
        monthly_cap: 2,
        weekdays: "[6]",
        times_of_day: JSON.stringify(["afternoon"]),
        country_of_origin: "UA",
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
beforeEach(async () => {
  await test.db.deleteFrom("assignment").execute();
  await test.db.deleteFrom("audit_log").where("action", "=", "matching.accept").execute();
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const shown = async (query: string) => {
  const response = await settle(() => matchingLoader({ request: getRequest(`/admin/matching?run=1&${query}`, { cookie: cookies[0] }), params: {}, context: {} }));
  return (await response.json()).run as { fingerprint: string; events: { slots: { id: number; participant: { id: number } | null }[] }[] };
};
const accept = (query: string, fingerprint: string, cookie: string) =>
  settle(() => matchingAction({ request: formRequest(`/admin/matching?${query}`, { intent: "accept", fingerprint }, { cookie }), params: {}, context: {} })).then(
    async (response) => ({ status: response.status, body: await response.json() }),
    (error: unknown) => ({ status: 500, body: { error: String(error) } }),
  );
const proposedRows = () =>
  test.db.selectFrom("assignment").select(["slot_id", "participant_id", "status"]).where("status", "=", "proposed").orderBy("slot_id").orderBy("participant_id").execute();
const acceptAudits = () => auditCount(test.db, "matching.accept");

describe("accepting a proposal twice at the same moment", () => {
  it("stores it once: one coordinator is told it is done, the other that the proposal changed", async () => {
    const query = PERIOD;
    const { fingerprint, events } = await shown(query);
    expect(events.flatMap((e) => e.slots.map((s) => s.participant?.id)).sort()).toEqual([people.Marju, people.Iryna].sort());

    const answers = await Promise.all(cookies.map((cookie) => accept(query, fingerprint, cookie)));

    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 200)!.body).toMatchObject({ ok: true, count: 2 });
    expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ ok: false, message: "matching.accept.changed" });
    expect(await proposedRows()).toEqual(
      [
        { slot_id: paideSlot, participant_id: people.Iryna, status: "proposed" },
        { slot_id: tartuSlot, participant_id: people.Marju, status: "proposed" },
      ].sort((a, b) => a.slot_id - b.slot_id),
    );
    expect(await acceptAudits()).toBe(1);
  });

  it("never proposes one place twice when a county's proposal and the whole country's are accepted together", async () => {
    const county = `${PERIOD}&region=EE-52`;
    const country = PERIOD;
    const [countyShown, countryShown] = [await shown(county), await shown(country)];
    // What each coordinator saw: the Paide place goes to Marju in one and to Iryna in the other.
    const paideIn = (run: typeof countyShown) => run.events.flatMap((e) => e.slots).find((s) => s.id === paideSlot)?.participant?.id;
    expect(paideIn(countyShown)).toBe(people.Marju);
    expect(paideIn(countryShown)).toBe(people.Iryna);

    const answers = await Promise.all([accept(county, countyShown.fingerprint, cookies[0]), accept(country, countryShown.fingerprint, cookies[1])]);

    const rows = await proposedRows();
    const perSlot = new Map<number | null, number>();
    for (const row of rows) perSlot.set(row.slot_id, (perSlot.get(row.slot_id) ?? 0) + 1);
    expect(
      [...perSlot.values()].every((n) => n === 1),
      `proposed rows per slot: ${JSON.stringify(rows)}`,
    ).toBe(true);
    // The first write wins; the other coordinator's proposal no longer holds and stores nothing.
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ ok: false, message: "matching.accept.changed" });
    expect(await acceptAudits()).toBe(1);
  });
});
