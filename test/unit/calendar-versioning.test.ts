import { describe, expect, it } from "vitest";
import { feedEtag, feedVersion, needsSequenceBump, type SequenceFields } from "~/domain/calendar";

describe("needsSequenceBump", () => {
  const before: SequenceFields = { startsAt: "2026-07-01T15:00:00Z", endsAt: "2026-07-01T17:00:00Z", venueId: 4, state: "planned" };

  it.each<[string, Partial<SequenceFields>]>([
    ["start moves", { startsAt: "2026-07-01T16:00:00Z" }],
    ["end moves", { endsAt: "2026-07-01T18:00:00Z" }],
    ["venue changes", { venueId: 5 }],
    ["venue is dropped", { venueId: null }],
    ["status changes", { state: "cancelled" }],
    ["plan is confirmed", { state: "confirmed" }],
  ])("bumps when the %s", (_, change) => {
    expect(needsSequenceBump(before, { ...before, ...change })).toBe(true);
  });

  it("does not bump for the same instants written differently", () => {
    expect(needsSequenceBump(before, { ...before, startsAt: "2026-07-01T15:00:00.000Z", endsAt: "2026-07-01T20:00:00+03:00" })).toBe(false);
  });
});

describe("feedEtag", () => {
  it("is a strong, quoted base64url SHA-256 of the bytes", () => {
    const etag = feedEtag("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(feedEtag("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")).toBe(etag);
    expect(feedEtag("BEGIN:VCALENDAR\r\nEND:VCALENDAR\n")).not.toBe(etag);
    expect(feedEtag("ü")).not.toBe(feedEtag("u\u0308")); // bytes, not what they look like
  });
});

describe("feedVersion", () => {
  type Parts = Parameters<typeof feedVersion>[0];
  const parts: Parts = { ids: [3, 1, 2], maxUpdatedAt: "2026-06-01T08:00:00.000Z", count: 3, variant: "public:et" };

  it("is a strong ETag that stays put while nothing changes", () => {
    expect(feedVersion(parts)).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(feedVersion({ ...parts, ids: [...(parts.ids as number[])] })).toBe(feedVersion(parts));
    // Ids joined by SQL (group_concat) give the same tag as the list.
    expect(feedVersion({ ...parts, ids: "3,1,2" })).toBe(feedVersion(parts));
  });

  it.each<[string, Partial<Parts>]>([
    ["an event is added", { ids: [3, 1, 2, 4], count: 4 }],
    ["an event is swapped for another", { ids: [3, 1, 5] }],
    ["the order changes", { ids: [1, 2, 3] }],
    ["something was edited", { maxUpdatedAt: "2026-06-01T08:00:01.000Z" }],
    ["the feed was empty", { ids: [], count: 0, maxUpdatedAt: null }],
    ["the language differs", { variant: "public:ru" }],
  ])("changes when %s", (_, change) => {
    expect(feedVersion({ ...parts, ...change })).not.toBe(feedVersion(parts));
  });
});
