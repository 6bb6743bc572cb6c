import { describe, expect, it } from "vitest";
import type { SeriesRule } from "~/domain/schedule/recurrence";
import { planSeriesRegeneration, type ExistingSession } from "~/domain/schedule/series";

// Tuesdays at 17:00 Tallinn (15:00Z in winter) from 6 January 2026; "now" is Wednesday 21 January.
const now = new Date("2026-01-21T12:00:00Z");
const rule = (over: Partial<SeriesRule> = {}): SeriesRule => ({
  frequency: "weekly",
  startDate: "2026-01-06",
  startTime: "17:00",
  durationMinutes: 120,
  count: 6,
  ...over,
});

const session = (id: number, date: string, over: Partial<ExistingSession> = {}): ExistingSession => ({
  id,
  startsAt: `${date}T15:00:00.000Z`,
  endsAt: `${date}T17:00:00.000Z`,
  occurrenceDate: date,
  edited: false,
  state: "planned",
  ...over,
});

const existing: ExistingSession[] = [
  session(1, "2026-01-06", { state: "completed" }),
  session(2, "2026-01-13", { state: "completed" }),
  session(3, "2026-01-20"), // past, never closed: still history
  // moved by hand to Wednesday 18:00, still counts as the 27 January occurrence
  session(4, "2026-01-27", { edited: true, startsAt: "2026-01-28T16:00:00.000Z", endsAt: "2026-01-28T18:00:00.000Z" }),
  session(5, "2026-02-03", { state: "cancelled" }), // an exception
  session(6, "2026-02-10", { state: "confirmed" }),
];

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
const createdDates = (plan: ReturnType<typeof planSeriesRegeneration>) => plan.create.map((o) => o.localDate);

describe("planSeriesRegeneration", () => {
  it("same rule: nothing changes", () => {
    const plan = planSeriesRegeneration(existing, rule(), now);
    expect(sorted(plan.keep)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plan).toMatchObject({ remove: [], update: [], create: [] });
  });

  it("new time and more sessions: future unedited updated, new dates created, the rest kept", () => {
    const plan = planSeriesRegeneration(existing, rule({ startTime: "18:00", count: 8 }), now);
    expect(sorted(plan.keep)).toEqual([1, 2, 3, 4, 5]);
    expect(plan.update).toEqual([{ id: 6, startsAt: "2026-02-10T16:00:00.000Z", endsAt: "2026-02-10T18:00:00.000Z", occurrenceDate: "2026-02-10" }]);
    expect(plan.remove).toEqual([]);
    // The cancelled 3 February stays an exception: not recreated.
    expect(createdDates(plan)).toEqual(["2026-02-17", "2026-02-24"]);
    expect(plan.create[0]).toEqual({
      index: 6,
      localDate: "2026-02-17",
      startsAt: "2026-02-17T16:00:00.000Z",
      endsAt: "2026-02-17T18:00:00.000Z",
    });
  });

  it("switch to biweekly: a future date no longer in the rule is removed; edited ones are kept even off-rule", () => {
    const plan = planSeriesRegeneration(existing, rule({ frequency: "biweekly", count: 5 }), now);
    // 6 Jan, 20 Jan, 3 Feb (cancelled), 17 Feb, 3 Mar
    expect(sorted(plan.keep)).toEqual([1, 2, 3, 4, 5]);
    expect(plan.remove).toEqual([6]);
    expect(plan.update).toEqual([]);
    expect(createdDates(plan)).toEqual(["2026-02-17", "2026-03-03"]);
  });

  it("never creates sessions in the past", () => {
    // Mondays from 5 January: 5, 12, 19 January are past and have no session.
    const plan = planSeriesRegeneration(existing, rule({ startDate: "2026-01-05", count: 8 }), now);
    expect(createdDates(plan)).toEqual(["2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23"]);
    expect(plan.remove).toEqual([6]);
    expect(sorted(plan.keep)).toEqual([1, 2, 3, 4, 5]);
  });

  it("a shorter series drops future unedited sessions past the new end", () => {
    const plan = planSeriesRegeneration(existing, rule({ count: null, until: "2026-02-01" }), now);
    expect(plan.remove).toEqual([6]);
    expect(plan.create).toEqual([]);
    expect(sorted(plan.keep)).toEqual([1, 2, 3, 4, 5]);
  });

  it("past unedited sessions keep their old time even if the rule's time changes", () => {
    const plan = planSeriesRegeneration(existing, rule({ startTime: "10:00" }), now);
    expect(plan.update.map((u) => u.id)).toEqual([6]);
    expect(plan.keep).toContain(3);
  });

  it("leaves today's session alone when the new time would already be past", () => {
    const today = [session(7, "2026-01-27", { startsAt: "2026-01-27T16:00:00.000Z", endsAt: "2026-01-27T18:00:00.000Z" })];
    // At 15:30Z (17:30 local) the rule moves to 17:00 local = 15:00Z, already past.
    const plan = planSeriesRegeneration(today, rule({ startDate: "2026-01-27", count: 2 }), new Date("2026-01-27T15:30:00Z"));
    expect(plan.keep).toEqual([7]);
    expect(plan.update).toEqual([]);
    expect(createdDates(plan)).toEqual(["2026-02-03"]);
  });

  it("compares instants, not strings, and removes a duplicate of an occurrence", () => {
    const sessions = [session(8, "2026-02-10", { startsAt: "2026-02-10T15:00:00Z", endsAt: "2026-02-10T17:00:00Z" }), session(9, "2026-02-10")];
    const plan = planSeriesRegeneration(sessions, rule({ startDate: "2026-02-10", count: 1 }), now);
    expect(plan.keep).toEqual([8]);
    expect(plan.remove).toEqual([9]);
    expect(plan.update).toEqual([]);
    expect(plan.create).toEqual([]);
  });
});
