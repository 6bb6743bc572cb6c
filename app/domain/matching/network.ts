/**
 * The flow relaxation of one branch-and-bound node.
 *
 *   source ─(load, parallel unit arcs with rising marginal cost)→ participant
 *          → participant-month (cap = what is left of the monthly cap)
 *          → participant-day (cap 1: one event per day)
 *          ─(pair: travel + recency − continuity)→ group of the event's candidates
 *          ─(diversity, parallel unit arcs with rising marginal cost)→ event (demand = its slots)
 *   source ─(unfilled: cost unfilledPenalty)→ event
 *
 * At an event without typed slots a group is an (event, country) pair: exact. At an event with
 * typed slots a group is an (event, country, profile) part — profile = which of the event's slot
 * types the person can take — and its exit goes to per-offer-type nodes (event, o) (capacity:
 * slots of type o; cap per part: its members able to take o) and an "any" node (the untyped
 * slots), then to the event. Every unit thus reaches a slot its person fits, so the relaxation
 * seats exactly (Hall holds by construction); what it gives up is the diversity pairs between
 * parts of one country, which `diversityShortfall` measures and solve.ts branches on (part-count
 * bounds, `partCount`, whose linearised pairs are charged here). Locked people at a typed event
 * are forced units through their own node to the types they fit; elsewhere they are taken as
 * given (day, month quota, slot, load used up). The interpreter rule is checked afterwards
 * (typed.ts pricing, solve.ts branching). A per-event minimum head count (used by one kind of
 * branch) just shrinks that event's "unfilled" arc.
 *
 * Month or day nodes that cannot bind (cap not smaller than the days on offer, a single event
 * that day) and groups with one candidate are left out; that changes the size of the network,
 * not its optima.
 */
import type { Offer } from "~/domain/vocabulary";
import { slotMember, type MatchModel } from "./build";
import { profileMask } from "./slots";
import { FlowNetwork, minCostFlowToDemands } from "./flow";

export type BranchState = {
  /** Pairs this node forbids. */
  excluded: Set<number>;
  /** When set, only these pairs (1 = in) are candidates: a restricted problem, see `solve`'s large-season path. */
  only?: Uint8Array;
  /** Pairs this node requires (the coordinator's locks plus branching decisions). */
  locked: number[];
  /** Event index → at least this many people there. */
  eventMin: Map<number, number>;
  /** Event index → at most this many people there (the other slots stay empty). */
  eventMax?: Map<number, number>;
  /**
   * Bounds on how many people of a profile part (`partKey`, locked ones included) are at its
   * event: with at least `min` of part k, the pairs between parts k and l number at least
   * min_l·n_k + min_k·n_l − min_k·min_l, which the relaxation charges (network.ts).
   */
  partCount?: Map<string, { min: number; max: number }>;
};

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

/** A (typed event, country, profile) part: the unit the relaxation gives its own diversity ladder. */
export function partKey(e: number, c: number, mask: number): string {
  return `${e}:${c}:${mask}`;
}

type PartBounds = Map<number, { lo: number; hi: number }>; // mask → bounds on free people

/**
 * The part bounds of each (event, country) as bounds on free people (locked ones are in the
 * diversity base already), keyed "e:c"; null when a part already has more locked than its max.
 */
function freePartBounds(model: MatchModel, partCount: BranchState["partCount"], locked: readonly number[]): Map<string, PartBounds> | null {
  const out = new Map<string, PartBounds>();
  if (!partCount || partCount.size === 0) return out;
  const lockedIn = new Map<string, number>();
  for (const pair of locked) {
    const e = model.pairs.event[pair];
    const key = partKey(e, model.participantCountry[model.pairs.participant[pair]], pairMask(model, pair));
    lockedIn.set(key, (lockedIn.get(key) ?? 0) + 1);
  }
  for (const [key, { min, max }] of partCount) {
    const l = lockedIn.get(key) ?? 0;
    if (max < l) return null;
    const [e, c, mask] = key.split(":").map(Number);
    const ec = `${e}:${c}`;
    let bounds = out.get(ec);
    if (!bounds) out.set(ec, (bounds = new Map()));
    bounds.set(mask, { lo: Math.max(0, min - l), hi: max - l });
  }
  return out;
}

/** Σ of the other parts' lower bounds: how much part `mask` starts its ladder higher. */
function shiftIn(bounds: PartBounds | undefined, mask: number): number {
  if (!bounds) return 0;
  let shift = 0;
  for (const [m, { lo }] of bounds) if (m !== mask) shift += lo;
  return shift;
}

/** Σ_{k<l} lo_k·lo_l: the constant the linearised cross pairs subtract. */
function crossConstant(bounds: PartBounds | undefined): number {
  if (!bounds) return 0;
  let sum = 0;
  let sq = 0;
  for (const { lo } of bounds.values()) {
    sum += lo;
    sq += lo * lo;
  }
  return (sum * sum - sq) / 2;
}

export type Relaxation = {
  /** Chosen pair indices (locked ones included), an optimum of the relaxation. */
  chosen: number[];
  /** The solved residual network, its potentials and where the pairs are, for typed-slot pricing. */
  net: FlowNetwork;
  potentials: Float64Array;
  pairArc: Int32Array;
  eventNode: Int32Array;
  locked: number[];
  nodes: number;
  arcs: number;
  augmentations: number;
};

/** Solves the flow relaxation of a node; null when the node's locks and minimums cannot all hold. */
export function solveRelaxation(model: MatchModel, state: BranchState): Relaxation | null {
  const { pairs, policy, events, participants } = model;
  const P = participants.length;
  const E = events.length;
  const D = policy.diversityPenalty;
  const U = policy.unfilledPenalty;

  // Locks are taken as given: they use up day, month quota, event slot, and shift load and diversity bases.
  const locked = [...new Set(state.locked)];
  const extraLoad = new Int32Array(P);
  const eventLocked = new Int32Array(E);
  const lockedDays = new Set<number>();
  const lockedMonths = new Map<number, number>();
  const extraCountry = new Map<number, number>(); // e * (countries+1) + c → count
  const nc = model.countries.length + 1;
  const dayKey = (p: number, day: number) => p * 1_000_000 + day;
  for (const pair of locked) {
    if (state.excluded.has(pair)) return null;
    const p = pairs.participant[pair];
    const e = pairs.event[pair];
    const dk = dayKey(p, model.eventDay[e]);
    if (lockedDays.has(dk)) return null;
    lockedDays.add(dk);
    const mk = p * 100_000 + model.eventMonth[e];
    const used = (lockedMonths.get(mk) ?? 0) + 1;
    if (used + (model.monthUsed[p].get(model.eventMonth[e]) ?? 0) > participants[p].monthlyCap) return null;
    lockedMonths.set(mk, used);
    extraLoad[p]++;
    if (++eventLocked[e] > events[e].slots.length) return null;
    const c = model.participantCountry[p];
    if (c >= 0) extraCountry.set(e * nc + c, (extraCountry.get(e * nc + c) ?? 0) + 1);
  }
  /** Diversity base of country c at event e: history there plus locked people. */
  const baseOf = (e: number, c: number) => (model.diversityBase[e].get(c) ?? 0) + (extraCountry.get(e * nc + c) ?? 0);
  const eventCap = Int32Array.from(events, (ev, e) => ev.slots.length - eventLocked[e]);
  for (const [e, max] of state.eventMax ?? []) {
    if (max < eventLocked[e]) return null;
    eventCap[e] = Math.min(eventCap[e], max - eventLocked[e]);
  }
  const eventMin = new Int32Array(E);
  for (const [e, min] of state.eventMin) {
    eventMin[e] = Math.max(0, min - eventLocked[e]);
    if (eventMin[e] > eventCap[e]) return null;
  }

  // Candidate pairs per participant, grouped by month and day.
  type Month = { month: number; left: number; days: Map<number, number[]>; node: number };
  type Person = { p: number; months: Month[]; loadArcs: number; node: number; dayNodes: Map<number, number> };
  const people: Person[] = [];
  const candidatesOfEvent: number[][] = events.map(() => []);
  let candidateCount = 0;
  for (let p = 0; p < P; p++) {
    const months = new Map<number, Month>();
    for (let pair = model.pairStart[p]; pair < model.pairStart[p + 1]; pair++) {
      if (state.excluded.has(pair) || (state.only && !state.only[pair])) continue;
      const e = pairs.event[pair];
      if (eventCap[e] <= 0 || lockedDays.has(dayKey(p, model.eventDay[e]))) continue;
      const m = model.eventMonth[e];
      let month = months.get(m);
      if (!month) {
        const left =
          participants[p].monthlyCap - (model.monthUsed[p].get(m) ?? 0) - (lockedMonths.get(p * 100_000 + m) ?? 0);
        if (left <= 0) continue;
        month = { month: m, left, days: new Map(), node: -1 };
        months.set(m, month);
      }
      const day = model.eventDay[e];
      const list = month.days.get(day);
      if (list) list.push(pair);
      else month.days.set(day, [pair]);
      candidatesOfEvent[e].push(pair);
      candidateCount++;
    }
    if (months.size === 0) continue;
    let loadArcs = 0;
    for (const month of months.values()) loadArcs += Math.min(month.left, month.days.size);
    people.push({ p, months: [...months.values()], loadArcs, node: -1, dayNodes: new Map() });
  }

  // Number the nodes in topological order: source, people, months, days, (event, country), events, sink.
  const net = new FlowNetwork(candidateCount + 4 * people.length + 6 * E + 16);
  const source = net.addNode();
  for (const person of people) person.node = net.addNode();
  for (const person of people)
    for (const month of person.months) if (month.left < month.days.size) month.node = net.addNode();
  for (const person of people)
    for (const month of person.months)
      for (const [day, list] of month.days) if (list.length > 1) person.dayNodes.set(day, net.addNode());
  // Groups of an event's candidates. A group with a diversity ladder (several candidates of one
  // country) has an entry node `node`, where the pair arcs end, and an exit node `out` after the
  // ladder. At an event with typed slots every group also has an exit, from which flow is routed
  // to the event's per-offer-type nodes; groups without a ladder are then split by profile (the
  // event's slot types the member can take), so their routing is exact.
  type Group = { country: number; pairs: number[]; node: number; out: number; base: number; ladder: boolean; mask: number; lo: number; hi: number };
  // Bounded parts: a part's first `lo` ladder units are forced (cost −forced, checked after the
  // flow), it has at most `hi` units, and every part's ladder starts higher by the other parts'
  // lower bounds (the linearised pairs across parts).
  const boundsAt = freePartBounds(model, state.partCount, locked);
  if (!boundsAt) return null;
  const forced = 4 * U + 10_000;
  const shiftOf = (e: number, c: number, mask: number) => shiftIn(boundsAt.get(`${e}:${c}`), mask);
  let forcedUnits = 0;
  for (const bounds of boundsAt.values()) for (const { lo } of bounds.values()) forcedUnits += lo;
  type Typed = { types: Offer[]; typeCount: number[]; untyped: number; typeNode: number[]; anyNode: number; maskOf: Map<number, number> };
  const groupsOfEvent: Group[][] = [];
  const typedOf: (Typed | null)[] = [];
  for (let e = 0; e < E; e++) {
    const slots = events[e].slots;
    let typed: Typed | null = null;
    if (slots.some((s) => s.offer !== null) && candidatesOfEvent[e].length > 0) {
      const types: Offer[] = [];
      const typeCount: number[] = [];
      let untyped = 0;
      for (const slot of slots) {
        if (slot.offer === null) untyped++;
        else if (!types.includes(slot.offer)) {
          types.push(slot.offer);
          typeCount.push(1);
        } else typeCount[types.indexOf(slot.offer)]++;
      }
      const maskOf = new Map<number, number>();
      for (const pair of candidatesOfEvent[e]) maskOf.set(pair, pairMask(model, pair));
      typed = { types, typeCount, untyped, typeNode: [], anyNode: -1, maskOf };
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
    for (const [c, all] of byCountry) {
      const base = c < 0 ? 0 : baseOf(e, c);
      // At a typed event a country's candidates are split further by profile, so that every
      // unit leaving a group can take the slot types it is routed to (exact seating). Each part
      // gets its own diversity ladder: Σ_parts C(k0+n_part, 2) ≤ C(k0+n, 2), a lower bound that
      // is exact unless one country's people of different profiles meet at the event (solve.ts
      // branches on exactly that; `diversityShortfall` measures it).
      const parts = new Map<number, number[]>();
      if (typed)
        for (const pair of all) {
          const mask = typed.maskOf.get(pair)!;
          const list = parts.get(mask);
          if (list) list.push(pair);
          else parts.set(mask, [pair]);
        }
      else parts.set(-1, all);
      for (const [mask, list] of parts) {
        const bound = typed ? boundsAt.get(`${e}:${c}`)?.get(mask) : undefined;
        const ladder = c >= 0 && D > 0 && ((list.length > 1 && eventCap[e] > 1) || bound !== undefined);
        if (ladder || !typed) {
          const shifted = c < 0 ? 0 : base + shiftOf(e, c, mask);
          groups.push({ country: c, pairs: list, node: ladder ? net.addNode() : -1, out: -1, base: shifted, ladder, mask, lo: bound?.lo ?? 0, hi: bound?.hi ?? Infinity });
          continue;
        }
        // No ladder: the candidate pays its diversity on the pair arc, so people of any country
        // with the same profile can share a routing node.
        let g = byMask.get(mask);
        if (!g) {
          g = { country: -1, pairs: [], node: net.addNode(), out: -1, base: 0, ladder: false, mask, lo: 0, hi: Infinity };
          byMask.set(mask, g);
          groups.push(g);
        }
        g.pairs.push(...list);
      }
    }
    groupsOfEvent.push(groups);
  }
  // Locked people at a typed event still take typed slots: they enter as forced units (cost
  // −forced, repaid below) through their own node to the types they can take, so the others
  // are routed to what the locked ones leave free.
  const lockedAt: number[][] = events.map(() => []);
  for (const pair of locked) lockedAt[pairs.event[pair]].push(pair);
  const lockNode = new Map<number, number>();
  // Exit nodes and type nodes come after all entry nodes (arcs must go to higher node numbers).
  for (let e = 0; e < E; e++) {
    const typed = typedOf[e];
    if (!typed) continue;
    for (const g of groupsOfEvent[e]) g.out = g.ladder ? net.addNode() : g.node;
    for (const pair of lockedAt[e]) lockNode.set(pair, net.addNode());
    typed.typeNode = typed.types.map(() => net.addNode());
    if (typed.untyped > 0) typed.anyNode = net.addNode();
  }
  const eventNode = new Int32Array(E).fill(-1);
  for (let e = 0; e < E; e++) if (candidatesOfEvent[e].length > 0) eventNode[e] = net.addNode();
  for (let e = 0; e < E; e++) if (eventNode[e] === -1 && eventMin[e] > 0) return null;

  const pairArc = new Int32Array(pairs.count).fill(-1);
  const lockArc: number[] = [];
  const forcedArc: number[] = [];
  for (const person of people) {
    const h = model.loadBase[person.p] + extraLoad[person.p];
    // Convex load: the k-th new event raises loadWeight × load² by loadWeight × (2(h+k) − 1).
    for (let k = 1; k <= person.loadArcs; k++) net.addArc(source, person.node, 1, policy.loadWeight * (2 * (h + k) - 1));
    for (const month of person.months) {
      const monthTail = month.node === -1 ? person.node : month.node;
      if (month.node !== -1) net.addArc(person.node, month.node, month.left, 0);
      for (const [day, list] of month.days) {
        const dayNode = person.dayNodes.get(day);
        if (dayNode !== undefined) net.addArc(monthTail, dayNode, 1, 0);
      }
    }
  }
  // Pair arcs: tail is the person's day node, else month node, else person node.
  const tailOfPair = new Int32Array(pairs.count);
  for (const person of people)
    for (const month of person.months)
      for (const [day, list] of month.days) {
        const tail = person.dayNodes.get(day) ?? (month.node !== -1 ? month.node : person.node);
        for (const pair of list) tailOfPair[pair] = tail;
      }
  for (let e = 0; e < E; e++) {
    if (eventNode[e] === -1) continue;
    const typed = typedOf[e];
    for (const g of groupsOfEvent[e]) {
      for (const pair of g.pairs) {
        // Without a ladder, the candidate pays the marginal diversity of its country directly.
        const c = model.participantCountry[pairs.participant[pair]];
        const direct = g.ladder || c < 0 ? 0 : D * (baseOf(e, c) + (typed ? shiftOf(e, c, typed.maskOf.get(pair)!) : 0));
        const head = g.node === -1 ? eventNode[e] : g.node;
        pairArc[pair] = net.addArc(tailOfPair[pair], head, 1, pairs.cost[pair] + direct);
      }
      const exit = typed ? g.out : eventNode[e];
      if (g.ladder) {
        const n = Math.min(g.pairs.length, eventCap[e], g.hi);
        for (let i = 1; i <= n; i++) {
          const a = net.addArc(g.node, exit, 1, D * (g.base + i - 1) - (i <= g.lo ? forced : 0));
          if (i <= g.lo) forcedArc.push(a);
        }
      }
      if (!typed) continue;
      // Route to slot types: at most as many as the group has members able to take that type.
      const n = Math.min(g.pairs.length, eventCap[e]);
      typed.types.forEach((_, i) => {
        let able = 0;
        for (const pair of g.pairs) if (typed.maskOf.get(pair)! & (1 << i)) able++;
        const cap = Math.min(able, n, typed.typeCount[i]);
        if (cap > 0) net.addArc(g.out, typed.typeNode[i], cap, 0);
      });
      if (typed.anyNode !== -1) net.addArc(g.out, typed.anyNode, Math.min(n, typed.untyped), 0);
    }
    if (typed) {
      for (const pair of lockedAt[e]) {
        const node = lockNode.get(pair)!;
        lockArc.push(net.addArc(source, node, 1, -forced));
        const mask = pairMask(model, pair);
        typed.types.forEach((_, i) => {
          if (mask & (1 << i)) net.addArc(node, typed.typeNode[i], 1, 0);
        });
        if (typed.anyNode !== -1) net.addArc(node, typed.anyNode, 1, 0);
      }
      typed.types.forEach((_, i) => net.addArc(typed.typeNode[i], eventNode[e], typed.typeCount[i], 0));
      if (typed.anyNode !== -1) net.addArc(typed.anyNode, eventNode[e], typed.untyped, 0);
    }
    if (eventCap[e] - eventMin[e] > 0) net.addArc(source, eventNode[e], eventCap[e] - eventMin[e], U);
  }

  const demands: { node: number; amount: number }[] = [];
  for (let e = 0; e < E; e++) {
    const amount = eventCap[e] + (typedOf[e] ? lockedAt[e].length : 0);
    if (eventNode[e] !== -1 && amount > 0) demands.push({ node: eventNode[e], amount });
  }
  const outcome = minCostFlowToDemands(net, source, demands);
  if (!outcome) return null;
  // A forced unit left out means the locked people cannot all be seated together.
  for (const a of lockArc) if (net.flow(a) === 0) return null;
  // A required part with no candidate left, or none that can come: no solution here.
  if (forcedArc.length !== forcedUnits) return null;
  for (const a of forcedArc) if (net.flow(a) === 0) return null;
  const chosen = [...locked];
  const count = new Int32Array(E);
  for (let pair = 0; pair < pairs.count; pair++)
    if (pairArc[pair] !== -1 && net.flow(pairArc[pair]) > 0) {
      chosen.push(pair);
      count[pairs.event[pair]]++;
    }
  return {
    chosen,
    net,
    potentials: outcome.potentials,
    pairArc,
    eventNode,
    locked,
    nodes: net.nodeCount,
    arcs: net.arcCount,
    augmentations: outcome.augmentations,
  };
}

/**
 * How much the relaxation undercounts diversity for `chosen` (locked pairs included): at a typed
 * event each (country, profile) part has its own ladder, so people of one country with different
 * profiles are charged only the pairs that the part bounds (`partCount`) imply. 0 means the flow
 * cost is the true objective; true objective − shortfall is the flow cost (the node's bound).
 */
export function diversityShortfall(
  model: MatchModel,
  chosen: readonly number[],
  locked: readonly number[],
  partCount?: BranchState["partCount"],
): number {
  let total = 0;
  for (const gap of shortfallByGroup(model, chosen, locked, partCount).values()) total += gap;
  return total;
}

/** `diversityShortfall` per (event, country), keyed "e:c"; only positive gaps are listed. */
export function shortfallByGroup(
  model: MatchModel,
  chosen: readonly number[],
  locked: readonly number[],
  partCount?: BranchState["partCount"],
): Map<string, number> {
  const gaps = new Map<string, number>();
  const D = model.policy.diversityPenalty;
  if (D === 0) return gaps;
  const lockedSet = new Set(locked);
  const boundsAt = freePartBounds(model, partCount, locked) ?? new Map<string, PartBounds>();
  const typedEvent = (e: number) => model.events[e].slots.some((s) => s.offer !== null);
  // (event, country) → per-profile counts of free people, and the locked count (part of the base).
  const counts = new Map<string, { e: number; c: number; locked: number; parts: Map<number, number> }>();
  for (const pair of chosen) {
    const e = model.pairs.event[pair];
    const c = model.participantCountry[model.pairs.participant[pair]];
    if (c < 0 || !typedEvent(e)) continue;
    const key = `${e}:${c}`;
    let entry = counts.get(key);
    if (!entry) counts.set(key, (entry = { e, c, locked: 0, parts: new Map() }));
    if (lockedSet.has(pair)) entry.locked++;
    else {
      const mask = pairMask(model, pair);
      entry.parts.set(mask, (entry.parts.get(mask) ?? 0) + 1);
    }
  }
  const ladder = (base: number, n: number) => D * (n * base + (n * (n - 1)) / 2);
  for (const [key, { e, c, locked: l, parts }] of counts) {
    const bounds = boundsAt.get(key);
    if (parts.size < 2 && !bounds) continue;
    const base = (model.diversityBase[e].get(c) ?? 0) + l;
    let total = 0;
    let flow = -D * crossConstant(bounds);
    for (const [mask, n] of parts) {
      total += n;
      flow += ladder(base + shiftIn(bounds, mask), n);
    }
    const gap = ladder(base, total) - flow;
    if (gap > 1e-9) gaps.set(key, gap);
  }
  return gaps;
}
