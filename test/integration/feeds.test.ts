import SQLite from "better-sqlite3";
import ICAL from "ical.js";
import pg from "pg";
import { describe, expect, it } from "vitest";

import { insertEvent } from "~/models/event/create.server";
import { transitionEvent } from "~/models/event/lifecycle.server";
import { localeCookie } from "~/i18n/i18next.server";
import { clearFeedCache } from "~/models/feed/http.server";
import { revokeTokens } from "~/models/token.server";
import { loader as oneEventLoader } from "~/routes/events.$id.calendar[.]ics";
import { loader as coordinatorLoader } from "~/routes/feeds.coordinator.$token[.]ics";
import { loader as eventsLoader } from "~/routes/feeds.events[.]ics";
import { loader as meLoader } from "~/routes/feeds.me.$token[.]ics";
import { loader as regionLoader } from "~/routes/feeds.regions.$code[.]ics";
import { loader as venueLoader } from "~/routes/feeds.venues.$id[.]ics";

import { COORDINATOR_TOKEN, FEED_NOW, OTHER_PARTICIPANT_TOKEN, PARTICIPANT_TOKEN } from "../fixtures/calendar/feeds-data";
import { getFeed as get, parseFeed as parse, useFeedDatabase } from "../helpers/feeds";

const { test, ids } = useFeedDatabase();

/** A connection of its own to the test database, as a script would open, that sets an event's title. */
async function scriptConnection() {
  if (test.dialect === "sqlite") {
    const script = new SQLite(test.file);
    return {
      update: async (title: string, updatedAt: string, id: number) => void script.prepare("UPDATE event SET title = ?, updated_at = ? WHERE id = ?").run(title, updatedAt, id),
      close: async () => script.close(),
    };
  }
  const client = new pg.Client({ connectionString: test.url });
  await client.connect();
  return {
    update: async (title: string, updatedAt: string, id: number) => void (await client.query("UPDATE event SET title = $1, updated_at = $2 WHERE id = $3", [title, updatedAt, id])),
    close: () => client.end(),
  };
}

/** ical.js leaves X-WR-CALNAME as raw text; this is RFC 5545 §3.3.11 unescaping. */
const calname = (calendar: ICAL.Component) =>
  (calendar.getFirstPropertyValue("x-wr-calname") as string).replace(/\\([\\;,nN])/g, (_, c: string) => (c.toLowerCase() === "n" ? "\n" : c));
const uid = (id: number) => `event-${id}@localhost`;
const status = (event: ICAL.Event) => event.component.getFirstPropertyValue("status");
/** Wall-clock time as a client in Estonia shows it, read through the feed's own VTIMEZONE. */
const wall = (time: ICAL.Time) => time.toString();

async function feedText(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  return response.text();
}

describe("/feeds/events.ics", () => {
  it("holds every public planned, confirmed, completed and cancelled event of the last 90 days on, as RFC 5545 text", async () => {
    const response = await get(eventsLoader, "/feeds/events.ics");
    const ics = await feedText(response);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(response.headers.get("X-Robots-Tag")).toBeNull();
    // Weak: the same tag goes with the gzip and the identity body (the server compresses for some clients).
    expect(response.headers.get("ETag")).toMatch(/^W\/"[A-Za-z0-9_-]{43}"$/);
    expect(response.headers.get("Last-Modified")).toBe(new Date(FEED_NOW).toUTCString());

    // Lines: CRLF only, none longer than 75 octets.
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);

    const { calendar, byUid, uids } = parse(ics);
    expect(calname(calendar)).toBe("Tuttav – sündmused");
    expect(calendar.getFirstPropertyValue("x-wr-timezone")).toBe("Europe/Tallinn");
    expect(String(calendar.getFirstPropertyValue("x-published-ttl"))).toBe("PT1H");
    expect(String(calendar.getFirstProperty("refresh-interval")!.getFirstValue())).toBe("PT1H");
    expect(calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"))).toEqual(["Europe/Tallinn"]);

    const expected = [ids.completed, ids.confirmed, ...ids.sessions.slice(0, 2), ids.planned, ids.cancelled, ...ids.sessions.slice(2), ids.forum, ids.englishOnly];
    expect(uids.sort()).toEqual(expected.map(uid).sort());
    // Drafts, private events and events that ended over 90 days ago are not public.
    for (const id of [ids.draft, ids.hidden, ids.old]) expect(byUid.has(uid(id))).toBe(false);

    const confirmed = byUid.get(uid(ids.confirmed))!;
    expect(confirmed.summary).toBe("Saame tuttavaks! Kuressaare");
    expect(wall(confirmed.startDate)).toBe("2026-10-10T12:00:00");
    expect(confirmed.startDate.zone!.tzid).toBe("Europe/Tallinn");
    expect(confirmed.location).toBe("Kohvik Lossi Aed, Lossi 11, Kuressaare");
    expect(confirmed.component.getFirstPropertyValue("geo")).toEqual([58.2481, 22.5039]);
    expect(confirmed.component.getFirstPropertyValue("url")).toBe(`http://localhost:3000/events/${ids.confirmed}`);
    expect(status(confirmed)).toBe("CONFIRMED");
    expect(status(byUid.get(uid(ids.completed))!)).toBe("CONFIRMED");

    const cancelled = byUid.get(uid(ids.cancelled))!;
    expect(status(cancelled)).toBe("CANCELLED");
    expect(cancelled.sequence).toBe(1);
    expect(cancelled.description).toContain("TÜHISTATUD: Saal on remondis.");
  });

  it("answers If-None-Match with 304 and no body, from the fingerprint", async () => {
    const first = await get(eventsLoader, "/feeds/events.ics");
    const etag = first.headers.get("ETag")!;
    // Also the strong spelling of the same tag, which clients from before it was weak still send.
    for (const header of [etag, etag.replace(/^W\//, ""), `"other", ${etag}`, "*"]) {
      const again = await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": header });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("ETag")).toBe(etag);
      expect(again.headers.get("Cache-Control")).toBe("public, max-age=300");
    }
    const stale = await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": '"something-else"' });
    expect(stale.status).toBe(200);
    // If-Modified-Since alone cannot see a deleted event, so it never yields a 304.
    const since = await get(eventsLoader, "/feeds/events.ics", {}, { "If-Modified-Since": new Date(Date.parse(FEED_NOW) + 86_400_000).toUTCString() });
    expect(since.status).toBe(200);
  });

  it("gives the same bytes for the same ETag, built or cached", async () => {
    clearFeedCache();
    const built = await get(eventsLoader, "/feeds/events.ics");
    const cached = await get(eventsLoader, "/feeds/events.ics");
    expect(cached.headers.get("ETag")).toBe(built.headers.get("ETag"));
    expect(await cached.text()).toBe(await built.text());
  });

  it("narrows by ?region= (the same as /feeds/regions/<code>.ics) and names the calendar after the county", async () => {
    const byQuery = parse(await feedText(await get(eventsLoader, "/feeds/events.ics?region=EE-74")));
    const byPath = parse(await feedText(await get(regionLoader, "/feeds/regions/EE-74.ics", { code: "EE-74" })));
    const saare = [ids.confirmed, ids.cancelled, ids.forum, ...ids.sessions].map(uid).sort();
    expect(byQuery.uids.sort()).toEqual(saare);
    expect(byPath.uids.sort()).toEqual(saare);
    expect(calname(byQuery.calendar)).toBe("Tuttav – Saaremaa");
    expect(calname(byPath.calendar)).toBe("Tuttav – Saaremaa");
  });

  it("narrows by ?kind= and refuses an unknown kind", async () => {
    const cosy = parse(await feedText(await get(eventsLoader, "/feeds/events.ics?kind=cosy_corner&region=EE-74")));
    expect(cosy.uids.sort()).toEqual(ids.sessions.map(uid).sort());
    expect(calname(cosy.calendar)).toBe("Tuttav – Saaremaa – Hubased nurgad");
    expect((await get(eventsLoader, "/feeds/events.ics?kind=party")).status).toBe(400);
  });

  it("gives 404 for an unknown county, by query or path", async () => {
    expect((await get(eventsLoader, "/feeds/events.ics?region=EE-99")).status).toBe(404);
    expect((await get(regionLoader, "/feeds/regions/EE-99.ics", { code: "EE-99" })).status).toBe(404);
    expect((await get(regionLoader, "/feeds/regions/x.ics", { code: "<script>" })).status).toBe(404);
  });

  it("writes texts in ?lng= with a fallback to Estonian, and the ETag differs per language", async () => {
    const et = await get(eventsLoader, "/feeds/events.ics");
    const enResponse = await get(eventsLoader, "/feeds/events.ics?lng=en");
    const en = parse(await feedText(enResponse));
    expect(enResponse.headers.get("ETag")).not.toBe(et.headers.get("ETag"));
    expect(calname(en.calendar)).toBe("Tuttav – events");
    expect(en.byUid.get(uid(ids.confirmed))!.summary).toBe("Let's get to know each other! Kuressaare");
    expect(en.byUid.get(uid(ids.englishOnly))!.summary).toBe("Ainult eesti keeles");
    expect(en.byUid.get(uid(ids.cancelled))!.description).toContain("CANCELLED: Saal on remondis.");
    expect(en.byUid.get(uid(ids.confirmed))!.component.getFirstPropertyValue("url")).toBe(`http://localhost:3000/events/${ids.confirmed}?lng=en`);
    // A cookie or Accept-Language never changes a feed: the URL alone decides.
    const withCookie = await get(eventsLoader, "/feeds/events.ics", {}, { Cookie: "lng=ImVuIg%3D%3D", "Accept-Language": "en" });
    expect(withCookie.headers.get("ETag")).toBe(et.headers.get("ETag"));
  });

  it("shows a cosy corner crossing the end of summer time at 17:00 Tallinn every week, one VEVENT per session", async () => {
    const { byUid } = parse(await feedText(await get(eventsLoader, "/feeds/events.ics?kind=cosy_corner")));
    const sessions = ids.sessions.map((id) => byUid.get(uid(id))!);
    expect(sessions.map((s) => wall(s.startDate))).toEqual(["2026-10-15T17:00:00", "2026-10-22T17:00:00", "2026-10-29T17:00:00", "2026-11-05T17:00:00"]);
    // 14:00Z in summer time, 15:00Z after the change.
    expect(sessions.map((s) => s.startDate.toJSDate().toISOString().slice(11, 16))).toEqual(["14:00", "14:00", "15:00", "15:00"]);
    expect(sessions.map((s) => status(s))).toEqual(["CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED"]);
    for (const s of sessions) expect(s.component.getAllProperties("rrule")).toHaveLength(0);
  });
});

describe("feed changes", () => {
  it("a cancellation keeps the event, as STATUS:CANCELLED with a higher SEQUENCE, and changes ETag and Last-Modified", async () => {
    const before = await get(eventsLoader, "/feeds/events.ics");
    const beforeEvent = parse(await before.text()).byUid.get(uid(ids.planned))!;
    expect(status(beforeEvent)).toBe("CONFIRMED");

    process.env.TUTTAV_NOW = "2026-10-02T10:00:00.000Z";
    try {
      const result = await transitionEvent(ids.planned, "cancelled", { kind: "system" }, { reason: "Tuba on üle ujutatud." });
      expect(result.ok).toBe(true);
      const after = await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": before.headers.get("ETag")! });
      expect(after.status).toBe(200);
      expect(after.headers.get("ETag")).not.toBe(before.headers.get("ETag"));
      expect(after.headers.get("Last-Modified")).toBe(new Date("2026-10-02T10:00:00.000Z").toUTCString());
      const event = parse(await after.text()).byUid.get(uid(ids.planned))!;
      expect(status(event)).toBe("CANCELLED");
      // Google Calendar does not always show STATUS:CANCELLED: the title says it too.
      expect(event.summary).toBe(`Tühistatud: ${beforeEvent.summary}`);
      expect(event.sequence).toBe(beforeEvent.sequence + 1);
      expect((event.component.getFirstPropertyValue("last-modified") as ICAL.Time).toJSDate().toISOString()).toBe("2026-10-02T10:00:00.000Z");
    } finally {
      process.env.TUTTAV_NOW = FEED_NOW;
    }
  });

  it("unpublishing (planned → draft) reaches subscribers as a cancellation, and publishing again brings it back", async () => {
    // A fresh event, published through the model as a coordinator would.
    const id = await insertEvent(
      test.db,
      {
        kind: "community_event",
        state: "planned",
        title: { et: "Kevadlaat" },
        description: {},
        venueId: ids.tartuLibrary,
        startsAt: "2026-11-20T12:00:00Z",
        endsAt: "2026-11-20T15:00:00Z",
        capacity: 30,
        expectedAudience: null,
        languages: ["et"],
        isPublic: true,
        overnightStay: false,
        slots: [null],
      },
      { kind: "system" },
    );
    const before = await get(eventsLoader, "/feeds/events.ics");
    const published = parse(await before.text()).byUid.get(uid(id))!;
    expect(status(published)).toBe("CONFIRMED");
    process.env.TUTTAV_NOW = "2026-10-02T11:00:00.000Z";
    try {
      expect((await transitionEvent(id, "draft", { kind: "system" })).ok).toBe(true);
      const after = await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": before.headers.get("ETag")! });
      expect(after.status).toBe(200);
      expect(after.headers.get("Last-Modified")).toBe(new Date("2026-10-02T11:00:00.000Z").toUTCString());
      const withdrawn = parse(await after.text()).byUid.get(uid(id))!;
      expect(status(withdrawn)).toBe("CANCELLED");
      expect(withdrawn.sequence).toBe(published.sequence + 1);
      expect(withdrawn.summary).toBe(`Tühistatud: ${published.summary}`);
      // Its page is gone; the link goes to the list of events.
      expect(withdrawn.component.getFirstPropertyValue("url")).toMatch(/\/events$/);
      // The same in the venue's and the county's feed.
      const venue = parse(await feedText(await get(venueLoader, `/feeds/venues/${ids.tartuLibrary}.ics`, { id: String(ids.tartuLibrary) })));
      expect(status(venue.byUid.get(uid(id))!)).toBe("CANCELLED");

      expect((await transitionEvent(id, "planned", { kind: "system" })).ok).toBe(true);
      const again = parse(await feedText(await get(eventsLoader, "/feeds/events.ics"))).byUid.get(uid(id))!;
      expect(status(again)).toBe("CONFIRMED");
      expect(again.summary).toBe(published.summary);
      expect(again.sequence).toBe(published.sequence + 2);
    } finally {
      process.env.TUTTAV_NOW = FEED_NOW;
    }
  });

  it("a draft that was never published is in no public feed", async () => {
    const { uids } = parse(await feedText(await get(eventsLoader, "/feeds/events.ics")));
    expect(uids).not.toContain(uid(ids.draft));
  });

  it("a deleted event changes the ETag although nothing got a newer updated_at", async () => {
    const extra = await test.db
      .insertInto("event")
      .values({
        kind: "cosy_corner",
        state: "planned",
        title: '{"et":"Lisasessioon"}',
        venue_id: ids.tartuLibrary,
        starts_at: "2026-12-10T15:00:00.000Z",
        ends_at: "2026-12-10T17:00:00.000Z",
        is_public: 1,
        overnight_stay: 0,
        edited: 0,
        created_at: "2026-09-01T00:00:00.000Z",
        updated_at: "2026-09-01T00:00:00.000Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const withExtra = await get(eventsLoader, "/feeds/events.ics");
    expect(parse(await withExtra.text()).byUid.has(uid(extra.id))).toBe(true);
    await test.db.deleteFrom("event").where("id", "=", extra.id).execute();
    const without = await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": withExtra.headers.get("ETag")! });
    expect(without.status).toBe(200);
    expect(parse(await without.text()).byUid.has(uid(extra.id))).toBe(false);
  });

  it("a renamed venue changes the ETag and the LOCATION (venues have no updated_at)", async () => {
    const before = await get(venueLoader, `/feeds/venues/${ids.tartuLibrary}.ics`, { id: String(ids.tartuLibrary) });
    await test.db.updateTable("venue").set({ address: "Kompanii 5" }).where("id", "=", ids.tartuLibrary).execute();
    try {
      const after = await get(venueLoader, `/feeds/venues/${ids.tartuLibrary}.ics`, { id: String(ids.tartuLibrary) }, { "If-None-Match": before.headers.get("ETag")! });
      expect(after.status).toBe(200);
      expect(parse(await after.text()).events.every((e) => e.location === "Tartu Linnaraamatukogu, Kompanii 5, Tartu")).toBe(true);
    } finally {
      await test.db.updateTable("venue").set({ address: "Kompanii 3" }).where("id", "=", ids.tartuLibrary).execute();
    }
  });

  it("an edited event is rendered again while the others come from the cache, byte for byte as a build from scratch", async () => {
    const before = await get(eventsLoader, "/feeds/events.ics?lng=en"); // every VEVENT now cached
    const old = await test.db.selectFrom("event").select(["title", "updated_at"]).where("id", "=", ids.forum).executeTakeFirstOrThrow();
    // As the app edits a text: a new updated_at, the same SEQUENCE (neither time, place nor state changed).
    await test.db
      .updateTable("event")
      .set({ title: '{"et":"Foorum: Saaremaa noored","en":"Forum: young people of Saaremaa"}', updated_at: "2026-10-01T09:30:00.000Z" })
      .where("id", "=", ids.forum)
      .execute();
    try {
      const after = await get(eventsLoader, "/feeds/events.ics?lng=en", {}, { "If-None-Match": before.headers.get("ETag")! });
      expect(after.status).toBe(200);
      const ics = await after.text();
      const { byUid } = parse(ics);
      expect(byUid.get(uid(ids.forum))!.summary).toBe("Forum: young people of Saaremaa");
      expect(byUid.get(uid(ids.confirmed))!.summary).toBe("Let's get to know each other! Kuressaare");
      clearFeedCache();
      const scratch = await get(eventsLoader, "/feeds/events.ics?lng=en");
      expect(scratch.headers.get("ETag")).toBe(after.headers.get("ETag"));
      expect(await scratch.text()).toBe(ics);
    } finally {
      await test.db.updateTable("event").set(old).where("id", "=", ids.forum).execute();
    }
  });

  it("sees a change committed by another connection, such as a script", async () => {
    const before = await get(eventsLoader, "/feeds/events.ics");
    expect((await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": before.headers.get("ETag")! })).status).toBe(304);
    const script = await scriptConnection();
    try {
      await script.update('{"et":"Foorum skriptist"}', "2026-10-01T09:45:00.000Z", ids.forum);
      const after = await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": before.headers.get("ETag")! });
      expect(after.status).toBe(200);
      expect(parse(await after.text()).byUid.get(uid(ids.forum))!.summary).toBe("Foorum skriptist");
    } finally {
      await script.update('{"et":"Foorum: mida vajab Saaremaa?","en":"Forum: what does Saaremaa need?"}', FEED_NOW, ids.forum);
      await script.close();
    }
  });

  it("drops an event that time moved out of the 90-day window, though nothing in the database changed", async () => {
    const now = await get(eventsLoader, "/feeds/events.ics");
    expect(parse(await now.text()).byUid.has(uid(ids.completed))).toBe(true);
    const etag = now.headers.get("ETag")!;
    // The picnic ended on 15 August; 90 days later it leaves the public feed.
    process.env.TUTTAV_NOW = "2026-11-14T09:00:00.000Z";
    try {
      const later = await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": etag });
      expect(later.status).toBe(200);
      expect(parse(await later.text()).byUid.has(uid(ids.completed))).toBe(false);
    } finally {
      process.env.TUTTAV_NOW = FEED_NOW;
    }
    // And back in time, it is there again under the old ETag.
    expect((await get(eventsLoader, "/feeds/events.ics", {}, { "If-None-Match": etag })).status).toBe(304);
  });
});

describe("/feeds/venues/<id>.ics", () => {
  it("holds the venue's public events only, named after the venue", async () => {
    const response = await get(venueLoader, `/feeds/venues/${ids.kuressaareCafe}.ics`, { id: String(ids.kuressaareCafe) });
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    const { calendar, uids } = parse(await feedText(response));
    expect(calname(calendar)).toBe("Tuttav – Kohvik Lossi Aed, Kuressaare");
    expect(uids.sort()).toEqual([ids.confirmed, ids.cancelled, ids.forum, ...ids.sessions].map(uid).sort());
    expect(uids).not.toContain(uid(ids.draft));
  });

  it("gives 404 for an unknown or malformed venue id", async () => {
    expect((await get(venueLoader, "/feeds/venues/9999.ics", { id: "9999" })).status).toBe(404);
    expect((await get(venueLoader, "/feeds/venues/abc.ics", { id: "abc" })).status).toBe(404);
  });
});

describe("/events/<id>/calendar.ics", () => {
  it("downloads one public event as an attachment", async () => {
    const response = await get(oneEventLoader, `/events/${ids.confirmed}/calendar.ics`, { id: String(ids.confirmed) });
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="tuttav-event-${ids.confirmed}.ics"`);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    const { calendar, uids } = parse(await feedText(response));
    expect(uids).toEqual([uid(ids.confirmed)]);
    // One event to add to the reader's own calendar: with a calendar name or refresh interval,
    // Outlook opens a new calendar instead.
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    for (const property of ["name", "x-wr-calname", "refresh-interval", "x-published-ttl"]) expect(calendar.getFirstProperty(property), property).toBeNull();
    const again = await get(oneEventLoader, `/events/${ids.confirmed}/calendar.ics`, { id: String(ids.confirmed) }, { "If-None-Match": response.headers.get("ETag")! });
    expect(again.status).toBe(304);
  });

  it("speaks the reader's language: the page's ?lng, else the language cookie, else the browser's", async () => {
    const summary = async (url: string, headers: Record<string, string> = {}) => {
      const { events } = parse(await feedText(await get(oneEventLoader, url, { id: String(ids.confirmed) }, headers)));
      return events[0].summary;
    };
    const path = `/events/${ids.confirmed}/calendar.ics`;
    expect(await summary(`${path}?lng=en`)).toBe("Let's get to know each other! Kuressaare");
    expect(await summary(path, { Cookie: (await localeCookie.serialize("en")).split(";")[0] })).toBe("Let's get to know each other! Kuressaare");
    expect(await summary(path, { "Accept-Language": "en-GB,en;q=0.9" })).toBe("Let's get to know each other! Kuressaare");
    expect(await summary(path)).toBe("Saame tuttavaks! Kuressaare");
  });

  it("gives 404 for a draft, a private event, an unknown id and garbage", async () => {
    for (const id of [String(ids.draft), String(ids.hidden), "9999", "1e3", "-1"]) {
      expect((await get(oneEventLoader, `/events/${id}/calendar.ics`, { id })).status, id).toBe(404);
    }
  });
});

describe("/feeds/me/<token>.ics", () => {
  it("holds the participant's accepted (and past) events, invitations as TENTATIVE and cancelled ones, in their language, privately", async () => {
    const response = await get(meLoader, `/feeds/me/${PARTICIPANT_TOKEN}.ics`, { token: PARTICIPANT_TOKEN });
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("X-Robots-Tag")).toBe("noindex");
    expect(response.headers.get("ETag")).toMatch(/^W\/"[A-Za-z0-9_-]{43}"$/);
    const { calendar, byUid, uids } = parse(await feedText(response));
    expect(calname(calendar)).toBe("Tuttav – мои мероприятия");
    // Declined invitations and other people's events are not there.
    expect(uids.sort()).toEqual([ids.completed, ids.confirmed, ids.planned, ids.cancelled].map(uid).sort());

    const accepted = byUid.get(uid(ids.confirmed))!;
    expect(status(accepted)).toBe("CONFIRMED");
    expect(accepted.description).toContain("Что взять с собой: Ремёсла: Вышитые полотенца");
    // 250 minutes before 12:00 Tallinn.
    expect(accepted.description).toContain("Дорога: около 4 ч 10 мин от дома; выезжайте не позже 07:50.");
    expect(accepted.description).toContain("Адрес: Kohvik Lossi Aed, Lossi 11, Kuressaare");
    expect(accepted.location).toBe("Kohvik Lossi Aed, Lossi 11, Kuressaare");
    expect(wall(accepted.startDate)).toBe("2026-10-10T12:00:00");

    // The cancel test above cancelled the planned event the invitation was for.
    const invited = byUid.get(uid(ids.planned))!;
    expect(status(invited)).toBe("CANCELLED");
    expect(status(byUid.get(uid(ids.cancelled))!)).toBe("CANCELLED");
  });

  it("marks an open invitation TENTATIVE and says where to answer, without the private link", async () => {
    const { id: eventId } = await test.db
      .insertInto("event")
      .values({
        kind: "community_event",
        state: "confirmed",
        title: '{"et":"Uus kutse","ru":"Новое приглашение"}',
        venue_id: ids.tartuLibrary,
        starts_at: "2026-11-28T10:00:00.000Z",
        ends_at: "2026-11-28T13:00:00.000Z",
        is_public: 1,
        overnight_stay: 0,
        edited: 0,
        created_at: FEED_NOW,
        updated_at: FEED_NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const before = await get(meLoader, `/feeds/me/${PARTICIPANT_TOKEN}.ics`, { token: PARTICIPANT_TOKEN });
    // A new invitation changes the participant's feed even though no event changed.
    await test.db.insertInto("assignment").values({ event_id: eventId, participant_id: ids.participant, status: "invited", created_at: FEED_NOW, updated_at: FEED_NOW }).execute();
    const after = await get(meLoader, `/feeds/me/${PARTICIPANT_TOKEN}.ics`, { token: PARTICIPANT_TOKEN }, { "If-None-Match": before.headers.get("ETag")! });
    expect(after.status).toBe(200);
    const afterText = await after.text();
    const invitation = parse(afterText).byUid.get(uid(eventId))!;
    expect(status(invitation)).toBe("TENTATIVE");
    expect(invitation.summary).toBe("Новое приглашение");
    // A feed travels with shared and synced calendars: it points to where a link is asked for again, never to the link.
    expect(invitation.description).toContain("http://localhost:3000/me/lost?lng=ru");
    expect(afterText).not.toContain(PARTICIPANT_TOKEN);
    const sequence = Number(invitation.sequence);

    // Their answer changes their entry: SEQUENCE and DTSTAMP move with it, though the event did not change.
    const later = "2026-11-21T09:00:00.000Z";
    await test.db
      .updateTable("assignment")
      .set((eb) => ({ status: "accepted", updated_at: later, sequence: eb("sequence", "+", 1) }))
      .where("event_id", "=", eventId)
      .where("participant_id", "=", ids.participant)
      .execute();
    const acceptedText = await (await get(meLoader, `/feeds/me/${PARTICIPANT_TOKEN}.ics`, { token: PARTICIPANT_TOKEN })).text();
    const accepted = parse(acceptedText).byUid.get(uid(eventId))!;
    expect(status(accepted)).toBe("CONFIRMED");
    expect(Number(accepted.sequence)).toBe(sequence + 1);
    const vevent = acceptedText.split("BEGIN:VEVENT").find((part) => part.includes(`UID:${uid(eventId)}`))!;
    expect(vevent).toContain("DTSTAMP:20261121T090000Z");
    expect(vevent).toContain("LAST-MODIFIED:20261121T090000Z");
  });

  it("answers 304 to its own ETag", async () => {
    const first = await get(meLoader, `/feeds/me/${PARTICIPANT_TOKEN}.ics`, { token: PARTICIPANT_TOKEN });
    const again = await get(meLoader, `/feeds/me/${PARTICIPANT_TOKEN}.ics`, { token: PARTICIPANT_TOKEN }, { "If-None-Match": first.headers.get("ETag")! });
    expect(again.status).toBe(304);
    expect(again.headers.get("Cache-Control")).toBe("private, no-store");
    expect(again.headers.get("X-Robots-Tag")).toBe("noindex");
  });

  it("shows another participant only their own events", async () => {
    const { uids, calendar } = parse(await feedText(await get(meLoader, `/feeds/me/${OTHER_PARTICIPANT_TOKEN}.ics`, { token: OTHER_PARTICIPANT_TOKEN })));
    expect(uids).toEqual([uid(ids.sessions[0])]);
    expect(calname(calendar)).toBe("Tuttav – my events");
  });

  it("gives 404 for an unknown or revoked token, never someone else's data", async () => {
    for (const token of ["feed-test-participant-token-9999", "short", "../../etc"]) {
      const response = await get(meLoader, `/feeds/me/${token}.ics`, { token });
      expect(response.status).toBe(404);
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
      expect(await response.text()).not.toContain("BEGIN:VCALENDAR");
    }
    await revokeTokens(test.db, "participant", ids.otherParticipant);
    expect((await get(meLoader, `/feeds/me/${OTHER_PARTICIPANT_TOKEN}.ics`, { token: OTHER_PARTICIPANT_TOKEN })).status).toBe(404);
  });

  it("notes when the token was last used", async () => {
    const row = await test.db
      .selectFrom("access_token")
      .select("last_used_at")
      .where("subject_id", "=", ids.participant)
      .where("purpose", "=", "participant")
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(FEED_NOW);
  });
});

describe("/feeds/coordinator/<token>.ics", () => {
  it("holds everything in the window, drafts and private events too, privately, in the coordinator's language", async () => {
    const response = await get(coordinatorLoader, `/feeds/coordinator/${COORDINATOR_TOKEN}.ics`, { token: COORDINATOR_TOKEN });
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("X-Robots-Tag")).toBe("noindex");
    const { calendar, byUid } = parse(await feedText(response));
    expect(calname(calendar)).toBe("Tuttav – coordinator");
    const draft = byUid.get(uid(ids.draft))!;
    expect(status(draft)).toBe("TENTATIVE");
    expect(draft.summary).toBe("[Draft] Draft: winter fair");
    expect(draft.component.getFirstPropertyValue("url")).toBe(`http://localhost:3000/admin/events/${ids.draft}?lng=en`);
    expect(byUid.has(uid(ids.hidden))).toBe(true);
    expect(byUid.has(uid(ids.old))).toBe(false);
  });

  it("links public events to their admin page too, though the public feed in the same language has them cached", async () => {
    const published = parse(await feedText(await get(eventsLoader, "/feeds/events.ics?lng=en"))).byUid.get(uid(ids.confirmed))!;
    expect(published.component.getFirstPropertyValue("url")).toBe(`http://localhost:3000/events/${ids.confirmed}?lng=en`);
    const { byUid } = parse(await feedText(await get(coordinatorLoader, `/feeds/coordinator/${COORDINATOR_TOKEN}.ics`, { token: COORDINATOR_TOKEN })));
    expect(byUid.get(uid(ids.confirmed))!.component.getFirstPropertyValue("url")).toBe(`http://localhost:3000/admin/events/${ids.confirmed}?lng=en`);
  });

  it("gives 404 for an unknown token, a participant's token and a revoked one", async () => {
    expect((await get(coordinatorLoader, "/feeds/coordinator/x.ics", { token: "feed-test-coordinator-token-9999" })).status).toBe(404);
    expect((await get(coordinatorLoader, "/feeds/coordinator/x.ics", { token: PARTICIPANT_TOKEN })).status).toBe(404);
    await revokeTokens(test.db, "coordinator_feed", ids.coordinator);
    expect((await get(coordinatorLoader, `/feeds/coordinator/${COORDINATOR_TOKEN}.ics`, { token: COORDINATOR_TOKEN })).status).toBe(404);
  });
});

describe("subscribe redirects", () => {
  it("sends ?subscribe=webcal and ?subscribe=google to the absolute links, without the parameter", async () => {
    const webcal = await get(eventsLoader, "/feeds/events.ics?region=EE-74&subscribe=webcal");
    expect(webcal.status).toBe(302);
    expect(webcal.headers.get("Location")).toBe("webcal://localhost:3000/feeds/events.ics?region=EE-74");
    const google = await get(eventsLoader, "/feeds/events.ics?subscribe=google&lng=en");
    expect(google.headers.get("Location")).toBe(`https://calendar.google.com/calendar/r?cid=${encodeURIComponent("webcal://localhost:3000/feeds/events.ics?lng=en")}`);
  });

  it("uses APP_ORIGIN when it is set", async () => {
    process.env.APP_ORIGIN = "https://tuttav.example";
    try {
      const response = await get(eventsLoader, "/feeds/events.ics?subscribe=webcal");
      expect(response.headers.get("Location")).toBe("webcal://tuttav.example/feeds/events.ics");
      const { events } = parse(await feedText(await get(eventsLoader, "/feeds/events.ics")));
      expect(events[0].uid).toMatch(/@tuttav\.example$/);
      expect(events[0].component.getFirstPropertyValue("url")).toMatch(/^https:\/\/tuttav\.example\/events\/\d+$/);
    } finally {
      delete process.env.APP_ORIGIN;
    }
  });
});
