/**
 * Whether a set of picks can be seated, the interpreter rule included, and how to repair one
 * that cannot (an incumbent for the search, never a bound).
 */
import { slotMember, type MatchModel } from "./model";
import { assignSlots } from "./slots";

/**
 * The first event (by index) whose chosen people cannot be seated with the interpreter rule kept.
 * `flow`: `chosen` is a flow of the relaxation, which seats everyone in slots they fit, so only
 * events with someone who needs interpreting are checked.
 */
export function firstUnseatableEvent(model: MatchModel, chosen: number[], flow = false): { event: number; members: number[] } | null {
  if (flow && !chosen.some((pair) => model.pairs.needsInterpreter[pair])) return null;
  const byEvent = new Map<number, number[]>();
  for (const pair of chosen) {
    const e = model.pairs.event[pair];
    const list = byEvent.get(e);
    if (list) list.push(pair);
    else byEvent.set(e, [pair]);
  }
  const events = [...byEvent.keys()].sort((a, b) => a - b);
  for (const e of events) {
    const members = byEvent.get(e)!;
    const slots = model.events[e].slots;
    const needing = members.some((p) => model.pairs.needsInterpreter[p]);
    if (flow && !needing) continue;
    const simple = !needing && slots.every((s) => s.offer === null);
    if (simple && members.length <= slots.length) continue;
    if (
      !assignSlots(
        slots,
        members.map((p) => slotMember(model, p)),
      )
    )
      return { event: e, members };
  }
  return null;
}

/**
 * A feasible matching near `chosen`: at each event whose line-up cannot be seated, keep the
 * largest seatable part (people who need an interpreter go first when none can be seated).
 * Only an incumbent for the search (so a node limit still returns something good), never a bound.
 */
export function repairToFeasible(model: MatchModel, chosen: number[], lockedList: number[]): number[] {
  const locked = new Set(lockedList);
  const byEvent = new Map<number, number[]>();
  for (const pair of chosen) byEvent.set(model.pairs.event[pair], [...(byEvent.get(model.pairs.event[pair]) ?? []), pair]);
  const out: number[] = [];
  for (const [e, members] of byEvent) {
    const slots = model.events[e].slots;
    let keep = members;
    // Drop free members, most expensive first, until the line-up can be seated.
    const order = members.filter((p) => !locked.has(p)).sort((a, b) => model.pairs.cost[b] - model.pairs.cost[a]);
    const needing = order.filter((p) => model.pairs.needsInterpreter[p]);
    const others = order.filter((p) => !model.pairs.needsInterpreter[p]);
    for (const drop of [...needing, ...others]) {
      if (
        assignSlots(
          slots,
          keep.map((p) => slotMember(model, p)),
        )
      )
        break;
      keep = keep.filter((p) => p !== drop);
    }
    if (
      !assignSlots(
        slots,
        keep.map((p) => slotMember(model, p)),
      )
    )
      keep = members.filter((p) => locked.has(p));
    out.push(...keep);
  }
  return out;
}
