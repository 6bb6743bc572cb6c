/**
 * "Accept" stores the proposal the matching page computed and showed, without solving again, and
 * only while the matcher's input is still what it was computed from (app/models/matchingProposal.server.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { zonedInstant } from "~/domain/schedule";
import { forgetProposals } from "~/models/matchingProposal.server";
import { action as matchingAction, loader as matchingLoader } from "~/routes/admin.matching";

import { loginAsNewCoordinator } from "../helpers/auth";
import { auditCount, createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

// Every call of the matcher is counted; it still solves for real.
const solver = vi.hoisted(() => ({ calls: 0 }));
vi.mock("~/domain/matching", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/domain/matching")>();
  return {
    ...real,
    match: (...args: Parameters<typeof real.match>) => {
      solver.calls++;
      return real.match(...args);
    },
  };
});

const NOW = "2026-11-23T10:00:00.000Z";
const QUERY = "from=2026-12-01&to=2026-12-31";
let test: TestDatabase;
let cookie: string;
let eventId: number;
const people: Record<string, number> = {};

beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase();
  ({ cookie } = await loginAsNewCoordinator());
  const db = test.db;
  const town = async (slug: string) => (await db.selectFrom("town").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
  const at = "2026-09-01T00:00:00.000Z";
  const venue = await db
    .insertInto("venue")
    .values({ town_id: await town("paide"), name: "Paide raamatukogu", venue_type: "library", capacity: 40, created_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  eventId = (
    await db
      .insertInto("event")
      .values({
        kind: "community_event",
        state: "planned",
        title: JSON.stringify({ et: "Saame tuttavaks! Paide" }),
        venue_id: venue.id,
        starts_at: zonedInstant("2026-12-12", "12:00").toISOString(),
        ends_at: zonedInstant("2026-12-12", "16:00").toISOString(),
        languages: JSON.stringify(["ru"]),
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto("event_slot")
    .values([
      { event_id: eventId, offer: null, position: 0 },
      { event_id: eventId, offer: null, position: 1 },
    ])
    .execute();
  for (const name of ["Olena", "Ahmad"]) {
    const p = await db
      .insertInto("participant")
      .values({
        first_name: name,
        home_town_id: await town("tallinn"),
        max_travel_minutes: 180,
        monthly_cap: 2,
        weekdays: "[6]",
        times_of_day: JSON.stringify(["afternoon"]),
        consent_at: at,
        consent_version: "1",
        created_at: at,
        updated_at: at,
        last_active_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    people[name] = p.id;
    await db.insertInto("participant_language").values({ participant_id: p.id, code: "ru", level: "fluent" }).execute();
  }
});
beforeEach(async () => {
  forgetProposals();
  await test.db.deleteFrom("assignment").execute();
  await test.db.deleteFrom("participant_unavailable_date").execute();
  await test.db.deleteFrom("audit_log").where("action", "=", "matching.accept").execute();
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

type Shown = { fingerprint: string; events: { slots: { id: number; participant: { id: number } | null }[] }[] };
const show = async (): Promise<Shown> =>
  (await (await settle(() => matchingLoader({ request: getRequest(`/admin/matching?run=1&${QUERY}`, { cookie }), params: {}, context: {} }))).json()).run;
const accept = async (fingerprint: string) => {
  const response = await settle(() => matchingAction({ request: formRequest(`/admin/matching?${QUERY}`, { intent: "accept", fingerprint }, { cookie }), params: {}, context: {} }));
  return { status: response.status, body: await response.json() };
};
const assignments = () => test.db.selectFrom("assignment").select(["slot_id", "participant_id", "status", "explanation"]).orderBy("slot_id").execute();
const acceptAudits = () => auditCount(test.db, "matching.accept");

describe("accepting the proposal the page showed", () => {
  it("stores exactly the shown proposal without running the matcher again", async () => {
    const before = solver.calls;
    const shown = await show();
    expect(solver.calls).toBe(before + 1);
    const shownPairs = shown.events.flatMap((e) => e.slots.map((s) => ({ slot_id: s.id, participant_id: s.participant?.id })));
    expect(shownPairs.map((p) => p.participant_id).sort()).toEqual([people.Olena, people.Ahmad].sort());

    const answer = await accept(shown.fingerprint);

    expect(answer).toMatchObject({ status: 200, body: { ok: true, count: 2 } });
    expect(solver.calls).toBe(before + 1);
    const rows = await assignments();
    expect(rows.map(({ slot_id, participant_id }) => ({ slot_id, participant_id }))).toEqual(shownPairs.sort((a, b) => a.slot_id - b.slot_id));
    expect(rows.every((r) => r.status === "proposed" && JSON.parse(r.explanation ?? "[]").length > 0)).toBe(true);
    expect(await acceptAudits()).toBe(1);
  });

  it("refuses, writing nothing, when the matcher's input changed after the page was shown", async () => {
    const shown = await show();
    // Olena cannot come that day any more: the shown proposal no longer holds.
    await test.db.insertInto("participant_unavailable_date").values({ participant_id: people.Olena, date: "2026-12-12" }).execute();
    const calls = solver.calls;

    const answer = await accept(shown.fingerprint);

    expect(answer).toMatchObject({ status: 409, body: { ok: false, message: "matching.accept.changed" } });
    expect(solver.calls).toBe(calls);
    expect(await assignments()).toEqual([]);
    expect(await acceptAudits()).toBe(0);
  });

  it("refuses a second accept of the same proposal, and a proposal nobody showed", async () => {
    const shown = await show();
    expect((await accept(shown.fingerprint)).status).toBe(200);
    const stored = await assignments();
    expect(await accept(shown.fingerprint)).toMatchObject({ status: 409, body: { message: "matching.accept.changed" } });
    expect(await accept("not-a-kept-proposal")).toMatchObject({ status: 409, body: { message: "matching.accept.changed" } });
    expect(await assignments()).toEqual(stored);
    expect(stored).toHaveLength(2);
  });

  it("stores the shown proposal when another app process (or one before a restart) showed it, by solving the same input again", async () => {
    const shown = await show();
    const shownPairs = shown.events.flatMap((e) => e.slots.map((s) => ({ slot_id: s.id, participant_id: s.participant?.id })));
    // This process keeps nothing: the page came from another one.
    forgetProposals();
    const calls = solver.calls;
    expect(await accept(shown.fingerprint)).toMatchObject({ status: 200, body: { ok: true, count: 2 } });
    expect(solver.calls).toBe(calls + 1);
    expect((await assignments()).map(({ slot_id, participant_id }) => ({ slot_id, participant_id }))).toEqual(shownPairs.sort((a, b) => a.slot_id - b.slot_id));
    expect(await acceptAudits()).toBe(1);
  });

  it("refuses, writing nothing, a proposal shown elsewhere whose input has changed since", async () => {
    const shown = await show();
    forgetProposals();
    await test.db.insertInto("participant_unavailable_date").values({ participant_id: people.Olena, date: "2026-12-12" }).execute();
    expect(await accept(shown.fingerprint)).toMatchObject({ status: 409, body: { message: "matching.accept.changed" } });
    expect(await assignments()).toEqual([]);
    expect(await acceptAudits()).toBe(0);
  });
});
