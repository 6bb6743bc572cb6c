import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { localDateOf } from "~/domain/schedule";
import { loader as eventLoader } from "~/routes/_public.events.$id";
import { EVENTS_PER_PAGE, loader as eventsLoader } from "~/routes/_public.events._index";
import { loader as homeLoader } from "~/routes/_public._index";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, settle } from "../helpers/requests";

// A fixed day in the demo season (September–June), so the demo's drafts, cancellations and past
// forum are where this file expects them.
const NOW = new Date("2026-11-23T10:00:00.000Z");

let test: TestDatabase;
let previousNow: string | undefined;
beforeAll(async () => {
  previousNow = process.env.TUTTAV_NOW;
  process.env.TUTTAV_NOW = NOW.toISOString();
  test = await createTestDatabase({ demo: true, now: NOW });
});
afterAll(async () => {
  if (previousNow === undefined) delete process.env.TUTTAV_NOW;
  else process.env.TUTTAV_NOW = previousNow;
  await test.close();
});

type Card = { id: number; kind: string; state: string; title: string; startsAt: string; townName: string };
type EventsData = {
  filters: { region: string | null; kind: string | null; month: string | null; townId: number | null };
  total: number;
  page: { number: number; count: number; first: number; last: number };
  monthGroups: { month: string; events: Card[] }[];
  months: { value: string; label: string }[];
  regions: { code: string; name: string }[];
  mapTowns: { id: number; name: string; regionCode: string; count: number }[];
};

async function listEvents(query = ""): Promise<{ status: number; data: EventsData; cards: Card[] }> {
  const response = await settle(() => eventsLoader({ request: getRequest(`/events${query}`), params: {}, context: {} }));
  const data = (await response.json()) as EventsData;
  return { status: response.status, data, cards: data.monthGroups.flatMap((g) => g.events) };
}

async function openEvent(id: string, lng = "en") {
  const response = await settle(() => eventLoader({ request: getRequest(`/events/${id}?lng=${lng}`), params: { id }, context: {} }));
  return { status: response.status, body: response.status === 200 ? await response.json() : null, text: response.status === 200 ? null : await response.text() };
}

/** Upcoming public events as the database has them, to compare the page against. */
async function upcomingRows() {
  return test.db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["event.id", "event.kind", "event.starts_at", "town.region_code", "town.name as town_name", "town.id as town_id"])
    .where("event.is_public", "=", 1)
    .where("event.state", "in", ["planned", "confirmed"])
    .where("event.ends_at", ">", NOW.toISOString())
    .execute();
}

describe("/events", () => {
  it("lists the upcoming public events soonest first, grouped by month, a page at a time", async () => {
    const { status, data, cards: firstPage } = await listEvents("?lng=en");
    const rows = await upcomingRows();
    expect(status).toBe(200);
    expect(rows.length).toBeGreaterThan(50);
    // A page holds EVENTS_PER_PAGE events; the later pages hold the rest, in order, without overlap.
    expect(firstPage).toHaveLength(EVENTS_PER_PAGE);
    expect(data.page).toEqual({ number: 1, count: Math.ceil(rows.length / EVENTS_PER_PAGE), first: 1, last: EVENTS_PER_PAGE });
    const cards = [...firstPage];
    for (let page = 2; page <= data.page.count; page++) {
      const next = await listEvents(`?lng=en&page=${page}`);
      expect(next.data.page.number).toBe(page);
      expect(next.data.page.first).toBe(cards.length + 1);
      cards.push(...next.cards);
    }
    // A page past the end (an old bookmark) is the last page.
    expect((await listEvents(`?lng=en&page=${data.page.count + 5}`)).data.page.number).toBe(data.page.count);
    expect(cards.map((c) => c.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
    expect(data.total).toBe(rows.length);
    const starts = cards.map((c) => c.startsAt);
    expect(starts).toEqual([...starts].sort());
    for (const group of data.monthGroups) for (const card of group.events) expect(localDateOf(card.startsAt).slice(0, 7)).toBe(group.month);
    expect(cards.every((c) => c.state === "planned" || c.state === "confirmed")).toBe(true);
  });

  it("filters by county: ?region=EE-74 gives only Saare County's events", async () => {
    const { data, cards } = await listEvents("?region=EE-74&lng=en");
    const saare = (await upcomingRows()).filter((r) => r.region_code === "EE-74");
    expect(saare.length).toBeGreaterThan(3);
    expect(data.filters.region).toBe("EE-74");
    expect(cards.map((c) => c.id).sort((a, b) => a - b)).toEqual(saare.map((r) => r.id).sort((a, b) => a - b));
    expect(new Set(cards.map((c) => c.townName))).toEqual(new Set(["Kuressaare", "Orissaare"]));
    // County names come in the reader's language.
    expect(data.regions.find((r) => r.code === "EE-74")?.name).toBe("Saare County");
    // The map still shows every county's towns, so it can take the reader elsewhere.
    expect(data.mapTowns.some((t) => t.regionCode !== "EE-74")).toBe(true);
  });

  it("filters by kind and by month, and both together", async () => {
    const rows = await upcomingRows();
    const cosy = await listEvents("?kind=cosy_corner");
    expect(cosy.cards.length).toBe(rows.filter((r) => r.kind === "cosy_corner").length);
    expect(cosy.cards.length).toBeGreaterThan(0);
    expect(cosy.cards.every((c) => c.kind === "cosy_corner")).toBe(true);

    const december = await listEvents("?month=2026-12");
    const inDecember = rows.filter((r) => localDateOf(r.starts_at).startsWith("2026-12"));
    expect(inDecember.length).toBeGreaterThan(3);
    expect(december.cards.map((c) => c.id).sort((a, b) => a - b)).toEqual(inDecember.map((r) => r.id).sort((a, b) => a - b));
    expect(december.data.filters.month).toBe("2026-12");

    const both = await listEvents("?month=2026-12&kind=community_event");
    expect(both.cards.length).toBe(inDecember.filter((r) => r.kind === "community_event").length);
    expect(both.cards.every((c) => c.kind === "community_event" && localDateOf(c.startsAt).startsWith("2026-12"))).toBe(true);
  });

  it("offers the coming twelve months, named in the reader's language", async () => {
    const { data } = await listEvents("?lng=et");
    expect(data.months.map((m) => m.value)).toEqual([
      "2026-11",
      "2026-12",
      "2027-01",
      "2027-02",
      "2027-03",
      "2027-04",
      "2027-05",
      "2027-06",
      "2027-07",
      "2027-08",
      "2027-09",
      "2027-10",
    ]);
    expect(data.months[1].label).toBe("Detsember 2026");
    expect((await listEvents("?lng=uk")).data.months[1].label).toBe("Грудень 2026");
  });

  it("filters by town from the map, and a county chosen later wins over the town", async () => {
    const kuressaare = await test.db.selectFrom("town").select("id").where("slug", "=", "kuressaare").executeTakeFirstOrThrow();
    const { data, cards } = await listEvents(`?town=${kuressaare.id}`);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => c.townName === "Kuressaare")).toBe(true);
    expect(data.filters.region).toBe("EE-74");
    const other = await listEvents(`?town=${kuressaare.id}&region=EE-39`);
    expect(other.data.filters.townId).toBeNull();
    expect(new Set(other.cards.map((c) => c.townName))).toEqual(new Set(["Kärdla", "Käina"]));
  });

  it("treats filter values it cannot use as 'any' instead of failing", async () => {
    const all = await listEvents();
    for (const query of ["?region=EE-99", "?region=<script>", "?kind=party", "?month=2019-01", "?month=13", "?town=abc", "?town=999999", "?town=-1"]) {
      const { status, cards } = await listEvents(query);
      expect(status, query).toBe(200);
      expect(cards.length, query).toBe(all.cards.length);
    }
  });

  it("shows an empty result when nothing matches", async () => {
    // Ruhnu has no events; the month after the season has none either.
    const { status, data } = await listEvents("?month=2027-08");
    expect(status).toBe(200);
    expect(data.total).toBe(0);
    expect(data.monthGroups).toEqual([]);
  });

  it("never lists drafts, non-public, completed or cancelled events", async () => {
    const hidden = await test.db
      .selectFrom("event")
      .select(["id", "state"])
      .where((eb) => eb.or([eb("state", "in", ["draft", "completed", "cancelled"]), eb("is_public", "=", 0)]))
      .execute();
    expect(new Set(hidden.map((e) => e.state))).toEqual(new Set(["draft", "completed", "cancelled"]));
    // One more: an upcoming planned event that a coordinator made non-public.
    const secret = (await upcomingRows()).find((r) => r.kind === "community_event")!;
    await test.db.updateTable("event").set({ is_public: 0 }).where("id", "=", secret.id).execute();
    try {
      const { cards, data } = await listEvents();
      const listed = new Set(cards.map((c) => c.id));
      for (const event of [...hidden, secret]) expect(listed.has(event.id), `event ${event.id}`).toBe(false);
      expect(data.mapTowns.reduce((sum, t) => sum + t.count, 0)).toBe(data.total);
      expect(cards).toHaveLength(Math.min(data.total, EVENTS_PER_PAGE));
      expect((await openEvent(String(secret.id))).status).toBe(404);
      const home = await settle(() => homeLoader({ request: getRequest("/"), params: {}, context: {} }));
      const homeIds = ((await home.json()) as { groups: { events: { id: number }[] }[] }).groups.flatMap((g) => g.events.map((e) => e.id));
      expect(homeIds.length).toBeGreaterThan(0);
      for (const event of [...hidden, secret]) expect(homeIds).not.toContain(event.id);
    } finally {
      await test.db.updateTable("event").set({ is_public: 1 }).where("id", "=", secret.id).execute();
    }
  });
});

describe("/events/<id>", () => {
  it("is 404 for a draft, an unknown id and an id that is not a number", async () => {
    const draft = await test.db.selectFrom("event").select("id").where("state", "=", "draft").executeTakeFirstOrThrow();
    for (const id of [String(draft.id), "999999", "abc", "1.5", "-3", "0", "12abc", "99999999999999999999"]) {
      expect((await openEvent(id)).status, id).toBe(404);
    }
  });

  it("shows a cancelled event as cancelled, with the reason", async () => {
    const cancelled = await test.db.selectFrom("event").select(["id", "cancel_reason"]).where("state", "=", "cancelled").executeTakeFirstOrThrow();
    const { status, body } = await openEvent(String(cancelled.id));
    expect(status).toBe(200);
    expect(body.event.state).toBe("cancelled");
    expect(body.event.cancelReason).toBe(cancelled.cancel_reason);
  });

  it("speaks the reader's language and falls back to Estonian", async () => {
    const event = (await upcomingRows()).find((r) => r.kind === "community_event")!;
    const stored = await test.db.selectFrom("event").select("title").where("id", "=", event.id).executeTakeFirstOrThrow();
    const uk = await openEvent(String(event.id), "uk");
    expect(uk.body.title).toBe(JSON.parse(stored.title).uk);
    expect(uk.body.title).toMatch(/[а-яіїє]/);
    expect(uk.body.event.description).toMatch(/^Приходьте познайомитися/);
    expect(uk.body.event.descriptionLanguage).toBeNull();
    await test.db
      .updateTable("event")
      .set({ description: JSON.stringify({ et: "Ainult eesti keeles." }) })
      .where("id", "=", event.id)
      .execute();
    const fallback = await openEvent(String(event.id), "en");
    expect(fallback.body.event.description).toBe("Ainult eesti keeles.");
    expect(fallback.body.event.descriptionLocale).toBe("et");
    expect(fallback.body.event.descriptionLanguage).toBe("Estonian");
  });

  it("in the demo, names the participants who opted in on some event page, and only them", async () => {
    const shown = new Set((await test.db.selectFrom("participant").select("first_name").where("show_first_name", "=", 1).execute()).map((p) => p.first_name));
    expect(shown.size).toBeGreaterThan(0);
    const named: string[] = [];
    for (const row of await upcomingRows()) named.push(...(await openEvent(String(row.id))).body.event.lineUp.named.map((e: { firstName: string }) => e.firstName));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !shown.has(name))).toEqual([]);
  });

  it("names only participants who chose to be shown, with their offer; of the others only what they bring, once per offer", async () => {
    const assignments = await test.db
      .selectFrom("assignment")
      .innerJoin("participant", "participant.id", "assignment.participant_id")
      .innerJoin("event", "event.id", "assignment.event_id")
      .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
      .select([
        "assignment.event_id",
        "assignment.status",
        "participant.id as participant_id",
        "participant.first_name",
        "participant.last_name",
        "participant.email",
        "participant.phone",
        "event_slot.offer",
      ])
      .where("event.state", "=", "confirmed")
      .execute();
    // An event with at least two people coming and still-open invitations.
    const accepted = (id: number) => assignments.filter((a) => a.event_id === id && a.status === "accepted");
    const eventId = assignments.find((a) => a.status === "invited" && accepted(a.event_id).length >= 2)!.event_id;
    const mine = assignments.filter((a) => a.event_id === eventId);
    const [shown, ...hidden] = accepted(eventId);
    const optIn = (ids: number[], value: 0 | 1) => test.db.updateTable("participant").set({ show_first_name: value }).where("id", "in", ids).execute();
    await optIn(
      mine.map((a) => a.participant_id),
      0,
    );
    await optIn([shown.participant_id], 1);

    const { status, body } = await openEvent(String(eventId));
    expect(status).toBe(200);
    const lineUp = body.event.lineUp as { named: { firstName: string; offer: string | null }[]; others: number; otherOffers: string[] };
    expect(lineUp.named).toEqual([{ firstName: shown.first_name, offer: shown.offer }]);
    expect(lineUp.others).toBe(hidden.length);
    // Each offer once, so no line stands for one person.
    const hiddenOffers = [...new Set(hidden.map((a) => a.offer).filter((o) => o !== null))];
    expect([...lineUp.otherOffers].sort()).toEqual(hiddenOffers.sort());
    expect(Object.keys(lineUp).sort()).toEqual(["named", "otherOffers", "others"]);
    const names = JSON.stringify(body.event.lineUp);
    for (const a of hidden.filter((h) => h.first_name !== shown.first_name)) expect(names).not.toContain(a.first_name);
    const json = JSON.stringify(body);
    for (const a of mine) {
      expect(json).not.toContain(a.last_name!);
      expect(json).not.toContain(a.email!);
      if (a.phone) expect(json).not.toContain(a.phone);
    }
    // Invited, not yet answered: not counted at all.
    expect(lineUp.named.length + lineUp.others).toBe(accepted(eventId).length);

    // Nobody opted in (the default): no names at all.
    await optIn([shown.participant_id], 0);
    const none = (await openEvent(String(eventId))).body.event.lineUp;
    expect(none.named).toEqual([]);
    expect(none.others).toBe(accepted(eventId).length);
  });

  it("shows a held forum with what was said and what was done", async () => {
    const forum = await test.db
      .selectFrom("event")
      .select(["id", "outcome_said", "outcome_done"])
      .where("kind", "=", "forum")
      .where("state", "=", "completed")
      .executeTakeFirstOrThrow();
    const { status, body } = await openEvent(String(forum.id), "en");
    expect(status).toBe(200);
    expect(body.event.state).toBe("completed");
    expect(body.event.town.name).toBe("Kärdla");
    expect(body.event.outcomeSaid).toBe(forum.outcome_said);
    expect(body.event.outcomeDone).toBe(forum.outcome_done);
    expect(body.event.lineUp.named.length + body.event.lineUp.others).toBeGreaterThan(0);
  });

  it("tells where and how: venue, county, access and languages", async () => {
    const kihnu = (await upcomingRows()).find((r) => r.town_name === "Kihnu")!;
    const { body } = await openEvent(String(kihnu.id), "en");
    expect(body.event.venue).toEqual({ name: "Kihnu Rahvamaja", address: "Sääre küla", stepFree: false, childFriendly: true });
    expect(body.event.regionName).toBe("Pärnu County");
    expect(body.event.town.onIsland).toBe(true);
    expect(body.event.languages).toEqual(["Estonian"]);
  });
});
