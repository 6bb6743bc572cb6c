import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { LoaderFunctionArgs } from "@remix-run/node";
import ICAL from "ical.js";
import { afterAll, beforeAll, expect, it } from "vitest";

import { loader as oneEventLoader } from "~/routes/events.$id.calendar[.]ics";
import { loader as coordinatorLoader } from "~/routes/feeds.coordinator.$token[.]ics";
import { loader as eventsLoader } from "~/routes/feeds.events[.]ics";
import { loader as meLoader } from "~/routes/feeds.me.$token[.]ics";
import { loader as regionLoader } from "~/routes/feeds.regions.$code[.]ics";
import { loader as venueLoader } from "~/routes/feeds.venues.$id[.]ics";

import { COORDINATOR_TOKEN, FEED_NOW, insertFeedData, PARTICIPANT_TOKEN } from "../fixtures/calendar/feeds-data";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { getRequest, settle } from "../helpers/requests";

// Every feed type, byte for byte, from fixed data at a fixed TUTTAV_NOW. After an intended change
// to the output, regenerate with
//   UPDATE_GOLDEN=1 npx vitest run --config test/vitest.config.ts test/integration/feeds-golden
// and read the diff of test/fixtures/calendar/feed-*.ics before committing it.

let test: TestDatabase;
let ids: Awaited<ReturnType<typeof insertFeedData>>;
const previousNow = process.env.TUTTAV_NOW;
beforeAll(async () => {
  process.env.TUTTAV_NOW = FEED_NOW;
  test = await createTestDatabase({ now: new Date(FEED_NOW) });
  ids = await insertFeedData(test.db);
});
afterAll(async () => {
  await test.close();
  if (previousNow === undefined) delete process.env.TUTTAV_NOW;
  else process.env.TUTTAV_NOW = previousNow;
});

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
const cases: [string, () => [Loader, string, Record<string, string>]][] = [
  ["public", () => [eventsLoader, "/feeds/events.ics?lng=en", {}]],
  ["region", () => [regionLoader, "/feeds/regions/EE-74.ics", { code: "EE-74" }]],
  ["venue", () => [venueLoader, `/feeds/venues/${ids.tartuLibrary}.ics`, { id: String(ids.tartuLibrary) }]],
  ["event", () => [oneEventLoader, `/events/${ids.confirmed}/calendar.ics?lng=uk`, { id: String(ids.confirmed) }]],
  ["participant", () => [meLoader, `/feeds/me/${PARTICIPANT_TOKEN}.ics`, { token: PARTICIPANT_TOKEN }]],
  ["coordinator", () => [coordinatorLoader, `/feeds/coordinator/${COORDINATOR_TOKEN}.ics`, { token: COORDINATOR_TOKEN }]],
];

it.each(cases)("the %s feed matches its golden file", async (name, make) => {
  const [loader, url, params] = make();
  const response = await settle(() => loader({ request: getRequest(url), params, context: {} }));
  expect(response.status).toBe(200);
  const ics = await response.text();
  // Parses, and has events.
  expect(new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent").length).toBeGreaterThan(0);

  const golden = fileURLToPath(new URL(`../fixtures/calendar/feed-${name}.ics`, import.meta.url));
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, ics);
  expect(ics).toBe(readFileSync(golden, "utf8"));
});
