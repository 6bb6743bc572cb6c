import ICAL from "ical.js";
import nodeIcal from "node-ical";
import { describe, expect, it } from "vitest";
import { buildCalendar, eventUid, type FeedEvent, type FeedOptions } from "~/domain/calendar";

// Every check on the output goes through ical.js, an independent parser, unless it is about bytes.

const options: FeedOptions = { name: "Tuttav – avalikud sündmused", host: "tuttav.example" };

let nextId = 1;
const event = (over: Partial<FeedEvent> = {}): FeedEvent => {
  const id = over.id ?? nextId++;
  return {
    id,
    title: "Hubane nurk",
    description: "Kohv, jutt ja eesti keel.",
    startsAt: "2026-07-01T15:00:00Z",
    endsAt: "2026-07-01T17:00:00Z",
    state: "confirmed",
    sequence: 0,
    updatedAt: "2026-06-01T08:30:00Z",
    createdAt: "2026-05-01T08:30:00Z",
    location: { name: "Tartu Linnaraamatukogu", address: "Kompanii 3", town: "Tartu", lat: 58.380457, lon: 26.72251 },
    url: `https://tuttav.example/events/${id}`,
    ...over,
  };
};

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevents = calendar.getAllSubcomponents("vevent");
  return { calendar, vevents, events: vevents.map((vevent) => new ICAL.Event(vevent)) };
}

/** The wall time a client in Estonia sees, read back through the feed's own VTIMEZONE. */
function tallinnWallTime(time: ICAL.Time): string {
  return time.toString(); // e.g. 2026-07-01T18:00:00, in the zone of its TZID
}

/** ical.js leaves properties it does not know (X-WR-CALNAME, RFC 7986 NAME) as raw text; this is RFC 5545 §3.3.11 unescaping. */
const unescapeText = (raw: string) => raw.replace(/\\([\\;,nN])/g, (_, char: string) => (char.toLowerCase() === "n" ? "\n" : char));

const physicalLines = (ics: string) => ics.split("\r\n").slice(0, -1);

describe("buildCalendar: lines", () => {
  it("ends every line, the last one too, with CRLF and has no bare CR or LF", () => {
    const ics = buildCalendar([event({ description: "one\ntwo\rthree\r\nfour" })], options);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("folds long Estonian, Ukrainian, Arabic and emoji text to 75 octets and round-trips it", () => {
    const title =
      "Jõuluootus Õismäel: süüa, rääkida ja õppida üheskoos — " +
      "Різдвяне очікування: їжа, розмови та навчання разом — " +
      "ترقب عيد الميلاد: طعام وحديث وتعلم معًا — " +
      "🎄☕️🇪🇪🇺🇦👩‍👩‍👧‍👦";
    const description = `${title}\n\n`.repeat(6) + "Rida; koma, kaldkriips \\ lõpp.";
    const ics = buildCalendar([event({ title, description, categories: ["cosy_corner", "keel, kultuur"] })], options);

    for (const line of physicalLines(ics)) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const [parsed] = parse(ics).events;
    expect(parsed.summary).toBe(title);
    expect(parsed.description).toBe(description);
    expect(parsed.component.getFirstProperty("categories")!.getValues()).toEqual(["cosy_corner", "keel, kultuur"]);
  });
});

describe("buildCalendar: no text can inject a property or component", () => {
  const attacks = [
    "Tere\r\nATTENDEE:mailto:x@y",
    "Tere\nATTENDEE:mailto:x@y",
    "Tere\rATTENDEE:mailto:x@y",
    "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nSUMMARY:evil",
    "x\u0085ATTENDEE:mailto:x@y",
    "x;ATTENDEE=mailto:x@y:y",
  ];

  it.each(attacks)("keeps %j inside its own value", (attack) => {
    const ics = buildCalendar(
      [
        event({
          title: attack,
          description: attack,
          categories: [attack],
          location: { name: attack, address: attack, town: attack, lat: null, lon: null },
        }),
      ],
      { ...options, name: attack, prodId: attack },
    );
    const { calendar, vevents } = parse(ics);
    expect(vevents).toHaveLength(1);
    const [vevent] = vevents;
    expect(vevent.getAllProperties("attendee")).toHaveLength(0);
    expect(vevent.getFirstPropertyValue("uid")).toMatch(/^event-\d+@tuttav\.example$/);
    expect(calendar.getAllProperties().map((p) => p.name)).toEqual([
      "version",
      "prodid",
      "calscale",
      "name",
      "x-wr-calname",
      "x-wr-timezone",
      "refresh-interval",
      "x-published-ttl",
    ]);
    // The attack survives as text: line breaks become real newlines in the value, controls go.
    const asText = attack.replace(/\r\n|\r/g, "\n").replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, "");
    expect(unescapeText(calendar.getFirstPropertyValue("name") as string)).toBe(asText);
    expect(unescapeText(calendar.getFirstPropertyValue("x-wr-calname") as string)).toBe(asText);
    expect(vevent.getFirstPropertyValue("summary")).toBe(asText);
    expect(vevent.getFirstPropertyValue("description")).toBe(asText);
    expect(vevent.getFirstProperty("categories")!.getValues()).toEqual([asText]);
  });

  it("drops control characters and keeps line breaks as text", () => {
    const [parsed] = parse(buildCalendar([event({ title: "a\u0000b\u0007c\u001Bd", description: "1\r2\n3" })], options)).events;
    expect(parsed.summary).toBe("abcd");
    expect(parsed.description).toBe("1\n2\n3");
  });
});

describe("buildCalendar: time zone", () => {
  it("has the Europe/Tallinn VTIMEZONE exactly once, however many events", () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      event({ startsAt: `2026-${String((i % 12) + 1).padStart(2, "0")}-10T15:00:00Z`, endsAt: `2026-${String((i % 12) + 1).padStart(2, "0")}-10T16:00:00Z` }),
    );
    for (const events of [many, []]) {
      const { calendar } = parse(buildCalendar(events, options));
      const zones = calendar.getAllSubcomponents("vtimezone");
      expect(zones).toHaveLength(1);
      expect(zones[0].getFirstPropertyValue("tzid")).toBe("Europe/Tallinn");
      expect(calendar.getFirstPropertyValue("x-wr-timezone")).toBe("Europe/Tallinn");
    }
  });

  it.each([
    ["summer (EEST, +3)", "2026-07-01T15:00:00Z", "20260701T180000", "2026-07-01T18:00:00"],
    ["winter (EET, +2)", "2026-12-01T16:00:00Z", "20261201T180000", "2026-12-01T18:00:00"],
  ])("writes the Tallinn wall time in %s", (_, startsAt, raw, wall) => {
    const endsAt = new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString();
    const ics = buildCalendar([event({ startsAt, endsAt })], options);
    expect(ics).toContain(`\r\nDTSTART;TZID=Europe/Tallinn:${raw}\r\n`);
    const [parsed] = parse(ics).events;
    expect(parsed.startDate.zone!.tzid).toBe("Europe/Tallinn");
    expect(tallinnWallTime(parsed.startDate)).toBe(wall);
    expect(parsed.startDate.toJSDate().toISOString()).toBe(new Date(startsAt).toISOString());
    expect(parsed.endDate.toJSDate().toISOString()).toBe(endsAt);
  });

  it("writes the twice-happening hour of 2026-10-25 in UTC, so each 03:30 stays at its instant", () => {
    // 00:30Z is 03:30 EEST, 01:30Z is 03:30 EET; TZID=Europe/Tallinn:…T033000 cannot tell them
    // apart (RFC 5545 says the first, ical.js picks the second). The hours around stay wall time.
    const times = ["2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z"];
    const ics = buildCalendar(
      times.map((startsAt) => event({ startsAt, endsAt: startsAt.replace(":30:", ":45:") })),
      options,
    );
    const starts = ics
      .slice(ics.indexOf("BEGIN:VEVENT"))
      .split("\r\n")
      .filter((line) => line.startsWith("DTSTART"));
    expect(starts).toEqual(["DTSTART:20261025T003000Z", "DTSTART:20261025T013000Z", "DTSTART;TZID=Europe/Tallinn:20261025T023000", "DTSTART;TZID=Europe/Tallinn:20261025T043000"]);
    expect(parse(ics).events.map((e) => e.startDate.toJSDate().toISOString())).toEqual(times.map((t) => new Date(t).toISOString()));
  });

  it("refuses a time without Z or offset instead of guessing the server's zone", () => {
    expect(() => buildCalendar([event({ startsAt: "2026-07-01 15:00:00" })], options)).toThrow(/startsAt/);
    expect(() => buildCalendar([event({ startsAt: "2026-07-01T18:00:00+03:00" })], options)).not.toThrow();
  });
});

describe("buildCalendar: a series is one VEVENT per session", () => {
  // Thursdays 17:00 Tallinn around the end of summer time on Sunday 2026-10-25.
  const sessions = [
    { date: "2026-10-08", utcHour: 14 },
    { date: "2026-10-15", utcHour: 14 },
    { date: "2026-10-22", utcHour: 14 },
    { date: "2026-10-29", utcHour: 15 },
    { date: "2026-11-05", utcHour: 15 },
  ].map(({ date, utcHour }, i) =>
    event({
      id: 500 + i,
      title: "Hubane nurk Narvas",
      startsAt: `${date}T${utcHour}:00:00Z`,
      endsAt: `${date}T${utcHour + 2}:00:00Z`,
      sequence: i === 3 ? 1 : 0,
      state: i === 3 ? "cancelled" : "planned",
    }),
  );

  it("expands in ical.js to exactly one 17:00 Tallinn occurrence per session, DST or not", () => {
    const ics = buildCalendar(sessions, options);
    const { events } = parse(ics);
    for (const { component } of events) {
      for (const name of ["rrule", "exdate", "rdate", "recurrence-id"]) expect(component.getAllProperties(name)).toHaveLength(0);
    }
    const occurrences = events.flatMap((e) => {
      const iterator = e.iterator();
      const found: ICAL.Time[] = [];
      for (let next = iterator.next(); next; next = iterator.next()) found.push(next);
      return found;
    });
    expect(occurrences.map((time) => tallinnWallTime(time))).toEqual([
      "2026-10-08T17:00:00",
      "2026-10-15T17:00:00",
      "2026-10-22T17:00:00",
      "2026-10-29T17:00:00",
      "2026-11-05T17:00:00",
    ]);
    expect(occurrences.map((time) => time.toJSDate().toISOString())).toEqual(sessions.map((s) => new Date(s.startsAt).toISOString()));
    expect(events.map((e) => e.uid)).toEqual(sessions.map((s) => `event-${s.id}@tuttav.example`));
  });

  it("cancels one session without touching the others", () => {
    const { events } = parse(buildCalendar(sessions, options));
    expect(events.map((e) => e.component.getFirstPropertyValue("status"))).toEqual(["CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED"]);
    expect(events.map((e) => e.sequence)).toEqual([0, 0, 0, 1, 0]);
  });
});

describe("buildCalendar: identity and revision", () => {
  it("writes UID, DTSTAMP, SEQUENCE, CREATED and LAST-MODIFIED, the stamps in UTC", () => {
    const ics = buildCalendar([event({ id: 42, sequence: 3, updatedAt: "2026-06-02T09:15:00.000Z", createdAt: "2026-05-01T08:00:00Z" })], options);
    const [parsed] = parse(ics).events;
    const vevent = parsed.component;
    expect(parsed.uid).toBe("event-42@tuttav.example");
    expect(parsed.sequence).toBe(3);
    for (const [name, iso] of [
      ["dtstamp", "2026-06-02T09:15:00.000Z"],
      ["last-modified", "2026-06-02T09:15:00.000Z"],
      ["created", "2026-05-01T08:00:00.000Z"],
    ]) {
      const time = vevent.getFirstPropertyValue(name) as ICAL.Time;
      expect(time.zone).toBe(ICAL.Timezone.utcTimezone); // a floating stamp would be meaningless
      expect(time.toJSDate().toISOString()).toBe(iso);
    }
  });

  it("renders the same events to the same bytes (no clock inside, so ETags hold)", () => {
    const events = [event({ id: 7 }), event({ id: 8, state: "cancelled" })];
    expect(buildCalendar(events, options)).toBe(buildCalendar(structuredClone(events), options));
  });

  it("makes UIDs from id and host only", () => {
    expect(eventUid(17, "tuttav.example")).toBe("event-17@tuttav.example");
    expect(() => eventUid(17, "tuttav.example\r\nX:1")).toThrow();
    expect(() => eventUid(0, "tuttav.example")).toThrow();
  });

  it("refuses two events with one id", () => {
    expect(() => buildCalendar([event({ id: 9 }), event({ id: 9 })], options)).toThrow(/twice/);
  });

  it("refuses an event that ends before it starts", () => {
    expect(() => buildCalendar([event({ startsAt: "2026-07-01T15:00:00Z", endsAt: "2026-07-01T14:00:00Z" })], options)).toThrow(/must end after/);
  });
});

describe("buildCalendar: status", () => {
  it.each([
    ["draft", false, "TENTATIVE"],
    ["planned", false, "CONFIRMED"],
    ["confirmed", false, "CONFIRMED"],
    ["completed", false, "CONFIRMED"],
    ["cancelled", false, "CANCELLED"],
    ["confirmed", true, "TENTATIVE"],
    ["cancelled", true, "CANCELLED"],
  ] as const)("publishes %s (tentative: %s) as %s and keeps it in the feed", (state, tentative, status) => {
    const { vevents } = parse(buildCalendar([event({ state, tentative })], options));
    expect(vevents).toHaveLength(1);
    expect(vevents[0].getFirstPropertyValue("status")).toBe(status);
  });
});

describe("buildCalendar: calendar and place properties", () => {
  it("names the calendar and asks clients to refresh hourly by default", () => {
    const { calendar } = parse(buildCalendar([], options));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe(options.name);
    expect(calendar.getFirstPropertyValue("name")).toBe(options.name);
    const refresh = calendar.getFirstProperty("refresh-interval")!;
    expect(refresh.type).toBe("duration"); // ical.js turns VALUE=DURATION into the value type
    expect(String(refresh.getFirstValue())).toBe("PT1H");
    expect(String(calendar.getFirstPropertyValue("x-published-ttl"))).toBe("PT1H");
    expect(String(parse(buildCalendar([], { ...options, ttlMinutes: 90 })).calendar.getFirstPropertyValue("x-published-ttl"))).toBe("PT1H30M");
  });

  it("writes URL, LOCATION as 'name, address, town' and GEO", () => {
    const [parsed] = parse(buildCalendar([event({ id: 3 })], options)).events;
    expect(parsed.component.getFirstPropertyValue("url")).toBe("https://tuttav.example/events/3");
    expect(parsed.location).toBe("Tartu Linnaraamatukogu, Kompanii 3, Tartu");
    expect(parsed.component.getFirstPropertyValue("geo")).toEqual([58.380457, 26.72251]);
  });

  it("leaves out GEO without coordinates, the address when unknown, the town when the address has it", () => {
    const events = [
      event({ location: { name: "Kohvik Mokka", address: null, town: "Võru", lat: null, lon: 27.0 } }),
      event({ location: { name: "Rahvamaja", address: "Kooli 1, Kärdla", town: "Kärdla", lat: null, lon: null } }),
      event({ location: null }),
    ];
    const parsed = parse(buildCalendar(events, options)).events;
    expect(parsed.map((e) => e.location)).toEqual(["Kohvik Mokka, Võru", "Rahvamaja, Kooli 1, Kärdla", null]);
    expect(parsed.map((e) => e.component.getFirstPropertyValue("geo"))).toEqual([null, null, null]);
  });

  it("refuses a URL that is not absolute http(s) or could end the line", () => {
    expect(() => buildCalendar([event({ url: "/events/1" })], options)).toThrow(/URL/);
    expect(() => buildCalendar([event({ url: "https://tuttav.example/e/1\r\nATTENDEE:x" })], options)).toThrow(/URL/);
  });
});

describe("buildCalendar: a second parser, node-ical", () => {
  // node-ical splits on JavaScript line terminators: a raw U+2028 or U+2029 made it drop the whole
  // property, so those are written as \n like any other line break.
  const texts = {
    "line and paragraph separators": "Esimene rida\u2028teine rida\u2029kolmas lõik",
    "every line break": "a\r\nb\nc\rd",
    "TEXT specials": "Kohv; tee, \\ ja küpsised",
    "four scripts and emoji": "Hubane nurk · Затишний куточок · Уютный уголок · ركن دافئ 👩‍👩‍👧‍👦",
  };

  it.each(Object.entries(texts))("reads back %s in SUMMARY, DESCRIPTION, LOCATION and the event's UID", (_, text) => {
    const ics = buildCalendar([event({ id: 7, title: text, description: text, location: { name: text, address: "Kompanii 3", town: "Tartu", lat: 58.38, lon: 26.72 } })], {
      ...options,
      name: text,
    });
    const parsed = nodeIcal.sync.parseICS(ics);
    const vevent = Object.values(parsed).find((c) => c?.type === "VEVENT") as nodeIcal.VEvent;
    const expected = text.replace(/\r\n|[\r\u2028\u2029]/g, "\n");
    const value = (v: unknown) => (typeof v === "string" ? v : (v as { val: string }).val);
    expect(vevent.uid).toBe(eventUid(7, options.host));
    expect(value(vevent.summary)).toBe(expected);
    expect(value(vevent.description)).toBe(expected);
    expect(value(vevent.location)).toContain(expected);
    expect(ics).not.toMatch(/[\u2028\u2029]/);
  });

  it("reads a downloaded single event as PUBLISH, without calendar-level properties", () => {
    const ics = buildCalendar([event({ id: 8 })], { ...options, download: true });
    expect(ics).toContain("\r\nMETHOD:PUBLISH\r\n");
    expect(ics).not.toMatch(/^(NAME|X-WR-CALNAME|REFRESH-INTERVAL|X-PUBLISHED-TTL)[;:]/m);
    const parsed = nodeIcal.sync.parseICS(ics);
    expect(
      Object.values(parsed)
        .filter((c) => c?.type === "VEVENT")
        .map((c) => (c as nodeIcal.VEvent).uid),
    ).toEqual([eventUid(8, options.host)]);
  });
});
