/**
 * Seating the chosen participants of one event in its slots. The flow relaxation only knows how
 * many people an event gets; whether they fit its typed slots (and whether an interpreter sits
 * in the interpreting slot when someone needs one) is decided here, exactly, per event.
 */
import type { Offer } from "~/domain/vocabulary";
import type { MatchSlot } from "./types";

export type SlotMember = { offers: readonly Offer[]; needsInterpreter: boolean };

/** Whether this member may take this slot (an interpreter must speak the event's language). */
export function fitsSlot(slot: MatchSlot, member: SlotMember): boolean {
  if (slot.offer === null) return true;
  if (slot.offer === "interpreting" && member.needsInterpreter) return false;
  return member.offers.includes(slot.offer);
}

/** Kuhn's augmenting-path bipartite matching; `fixed` pre-seats member → slot pairs. */
function matchAll(slots: MatchSlot[], members: SlotMember[], fixed: Map<number, number>): number[] | null {
  const slotOf = new Array<number>(members.length).fill(-1);
  const memberOf = new Array<number>(slots.length).fill(-1);
  for (const [m, s] of fixed) {
    slotOf[m] = s;
    memberOf[s] = m;
  }
  const tryMember = (m: number, seen: boolean[]): boolean => {
    // Typed slots first, so people bring their offer where they can.
    for (let pass = 0; pass < 2; pass++) {
      for (let s = 0; s < slots.length; s++) {
        if ((pass === 0) === (slots[s].offer === null)) continue;
        if (seen[s] || !fitsSlot(slots[s], members[m])) continue;
        seen[s] = true;
        const other = memberOf[s];
        if (other === -1 || (!fixed.has(other) && tryMember(other, seen))) {
          memberOf[s] = m;
          slotOf[m] = s;
          return true;
        }
      }
    }
    return false;
  };
  for (let m = 0; m < members.length; m++) {
    if (slotOf[m] !== -1) continue;
    if (!tryMember(m, new Array<boolean>(slots.length).fill(false))) return null;
  }
  return slotOf;
}

/**
 * Seats every member in a distinct slot they fit, with a filled interpreting slot whenever a
 * member needs an interpreter; returns the slot index per member, or null when impossible.
 */
export function assignSlots(slots: MatchSlot[], members: SlotMember[]): number[] | null {
  if (members.length > slots.length) return null;
  if (!members.some((m) => m.needsInterpreter)) return matchAll(slots, members, new Map());
  for (let s = 0; s < slots.length; s++) {
    if (slots[s].offer !== "interpreting") continue;
    for (let m = 0; m < members.length; m++) {
      if (!fitsSlot(slots[s], members[m])) continue;
      const seated = matchAll(slots, members, new Map([[m, s]]));
      if (seated) return seated;
    }
  }
  return null;
}

/** Bit i set when the member can take a slot of type types[i]. */
export function profileMask(types: readonly Offer[], member: SlotMember): number {
  let mask = 0;
  types.forEach((t, i) => {
    if (fitsSlot({ id: 0, offer: t }, member)) mask |= 1 << i;
  });
  return mask;
}

/** Whether the members fit distinct slots, the interpreter rule left aside (adding an interpreter may still meet it). */
export function canSeat(slots: MatchSlot[], members: SlotMember[]): boolean {
  return members.length <= slots.length && matchAll(slots, members, new Map()) !== null;
}
