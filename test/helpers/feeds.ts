import type { LoaderFunctionArgs } from "@remix-run/node";
import ICAL from "ical.js";
import { afterAll, beforeAll } from "vitest";

import { clearFeedCache } from "~/models/feed/http.server";

import { FEED_NOW, insertFeedData } from "../fixtures/calendar/feeds-data";
import { createTestDatabase, type TestDatabase } from "./db";
import { getRequest, settle } from "./requests";

export type FeedIds = Awaited<ReturnType<typeof insertFeedData>>;
export type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

/**
 * For a test file about feeds: before its tests, a fresh database with the feed fixture, empty
 * feed caches and TUTTAV_NOW pinned to FEED_NOW; after them, all undone. The returned `test` and
 * `ids` are filled in by beforeAll, so read them inside tests.
 */
export function useFeedDatabase(): { test: TestDatabase; ids: FeedIds } {
  const test = {} as TestDatabase;
  const ids = {} as FeedIds;
  const previousNow = process.env.TUTTAV_NOW;
  beforeAll(async () => {
    process.env.TUTTAV_NOW = FEED_NOW;
    clearFeedCache();
    Object.assign(test, await createTestDatabase({ now: new Date(FEED_NOW) }));
    Object.assign(ids, await insertFeedData(test.db));
  });
  afterAll(async () => {
    await test.close?.();
    clearFeedCache();
    if (previousNow === undefined) delete process.env.TUTTAV_NOW;
    else process.env.TUTTAV_NOW = previousNow;
  });
  return { test, ids };
}

/** Calls a feed loader with a GET and returns its Response, whether returned or thrown. */
export function getFeed(loader: Loader, url: string, params: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return settle(() => loader({ request: getRequest(url, { headers }), params, context: {} }));
}

/** Parses a feed with ical.js, an independent parser: the calendar, its events and their UIDs. */
export function parseFeed(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
  const byUid = new Map(events.map((e) => [e.uid, e]));
  return { calendar, events, byUid, uids: events.map((e) => e.uid) };
}
