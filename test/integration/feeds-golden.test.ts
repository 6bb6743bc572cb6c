import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import ICAL from "ical.js";
import { expect, it } from "vitest";

import { clearFeedCache } from "~/models/feed/http.server";
import { loader as oneEventLoader } from "~/routes/events.$id.calendar[.]ics";
import { loader as coordinatorLoader } from "~/routes/feeds.coordinator.$token[.]ics";
import { loader as eventsLoader } from "~/routes/feeds.events[.]ics";
import { loader as meLoader } from "~/routes/feeds.me.$token[.]ics";
import { loader as regionLoader } from "~/routes/feeds.regions.$code[.]ics";
import { loader as venueLoader } from "~/routes/feeds.venues.$id[.]ics";

import { COORDINATOR_TOKEN, PARTICIPANT_TOKEN } from "../fixtures/calendar/feeds-data";
import { getFeed, useFeedDatabase, type Loader } from "../helpers/feeds";

// Every feed type, byte for byte, from fixed data at a fixed TUTTAV_NOW. After an intended change
// to the output, regenerate with
//   UPDATE_GOLDEN=1 npx vitest run --config test/vitest.config.ts test/integration/feeds-golden
// and read the diff of test/fixtures/calendar/feed-*.ics before committing it.

const { ids } = useFeedDatabase();

const cases: [string, () => [Loader, string, Record<string, string>]][] = [
  ["public", () => [eventsLoader, "/feeds/events.ics?lng=en", {}]],
  ["region", () => [regionLoader, "/feeds/regions/EE-74.ics", { code: "EE-74" }]],
  ["venue", () => [venueLoader, `/feeds/venues/${ids.tartuLibrary}.ics`, { id: String(ids.tartuLibrary) }]],
  ["event", () => [oneEventLoader, `/events/${ids.confirmed}/calendar.ics?lng=uk`, { id: String(ids.confirmed) }]],
  ["participant", () => [meLoader, `/feeds/me/${PARTICIPANT_TOKEN}.ics`, { token: PARTICIPANT_TOKEN }]],
  ["coordinator", () => [coordinatorLoader, `/feeds/coordinator/${COORDINATOR_TOKEN}.ics`, { token: COORDINATOR_TOKEN }]],
];

it.each(cases)("the %s feed matches its golden file, built from scratch and from cached VEVENTs", async (name, make) => {
  const [loader, url, params] = make();
  clearFeedCache();
  const response = await getFeed(loader, url, params);
  expect(response.status).toBe(200);
  const ics = await response.text();
  // Parses, and has events.
  expect(new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent").length).toBeGreaterThan(0);

  const golden = fileURLToPath(new URL(`../fixtures/calendar/feed-${name}.ics`, import.meta.url));
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, ics);
  expect(ics).toBe(readFileSync(golden, "utf8"));

  // Built again with the events' VEVENTs (and the fingerprint) from the caches.
  clearFeedCache("bodies");
  const again = await getFeed(loader, url, params);
  expect(again.headers.get("ETag")).toBe(response.headers.get("ETag"));
  expect(await again.text()).toBe(ics);
});
