import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loader as csvLoader } from "~/routes/admin.reports[.]csv";
import { loader as reportsLoader } from "~/routes/admin.reports";
import { loader as printLoader } from "~/routes/admin_.reports.print";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { getRequest, settle } from "../helpers/requests";

const NOW = "2026-11-23T10:00:00.000Z";
const T = "2025-01-01T00:00:00.000Z";
let test: TestDatabase;
let cookie: string;
let island: { id: number; name: string; region_code: string };
let mainland: { id: number; name: string; region_code: string };

/** A quiet quarter (early 2025, before the demo season) with a handful of events we make ourselves. */
const PERIOD = "from=2025-01-01&to=2025-03-31";

async function addEvent(townId: number, kind: "community_event" | "cosy_corner" | "forum", startsAt: string, extra: Record<string, unknown> = {}) {
  const venue = await test.db
    .insertInto("venue")
    .values({ town_id: townId, name: `Venue ${startsAt}`, venue_type: "cafe", created_at: T })
    .returning("id")
    .executeTakeFirstOrThrow();
  const event = await test.db
    .insertInto("event")
    .values({
      kind,
      state: "completed",
      title: JSON.stringify({ en: `Event ${startsAt}` }),
      venue_id: venue.id,
      starts_at: startsAt,
      ends_at: startsAt.replace("T15", "T17"),
      created_at: T,
      updated_at: T,
      ...extra,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return event.id;
}

async function addPerson(country: string | null, gender: string | null, homeTownId: number | null) {
  const p = await test.db
    .insertInto("participant")
    .values({
      first_name: "Report",
      last_name: "Person",
      email: `r${Math.random()}@example.com`,
      country_of_origin: country,
      gender,
      home_town_id: homeTownId,
      consent_at: T,
      consent_version: "1",
      created_at: T,
      updated_at: T,
      last_active_at: T,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return p.id;
}

async function attend(eventId: number, participantId: number, status: "attended" | "accepted" | "no_show" = "attended", travelMinutes = 60) {
  await test.db
    .insertInto("assignment")
    .values({ event_id: eventId, participant_id: participantId, status, travel_minutes: travelMinutes, created_at: T, updated_at: T })
    .execute();
}

async function load(url: string) {
  const response = await settle(() => reportsLoader({ request: getRequest(url, { cookie }), params: {}, context: {} }));
  expect(response.status).toBe(200);
  return response.json();
}

async function csv(url: string) {
  return settle(() => csvLoader({ request: getRequest(url, { cookie }), params: {}, context: {} }));
}

type Table = { name: string; rows: unknown[][]; total: unknown[] | null };
const table = (data: { sections: { tables: Table[] }[] }, name: string) => data.sections.flatMap((s) => s.tables).find((t) => t.name === name)!;

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ demo: true, now: new Date(NOW) });
  ({ cookie } = await loginAsNewCoordinator());
  island = await test.db.selectFrom("town").select(["id", "name", "region_code"]).where("on_island", "=", 1).orderBy("id").executeTakeFirstOrThrow();
  mainland = await test.db
    .selectFrom("town")
    .select(["id", "name", "region_code"])
    .where("on_island", "=", 0)
    .where("region_code", "!=", island.region_code)
    .orderBy("id")
    .executeTakeFirstOrThrow();

  // January: two community events on the island, one cosy corner on the mainland; February: a forum on the mainland.
  const jan1 = await addEvent(island.id, "community_event", "2025-01-10T15:00:00.000Z", { locals_count: 30 });
  const jan2 = await addEvent(island.id, "community_event", "2025-01-20T15:00:00.000Z", { expected_audience: 25 });
  const jan3 = await addEvent(mainland.id, "cosy_corner", "2025-01-25T15:00:00.000Z");
  const feb = await addEvent(mainland.id, "forum", "2025-02-12T15:00:00.000Z", {
    title: JSON.stringify({ en: '=HYPERLINK("http://evil.example","click")' }),
    outcome_said: 'More buses, "please", and a café',
    outcome_done: "-1+1 we asked the county",
  });
  await addEvent(mainland.id, "community_event", "2025-02-20T15:00:00.000Z", { state: "cancelled", cancel_reason: "Storm" });

  // Seven Ukrainians, two Syrians and one Afghan travel; one Syrian woman has no home town.
  const ua = [];
  for (let i = 0; i < 7; i++) ua.push(await addPerson("UA", i < 5 ? "female" : "male", mainland.id));
  const sy1 = await addPerson("SY", "female", island.id);
  const sy2 = await addPerson("SY", "female", null);
  const af = await addPerson("AF", "male", mainland.id);
  for (const p of ua) await attend(jan1, p);
  await attend(jan2, ua[0]);
  await attend(jan3, sy1);
  await attend(jan3, af);
  await attend(feb, sy2);
  await attend(feb, ua[0], "no_show");
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

describe("funder report", () => {
  it("counts events held by kind and county, on islands, and locals counted apart from expected", async () => {
    const data = await load(`/admin/reports?${PERIOD}&lng=en`);
    expect(data.filters).toEqual({ from: "2025-01-01", to: "2025-03-31", region: null });
    const byKind = table(data, "events_by_kind");
    expect(byKind.rows).toEqual([
      ["Community event", 2],
      ["Cosy corner", 1],
      ["Forum", 1],
    ]);
    const byCounty = table(data, "events_by_county");
    const islandRow = byCounty.rows.find((r) => r[0] === data.regions.find((g: { code: string }) => g.code === island.region_code).name)!;
    expect(islandRow.slice(1)).toEqual([2, 0, 0, 2, 2]);
    expect(byCounty.total).toEqual(["Total", 2, 1, 1, 4, 2]);
    expect(table(data, "locals").rows).toEqual([
      ["Counted at the event", 1, 30],
      ["Expected by the host (not counted)", 1, 25],
      ["No figure", 2, null],
    ]);
    expect(data.mapTowns.map((t: { id: number; count: number }) => [t.id, t.count]).sort()).toEqual(
      [
        [island.id, 2],
        [mainland.id, 2],
      ].sort(),
    );
  });

  it("narrows to one county", async () => {
    const data = await load(`/admin/reports?${PERIOD}&region=${island.region_code}&lng=en`);
    expect(table(data, "events_by_kind").total).toEqual(["Total", 2]);
    expect(table(data, "travellers_by_country").rows).toEqual([["Ukraine", 7]]);
  });

  it("shows counts of people under 5 as '< 5', with a second cell hidden beside a lone one, and names nobody", async () => {
    const data = await load(`/admin/reports?${PERIOD}&lng=en`);
    // 7 Ukrainians, 2 Syrians, 1 Afghan (the no-show is not counted again).
    expect(table(data, "travellers_by_country").rows).toEqual([
      ["Ukraine", 7],
      ["Syria", "< 5"],
      ["Afghanistan", "< 5"],
    ]);
    expect(table(data, "travellers_by_country").total).toEqual(["Total", 10]);
    // Women 7, men 3: the men are hidden; the total would then give them away, so the women are hidden too.
    expect(table(data, "travellers_by_gender").rows).toEqual([
      ["Women", "< 5"],
      ["Men", "< 5"],
    ]);
    const body = JSON.stringify(data);
    expect(body).not.toContain("Report Person");
    expect(body).not.toContain("@example.com");
    const file = Buffer.from(await (await csv(`/admin/reports.csv?table=travellers_by_gender&${PERIOD}&lng=en`)).arrayBuffer()).toString("utf8");
    expect(file).toBe('\uFEFF"Gender","People"\r\n"Women","< 5"\r\n"Men","< 5"\r\n"Total",10\r\n');
  });

  it("counts hours and kilometres there and back, and fairness per month", async () => {
    const data = await load(`/admin/reports?${PERIOD}&lng=en`);
    const travel = table(data, "travel");
    // January: 10 journeys of 60 minutes each way = 20 hours; February: the forum, 1 journey, no home town.
    expect(travel.rows[0].slice(1, 3)).toEqual([10, "20.0"]);
    expect(travel.rows[1].slice(1, 4)).toEqual([1, "2.0", 0]);
    expect(travel.rows[0][3]).toBeGreaterThan(0);
    const fairness = table(data, "fairness");
    // January: 9 people, one of them twice, so loads [2,1,1,1,1,1,1,1,1,0] over the 10 who went in the quarter; February: one of 10.
    expect(fairness.rows.map((r) => r[2])).toEqual([10, 1, 0]);
    expect(fairness.rows[1][1]).toBe("0.90");
    expect(fairness.rows[2][1]).toBeNull();
    const jan = [2, 1, 1, 1, 1, 1, 1, 1, 1, 0].sort((a, b) => a - b);
    const total = jan.reduce((a, b) => a + b, 0);
    const gini = (2 * jan.reduce((s, x, i) => s + (i + 1) * x, 0)) / (jan.length * total) - (jan.length + 1) / jan.length;
    expect(fairness.rows[0][1]).toBe(gini.toFixed(2));
  });

  it("writes CSV as UTF-8 with BOM and RFC 4180 quoting, formulas defused", async () => {
    const response = await csv(`/admin/reports.csv?table=forums&${PERIOD}&lng=en`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="tuttav-forums-2025-01-01-2025-03-31.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const file = bytes.toString("utf8");
    const lines = file.slice(1).split("\r\n");
    expect(lines[0]).toBe('"Date","Forum","Town","You said","We did"');
    expect(lines[1]).toBe(`"2025-02-12","'=HYPERLINK(""http://evil.example"",""click"")","${mainland.name}","More buses, ""please"", and a café","'-1+1 we asked the county"`);
    expect(lines[2]).toBe("");
  });

  it("renders the printable page from the same figures", async () => {
    const response = await settle(() => printLoader({ request: getRequest(`/admin/reports/print?${PERIOD}&lng=et`, { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.sections.map((s: { id: string }) => s.id)).toEqual(["events", "travellers", "locals", "travel", "claims", "feedback", "said-did", "fairness"]);
    expect(table(data, "travellers_by_country").rows).toEqual([
      ["Ukraina", 7],
      ["Süüria", "< 5"],
      ["Afganistan", "< 5"],
    ]);
  });

  it("answers bad filters with a message, the default period and no change; a bad CSV request with a 400", async () => {
    const before = await rowCounts(test.db);
    for (const [query, field] of [
      ["from=2026-13-45&to=yesterday", "from"],
      ["from=2025-03-01&to=2025-01-01", "to"],
      ["from=1900-01-01&to=2025-01-01", "to"],
      ["region=EE-99", "region"],
      ["pick=forever", "pick"],
    ] as const) {
      const data = await load(`/admin/reports?${query}&lng=en`);
      expect(data.errors[field], query).toBeTruthy();
      expect(data.errors[field]).not.toMatch(/^validation\.|^reports2\./);
      expect(data.filters).toEqual({ from: "2026-01-01", to: "2026-11-23", region: null });
    }
    const unknown = await csv(`/admin/reports.csv?table=people&lng=en`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("There is no such table");
    const badDate = await csv(`/admin/reports.csv?table=forums&from=2025-02-30&lng=en`);
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain("2026-12-24");
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("defaults to this year so far and takes a quick pick", async () => {
    const data = await load("/admin/reports?lng=en");
    expect(data.filters).toEqual({ from: "2026-01-01", to: "2026-11-23", region: null });
    expect(data.errors).toEqual({});
    const held = await test.db
      .selectFrom("event")
      .select("id")
      .where("state", "=", "completed")
      .where("starts_at", ">=", "2025-12-31T22:00:00.000Z")
      .where("starts_at", "<=", NOW)
      .execute();
    expect(table(data, "events_by_kind").total).toEqual(["Total", held.length]);
    const lastQuarter = await load("/admin/reports?pick=lastQuarter&lng=en");
    expect(lastQuarter.filters).toEqual({ from: "2026-07-01", to: "2026-09-30", region: null });
  });
});
