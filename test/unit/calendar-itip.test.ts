import ICAL from "ical.js";
import nodeIcal from "node-ical";
import { describe, expect, it } from "vitest";

import { buildCalendar, buildItip, type FeedEvent, type ItipOptions } from "~/domain/calendar";

const event: FeedEvent = {
  id: 42,
  title: "Saame tuttavaks! Kärdla",
  description: 'Kohv, jutt; ja "jutud".\nЛаскаво просимо!',
  startsAt: "2026-12-12T12:00:00Z",
  endsAt: "2026-12-12T15:00:00Z",
  state: "planned",
  sequence: 3,
  updatedAt: "2026-12-01T08:00:00.000Z",
  createdAt: "2026-11-01T08:00:00.000Z",
  location: { name: "Kärdla kohvik", address: "Keskväljak 1", town: "Kärdla", lat: 58.997, lon: 22.749 },
  url: "https://tuttav.example/events/42",
};

const options: ItipOptions = {
  host: "tuttav.example",
  method: "REQUEST",
  organizer: { email: "info@tuttav.example", name: "Tuttav" },
  attendee: { email: "olena@example.org", name: 'Olena "O" K.', partstat: "ACCEPTED" },
  stampedAt: "2026-12-03T10:15:00.000Z",
};

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, vevent: calendar.getFirstSubcomponent("vevent")! };
}

describe("buildItip (RFC 5546 messages for e-mail)", () => {
  it("a REQUEST carries the feed's UID and SEQUENCE, the organiser and the attendee, and DTSTAMP = when it was made", () => {
    const text = buildItip(event, options);
    const { calendar, vevent } = parse(text);
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    const feedEvent = parse(buildCalendar([event], { name: "x", host: "tuttav.example" })).vevent;
    expect(vevent.getFirstPropertyValue("uid")).toBe(feedEvent.getFirstPropertyValue("uid"));
    expect(vevent.getFirstPropertyValue("sequence")).toBe(3);
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(vevent.getFirstPropertyValue("organizer")).toBe("mailto:info@tuttav.example");
    const attendee = vevent.getFirstProperty("attendee")!;
    expect(attendee.getFirstValue()).toBe("mailto:olena@example.org");
    expect(attendee.getParameter("partstat")).toBe("ACCEPTED");
    // The quote in the name cannot end the parameter.
    expect(attendee.getParameter("cn")).toBe("Olena O K.");
    expect(text).toContain("DTSTAMP:20261203T101500Z");
    expect(text).toContain("LAST-MODIFIED:20261201T080000Z");
    // Every line CRLF-terminated and at most 75 octets.
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });

  it("a CANCEL says STATUS:CANCELLED with the same UID and SEQUENCE, and a second parser agrees", () => {
    const text = buildItip({ ...event, sequence: 4 }, { ...options, method: "CANCEL" });
    const { calendar, vevent } = parse(text);
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(vevent.getFirstPropertyValue("sequence")).toBe(4);
    const parsed = Object.values(nodeIcal.sync.parseICS(text)).find((item) => item?.type === "VEVENT") as nodeIcal.VEvent;
    expect(parsed.uid).toBe("event-42@tuttav.example");
    expect(parsed.status).toBe("CANCELLED");
    expect(String(parsed.sequence)).toBe("4");
  });

  it("refuses an address that could break the line or smuggle a property", () => {
    expect(() => buildItip(event, { ...options, attendee: { ...options.attendee, email: "a@b.example\r\nATTENDEE:mailto:x@y" } })).toThrow(RangeError);
    expect(() => buildItip(event, { ...options, organizer: { ...options.organizer, email: "not an address" } })).toThrow(RangeError);
  });
});
