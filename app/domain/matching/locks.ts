/**
 * The coordinator's locks, checked once when the model is built: each must be an eligible pair,
 * and together they must fit each person's days and monthly cap and each event's slots.
 * Infeasible ones become `lockIssues` (and then no lock is applied).
 */
import { monthLabel } from "./dates";
import { explainPair } from "./eligibility";
import { findPair, slotMember, type MatchModel } from "./model";
import { canSeat } from "./slots";
import type { MatchInput, Reason } from "./types";

/** Validates the coordinator's locks; infeasible ones become lockIssues. */
export function checkLocks(model: MatchModel, input: MatchInput, participantIndex: Map<number, number>, eventIndex: Map<number, number>): void {
  const seen = new Set<string>();
  const valid: number[] = [];
  const issue = (participantId: number, eventId: number, reasons: Reason[]) => model.lockIssues.push({ participantId, eventId, reasons });
  // A lock the person already keeps (proposed, invited or going) asks for nothing more: after a
  // proposal is accepted, its locks must not turn the next run infeasible.
  const held = new Map<number, Set<number>>();
  for (const h of input.history) held.set(h.participantId, (held.get(h.participantId) ?? new Set()).add(h.eventId));
  for (const lock of input.locks ?? []) {
    const key = `${lock.participantId}:${lock.eventId}`;
    if (seen.has(key) || held.get(lock.participantId)?.has(lock.eventId)) continue;
    seen.add(key);
    const p = participantIndex.get(lock.participantId);
    const e = eventIndex.get(lock.eventId);
    if (p === undefined || e === undefined) {
      issue(lock.participantId, lock.eventId, [{ code: "lock_unknown", params: {} }]);
      continue;
    }
    const pair = findPair(model, p, e);
    if (pair === -1) issue(lock.participantId, lock.eventId, explainPair(model, p, e));
    else valid.push(pair);
  }
  const { pairs, participants, events } = model;
  const byDay = new Map<string, number[]>();
  const byMonth = new Map<string, number[]>();
  const byEvent = new Map<number, number[]>();
  for (const pair of valid) {
    const p = pairs.participant[pair];
    const e = pairs.event[pair];
    const dk = `${p}:${model.eventDay[e]}`;
    const mk = `${p}:${model.eventMonth[e]}`;
    byDay.set(dk, [...(byDay.get(dk) ?? []), pair]);
    byMonth.set(mk, [...(byMonth.get(mk) ?? []), pair]);
    byEvent.set(e, [...(byEvent.get(e) ?? []), pair]);
  }
  const bad = new Map<number, Reason[]>();
  const flag = (pair: number, reason: Reason) => bad.set(pair, [...(bad.get(pair) ?? []), reason]);
  for (const group of byDay.values()) if (group.length > 1) for (const pair of group) flag(pair, { code: "lock_same_day", params: { date: events[pairs.event[pair]].localDate } });
  for (const group of byMonth.values()) {
    const p = pairs.participant[group[0]];
    const m = model.eventMonth[pairs.event[group[0]]];
    const cap = participants[p].monthlyCap - (model.monthUsed[p].get(m) ?? 0);
    if (group.length > cap) for (const pair of group) flag(pair, { code: "lock_over_monthly_cap", params: { month: monthLabel(m), cap: participants[p].monthlyCap } });
  }
  for (const [e, group] of byEvent) {
    const slots = events[e].slots;
    if (group.length > slots.length) for (const pair of group) flag(pair, { code: "lock_event_full", params: { slots: slots.length } });
    // Only a seating failure is certain: the interpreter rule can still be met by adding an interpreter.
    else if (
      !canSeat(
        slots,
        group.map((pair) => slotMember(model, pair)),
      )
    )
      for (const pair of group) flag(pair, { code: "lock_slots_mismatch", params: {} });
  }
  for (const pair of valid) {
    const reasons = bad.get(pair);
    if (reasons) issue(participants[pairs.participant[pair]].id, events[pairs.event[pair]].id, reasons);
    else model.locks.push(pair);
  }
  if (model.lockIssues.length > 0) model.locks = [];
}
