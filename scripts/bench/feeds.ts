/**
 * Calendar feed benchmark: `tsx scripts/bench/feeds.ts [--events 10000] [--series 200] [--runs 60]`.
 *
 * Seeds a temporary SQLite database with public events (some of them sessions of cosy-corner
 * series) spread from 90 days ago to a year ahead, then calls the real /feeds/events.ics loader
 * with Requests, in process (no HTTP):
 *   - feed:         full generation after a change: before each request one event is edited (new
 *                   updated_at and SEQUENCE, as the app does), so the ETag changes and the body is
 *                   built again; the other events' VEVENTs come from the in-process cache;
 *   - cold:         full generation with every cache cleared (the first request after a restart);
 *   - cached:       full GET of an unchanged feed, answered from the built-feed cache;
 *   - not modified: If-None-Match with the current ETag, answered from the fingerprint alone.
 * Timings include reading the response's bytes. Prints one JSON line last (feed = after a change).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { createDb, migrateToLatest } from "#db/connection";
import { seedDatabase } from "#db/seed/index";
import { clearFeedCache } from "~/models/feed/http.server";
import { loader } from "~/routes/feeds.events[.]ics";
import "~/utils/db.server"; // declares the app-wide connection slot set below

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

const EVENTS = arg("events", 10_000);
const SERIES = arg("series", 200);
const RUNS = Math.max(50, arg("runs", 60));
const SESSIONS_PER_SERIES = 20;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-bench-feeds-"));
const { db, sqlite } = createDb(path.join(dir, "bench.sqlite"));
try {
  await migrateToLatest(db);
  await seedDatabase(db, { now: new Date(), demo: false });
  globalThis.__tuttavDb = db;
  seed();

  const url = "http://localhost/feeds/events.ics";
  const call = async (headers: Record<string, string> = {}) => {
    const response = (await loader({ request: new Request(url, { headers }), params: {}, context: {} })) as Response;
    // The bytes a server would send; decoding them back to a string is no part of serving.
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };

  // Warm up the JIT, SQLite's page cache and i18next.
  for (let i = 0; i < 5; i++) {
    clearFeedCache();
    await call();
  }

  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    clearFeedCache();
    const t0 = performance.now();
    await call();
    cold.push(performance.now() - t0);
  }

  // Edits spread over the feed, each a new revision of one event.
  const ids = (sqlite.prepare("SELECT id FROM event ORDER BY id").pluck().all() as number[]).filter((_, n) => n % 97 === 0);
  const edit = sqlite.prepare("UPDATE event SET updated_at = ?, sequence = sequence + 1 WHERE id = ?");
  const feed: number[] = [];
  let last = await call();
  for (let i = 0; i < RUNS; i++) {
    edit.run(new Date(Date.now() + i).toISOString(), ids[i % ids.length]);
    const t0 = performance.now();
    last = await call();
    feed.push(performance.now() - t0);
  }
  if (last.response.status !== 200) throw new Error(`Feed answered ${last.response.status}`);
  clearFeedCache();
  if (!(await call()).body.equals(last.body)) throw new Error("The feed built from cached VEVENTs differs from one built from scratch");
  const text = last.body.toString("utf8");
  const vevents = text.split("\r\nBEGIN:VEVENT\r\n").length - 1;

  const cached: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await call();
    cached.push(performance.now() - t0);
  }

  const etag = last.response.headers.get("ETag")!;
  const notModified: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const { response } = await call({ "If-None-Match": etag });
    notModified.push(performance.now() - t0);
    if (response.status !== 304) throw new Error(`Conditional GET answered ${response.status}`);
  }

  const round = (ms: number) => Math.round(ms * 10) / 10;
  console.error(
    `${vevents} VEVENTs, ${(last.body.length / 1e6).toFixed(1)} MB; ${RUNS} requests each; ` +
      `cold (no caches) p50 ${round(percentile(cold, 50))} ms, p95 ${round(percentile(cold, 95))} ms; cached full GET p50 ${round(percentile(cached, 50))} ms`,
  );
  console.log(
    JSON.stringify({
      events: vevents,
      feed_p50_ms: round(percentile(feed, 50)),
      feed_p95_ms: round(percentile(feed, 95)),
      not_modified_p50_ms: round(percentile(notModified, 50)),
      bytes: last.body.length,
      cached_p50_ms: round(percentile(cached, 50)),
      cold_p50_ms: round(percentile(cold, 50)),
      cold_p95_ms: round(percentile(cold, 95)),
    }),
  );
} finally {
  await db.destroy();
  globalThis.__tuttavDb = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Venues in every town, SERIES series of weekly sessions, and single events to EVENTS in all. */
function seed() {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const towns = sqlite.prepare("SELECT id FROM town ORDER BY id").all() as { id: number }[];
  const insertVenue = sqlite.prepare(
    "INSERT INTO venue (town_id, name, venue_type, address, capacity, step_free, child_friendly, created_at) VALUES (?, ?, 'cafe', ?, 40, 1, 1, ?)",
  );
  const insertSeries = sqlite.prepare(
    "INSERT INTO series (venue_id, title, description, frequency, start_date, start_time, duration_minutes, session_count, is_public, created_at, updated_at) VALUES (?, ?, ?, 'weekly', ?, '17:00', 120, ?, 1, ?, ?)",
  );
  const insertEvent = sqlite.prepare(
    `INSERT INTO event (kind, state, title, description, venue_id, starts_at, ends_at, is_public, overnight_stay, series_id, occurrence_date, edited, cancel_reason, sequence, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, 0, ?, ?, ?, ?)`,
  );
  const title = (n: number) =>
    JSON.stringify({ et: `Saame tuttavaks! Kohtumine nr ${n}`, en: `Let's get to know each other! Meeting ${n}`, ru: `Давайте познакомимся! Встреча ${n}` });
  const description = JSON.stringify({
    et: "Tule tutvuma inimestega, kes on kolinud Eestisse Ukrainast, Süüriast, Afganistanist ja mujalt. Käsitöö- ja toiduturg, lood ja muusika; lastele mängunurk.",
    en: "Come and meet people who moved to Estonia from Ukraine, Syria, Afghanistan and elsewhere. A market of crafts and food, stories and music; a play corner for children.",
  });
  const created = iso(now - 200 * 86_400_000);
  sqlite.transaction(() => {
    const venues: number[] = [];
    for (const [i, town] of towns.entries()) {
      venues.push(Number(insertVenue.run(town.id, `Kohvik ${i + 1}; kogukonnamaja`, `Keskväljak ${i + 1}`, created).lastInsertRowid));
    }
    const windowStart = now - 89 * 86_400_000;
    const span = 455 * 86_400_000;
    let count = 0;
    for (let s = 0; s < SERIES && count < EVENTS; s++) {
      const venue = venues[s % venues.length];
      const start = windowStart + ((s * 7919) % 300) * 86_400_000;
      const seriesTitle = JSON.stringify({ et: `Hubane nurk ${s + 1}`, en: `Cosy corner ${s + 1}`, uk: `Затишний куточок ${s + 1}` });
      const seriesId = Number(insertSeries.run(venue, seriesTitle, description, iso(start).slice(0, 10), SESSIONS_PER_SERIES, created, created).lastInsertRowid);
      for (let k = 0; k < SESSIONS_PER_SERIES && count < EVENTS; k++, count++) {
        const startsAt = start + k * 7 * 86_400_000;
        const cancelled = k === 7;
        insertEvent.run(
          "cosy_corner",
          cancelled ? "cancelled" : "planned",
          seriesTitle,
          description,
          venue,
          iso(startsAt),
          iso(startsAt + 2 * 3_600_000),
          seriesId,
          iso(startsAt).slice(0, 10),
          cancelled ? "Juhendaja on haige." : null,
          cancelled ? 1 : 0,
          created,
          iso(now - (count % 1000) * 60_000),
        );
      }
    }
    const states = ["planned", "confirmed", "confirmed", "cancelled"] as const;
    for (let n = 0; count < EVENTS; n++, count++) {
      const startsAt = windowStart + Math.floor((n * 2_654_435_761) % span);
      const state = startsAt < now ? "completed" : states[n % states.length];
      insertEvent.run(
        "community_event",
        state,
        title(n),
        description,
        venues[n % venues.length],
        iso(startsAt),
        iso(startsAt + 4 * 3_600_000),
        null,
        null,
        state === "cancelled" ? "Saal on kinni." : null,
        n % 3,
        created,
        iso(now - (n % 5000) * 60_000),
      );
    }
  })();
}
