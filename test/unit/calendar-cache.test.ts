import ICAL from "ical.js";
import { describe, expect, it } from "vitest";

import { buildCalendar, vEventKey, type FeedEvent, type FeedOptions, type VEventCache } from "~/domain/calendar";

const options: FeedOptions = { name: "Tuttav – sündmused", host: "tuttav.example" };

const event = (id: number, over: Partial<FeedEvent> = {}): FeedEvent => ({
  id,
  title: `Hubane nurk ${id}; kohv, jutt`,
  description: "Kohv, jutt ja eesti keel.\nЛаскаво просимо! 👋",
  startsAt: "2026-10-22T14:00:00Z",
  endsAt: "2026-10-22T16:00:00Z",
  state: "planned",
  sequence: 0,
  updatedAt: "2026-09-01T08:30:00.000Z",
  createdAt: "2026-08-01T08:30:00.000Z",
  location: { name: "Kohvik Lossi Aed", address: "Lossi 11", town: "Kuressaare", lat: 58.2481, lon: 22.5039 },
  url: `https://tuttav.example/events/${id}`,
  categories: ["Hubane nurk"],
  cacheVariant: "public et",
  ...over,
});

/** A Map that counts how many VEVENTs were stored, i.e. rendered. */
function countingCache() {
  const map = new Map<string, string>();
  const cache = { map, rendered: 0, get: (key: string) => map.get(key), set: (key: string, vevent: string) => (cache.rendered++, map.set(key, vevent)) };
  return cache satisfies VEventCache;
}

const events = [event(1), event(2, { state: "cancelled", sequence: 1 }), event(3, { startsAt: "2026-10-29T15:00:00Z", endsAt: "2026-10-29T17:00:00Z" })];

describe("buildCalendar with a VEVENT cache", () => {
  it("writes the same bytes as without a cache, when rendering and when reusing", () => {
    const plain = buildCalendar(events, options);
    const cache = countingCache();
    expect(buildCalendar(events, options, cache)).toBe(plain);
    expect(cache.rendered).toBe(3);
    expect(buildCalendar(structuredClone(events), options, cache)).toBe(plain);
    expect(cache.rendered).toBe(3);
  });

  it("renders an edited event again (new SEQUENCE or updatedAt) and reuses the others", () => {
    const cache = countingCache();
    buildCalendar(events, options, cache);
    const edited = [
      event(1, { title: "Hubane nurk: uus pealkiri", updatedAt: "2026-09-02T10:00:00.000Z" }),
      events[1],
      event(3, { startsAt: "2026-10-29T16:00:00Z", endsAt: "2026-10-29T18:00:00Z", sequence: 1, updatedAt: "2026-09-02T10:00:00.000Z" }),
    ];
    const ics = buildCalendar(edited, options, cache);
    expect(cache.rendered).toBe(5);
    expect(ics).toBe(buildCalendar(edited, options));
    const parsed = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
    expect(parsed[0].summary).toBe("Hubane nurk: uus pealkiri");
    expect(parsed[2].startDate.toJSDate().toISOString()).toBe("2026-10-29T16:00:00.000Z");
    expect(parsed[2].sequence).toBe(1);
  });

  it("keeps apart hosts and the caller's variants (language, links, place)", () => {
    const cache = countingCache();
    buildCalendar(events, options, cache);
    const otherHost = buildCalendar(events, { ...options, host: "tuttav.test" }, cache);
    expect(otherHost).toContain("UID:event-1@tuttav.test");
    expect(otherHost).not.toContain("@tuttav.example");
    const english = events.map((e) => ({ ...e, title: `Cosy corner ${e.id}`, cacheVariant: "public en" }));
    expect(buildCalendar(english, options, cache)).toBe(buildCalendar(english, options));
    expect(cache.rendered).toBe(9);
  });

  it("never caches an event without a variant", () => {
    const cache = countingCache();
    const uncached = events.map(({ cacheVariant: _, ...rest }) => rest);
    expect(buildCalendar(uncached, options, cache)).toBe(buildCalendar(events, options));
    expect(cache.map.size).toBe(0);
  });

  it("takes a VEVENT the caller got from the cache in place of its event", () => {
    const cache = countingCache();
    const plain = buildCalendar(events, options, cache);
    const [first, ...rest] = events;
    const held = { id: first.id, vevent: cache.get(vEventKey(first, first.cacheVariant!, options.host))! };
    expect(held.vevent.startsWith("BEGIN:VEVENT\r\nUID:event-1@tuttav.example\r\n")).toBe(true);
    expect(buildCalendar([held, ...rest], options)).toBe(plain);
    expect(() => buildCalendar([held, first], options)).toThrow(/twice/);
  });

  it("checks the UID host even when every event comes from the cache", () => {
    expect(() => buildCalendar([], { ...options, host: "tuttav.example\r\nX:1" })).toThrow(/host/);
  });
});
