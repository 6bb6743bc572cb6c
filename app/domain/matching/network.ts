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
 * more, and the bound adds min_m [diversity(m) − μ·m] (`Relaxation.mixed`, relaxation.ts;
 * branchAndBound.ts moves μ by dual steps, and branching.ts splits on part counts, `partCount`,
 * which bound both the flow and m).
 *
 * Locked people are taken as given (day, month quota, load used up; they count in the diversity
 * base); at a typed event they still need a seat, so they enter as forced units through their
 * own node to the types they fit. The interpreter rule (someone who needs interpreting comes
 * only when an interpreting slot is filled) is not a network constraint either: it is priced
 * too (λ on the arcs of people who need interpreting, −K·λ on the interpreting slots' arc;
 * `InterpreterRow`), and branching.ts branches on it ("nobody who needs interpreting here" / "an
 * interpreting slot here is filled", `interpreted`; the second forces a unit through the
 * interpreting type node).
 *
 * Month or day nodes that cannot bind (cap not smaller than the days on offer, a single event
 * that day) and groups with one candidate are left out; that changes the size of the network,
 * not its optima.
 *
 * Built in steps, in node-number order (arcs go to higher numbers): the free candidates
 * (candidates.ts), the people's nodes, the candidates' groups (groups.ts), exits, lock and type
 * nodes, event nodes, then the arcs. relaxation.ts solves it.
 */
import type { BranchState } from "./branching";
import { nodeCandidates } from "./candidates";
import { FlowNetwork } from "./flow";
import { groupCandidates, type Mixed } from "./groups";
import type { MatchModel } from "./model";
import { pairMask } from "./profiles";

/** An interpreter row as the network holds it (see `InterpreterRow`): K, its price λ and the arc of the interpreting slots. */
export type NetworkRow = { key: string; e: number; k: number; price: number; slotArc: number };
/** A pair arc whose cost carries a price: base cost + μ of its mixed group + λ of its interpreter row. */
export type PricedArc = { arc: number; base: number; mixed?: Mixed; row?: NetworkRow };

/** A node's network and what solving and pricing it needs. */
export type NodeNetwork = {
  net: FlowNetwork;
  source: number;
  demands: { node: number; amount: number }[];
  /** Each candidate pair's arc (−1: not in the network). */
  pairArc: Int32Array;
  /** Arcs of forced units: a flow that leaves one empty breaks the node's constraints. */
  mustFlow: number[];
  pricedArcs: PricedArc[];
  mixedGroups: Mixed[];
  /** Pair → its mixed group. */
  mixedOf: Map<number, Mixed>;
  interpreterRows: NetworkRow[];
  locked: number[];
  eventCap: Int32Array;
  baseOf: (e: number, c: number) => number;
};

/** Price key of the interpreter row of event e. */
function interpreterKey(e: number): string {
  return `i${e}`;
}

/** Builds the flow network of a node; null when the node's constraints cannot all hold. */
export function buildNetwork(model: MatchModel, state: BranchState): NodeNetwork | null {
  const { pairs, policy, events } = model;
  const E = events.length;
  const D = policy.diversityPenalty;
  const U = policy.unfilledPenalty;
  const prices = state.prices ?? new Map<string, number>();
  const candidates = nodeCandidates(model, state);
  if (!candidates) return null;
  const { locked, extraLoad, eventCap, baseOf, people, candidatesOfEvent, candidateCount } = candidates;

  // Number the nodes in topological order: source, people, months, days, groups, exits, locks, types, events.
  const net = new FlowNetwork(candidateCount + 4 * people.length + 6 * E + 16);
  const source = net.addNode();
  for (const person of people) person.node = net.addNode();
  for (const person of people) for (const month of person.months) if (month.left < month.days.size) month.node = net.addNode();
  for (const person of people) for (const month of person.months) for (const [day, list] of month.days) if (list.length > 1) person.dayNodes.set(day, net.addNode());

  const { groupsOfEvent, typedOf, mixedGroups, mixedOf } = groupCandidates(model, state, net, candidates, prices);
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
  const rowOf: (NetworkRow | undefined)[] = events.map(() => undefined);
  const interpreterRows: NetworkRow[] = [];
  for (let e = 0; e < E; e++) {
    const typed = typedOf[e];
    if (!typed?.types.includes("interpreting") || state.interpreted?.has(e) || eventNode[e] === -1) continue;
    if (!candidatesOfEvent[e].some((pair) => pairs.needsInterpreter[pair])) continue;
    const key = interpreterKey(e);
    const row: NetworkRow = { key, e, k: events[e].slots.length - 1, price: prices.get(key) ?? 0, slotArc: -1 };
    rowOf[e] = row;
    interpreterRows.push(row);
  }
  const pricedArcs: PricedArc[] = [];

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
  return { net, source, demands, pairArc, mustFlow, pricedArcs, mixedGroups, mixedOf, interpreterRows, locked, eventCap, baseOf };
}
