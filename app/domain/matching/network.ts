/**
 * The flow relaxation of one branch-and-bound node.
 *
 *   source ─(load, parallel unit arcs with rising marginal cost)→ participant
 *          → participant-month (cap = what is left of the monthly cap)
 *          → participant-day (cap 1: one event per day)
 *          ─(pair: travel + recency − continuity)→ (event, country of origin)
 *          ─(diversity, parallel unit arcs with rising marginal cost)→ event (demand = its slots)
 *   source ─(unfilled: cost unfilledPenalty)→ event
 *
 * Every slot is filled, by a participant or by the "unfilled" arc, so the flow amount is fixed
 * and each event can be filled on its own by a short backward search (flow.ts).
 * Exact for every term and hard constraint except which slot each person takes: the event
 * node only counts people, so typed slots (and the interpreter rule) are checked afterwards
 * and enforced by branching (solve.ts). Locks are applied before building: a locked pair is
 * taken as given (its day, month quota, slot and load are used up), which keeps every cost
 * true without big-M terms. A per-event minimum head count (used by one kind of branch) just
 * shrinks that event's "unfilled" arc.
 *
 * Month or day nodes that cannot bind (cap not smaller than the days on offer, a single event
 * that day) and (event, country) nodes with one candidate are left out; that changes the size
 * of the network, not its optima.
 */
import type { MatchModel } from "./build";
import { FlowNetwork, minCostFlowToDemands } from "./flow";

export type BranchState = {
  /** Pairs this node forbids. */
  excluded: Set<number>;
  /** Pairs this node requires (the coordinator's locks plus branching decisions). */
  locked: number[];
  /** Event index → at least this many people there. */
  eventMin: Map<number, number>;
  /** Event index → at most this many people there (the other slots stay empty). */
  eventMax?: Map<number, number>;
};

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
      if (state.excluded.has(pair)) continue;
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
  type Group = { country: number; pairs: number[]; node: number; base: number };
  const groupsOfEvent: Group[][] = [];
  for (let e = 0; e < E; e++) {
    const byCountry = new Map<number, number[]>();
    for (const pair of candidatesOfEvent[e]) {
      const c = model.participantCountry[pairs.participant[pair]];
      const list = byCountry.get(c);
      if (list) list.push(pair);
      else byCountry.set(c, [pair]);
    }
    const groups: Group[] = [];
    for (const [c, list] of byCountry) {
      const base = c < 0 ? 0 : (model.diversityBase[e].get(c) ?? 0) + (extraCountry.get(e * nc + c) ?? 0);
      const needsNode = c >= 0 && D > 0 && list.length > 1 && eventCap[e] > 1;
      groups.push({ country: c, pairs: list, node: needsNode ? net.addNode() : -1, base });
    }
    groupsOfEvent.push(groups);
  }
  const eventNode = new Int32Array(E).fill(-1);
  for (let e = 0; e < E; e++) if (candidatesOfEvent[e].length > 0) eventNode[e] = net.addNode();
  for (let e = 0; e < E; e++) if (eventNode[e] === -1 && eventMin[e] > 0) return null;

  const pairArc = new Int32Array(pairs.count).fill(-1);
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
    for (const g of groupsOfEvent[e]) {
      // Without a group node, the only candidate of that country pays the marginal diversity directly.
      const direct = g.country >= 0 ? D * g.base : 0;
      for (const pair of g.pairs) {
        const head = g.node === -1 ? eventNode[e] : g.node;
        pairArc[pair] = net.addArc(tailOfPair[pair], head, 1, pairs.cost[pair] + (g.node === -1 ? direct : 0));
      }
      if (g.node !== -1) {
        const n = Math.min(g.pairs.length, eventCap[e]);
        for (let i = 1; i <= n; i++) net.addArc(g.node, eventNode[e], 1, D * (g.base + i - 1));
      }
    }
    if (eventCap[e] - eventMin[e] > 0) net.addArc(source, eventNode[e], eventCap[e] - eventMin[e], U);
  }

  const demands: { node: number; amount: number }[] = [];
  for (let e = 0; e < E; e++) if (eventNode[e] !== -1 && eventCap[e] > 0) demands.push({ node: eventNode[e], amount: eventCap[e] });
  const outcome = minCostFlowToDemands(net, source, demands);
  if (!outcome) return null;
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
