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
 * At an event without typed slots a group is an (event, country) pair with its diversity
 * ladder: exact. At an event with typed slots a group is an (event, country, profile) part —
 * profile = which of the event's slot types the person can take — and its exit goes to
 * per-offer-type nodes (event, o) (capacity: slots of type o; cap per part: its members able to
 * take o) and an "any" node (the untyped slots), then to the event. Every unit thus reaches a
 * slot its person fits: seating is exact by construction.
 *
 * Diversity counts a country's people together, which crosses the split by profile. Where one
 * country's candidates at a typed event have one profile, that part keeps the exact ladder.
 * Where they have several (a "mixed" group), the count m = Σ parts is priced instead
 * (Lagrangian relaxation of "m equals the head count"): every pair arc of the group costs μ
 * more, and the bound adds min_m [diversity(m) − μ·m] (`Relaxation.mixed`; solve.ts moves μ by
 * dual steps and branches on part counts, `partCount`, which bound both the flow and m).
 *
 * Locked people are taken as given (day, month quota, load used up; they count in the diversity
 * base); at a typed event they still need a seat, so they enter as forced units through their
 * own node to the types they fit. The interpreter rule (someone who needs interpreting comes
 * only when an interpreting slot is filled) is not a network constraint either: it is priced
 * too (λ on the arcs of people who need interpreting, −K·λ on the interpreting slots' arc;
 * `InterpreterRow`), and solve.ts branches on it ("nobody who needs interpreting here" / "an
 * interpreting slot here is filled", `interpreted`; the second forces a unit through the
 * interpreting type node).
 *
 * Month or day nodes that cannot bind (cap not smaller than the days on offer, a single event
 * that day) and groups with one candidate are left out; that changes the size of the network,
 * not its optima.
 */
import type { Offer } from "~/domain/vocabulary";
import { slotMember, type MatchModel } from "./build";
import { fitsSlot, profileMask } from "./slots";
import { FlowNetwork, MinCostFlow } from "./flow";
import { evaluate, totalOf } from "./objective";
import type { ObjectiveTerms } from "./types";

export type BranchState = {
  /** Pairs this node forbids. */
  excluded: Set<number>;
  /** When set, only these pairs (1 = in) are candidates: a restricted problem, see `solve`'s large-season path. */
  only?: Uint8Array;
  /** Pairs this node requires (the coordinator's locks plus branching decisions). */
  locked: number[];
  /** Bounds on how many free people of a profile part (`partKey`) are at its event. */
  partCount?: Map<string, PartBound>;
  /** Events at which an interpreting slot must be filled. */
  interpreted?: Set<number>;
  /** Lagrangian prices: μ of mixed groups' head counts (`groupKey`), λ of interpreter rows (`interpreterKey`); see solve.ts. */
  prices?: Map<string, number>;
};

/** An event's distinct slot types, in slot order (bit i of a profile mask = types[i]). */
function eventTypes(model: MatchModel, e: number): Offer[] {
  const types: Offer[] = [];
  for (const slot of model.events[e].slots) if (slot.offer !== null && !types.includes(slot.offer)) types.push(slot.offer);
  return types;
}

const maskCache = new WeakMap<MatchModel, Int32Array>();
/** A pair's profile mask over its event's `eventTypes` (memoised per model: asked at every node). */
function pairMask(model: MatchModel, pair: number): number {
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
function interpretersOf(model: MatchModel): Set<number> {
  let set = interpreterCache.get(model);
  if (!set) {
    set = new Set();
    const slot = { id: 0, offer: "interpreting" as const };
    const hasSlot = model.events.map((event) => event.slots.some((s) => s.offer === "interpreting"));
    for (let pair = 0; pair < model.pairs.count; pair++)
      if (hasSlot[model.pairs.event[pair]] && fitsSlot(slot, slotMember(model, pair))) set.add(pair);
    interpreterCache.set(model, set);
  }
  return set;
}

/** A (typed event, country) group: its head count is priced when its candidates have several profiles. */
function groupKey(e: number, c: number): string {
  return `${e}:${c}`;
}

/** A (typed event, country, profile) part, the unit of `partCount` bounds. */
export function partKey(e: number, c: number, mask: number): string {
  return `${e}:${c}:${mask}`;
}

/** Bounds on one part's free head count; the part is named by its fields, the key only finds it. */
export type PartBound = { e: number; c: number; mask: number; min: number; max: number };

/**
 * A mixed group at the node's flow: its free head count `n`, the count `m` that minimises
 * diversity(m) − μ·m within the part bounds, and `parts` (profile mask → free head count, and
 * the bounds) for branching. Its share of the gap between the flow's true cost and the bound is
 * diversity(n) − diversity(m) − μ·(n − m) ≥ 0.
 */
export type MixedGroup = {
  key: string;
  event: number;
  country: number;
  price: number;
  /** Prices outside [floor, ceil] change nothing but the flow's eagerness: keep μ inside. */
  floor: number;
  ceil: number;
  n: number;
  m: number;
  gap: number;
  parts: { mask: number; count: number; min: number; max: number }[];
};

/**
 * The interpreter rule at an event with an interpreting slot, as a priced row: people there who
 * need interpreting minus K × interpreting slots filled (K = the event's other places) must be
 * ≤ 0. `excess` is that difference at the node's flow.
 */
export type InterpreterRow = { key: string; event: number; price: number; excess: number };

/** Price key of the interpreter row of event e. */
function interpreterKey(e: number): string {
  return `i${e}`;
}

type Relaxation = {
  /** Chosen pair indices (locked ones included), an optimum of the relaxation. */
  chosen: number[];
  /** The true objective terms of `chosen`. */
  terms: ObjectiveTerms;
  locked: number[];
  /** The relaxation's value: a lower bound on every matching of the node. */
  bound: number;
  mixed: MixedGroup[];
  interpreter: InterpreterRow[];
  nodes: number;
  arcs: number;
  augmentations: number;
};

/** A node's relaxation, built once and solved at any prices (re-optimised after the first solve). */
type NodeRelaxation = { solve(prices: Map<string, number>): Relaxation | null; dropAbove(limit: number): number[] };

/** Builds the flow relaxation of a node; null when the node's constraints cannot all hold. */
export function relaxNode(model: MatchModel, state: BranchState): NodeRelaxation | null {
  const { pairs, policy, events, participants } = model;
  const P = participants.length;
  const E = events.length;
  const D = policy.diversityPenalty;
  const U = policy.unfilledPenalty;
  const prices = state.prices ?? new Map<string, number>();
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

  // Candidate pairs per participant, grouped by month and day.
  type Month = { month: number; left: number; days: Map<number, number[]>; node: number };
  type Person = { p: number; months: Month[]; loadArcs: number; node: number; dayNodes: Map<number, number> };
  const people: Person[] = [];
  const candidatesOfEvent: number[][] = events.map(() => []);
  let candidateCount = 0;
  // Someone who needs interpreting can come only where an interpreter still can.
  const interpreterCan = new Uint8Array(E);
  const interpreters = interpretersOf(model);
  for (const pair of interpreters) if (!state.excluded.has(pair) && (!state.only || state.only[pair])) interpreterCan[pairs.event[pair]] = 1;
  for (const pair of locked) if (interpreters.has(pair)) interpreterCan[pairs.event[pair]] = 1;
  for (let p = 0; p < P; p++) {
    const months = new Map<number, Month>();
    for (let pair = model.pairStart[p]; pair < model.pairStart[p + 1]; pair++) {
      if (state.excluded.has(pair) || (state.only && !state.only[pair])) continue;
      if (pairs.needsInterpreter[pair] && !interpreterCan[pairs.event[pair]]) continue;
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

  // Number the nodes in topological order: source, people, months, days, groups, exits, locks, types, events.
  const net = new FlowNetwork(candidateCount + 4 * people.length + 6 * E + 16);
  const source = net.addNode();
  for (const person of people) person.node = net.addNode();
  for (const person of people)
    for (const month of person.months) if (month.left < month.days.size) month.node = net.addNode();
  for (const person of people)
    for (const month of person.months)
      for (const [day, list] of month.days) if (list.length > 1) person.dayNodes.set(day, net.addNode());

  // Part bounds per (event, country): mask → bounds on free people.
  const boundsAt = new Map<string, Map<number, { min: number; max: number }>>();
  for (const { e, c, mask, min, max } of state.partCount?.values() ?? []) {
    const gk = groupKey(e, c);
    let bounds = boundsAt.get(gk);
    if (!bounds) boundsAt.set(gk, (bounds = new Map()));
    bounds.set(mask, { min, max });
  }

  // Groups of an event's candidates. `node` is where their pair arcs end (−1: straight to the
  // event, or at a typed event to a routing node shared by profile), `out` where routing to slot
  // types starts (after the ladder, if any). `lo`/`hi` bound the group's units (part bounds).
  type Group = { pairs: number[]; node: number; out: number; base: number; ladder: boolean; lo: number; hi: number; priced: boolean };
  type Typed = { types: Offer[]; typeCount: number[]; untyped: number; typeNode: number[]; anyNode: number };
  type Mixed = { key: string; e: number; c: number; price: number; parts: Map<number, Group> };
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
  // Locked people at a typed event still take typed slots: they enter as forced units (cost
  // −forced) through their own node to the types they can take, so the others are routed to
  // what the locked ones leave free.
  const lockedAt: number[][] = events.map(() => []);
  for (const pair of locked) lockedAt[pairs.event[pair]].push(pair);
  const lockNode = new Map<number, number>();
  // Exit nodes and type nodes come after all entry nodes (arcs must go to higher node numbers).
  for (let e = 0; e < E; e++) {
    const typed = typedOf[e];
    if (!typed) continue;
    for (const g of groupsOfEvent[e]) g.out = g.ladder || g.priced ? net.addNode() : g.node;
    for (const pair of lockedAt[e]) lockNode.set(pair, net.addNode());
    typed.typeNode = typed.types.map(() => net.addNode());
    if (typed.untyped > 0) typed.anyNode = net.addNode();
  }
  const eventNode = new Int32Array(E).fill(-1);
  for (let e = 0; e < E; e++) if (candidatesOfEvent[e].length > 0) eventNode[e] = net.addNode();
  if ([...(state.interpreted ?? [])].some((e) => !typedOf[e]?.types.includes("interpreting"))) return null;

  // Interpreter rows: events with an interpreting slot not yet forced, and someone free there who needs it.
  type Row = { key: string; e: number; k: number; price: number; slotArc: number };
  const rowOf: (Row | undefined)[] = events.map(() => undefined);
  const interpreterRows: Row[] = [];
  for (let e = 0; e < E; e++) {
    const typed = typedOf[e];
    if (!typed?.types.includes("interpreting") || state.interpreted?.has(e) || eventNode[e] === -1) continue;
    if (!candidatesOfEvent[e].some((pair) => pairs.needsInterpreter[pair])) continue;
    const key = interpreterKey(e);
    const row: Row = { key, e, k: events[e].slots.length - 1, price: prices.get(key) ?? 0, slotArc: -1 };
    rowOf[e] = row;
    interpreterRows.push(row);
  }
  /** Pair arcs whose cost carries a price: base cost + μ of its mixed group + λ of its interpreter row. */
  const pricedArcs: { arc: number; base: number; mixed?: Mixed; row?: Row }[] = [];

  const forced = 4 * U + 10_000;
  const pairArc = new Int32Array(pairs.count).fill(-1);
  const mustFlow: number[] = [];
  for (const person of people) {
    const h = model.loadBase[person.p] + extraLoad[person.p];
    // Convex load: the k-th new event raises loadWeight × load² by loadWeight × (2(h+k) − 1).
    for (let k = 1; k <= person.loadArcs; k++) net.addArc(source, person.node, 1, policy.loadWeight * (2 * (h + k) - 1));
    for (const month of person.months) {
      const monthTail = month.node === -1 ? person.node : month.node;
      if (month.node !== -1) net.addArc(person.node, month.node, month.left, 0);
      for (const day of month.days.keys()) {
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
        // Diversity on the pair arc: μ in a mixed group, the marginal pair count without a ladder.
        const c = model.participantCountry[pairs.participant[pair]];
        const mixed = mixedOf.get(pair);
        const row = pairs.needsInterpreter[pair] ? rowOf[e] : undefined;
        const base = pairs.cost[pair] + (mixed || g.ladder || c < 0 ? 0 : D * baseOf(e, c));
        const head = g.node === -1 ? eventNode[e] : g.node;
        pairArc[pair] = net.addArc(tailOfPair[pair], head, 1, base + (mixed?.price ?? 0) + (row?.price ?? 0));
        if (mixed || row) pricedArcs.push({ arc: pairArc[pair], base, mixed, row });
      }
      const exit = typed ? g.out : eventNode[e];
      const n = Math.min(g.pairs.length, eventCap[e], g.hi);
      if (g.ladder) for (let i = 1; i <= n; i++) net.addArc(g.node, exit, 1, D * (g.base + i - 1));
      if (g.priced) {
        // Bounded part: its first `lo` units are forced, at most `hi` pass.
        if (g.lo > n) return null;
        for (let i = 0; i < g.lo; i++) mustFlow.push(net.addArc(g.node, exit, 1, -forced));
        if (n > g.lo) net.addArc(g.node, exit, n - g.lo, 0);
      }
      if (!typed) continue;
      // Route to slot types: at most as many as the group has members able to take that type.
      typed.types.forEach((_, i) => {
        let able = 0;
        for (const pair of g.pairs) if (pairMask(model, pair) & (1 << i)) able++;
        const cap = Math.min(able, n, typed.typeCount[i]);
        if (cap > 0) net.addArc(g.out, typed.typeNode[i], cap, 0);
      });
      if (typed.anyNode !== -1) net.addArc(g.out, typed.anyNode, Math.min(n, typed.untyped), 0);
    }
    if (typed) {
      for (const pair of lockedAt[e]) {
        const node = lockNode.get(pair)!;
        mustFlow.push(net.addArc(source, node, 1, -forced));
        const mask = pairMask(model, pair);
        typed.types.forEach((_, i) => {
          if (mask & (1 << i)) net.addArc(node, typed.typeNode[i], 1, 0);
        });
        if (typed.anyNode !== -1) net.addArc(node, typed.anyNode, 1, 0);
      }
      typed.types.forEach((type, i) => {
        // "An interpreting slot is filled": one unit through the interpreting type is forced.
        if (type === "interpreting" && state.interpreted?.has(e)) {
          mustFlow.push(net.addArc(typed.typeNode[i], eventNode[e], 1, -forced));
          if (typed.typeCount[i] > 1) net.addArc(typed.typeNode[i], eventNode[e], typed.typeCount[i] - 1, 0);
        } else {
          const arc = net.addArc(typed.typeNode[i], eventNode[e], typed.typeCount[i], 0);
          if (type === "interpreting" && rowOf[e]) {
            rowOf[e]!.slotArc = arc;
            net.cost.data[arc] = -rowOf[e]!.k * rowOf[e]!.price;
            net.cost.data[arc ^ 1] = rowOf[e]!.k * rowOf[e]!.price;
          }
        }
      });
      if (typed.anyNode !== -1) net.addArc(typed.anyNode, eventNode[e], typed.untyped, 0);
    }
    if (eventCap[e] > 0) net.addArc(source, eventNode[e], eventCap[e], U);
  }

  const demands: { node: number; amount: number }[] = [];
  for (let e = 0; e < E; e++) {
    const amount = eventCap[e] + (typedOf[e] ? lockedAt[e].length : 0);
    if (eventNode[e] !== -1 && amount > 0) demands.push({ node: eventNode[e], amount });
  }
  const flow = new MinCostFlow(net, source);
  let solved = false;
  const lockedSet = new Set(locked);
  const solve = (next: Map<string, number>): Relaxation | null => {
    const before = flow.augmentations;
    if (!solved) {
      solved = true;
      if (!flow.solve(demands)) return null;
    } else {
      // Only prices change between solves: reprice the arcs that carry them (setCost skips an
      // arc whose cost comes out the same), re-optimise.
      for (const group of mixedGroups) group.price = next.get(group.key) ?? group.price;
      for (const row of interpreterRows) row.price = next.get(row.key) ?? row.price;
      for (const { arc, base, mixed, row } of pricedArcs) flow.setCost(arc, base + (mixed?.price ?? 0) + (row?.price ?? 0));
      for (const row of interpreterRows) flow.setCost(row.slotArc, -row.k * row.price);
      if (!flow.reoptimize()) return null;
    }
    // A forced unit left out: the locked people cannot all be seated together, a part bound or
    // a required interpreting slot cannot be met.
    for (const a of mustFlow) if (net.flow(a) === 0) return null;
    const chosen = [...locked];
    const res = net.residual.data;
    for (let pair = 0; pair < pairs.count; pair++) if (pairArc[pair] !== -1 && res[pairArc[pair] ^ 1] > 0) chosen.push(pair);
    return summarise(chosen, flow.augmentations - before);
  };

  /**
   * The bound: the flow's true cost, with each mixed group's diversity replaced by its priced
   * value μ·n + min_m [diversity(m) − μ·m].
   */
  const summarise = (chosen: number[], augmentations: number): Relaxation => {
    const terms = evaluate(model, chosen);
    let bound = totalOf(terms);
    const mixed: MixedGroup[] = [];
    const headCount = new Map<Mixed, Map<number, number>>();
    // Indexed loops and forEach here and below: this runs at every dual step, mostly in code the
    // JIT has not optimised yet, where for…of allocates an iterator result per element.
    for (let i = 0; i < chosen.length; i++) {
      const pair = chosen[i];
      const group = mixedOf.get(pair);
      if (!group || lockedSet.has(pair)) continue;
      let counts = headCount.get(group);
      if (!counts) headCount.set(group, (counts = new Map()));
      const mask = pairMask(model, pair);
      counts.set(mask, (counts.get(mask) ?? 0) + 1);
    }
    for (const group of mixedGroups) {
      const counts = headCount.get(group) ?? new Map<number, number>();
      let n = 0;
      counts.forEach((k) => (n += k));
      let lo = 0;
      let hi = 0;
      const parts: MixedGroup["parts"] = [];
      group.parts.forEach((part, mask) => {
        lo += part.lo;
        hi += Math.min(part.hi, part.pairs.length);
        parts.push({ mask, count: counts.get(mask) ?? 0, min: part.lo, max: part.hi });
      });
      hi = Math.min(hi, eventCap[group.e]);
      const base = baseOf(group.e, group.c);
      const diversity = (m: number) => D * (m * base + (m * (m - 1)) / 2);
      // diversity(m) − μm is convex in m: its minimum is where the marginal D·(base + m − 1) passes μ.
      let m = lo;
      while (m < hi && D * (base + m) < group.price) m++;
      const gap = diversity(n) - diversity(m) - group.price * (n - m);
      bound -= gap;
      mixed.push({
        key: group.key,
        event: group.e,
        country: group.c,
        price: group.price,
        floor: D * (base + lo - 1),
        ceil: D * (base + hi),
        n,
        m,
        gap,
        parts,
      });
    }
    // Interpreter rows: bound += λ · (people needing interpreting − K · interpreting slots filled).
    const needy = new Int32Array(E);
    for (let i = 0; i < chosen.length; i++) if (pairs.needsInterpreter[chosen[i]]) needy[pairs.event[chosen[i]]]++;
    const interpreter = interpreterRows.map((row) => {
      const excess = needy[row.e] - row.k * net.flow(row.slotArc);
      bound += row.price * excess;
      return { key: row.key, event: row.e, price: row.price, excess };
    });
    return { chosen, terms, locked, bound, mixed, interpreter, nodes: net.nodeCount, arcs: net.arcCount, augmentations };
  };

  /**
   * Reduced-cost fixing: takes out every pair whose arc carries no flow and whose reduced cost
   * (at the last solve's optimal potentials) is at least `limit`; returns them. Sending a unit
   * through such an arc raises the relaxation's value by at least its reduced cost, so with
   * `limit` = incumbent − bound (less the proof margin) no matching with the pair beats the
   * incumbent: the node and everything below it can do without.
   */
  const dropAbove = (limit: number): number[] => {
    const dropped: number[] = [];
    const to = net.to.data;
    const cost = net.cost.data;
    const res = net.residual.data;
    for (let pair = 0; pair < pairs.count; pair++) {
      const a = pairArc[pair];
      if (a === -1 || res[a] === 0) continue;
      if (cost[a] + flow.pi[to[a ^ 1]] - flow.pi[to[a]] >= limit) {
        res[a] = 0;
        dropped.push(pair);
      }
    }
    return dropped;
  };
  return { solve, dropAbove };
}
