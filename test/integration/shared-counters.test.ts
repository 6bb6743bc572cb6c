import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { beginSharedLoginAttempt } from "~/utils/loginThrottle.server";
import { countHit, counterKey, sharedCountersInUse } from "~/utils/sharedCounters.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";

// The counters that login throttles and form limits use on PostgreSQL (several processes); on
// SQLite the app counts in memory, but the store works there too, so this file runs on both.

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.close());
afterEach(() => {
  delete process.env.TUTTAV_NOW;
});

const T0 = Date.parse("2026-03-02T08:00:00.000Z");
const HOUR = 60 * 60_000;
const at = (ms: number) => {
  process.env.TUTTAV_NOW = new Date(ms).toISOString();
};

describe("shared counters", () => {
  it("are what the app uses exactly when it runs on PostgreSQL", () => {
    expect(sharedCountersInUse()).toBe(test.dialect === "postgres");
  });

  it("count 40 parallel hits on one key once each, and start a new window when the old one is over", async () => {
    const key = counterKey("test-form", "198.51.100.1");
    const results = await Promise.all(Array.from({ length: 40 }, () => countHit(key, HOUR, T0)));
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.windowStart))).toEqual(new Set([T0]));
    expect(await countHit(key, HOUR, T0 + HOUR - 1)).toEqual({ hits: 41, windowStart: T0 });
    expect(await countHit(key, HOUR, T0 + HOUR)).toEqual({ hits: 1, windowStart: T0 + HOUR });
  });

  it("store neither addresses nor e-mails, only keyed hashes", async () => {
    at(T0);
    await beginSharedLoginAttempt({ account: "kai@example.org", address: "203.0.113.9", knownDevice: false });
    const keys = (await test.db.selectFrom("rate_counter").select("key").execute()).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toMatch(/@|203\.0\.113|198\.51\.100|kai/);
      expect(key).toMatch(/^[a-z-]+:[A-Za-z0-9_-]{43}$/);
    }
  });

  it("let 5 of 30 parallel wrong guesses at one account through, from 30 addresses", async () => {
    at(T0);
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => beginSharedLoginAttempt({ account: "parallel@example.org", address: `198.51.100.${i}`, knownDevice: false })),
    );
    expect(attempts.filter((a) => a.allowed)).toHaveLength(5);
    // The sixth waits a second after the last failure; a known browser has a count of its own.
    expect(attempts.find((a) => !a.allowed)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await beginSharedLoginAttempt({ account: "parallel@example.org", address: "198.51.100.200", knownDevice: true })).allowed).toBe(true);
    at(T0 + 1000);
    expect((await beginSharedLoginAttempt({ account: "parallel@example.org", address: "198.51.100.201", knownDevice: false })).allowed).toBe(true);
    expect(await beginSharedLoginAttempt({ account: "parallel@example.org", address: "198.51.100.202", knownDevice: false })).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it("allow 10 attempts per address in 15 minutes; a success gives its attempt back and clears the account's failures", async () => {
    at(T0);
    const address = "192.0.2.77";
    const first = await beginSharedLoginAttempt({ account: "owner@example.org", address, knownDevice: false });
    expect(first.allowed).toBe(true);
    if (first.allowed) await first.succeeded();
    const rest = [];
    for (let i = 0; i < 10; i++) rest.push(await beginSharedLoginAttempt({ account: `someone-${i}@example.org`, address, knownDevice: false }));
    expect(rest.every((a) => a.allowed)).toBe(true);
    expect(await beginSharedLoginAttempt({ account: "owner@example.org", address, knownDevice: false })).toEqual({ allowed: false, retryAfterSeconds: 900 });
    at(T0 + 15 * 60_000);
    expect((await beginSharedLoginAttempt({ account: "owner@example.org", address, knownDevice: false })).allowed).toBe(true);
  });

  it("delete counters once they have run out", async () => {
    const key = counterKey("test-expiry", "192.0.2.1");
    await countHit(key, 60_000, T0 + 10 * HOUR);
    expect(await test.db.selectFrom("rate_counter").select("key").where("key", "=", key).execute()).toHaveLength(1);
    // Counters are swept at most once a minute per process, on the next count after that.
    await countHit(counterKey("test-expiry", "192.0.2.2"), 60_000, T0 + 20 * HOUR);
    expect(await test.db.selectFrom("rate_counter").select("key").where("key", "=", key).execute()).toHaveLength(0);
  });
});
