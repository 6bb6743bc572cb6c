import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { buildCalendar, type FeedEvent } from "~/domain/calendar";

// The public feed, byte for byte. After an intended change to the output, regenerate with
//   UPDATE_GOLDEN=1 npx vitest run --config test/vitest.config.ts test/unit/calendar-golden
// and read the diff of public.ics before committing it.
const golden = fileURLToPath(new URL("../fixtures/calendar/public.ics", import.meta.url));

const library = { name: "Tartu Linnaraamatukogu", address: "Kompanii 3", town: "Tartu", lat: 58.380457, lon: 26.72251 };

const events: FeedEvent[] = [
  {
    id: 101,
    title: "Suvine piknik Raekoja platsil",
    description: "Too kaasa tekk; süüa jagub kõigile.\nЛаскаво просимо! Bienvenue, مرحبا 👋\nKüsimused: tere@tuttav.example",
    startsAt: "2026-07-01T15:00:00Z",
    endsAt: "2026-07-01T18:00:00Z",
    state: "confirmed",
    sequence: 2,
    updatedAt: "2026-06-20T09:12:00.000Z",
    createdAt: "2026-05-02T11:00:00.000Z",
    location: { name: "Raekoja plats", address: null, town: "Tartu", lat: 58.380146, lon: 26.722427 },
    url: "https://tuttav.example/et/events/101",
    categories: ["community_event", "food"],
  },
  {
    id: 102,
    title: "Hubane nurk: eesti keele kohvik",
    description: "",
    startsAt: "2026-10-22T14:00:00Z",
    endsAt: "2026-10-22T16:00:00Z",
    state: "planned",
    sequence: 0,
    updatedAt: "2026-09-01T07:00:00Z",
    createdAt: "2026-09-01T07:00:00Z",
    location: library,
    url: "https://tuttav.example/et/events/102",
    categories: ["cosy_corner"],
  },
  {
    id: 103,
    title: "Hubane nurk: eesti keele kohvik",
    description: "Jääb ära: raamatukogu on suletud.",
    startsAt: "2026-10-29T15:00:00Z",
    endsAt: "2026-10-29T17:00:00Z",
    state: "cancelled",
    sequence: 1,
    updatedAt: "2026-10-20T12:30:00Z",
    createdAt: "2026-09-01T07:00:00Z",
    location: library,
    url: "https://tuttav.example/et/events/103",
    categories: ["cosy_corner"],
  },
  {
    id: 104,
    title: "Jõululaat — Різдвяний ярмарок — سوق عيد الميلاد 🎄 (pikk pealkiri, et näha voltimist)",
    description: "Kavas: laulud, piparkoogid \\ glögi, käsitöö.",
    startsAt: "2026-12-12T10:00:00Z",
    endsAt: "2026-12-12T14:00:00Z",
    state: "draft",
    sequence: 0,
    updatedAt: "2026-11-02T10:00:00Z",
    createdAt: "2026-11-02T10:00:00Z",
    location: null,
    url: "https://tuttav.example/et/events/104",
  },
];

it("renders the public feed exactly as public.ics", () => {
  const ics = buildCalendar(events, { name: "Tuttav – avalikud sündmused", host: "tuttav.example" });
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, ics, "utf8");
  const expected = readFileSync(golden, "utf8");
  expect(ics).toBe(expected); // a string diff is readable; bytes follow, since both are UTF-8 of the same text
  expect(Buffer.from(ics, "utf8").equals(readFileSync(golden))).toBe(true);
});
