/** The coordinators' event list a page at a time (a season of a thousand events stays light), filters kept. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { zonedInstant } from "~/domain/schedule";
import { ADMIN_EVENTS_PER_PAGE, loader as eventsLoader } from "~/routes/admin.events._index";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, settle } from "../helpers/requests";

const NOW = "2026-11-23T10:00:00.000Z";
const UPCOMING = 120;
let test: TestDatabase;
let cookie: string;

type ListRow = { id: number; kind: string; startsAt: string; title: string } & Record<string, unknown>;
type ListData = { view: "list"; total: number; page: { number: number; count: number; first: number; last: number }; events: ListRow[] };

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase();
  ({ cookie } = await loginAsNewCoordinator());
  const db = test.db;
  const at = "2026-09-01T00:00:00.000Z";
  const town = await db.selectFrom("town").select("id").where("slug", "=", "paide").executeTakeFirstOrThrow();
  const venue = await db
    .insertInto("venue")
    .values({ town_id: town.id, name: "Paide raamatukogu", venue_type: "library", capacity: 40, created_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const kinds = ["community_event", "cosy_corner", "forum"] as const;
  const event = (n: number, date: string) => ({
    kind: kinds[n % 3],
    state: "planned" as const,
    title: JSON.stringify({ et: `Kohtumine ${n}` }),
    venue_id: venue.id,
    starts_at: zonedInstant(date, "12:00").toISOString(),
    ends_at: zonedInstant(date, "14:00").toISOString(),
    languages: JSON.stringify(["et"]),
    created_at: at,
    updated_at: at,
  });
  const day = (offset: number) => new Date(Date.parse("2026-11-24T12:00:00Z") + offset * 86_400_000).toISOString().slice(0, 10);
  await db
    .insertInto("event")
    .values(Array.from({ length: UPCOMING }, (_, n) => event(n, day(Math.floor(n / 2)))))
    .execute();
  // Five that are over.
  await db
    .insertInto("event")
    .values(Array.from({ length: 5 }, (_, n) => event(1000 + n, `2026-10-0${n + 1}`)))
    .execute();
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const load = async (query: string) =>
  (await (await settle(() => eventsLoader({ request: getRequest(`/admin/events${query}`, { cookie }), params: {}, context: {} }))).json()) as ListData;

describe("the coordinators' event list", () => {
  it("shows upcoming events a page at a time, soonest first, and says how many there are", async () => {
    const first = await load("");
    expect(first.total).toBe(UPCOMING);
    expect(first.events).toHaveLength(ADMIN_EVENTS_PER_PAGE);
    expect(first.page).toEqual({ number: 1, count: 3, first: 1, last: ADMIN_EVENTS_PER_PAGE });
    const last = await load("?page=3");
    expect(last.events).toHaveLength(UPCOMING - 2 * ADMIN_EVENTS_PER_PAGE);
    expect(last.page).toMatchObject({ number: 3, first: 2 * ADMIN_EVENTS_PER_PAGE + 1, last: UPCOMING });
    // All of them, each once, in order.
    const all = [...first.events, ...(await load("?page=2")).events, ...last.events];
    expect(new Set(all.map((e) => e.id)).size).toBe(UPCOMING);
    expect(all.map((e) => e.startsAt)).toEqual([...all.map((e) => e.startsAt)].sort());
  });

  it("sends only what the list shows", async () => {
    const { events } = await load("");
    expect(Object.keys(events[0]).sort()).toEqual(["accepted", "endsAt", "id", "isPublic", "kind", "slots", "startsAt", "state", "title", "townName", "venueName"]);
  });

  it("takes a page past the end as the last page, and anything else as the first", async () => {
    expect((await load("?page=99")).page.number).toBe(3);
    for (const bad of ["abc", "0", "-2", "1.5", "1e400", ""]) {
      const data = await load(`?page=${encodeURIComponent(bad)}`);
      expect(data.page.number, bad).toBe(1);
      expect(data.events).toHaveLength(ADMIN_EVENTS_PER_PAGE);
    }
  });

  it("pages within the filters, and through the past newest first", async () => {
    const forums = await load("?kind=forum");
    expect(forums.total).toBe(UPCOMING / 3);
    expect(forums.page.count).toBe(1);
    expect(forums.events.every((e) => e.kind === "forum")).toBe(true);
    const past = await load("?past=1");
    expect(past.total).toBe(5);
    expect(past.events.map((e) => e.title)).toEqual(["Kohtumine 1004", "Kohtumine 1003", "Kohtumine 1002", "Kohtumine 1001", "Kohtumine 1000"]);
  });

  it("counts within a region what it lists there, and every event in exactly one region", async () => {
    const { regions } = (await load("")) as unknown as { regions: { code: string }[] };
    let sum = 0;
    for (const { code } of regions) {
      const inRegion = await load(`?region=${code}`);
      sum += inRegion.total;
      const listed = [...inRegion.events];
      for (let page = 2; page <= inRegion.page.count; page++) listed.push(...(await load(`?region=${code}&page=${page}`)).events);
      expect(listed, code).toHaveLength(inRegion.total);
    }
    expect(sum).toBe(UPCOMING);
  });

  it("gives the month view only the month's events, with what the calendar shows", async () => {
    const month = (await (await settle(() => eventsLoader({ request: getRequest("/admin/events?view=month&month=2026-12", { cookie }), params: {}, context: {} }))).json()) as {
      events: Record<string, unknown>[];
    };
    expect(month.events.length).toBeGreaterThan(ADMIN_EVENTS_PER_PAGE);
    expect(Object.keys(month.events[0]).sort()).toEqual(["id", "localDate", "startsAt", "state", "title", "townName"]);
  });
});
