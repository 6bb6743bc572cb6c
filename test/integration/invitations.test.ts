import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptInvitation, declineInvitation, withdrawFromEvent } from "~/models/invitation.server";
import { issueToken } from "~/models/token.server";
import { resources } from "~/i18n/resources";
import { action as meAction, loader as meLoader } from "~/routes/_public.me.$token";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let venueId: number;
beforeAll(async () => {
  test = await createTestDatabase();
  const town = await test.db.selectFrom("town").select("id").where("slug", "=", "kuressaare").executeTakeFirstOrThrow();
  venueId = (
    await test.db
      .insertInto("venue")
      .values({ town_id: town.id, name: "Kohvik", venue_type: "cafe", capacity: 40, step_free: 1, child_friendly: 1, created_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => test.close());

const DAY = 86_400_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
let seq = 0;

async function participant(): Promise<number> {
  seq += 1;
  const now = new Date().toISOString();
  const row = await test.db
    .insertInto("participant")
    .values({
      first_name: `P${seq}`,
      email: `p${seq}@example.org`,
      max_travel_minutes: 240,
      monthly_cap: 2,
      weekdays: "[6]",
      times_of_day: '["afternoon"]',
      needs_childcare: 0,
      needs_step_free: 0,
      preferred_locale: "en",
      consent_at: now,
      consent_version: "2026-1",
      created_at: now,
      updated_at: now,
      last_active_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await test.db.insertInto("participant_offer").values({ participant_id: row.id, offer: "crafts", description: null }).execute();
  return row.id;
}

/** An event `inDays` from now (12:00 UTC) with slots; cancelled or not. */
async function event(startsAt: string, slots: ("crafts" | null)[], state: "planned" | "cancelled" = "planned"): Promise<{ id: number; slotIds: number[] }> {
  const now = new Date().toISOString();
  const row = await test.db
    .insertInto("event")
    .values({
      kind: "community_event",
      state,
      title: JSON.stringify({ et: "Üritus", en: "Event" }),
      description: "{}",
      venue_id: venueId,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 4 * 3600_000).toISOString(),
      capacity: 40,
      languages: '["et"]',
      is_public: 1,
      overnight_stay: 0,
      edited: 0,
      cancel_reason: state === "cancelled" ? "Closed" : null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const slotIds: number[] = [];
  for (const [position, offer] of slots.entries()) {
    slotIds.push((await test.db.insertInto("event_slot").values({ event_id: row.id, offer, position }).returning("id").executeTakeFirstOrThrow()).id);
  }
  return { id: row.id, slotIds };
}

async function assign(eventId: number, slotId: number | null, participantId: number, status: "invited" | "accepted" | "declined" = "invited"): Promise<number> {
  const now = new Date().toISOString();
  return (
    await test.db
      .insertInto("assignment")
      .values({ event_id: eventId, slot_id: slotId, participant_id: participantId, status, explanation: "[]", invited_at: now, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

const status = async (id: number) => await test.db.selectFrom("assignment").select(["status", "response_reason", "slot_id"]).where("id", "=", id).executeTakeFirstOrThrow();
const audits = async (id: number) =>
  (await test.db.selectFrom("audit_log").select("action").where("entity", "=", "assignment").where("entity_id", "=", id).execute()).map((r) => r.action);

describe("answering an invitation", () => {
  it("accepts an open invitation, audited; a second answer is refused", async () => {
    const p = await participant();
    const e = await event(at(10 * DAY), ["crafts"]);
    const a = await assign(e.id, e.slotIds[0], p);
    expect(await acceptInvitation(p, a)).toEqual({ ok: true });
    expect(await status(a)).toMatchObject({ status: "accepted", slot_id: e.slotIds[0] });
    expect(await audits(a)).toEqual(["invitation.accept"]);
    expect(await acceptInvitation(p, a)).toEqual({ ok: false, code: "not_invited" });
    expect(await declineInvitation(p, a, null)).toEqual({ ok: false, code: "not_invited" });
  });

  it("declines with a reason; accepting a declined invitation is refused", async () => {
    const p = await participant();
    const e = await event(at(11 * DAY), ["crafts"]);
    const a = await assign(e.id, e.slotIds[0], p);
    expect(await declineInvitation(p, a, "My daughter's birthday")).toEqual({ ok: true });
    expect(await status(a)).toMatchObject({ status: "declined", response_reason: "My daughter's birthday" });
    expect(await acceptInvitation(p, a)).toEqual({ ok: false, code: "not_invited" });
    expect(await status(a)).toMatchObject({ status: "declined" });
    expect(await audits(a)).toEqual(["invitation.decline"]);
  });

  it("lets someone who said yes withdraw before the event, which frees the place for the next person", async () => {
    const [p, q] = [await participant(), await participant()];
    const e = await event(at(12 * DAY), ["crafts"]);
    const a = await assign(e.id, e.slotIds[0], p, "accepted");
    const b = await assign(e.id, e.slotIds[0], q);
    expect(await acceptInvitation(q, b)).toEqual({ ok: false, code: "taken" });
    expect(await withdrawFromEvent(p, a, "Ill")).toEqual({ ok: true });
    expect(await status(a)).toMatchObject({ status: "withdrawn", response_reason: "Ill" });
    expect(await audits(a)).toEqual(["invitation.withdraw"]);
    expect(await withdrawFromEvent(p, a, null)).toEqual({ ok: false, code: "not_accepted" });
    expect(await acceptInvitation(q, b)).toEqual({ ok: true });
  });

  it("refuses to withdraw after the event has started, and to accept past or cancelled events", async () => {
    const p = await participant();
    const past = await event(at(-2 * DAY), ["crafts", null]);
    const accepted = await assign(past.id, past.slotIds[0], p, "accepted");
    expect(await withdrawFromEvent(p, accepted, null)).toEqual({ ok: false, code: "event_past" });
    expect(await status(accepted)).toMatchObject({ status: "accepted" });

    const q = await participant();
    const late = await assign(past.id, past.slotIds[1], q);
    expect(await acceptInvitation(q, late)).toEqual({ ok: false, code: "event_past" });
    const cancelled = await event(at(5 * DAY), ["crafts"], "cancelled");
    const c = await assign(cancelled.id, cancelled.slotIds[0], q);
    expect(await acceptInvitation(q, c)).toEqual({ ok: false, code: "event_cancelled" });
    expect(await status(c)).toMatchObject({ status: "invited" });
  });

  it("refuses a second event on the same day, and someone else's invitation", async () => {
    const p = await participant();
    const morning = await event("2030-06-01T06:00:00.000Z", ["crafts"]);
    const evening = await event("2030-06-01T15:00:00.000Z", ["crafts"]);
    await assign(morning.id, morning.slotIds[0], p, "accepted");
    const a = await assign(evening.id, evening.slotIds[0], p);
    expect(await acceptInvitation(p, a)).toEqual({ ok: false, code: "day_taken" });
    const stranger = await participant();
    expect(await acceptInvitation(stranger, a)).toEqual({ ok: false, code: "not_found" });
    expect(await declineInvitation(stranger, a, null)).toEqual({ ok: false, code: "not_found" });
    expect(await status(a)).toMatchObject({ status: "invited" });
  });

  it("gives an invitation without a slot a free place that fits what the participant offers", async () => {
    const [p, q, r] = [await participant(), await participant(), await participant()];
    const e = await event(at(20 * DAY), [null, "crafts"]);
    const [a, b, c] = [await assign(e.id, null, p), await assign(e.id, null, q), await assign(e.id, null, r)];
    expect(await acceptInvitation(p, a)).toEqual({ ok: true });
    expect((await status(a)).slot_id).toBe(e.slotIds[1]); // the typed place first
    expect(await acceptInvitation(q, b)).toEqual({ ok: true });
    expect((await status(b)).slot_id).toBe(e.slotIds[0]);
    expect(await acceptInvitation(r, c)).toEqual({ ok: false, code: "taken" });
  });
});

describe("many people accepting the last place at once", () => {
  it("lets exactly one of them have it; the others are told it has just been taken", async () => {
    const e = await event(at(30 * DAY), ["crafts"]);
    const invited: { participantId: number; assignmentId: number }[] = [];
    for (let i = 0; i < 30; i += 1) {
      const participantId = await participant();
      invited.push({ participantId, assignmentId: await assign(e.id, e.slotIds[0], participantId) });
    }
    const results = await Promise.all(invited.map((x) => acceptInvitation(x.participantId, x.assignmentId)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 29 }, () => ({ ok: false, code: "taken" })));
    const rows = await test.db.selectFrom("assignment").select("status").where("event_id", "=", e.id).execute();
    expect(rows.filter((r) => r.status === "accepted")).toHaveLength(1);
    expect(rows.filter((r) => r.status === "invited")).toHaveLength(29);
    const accepts = await test.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "invitation.accept")
      .where(
        "entity_id",
        "in",
        invited.map((x) => x.assignmentId),
      )
      .execute();
    expect(accepts).toHaveLength(1);
  });

  it("the same race through the private page: one yes, the others get the translated 'just taken' answer", async () => {
    const e = await event(at(31 * DAY), ["crafts"]);
    const people: { token: string; assignmentId: number }[] = [];
    for (let i = 0; i < 8; i += 1) {
      const participantId = await participant();
      people.push({ token: await issueToken(test.db, "participant", participantId), assignmentId: await assign(e.id, e.slotIds[0], participantId) });
    }
    const responses = await Promise.all(
      people.map((p) =>
        settle(() => meAction({ request: formRequest(`/me/${p.token}`, { intent: "accept", assignment_id: String(p.assignmentId) }), params: { token: p.token }, context: {} })),
      ),
    );
    expect(responses.filter((r) => r.status === 302)).toHaveLength(1);
    const losers = responses.filter((r) => r.status === 409);
    expect(losers).toHaveLength(7);
    for (const loser of losers) expect((await loser.json()).refusal).toBe("taken");
    expect(resources.uk.translation.participantInvitation).toMatchObject({ refused: { taken: "На жаль, це місце щойно зайняв хтось інший." } });

    // A loser's page now says the place is gone instead of offering "yes".
    const loser = people[responses.findIndex((r) => r.status === 409)];
    const page = await (await settle(() => meLoader({ request: getRequest(`/me/${loser.token}`), params: { token: loser.token }, context: {} }))).json();
    expect(page.invitations).toMatchObject([{ id: loser.assignmentId, placeTaken: true }]);
  });
});

describe("the database itself", () => {
  it("refuses two people holding one place, but lets several be invited to it", async () => {
    const e = await event(at(40 * DAY), ["crafts"]);
    const [p, q, r] = [await participant(), await participant(), await participant()];
    await assign(e.id, e.slotIds[0], p, "accepted");
    await expect(assign(e.id, e.slotIds[0], q)).resolves.toBeTypeOf("number");
    await expect(assign(e.id, e.slotIds[0], r, "accepted")).rejects.toThrow(/UNIQUE|duplicate key/);
  });
});
