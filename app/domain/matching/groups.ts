/**
 * The groups of an event's candidates, whose exits carry diversity (see network.ts): at an event
 * without typed slots one per country, with a diversity ladder where it can bind; at a typed event
 * one per (country, profile) part, or, where one country's candidates have several profiles, a
 * "mixed" group whose head count is priced instead. Candidates who pay their diversity on the
 * pair arc share one routing node per profile.
 */
import type { Offer } from "~/domain/vocabulary";
import type { BranchState } from "./branching";
import type { Candidates } from "./candidates";
import type { FlowNetwork } from "./flow";
import type { MatchModel } from "./model";
import { eventTypes, pairMask } from "./profiles";

/** A (typed event, country) group: its head count is priced when its candidates have several profiles. */
function groupKey(e: number, c: number): string {
  return `${e}:${c}`;
}

/**
 * A group of an event's candidates. `node` is where their pair arcs end (−1: straight to the
 * event, or at a typed event to a routing node shared by profile), `out` where routing to slot
 * types starts (after the ladder, if any). `lo`/`hi` bound the group's units (part bounds).
 */
export type Group = { pairs: number[]; node: number; out: number; base: number; ladder: boolean; lo: number; hi: number; priced: boolean };
/** An event with typed slots: its slot types and how many of each, then (network.ts) its type nodes and "any" node. */
export type Typed = { types: Offer[]; typeCount: number[]; untyped: number; typeNode: number[]; anyNode: number };
/** One country's candidates of several profiles at a typed event: its parts by profile mask, its head count priced at `price` (μ). */
export type Mixed = { key: string; e: number; c: number; price: number; parts: Map<number, Group> };

/** Every event's groups, its typed slots (null: none, or no candidates), the mixed groups and each pair's mixed group. */
export type EventGroups = { groupsOfEvent: Group[][]; typedOf: (Typed | null)[]; mixedGroups: Mixed[]; mixedOf: Map<number, Mixed> };

/** Groups each event's candidates, adding the groups' nodes to `net` event by event. */
export function groupCandidates(model: MatchModel, state: BranchState, net: FlowNetwork, candidates: Candidates, prices: Map<string, number>): EventGroups {
  const { pairs, policy, events } = model;
  const E = events.length;
  const D = policy.diversityPenalty;
  const { eventCap, baseOf, candidatesOfEvent } = candidates;
  // Part bounds per (event, country): mask → bounds on free people.
  const boundsAt = new Map<string, Map<number, { min: number; max: number }>>();
  for (const { e, c, mask, min, max } of state.partCount?.values() ?? []) {
    const gk = groupKey(e, c);
    let bounds = boundsAt.get(gk);
    if (!bounds) boundsAt.set(gk, (bounds = new Map()));
    bounds.set(mask, { min, max });
  }

  const groupsOfEvent: Group[][] = [];
  const typedOf: (Typed | null)[] = [];
  const mixedGroups: Mixed[] = [];
  const mixedOf = new Map<number, Mixed>(); // pair → its mixed group
  for (let e = 0; e < E; e++) {
    const slots = events[e].slots;
    let typed: Typed | null = null;
    if (slots.some((s) => s.offer !== null) && candidatesOfEvent[e].length > 0) {
      const types = eventTypes(model, e);
      const typeCount = types.map((t) => slots.filter((s) => s.offer === t).length);
      typed = { types, typeCount, untyped: slots.filter((s) => s.offer === null).length, typeNode: [], anyNode: -1 };
    }
    typedOf.push(typed);
    const byCountry = new Map<number, number[]>();
    for (const pair of candidatesOfEvent[e]) {
      const c = model.participantCountry[pairs.participant[pair]];
      const list = byCountry.get(c);
      if (list) list.push(pair);
      else byCountry.set(c, [pair]);
    }
    const groups: Group[] = [];
    const byMask = new Map<number, Group>();
    /** Candidates who pay their diversity on the pair arc share their profile's routing node, whatever their country. */
    const routeShared = (mask: number, list: number[]) => {
      let shared = byMask.get(mask);
      if (!shared) {
        shared = { pairs: [], node: net.addNode(), out: -1, base: 0, ladder: false, lo: 0, hi: Infinity, priced: false };
        byMask.set(mask, shared);
        groups.push(shared);
      }
      shared.pairs.push(...list);
    };
    for (const [c, all] of byCountry) {
      const base = c < 0 ? 0 : baseOf(e, c);
      if (!typed) {
        const ladder = c >= 0 && D > 0 && all.length > 1 && eventCap[e] > 1;
        groups.push({ pairs: all, node: ladder ? net.addNode() : -1, out: -1, base, ladder, lo: 0, hi: Infinity, priced: false });
        continue;
      }
      // At a typed event a country's candidates are split by profile, so that every unit leaving
      // a part can take the slot types it is routed to.
      const parts = new Map<number, number[]>();
      for (const pair of all) {
        const mask = pairMask(model, pair);
        const list = parts.get(mask);
        if (list) list.push(pair);
        else parts.set(mask, [pair]);
      }
      const bounds = boundsAt.get(groupKey(e, c));
      if (c >= 0 && D > 0 && (parts.size > 1 || bounds)) {
        // A mixed group: no ladders, the head count is priced (μ on every pair arc).
        const key = groupKey(e, c);
        const mixed: Mixed = { key, e, c, price: prices.get(key) ?? D * (base + 0.5), parts: new Map() };
        mixedGroups.push(mixed);
        for (const [mask, list] of parts) {
          const bound = bounds?.get(mask);
          const g: Group = { pairs: list, node: bound ? net.addNode() : -1, out: -1, base, ladder: false, lo: bound?.min ?? 0, hi: bound?.max ?? Infinity, priced: true };
          // Unbounded parts need no node of their own: their diversity is on their pair arcs.
          if (bound) groups.push(g);
          else routeShared(mask, list);
          mixed.parts.set(mask, g);
          for (const pair of list) mixedOf.set(pair, mixed);
        }
        continue;
      }
      for (const [mask, list] of parts) {
        const ladder = c >= 0 && D > 0 && list.length > 1 && eventCap[e] > 1;
        if (ladder) groups.push({ pairs: list, node: net.addNode(), out: -1, base, ladder, lo: 0, hi: Infinity, priced: false });
        else routeShared(mask, list);
      }
    }
    groupsOfEvent.push(groups);
  }
  return { groupsOfEvent, typedOf, mixedGroups, mixedOf };
}
