// Attendance (issue 16): who came, marked by a coordinator or the host after the start; a no-show is no load.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seasonStart } from "~/domain/participants/season";
import { localDateOf, zonedInstant } from "~/domain/schedule";
import { markAttendance, markAttendanceAsHost, setLocalsCount } from "~/models/attendance.server";
import { rotationThisSeason } from "~/models/matching.server";
import { loadSince } from "~/models/participant/directory.server";
import { issueToken } from "~/models/token.server";
import { action as eventAction } from "~/routes/admin.events.$id";
import { action as statusAction } from "~/routes/_public.request_.status.$token";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { formRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let venueId: number;
let coordinator: { cookie: string; userId: number };
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
let seq = 0;

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
  coordinator = await loginAsNewCoordinator("coordinator");
});
afterAll(() => test.close());

async function participant(): Promise<number> {
  seq += 1;
  const now = new Date().toISOString();
  return (
    await test.db
      .insertInto("participant")
      .values({
        first_name: `Olena${seq}`,
        last_name: `Secret${seq}`,
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
      .executeTakeFirstOrThrow()
  ).id;
}

async function request(): Promise<{ id: number; token: string }> {
  seq += 1;
  const now = new Date().toISOString();
  const town = await test.db.selectFrom("venue").select("town_id").where("id", "=", venueId).executeTakeFirstOrThrow();
  const id = (
    await test.db
      .insertInto("event_request")
      .values({
        organisation: `Kohvik ${seq}`,
        contact_name: "Kadri",
        email: `host${seq}@example.org`,
        phone: null,
        town_id: town.town_id,
        venue_id: venueId,
        kind: "community_event",
        window_from: localDateOf(at(-10 * 24 * HOUR)),
        window_to: localDateOf(at(30 * 24 * HOUR)),
        state: "accepted",
        created_at: now,
        updated_at: now,
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  return { id, token: await issueToken(test.db, "host_request", id) };
}

/** An event starting at `startsAt` with one accepted person per entry of `people` (status given). */
async function event(
  startsAt: string,
  people: { id: number; status: "accepted" | "invited" | "declined" | "attended" }[],
  options: { state?: "planned" | "cancelled"; requestId?: number } = {},
) {
  const now = new Date().toISOString();
  const row = await test.db
    .insertInto("event")
    .values({
      kind: "community_event",
      state: options.state ?? "planned",
      title: JSON.stringify({ et: "Üritus", en: "Event" }),
      description: "{}",
      venue_id: venueId,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 3 * HOUR).toISOString(),
      capacity: 40,
      languages: '["et"]',
      is_public: 1,
      overnight_stay: 0,
      edited: 0,
      request_id: options.requestId ?? null,
      cancel_reason: options.state === "cancelled" ? "Closed" : null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const assignmentIds: number[] = [];
  for (const [position, person] of people.entries()) {
    const slotId = (await test.db.insertInto("event_slot").values({ event_id: row.id, offer: null, position }).returning("id").executeTakeFirstOrThrow()).id;
    assignmentIds.push(
      (
        await test.db
          .insertInto("assignment")
          .values({
            event_id: row.id,
            slot_id: slotId,
            participant_id: person.id,
            status: person.status,
            explanation: "[]",
            travel_minutes: 45,
            invited_at: now,
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  return { id: row.id, assignmentIds };
}

const statusOf = async (id: number) => (await test.db.selectFrom("assignment").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
const user = () => ({ kind: "user" as const, userId: coordinator.userId });

describe("markAttendance", () => {
  it("marks accepted people after the start, audited with counts only", async () => {
    const [a, b] = [await participant(), await participant()];
    const e = await event(at(-2 * HOUR), [
      { id: a, status: "accepted" },
      { id: b, status: "accepted" },
    ]);
    const result = await markAttendance(
      e.id,
      [
        { assignmentId: e.assignmentIds[0], attended: true },
        { assignmentId: e.assignmentIds[1], attended: false },
      ],
      user(),
    );
    expect(result).toEqual({ ok: true, attended: 1, noShow: 1 });
    expect(await statusOf(e.assignmentIds[0])).toBe("attended");
    expect(await statusOf(e.assignmentIds[1])).toBe("no_show");
    const log = await test.db.selectFrom("audit_log").selectAll().where("action", "=", "event.attendance").where("entity_id", "=", e.id).execute();
    expect(log).toHaveLength(1);
    expect(log[0].actor_kind).toBe("user");
    expect(JSON.parse(log[0].details)).toEqual({ attended: 1, noShow: 1 });
    // A correction: the no-show did come after all.
    expect(await markAttendance(e.id, [{ assignmentId: e.assignmentIds[1], attended: true }], user())).toMatchObject({ ok: true });
    expect(await statusOf(e.assignmentIds[1])).toBe("attended");
  });

  it("refuses before the start, for a cancelled or unknown event, and for people not on the line-up; nothing changes", async () => {
    const [a, b, c] = [await participant(), await participant(), await participant()];
    const ahead = await event(at(2 * HOUR), [{ id: a, status: "accepted" }]);
    const cancelled = await event(at(-2 * HOUR), [{ id: a, status: "accepted" }], { state: "cancelled" });
    const started = await event(at(-1 * HOUR), [
      { id: a, status: "accepted" },
      { id: b, status: "invited" },
      { id: c, status: "declined" },
    ]);
    const before = await rowCounts(test.db);
    const auditBefore = (await test.db.selectFrom("audit_log").select("id").execute()).length;
    expect(await markAttendance(ahead.id, [{ assignmentId: ahead.assignmentIds[0], attended: true }], user())).toEqual({ ok: false, code: "not_started" });
    expect(await markAttendance(cancelled.id, [{ assignmentId: cancelled.assignmentIds[0], attended: true }], user())).toEqual({ ok: false, code: "cancelled" });
    expect(await markAttendance(999_999, [{ assignmentId: started.assignmentIds[0], attended: true }], user())).toEqual({ ok: false, code: "not_found" });
    // Invited and declined people were never coming; another event's assignment is not on this one.
    for (const assignmentId of [started.assignmentIds[1], started.assignmentIds[2], ahead.assignmentIds[0]]) {
      expect(
        await markAttendance(
          started.id,
          [
            { assignmentId: started.assignmentIds[0], attended: true },
            { assignmentId, attended: false },
          ],
          user(),
        ),
      ).toEqual({ ok: false, code: "not_on_event" });
    }
    expect(await statusOf(started.assignmentIds[0])).toBe("accepted");
    expect(await statusOf(started.assignmentIds[1])).toBe("invited");
    expect(await statusOf(ahead.assignmentIds[0])).toBe("accepted");
    expect(await rowCounts(test.db)).toEqual(before);
    expect((await test.db.selectFrom("audit_log").select("id").execute()).length).toBe(auditBefore);
  });

  it("lets a host mark the events of their own request only", async () => {
    const [a, b] = [await participant(), await participant()];
    const mine = await request();
    const theirs = await request();
    const own = await event(at(-3 * HOUR), [{ id: a, status: "accepted" }], { requestId: mine.id });
    const other = await event(at(-3 * HOUR), [{ id: b, status: "accepted" }], { requestId: theirs.id });
    const plain = await event(at(-3 * HOUR), [{ id: b, status: "accepted" }]);
    expect(await markAttendanceAsHost(mine.token, other.id, [{ assignmentId: other.assignmentIds[0], attended: false }])).toEqual({ ok: false, code: "not_found" });
    expect(await markAttendanceAsHost(mine.token, plain.id, [{ assignmentId: plain.assignmentIds[0], attended: false }])).toEqual({ ok: false, code: "not_found" });
    // Their own event, but another event's person.
    expect(await markAttendanceAsHost(mine.token, own.id, [{ assignmentId: other.assignmentIds[0], attended: false }])).toEqual({ ok: false, code: "not_on_event" });
    expect(await markAttendanceAsHost("not-a-real-token", own.id, [{ assignmentId: own.assignmentIds[0], attended: true }])).toBeNull();
    expect(await statusOf(other.assignmentIds[0])).toBe("accepted");
    expect(await statusOf(plain.assignmentIds[0])).toBe("accepted");

    expect(await markAttendanceAsHost(mine.token, own.id, [{ assignmentId: own.assignmentIds[0], attended: true }])).toEqual({ ok: true, attended: 1, noShow: 0 });
    expect(await statusOf(own.assignmentIds[0])).toBe("attended");
    const log = await test.db.selectFrom("audit_log").selectAll().where("action", "=", "event.attendance").where("entity_id", "=", own.id).executeTakeFirstOrThrow();
    expect(log.actor_kind).toBe("host");
    expect(JSON.parse(log.details)).toEqual({ attended: 1, noShow: 0, requestId: mine.id });
  });

  it("a no-show does not count as load in the rotation numbers", async () => {
    const a = await participant();
    const e = await event(at(-2 * HOUR), [{ id: a, status: "accepted" }]);
    const season = zonedInstant(seasonStart(localDateOf(new Date().toISOString())), "00:00").toISOString();
    const rotationOf = async () => (await rotationThisSeason("en")).people.find((p) => p.id === a)!.events;
    expect(await loadSince(a, season)).toBe(1);
    expect(await rotationOf()).toBe(1);
    await markAttendance(e.id, [{ assignmentId: e.assignmentIds[0], attended: false }], user());
    expect(await loadSince(a, season)).toBe(0);
    expect(await rotationOf()).toBe(0);
    await markAttendance(e.id, [{ assignmentId: e.assignmentIds[0], attended: true }], user());
    expect(await loadSince(a, season)).toBe(1);
    expect(await rotationOf()).toBe(1);
  });

  it("records how many locals came, audited; refused before the start", async () => {
    const ahead = await event(at(5 * HOUR), []);
    const started = await event(at(-1 * HOUR), []);
    expect(await setLocalsCount(ahead.id, 10, user())).toEqual({ ok: false, code: "not_started" });
    expect(await setLocalsCount(started.id, 37, user())).toEqual({ ok: true });
    expect((await test.db.selectFrom("event").select("locals_count").where("id", "=", started.id).executeTakeFirstOrThrow()).locals_count).toBe(37);
    const log = await test.db.selectFrom("audit_log").selectAll().where("action", "=", "event.locals_count").where("entity_id", "=", started.id).executeTakeFirstOrThrow();
    expect(JSON.parse(log.details)).toEqual({ localsCount: 37 });
    expect((await test.db.selectFrom("event").select("locals_count").where("id", "=", ahead.id).executeTakeFirstOrThrow()).locals_count).toBeNull();
  });
});

describe("the attendance forms", () => {
  const post = (id: number, fields: Record<string, string | string[]>) =>
    settle(() =>
      eventAction({ request: formRequest(`/admin/events/${id}`, { intent: "attendance", ...fields }, { cookie: coordinator.cookie }), params: { id: String(id) }, context: {} }),
    );

  it("the coordinator saves marks and the locals count in one go", async () => {
    const [a, b] = [await participant(), await participant()];
    const e = await event(at(-2 * HOUR), [
      { id: a, status: "accepted" },
      { id: b, status: "accepted" },
    ]);
    const [x, y] = e.assignmentIds;
    const response = await post(e.id, { assignmentId: [String(x), String(y)], [`came-${x}`]: "yes", [`came-${y}`]: "no", localsCount: "25" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, message: "attendance.saved" });
    expect([await statusOf(x), await statusOf(y)]).toEqual(["attended", "no_show"]);
    expect((await test.db.selectFrom("event").select("locals_count").where("id", "=", e.id).executeTakeFirstOrThrow()).locals_count).toBe(25);
  });

  it("bad input gets 400 with a message next to the field, and changes nothing", async () => {
    const a = await participant();
    const e = await event(at(-2 * HOUR), [{ id: a, status: "accepted" }]);
    const [x] = e.assignmentIds;
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ assignmentId: String(x), [`came-${x}`]: "yes", localsCount: "-3" }, "localsCount", "validation.numberRange"],
      [{ assignmentId: String(x), [`came-${x}`]: "yes", localsCount: "100001" }, "localsCount", "validation.numberRange"],
      [{ assignmentId: String(x), [`came-${x}`]: "yes", localsCount: "2.5" }, "localsCount", "validation.numberRange"],
      [{ assignmentId: String(x), [`came-${x}`]: "maybe", localsCount: "" }, "marks", "validation.choose"],
      [{ assignmentId: "abc", localsCount: "" }, "marks", "validation.invalid"],
      [{ assignmentId: [String(x), String(x)], [`came-${x}`]: "yes", localsCount: "" }, "marks", "validation.invalid"],
    ];
    for (const [fields, field, key] of cases) {
      const before = await rowCounts(test.db);
      const response = await post(e.id, fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      const body = (await response.json()) as { errors: Record<string, string> };
      expect(body.errors[field]?.split("?")[0], JSON.stringify(fields)).toBe(key);
      expect(await rowCounts(test.db)).toEqual(before);
      expect(await statusOf(x)).toBe("accepted");
    }
    // Before the start: a translated refusal, nothing stored.
    const ahead = await event(at(3 * HOUR), [{ id: a, status: "accepted" }]);
    const refused = await post(ahead.id, { assignmentId: String(ahead.assignmentIds[0]), [`came-${ahead.assignmentIds[0]}`]: "yes", localsCount: "4" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ ok: false, message: "attendance.refused.not_started" });
    expect(await statusOf(ahead.assignmentIds[0])).toBe("accepted");
  });

  it("the host marks through the status page; another request's event is not found", async () => {
    const [a, b] = [await participant(), await participant()];
    const mine = await request();
    const theirs = await request();
    const own = await event(at(-2 * HOUR), [{ id: a, status: "accepted" }], { requestId: mine.id });
    const other = await event(at(-2 * HOUR), [{ id: b, status: "accepted" }], { requestId: theirs.id });
    const hostPost = (eventId: number, assignmentId: number, fields: Record<string, string> = {}) =>
      settle(() =>
        statusAction({
          request: formRequest(`/request/status/${mine.token}`, {
            intent: "attendance",
            eventId: String(eventId),
            assignmentId: String(assignmentId),
            [`came-${assignmentId}`]: "no",
            ...fields,
          }),
          params: { token: mine.token },
          context: {},
        }),
      );
    expect((await hostPost(other.id, other.assignmentIds[0])).status).toBe(404);
    expect(await statusOf(other.assignmentIds[0])).toBe("accepted");
    const nothing = await hostPost(own.id, own.assignmentIds[0], { [`came-${own.assignmentIds[0]}`]: "" });
    expect(nothing.status).toBe(400);
    expect(await nothing.json()).toMatchObject({ errors: { marks: "attendance.errors.nothingMarked" } });
    const ok = await hostPost(own.id, own.assignmentIds[0]);
    expect(ok.status).toBe(200);
    expect(await statusOf(own.assignmentIds[0])).toBe("no_show");
  });
});
