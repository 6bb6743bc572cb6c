/**
 * Profiles: which of an event's slot types a pair's person can take (bit i of a mask = the
 * event's i-th type), and who can take an interpreting slot. Asked at every branch-and-bound
 * node, so memoised per model.
 */
import type { Offer } from "~/domain/vocabulary";
import { slotMember, type MatchModel } from "./model";
import { fitsSlot, profileMask } from "./slots";

/** An event's distinct slot types, in slot order (bit i of a profile mask = types[i]). */
export function eventTypes(model: MatchModel, e: number): Offer[] {
  const types: Offer[] = [];
  for (const slot of model.events[e].slots) if (slot.offer !== null && !types.includes(slot.offer)) types.push(slot.offer);
  return types;
}

const maskCache = new WeakMap<MatchModel, Int32Array>();
/** A pair's profile mask over its event's `eventTypes` (memoised per model: asked at every node). */
export function pairMask(model: MatchModel, pair: number): number {
  let masks = maskCache.get(model);
  if (!masks) {
    masks = new Int32Array(model.pairs.count).fill(-1);
    maskCache.set(model, masks);
  }
  if (masks[pair] === -1) masks[pair] = profileMask(eventTypes(model, model.pairs.event[pair]), slotMember(model, pair));
  return masks[pair];
}

const interpreterCache = new WeakMap<MatchModel, Set<number>>();
/** Pairs whose person can take an interpreting slot at their event (memoised per model). */
export function interpretersOf(model: MatchModel): Set<number> {
  let set = interpreterCache.get(model);
  if (!set) {
    set = new Set();
    const slot = { id: 0, offer: "interpreting" as const };
    const hasSlot = model.events.map((event) => event.slots.some((s) => s.offer === "interpreting"));
    for (let pair = 0; pair < model.pairs.count; pair++) if (hasSlot[model.pairs.event[pair]] && fitsSlot(slot, slotMember(model, pair))) set.add(pair);
    interpreterCache.set(model, set);
  }
  return set;
}
