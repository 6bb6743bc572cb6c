/**
 * Typed slots by Lagrangian pricing, with an optimality certificate.
 *
 * The flow relaxation may send to an event more people than its typed slots allow (a Hall
 * violation: a group G of the chosen can only use `cap` of the slots). The valid inequality
 * "at most cap of G at this event" is not a network constraint (it crosses the country
 * aggregation), so we price it: every arc of G into the event costs λ more. We raise λ by
 * exactly the cost Δ of the cheapest residual cycle that takes one G-member out of the event
 * (found by Dijkstra on reduced costs with G's arcs blocked) and push that cycle. The flow
 * stays optimal for the priced network (no cycle got negative), so
 *
 *   L(λ) = cost(x) + Σ λ·(count_G(x) − cap)  is a lower bound on the true optimum,
 *
 * and when x can be seated and every priced group is exactly at its cap (complementary
 * slackness), L(λ) = cost(x): x is optimal. Potentials are repaired by label correcting after
 * each step and checked at the end, so the certificate never rests on floating-point luck.
 * When no certificate comes out (a priced group fell below its cap later, say), the caller
 * branches; the bound is still valid.
 */
import { slotMember, type MatchModel } from "./build";
import type { Relaxation } from "./network";
import { findHallViolation, profileMask } from "./slots";

export type Pricing = {
  chosen: number[];
  /** x is optimal for the node: seatable for Hall, every priced group at its cap, potentials valid. */
  certified: boolean;
  /** Σ λ·(count − cap) at the end (≤ 0 when feasible); add to cost(x) for the Lagrangian bound. */
  penalty: number;
  /** Potentials stayed valid, so the bound is L(λ); otherwise only the unpriced relaxation bounds. */
  boundValid: boolean;
  /** The locked people alone exceed a group's cap: the node has no feasible point. */
  infeasible: boolean;
  steps: number;
  /** Why pricing stopped early ("" when it ran out of violations or steps): for diagnostics. */
  stop: string;
};

const EPS = 1e-9;

/** Prices typed-slot violations away where it can; see the file comment. */
export function priceTypedSlots(model: MatchModel, relax: Relaxation, maxSteps?: number): Pricing {
  const { net, pairArc } = relax;
  const pi = relax.potentials;
  const { pairs, events } = model;
  const n = net.nodeCount;
  const to = net.to.data;
  const res = net.residual.data;
  const cost = net.cost.data;
  const m2 = net.to.length;

  const locked = new Set(relax.locked);
  const members: Set<number>[] = events.map(() => new Set());
  for (const pair of relax.chosen) members[pairs.event[pair]].add(pair);
  const byEvent = (e: number) => [...members[e]].sort((a, b) => a - b);

  // Which events can violate: those with a typed slot and more than one person.
  const candidates: number[] = [];
  for (let e = 0; e < events.length; e++) if (events[e].slots.some((s) => s.offer !== null)) candidates.push(e);
  const violation = (e: number) => {
    const list = byEvent(e);
    if (list.length < 2) return null;
    const hall = findHallViolation(events[e].slots, list.map((p) => slotMember(model, p)));
    return hall ? { hall, list } : null;
  };

  let out: { start: Int32Array; arcs: Int32Array } | null = null;
  const outArcs = () => {
    if (out) return out;
    const start = new Int32Array(n + 1);
    for (let a = 0; a < m2; a++) start[to[a ^ 1] + 1]++;
    for (let v = 0; v < n; v++) start[v + 1] += start[v];
    const arcs = new Int32Array(m2);
    const fill = start.slice(0, n);
    for (let a = 0; a < m2; a++) arcs[fill[to[a ^ 1]]++] = a;
    out = { start, arcs };
    return out;
  };
  const arcPair = new Int32Array(m2 >> 1).fill(-1);
  for (let pair = 0; pair < pairs.count; pair++) if (pairArc[pair] !== -1) arcPair[pairArc[pair] >> 1] = pair;

  type Priced = { e: number; pairsInGroup: number[]; cap: number; lambda: number };
  const priced = new Map<string, Priced>();
  const blocked = new Uint8Array(m2);
  const tie = new Uint8Array(m2);
  const worse = new Int32Array(n); // lexicographic second key: re-violations on the way
  const dist = new Float64Array(n);
  const seen = new Int32Array(n);
  const done = new Int32Array(n);
  const parent = new Int32Array(n);
  let round = 0;
  let boundValid = true;
  let steps = 0;
  let stop = "";

  /** Label-correcting repair of potentials from the given nodes; false on a negative cycle. */
  const repairPotentials = (seeds: number[]): boolean => {
    const { start, arcs } = outArcs();
    const queue: number[] = [...new Set(seeds)];
    const inQueue = new Uint8Array(n);
    for (const v of queue) inQueue[v] = 1;
    let work = 0;
    const limit = 20 * m2 + 1000;
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi];
      inQueue[u] = 0;
      for (let i = start[u]; i < start[u + 1]; i++) {
        const a = arcs[i];
        if (res[a] <= 0) continue;
        const v = to[a];
        const d = pi[u] + cost[a];
        if (d < pi[v] - EPS) {
          pi[v] = d;
          if (!inQueue[v]) {
            inQueue[v] = 1;
            queue.push(v);
          }
        }
        if (++work > limit) return false;
      }
      if (qi > 4096 && qi * 2 > queue.length) {
        queue.splice(0, qi + 1);
        qi = -1;
      }
    }
    return true;
  };

  // Events to (re)check; a step only changes the events its cycle passes through.
  const dirty = new Set(candidates);
  // Equal prices can make two groups trade a member back and forth; a step budget ends that.
  const stepLimit = maxSteps ?? 50 + 8 * candidates.length;
  const typedEvent = new Uint8Array(events.length);
  for (const e of candidates) typedEvent[e] = 1;
  let pairsAt: number[][] | null = null;
  while (steps < stepLimit) {
    let found: { e: number; hall: NonNullable<ReturnType<typeof violation>>["hall"]; list: number[] } | null = null;
    for (const e of dirty) {
      const v = violation(e);
      if (v) {
        found = { e, ...v };
        break;
      }
      dirty.delete(e);
    }
    if (!found) break;
    const { e, hall, list } = found;
    const key = `${e}:${hall.mask}`;
    let group = priced.get(key);
    if (!group) {
      // Every candidate pair at e (in the network) whose profile fits inside the mask; locked ones are fixed.
      const inGroup: number[] = [];
      let lockedIn = 0;
      for (const pair of list) if (locked.has(pair) && (profileMask(hall.types, slotMember(model, pair)) & ~hall.mask) === 0) lockedIn++;
      if (!pairsAt) {
        pairsAt = events.map(() => []);
        for (let pair = 0; pair < pairs.count; pair++) if (pairArc[pair] !== -1) pairsAt[pairs.event[pair]].push(pair);
      }
      for (const pair of pairsAt[e]) {
        if ((profileMask(hall.types, slotMember(model, pair)) & ~hall.mask) === 0) inGroup.push(pair);
      }
      group = { e, pairsInGroup: inGroup, cap: hall.cap - lockedIn, lambda: 0 };
      priced.set(key, group);
      if (group.cap < 0) return { chosen: [], certified: false, penalty: 0, boundValid: false, infeasible: true, steps, stop: "locked_over_cap" };
    }

    // Cheapest residual cycle through the event node that removes one member of the group,
    // without pushing another priced group over its cap (which would only undo earlier steps).
    const touched: number[] = [];
    const block = (a: number) => {
      blocked[a] = 1;
      touched.push(a);
    };
    for (const pair of group.pairsInGroup) {
      block(pairArc[pair]);
      block(pairArc[pair] ^ 1);
    }
    // Arcs into priced groups already at their cap are not blocked (that could leave a cheaper
    // cycle out and break optimality) but lose ties: among equally cheap cycles, one that
    // re-violates another group comes last, so equal-price groups do not undo each other.
    const tieTouched: number[] = [];
    for (const other of priced.values()) {
      if (other === group) continue;
      let count = 0;
      for (const pair of other.pairsInGroup) if (members[other.e].has(pair)) count++;
      if (count >= other.cap)
        for (const pair of other.pairsInGroup) {
          tie[pairArc[pair]] = 1;
          tieTouched.push(pairArc[pair]);
        }
    }
    const cycle = cheapestRemoval(group.pairsInGroup);
    for (const a of touched) blocked[a] = 0;
    for (const a of tieTouched) tie[a] = 0;
    if (!cycle) {
      boundValid = false;
      stop = "no_cycle";
      break;
    }
    // Raise the price by Δ, push the (now zero-cost) cycle, repair potentials.
    const seeds: number[] = [];
    group.lambda += cycle.delta;
    for (const pair of group.pairsInGroup) {
      const a = pairArc[pair];
      cost[a] += cycle.delta;
      cost[a ^ 1] -= cycle.delta;
      seeds.push(to[a], to[a ^ 1]);
    }
    for (const a of cycle.arcs) {
      res[a] -= 1;
      res[a ^ 1] += 1;
      seeds.push(to[a], to[a ^ 1]);
      const pair = arcPair[a >> 1];
      if (pair !== -1) {
        const ev = pairs.event[pair];
        if ((a & 1) === 0) members[ev].add(pair);
        else members[ev].delete(pair);
        if (typedEvent[ev]) dirty.add(ev);
      }
    }
    steps++;
    if (!repairPotentials(seeds)) {
      boundValid = false;
      stop = "negative_cycle";
      break;
    }
  }

  const chosen: number[] = [];
  for (const set of members) for (const pair of set) chosen.push(pair);
  chosen.sort((a, b) => a - b);

  // Certificate: potentials valid everywhere, no violation left, every priced group at its cap.
  if (boundValid) {
    for (let a = 0; a < m2 && boundValid; a++) {
      if (res[a] > 0 && cost[a] + pi[to[a ^ 1]] - pi[to[a]] < -1e-7) {
        boundValid = false;
        stop = "potentials";
      }
    }
  }
  let penalty = 0;
  let slack = false;
  for (const g of priced.values()) {
    let count = 0;
    for (const pair of g.pairsInGroup) if (members[g.e].has(pair)) count++;
    penalty += g.lambda * (count - g.cap);
    if (g.lambda > EPS && count !== g.cap) slack = true;
  }
  const clean = !boundValid ? false : [...dirty].every((e) => violation(e) === null);
  return { chosen, certified: boundValid && clean && !slack, penalty, boundValid, infeasible: false, steps, stop };

  /** Dijkstra from the group's members' tails back to their entry node; null if no cycle exists. */
  function cheapestRemoval(groupPairs: number[]): { delta: number; arcs: number[] } | null {
    const { start, arcs } = outArcs();
    const startArcs = new Map<number, number[]>();
    let heapKey: number[] = [];
    let heapWorse: number[] = [];
    let heapNode: number[] = [];
    const TOL = 1e-9;
    const less = (k1: number, w1: number, k2: number, w2: number) => k1 < k2 - TOL || (k1 <= k2 + TOL && w1 < w2);
    const push = (k: number, w: number, v: number) => {
      heapKey.push(k);
      heapWorse.push(w);
      heapNode.push(v);
      let i = heapKey.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!less(k, w, heapKey[p], heapWorse[p])) break;
        heapKey[i] = heapKey[p];
        heapWorse[i] = heapWorse[p];
        heapNode[i] = heapNode[p];
        i = p;
      }
      heapKey[i] = k;
      heapWorse[i] = w;
      heapNode[i] = v;
    };
    const pop = () => {
      const k = heapKey[0];
      const w = heapWorse[0];
      const v = heapNode[0];
      const lk = heapKey.pop()!;
      const lw = heapWorse.pop()!;
      const lv = heapNode.pop()!;
      if (heapKey.length > 0) {
        let i = 0;
        const size = heapKey.length;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= size) break;
          if (c + 1 < size && less(heapKey[c + 1], heapWorse[c + 1], heapKey[c], heapWorse[c])) c++;
          if (!less(heapKey[c], heapWorse[c], lk, lw)) break;
          heapKey[i] = heapKey[c];
          heapWorse[i] = heapWorse[c];
          heapNode[i] = heapNode[c];
          i = c;
        }
        heapKey[i] = lk;
        heapWorse[i] = lw;
        heapNode[i] = lv;
      }
      return [k, w, v] as const;
    };
    const rc = (a: number) => Math.max(0, cost[a] + pi[to[a ^ 1]] - pi[to[a]]);
    const relaxStart = (node: number, d: number, via: number[]) => {
      if (seen[node] !== round || less(d, 0, dist[node], worse[node])) {
        seen[node] = round;
        dist[node] = d;
        worse[node] = 0;
        parent[node] = -1;
        startArcs.set(node, via);
        push(d, 0, node);
      }
    };
    // A cycle that takes one member out uses that member's pair arc backwards (head → tail)
    // and returns from the tail to the same head: the group's entry node, wherever the event's
    // subtree puts it (entry of a country ladder, a profile node, or the event itself). One
    // Dijkstra per distinct head, sources = tails of the members entering there.
    const byHead = new Map<number, number[]>();
    for (const pair of groupPairs) {
      const r = pairArc[pair] ^ 1;
      if (res[r] <= 0 || locked.has(pair)) continue;
      const list = byHead.get(to[pairArc[pair]]);
      if (list) list.push(r);
      else byHead.set(to[pairArc[pair]], [r]);
    }
    let overall: { delta: number; worse: number; arcs: number[] } | null = null;
    for (const [target, starts] of byHead) {
      round++;
      heapKey = [];
      heapWorse = [];
      heapNode = [];
      startArcs.clear();
      for (const r of starts) relaxStart(to[r], rc(r), [r]);
      let best: number = overall ? overall.delta : Infinity;
      let bestWorse: number = overall ? overall.worse : 0;
      let bestArc = -1;
      while (heapKey.length > 0) {
        const [k, w, u] = pop();
        if (!less(k, w, best, bestWorse)) break;
        if (done[u] === round || k > dist[u] + TOL) continue;
        done[u] = round;
        for (let i = start[u]; i < start[u + 1]; i++) {
          const a = arcs[i];
          if (res[a] <= 0 || blocked[a]) continue;
          const v = to[a];
          const d = k + rc(a);
          const dw = w + tie[a];
          if (v === target) {
            if (less(d, dw, best, bestWorse)) {
              best = d;
              bestWorse = dw;
              bestArc = a;
            }
            continue;
          }
          if (done[v] === round) continue;
          if (seen[v] !== round || less(d, dw, dist[v], worse[v])) {
            seen[v] = round;
            dist[v] = d;
            worse[v] = dw;
            parent[v] = a;
            push(d, dw, v);
          }
        }
      }
      if (bestArc === -1) continue;
      const path: number[] = [bestArc];
      let v = to[bestArc ^ 1];
      while (parent[v] !== -1) {
        path.push(parent[v]);
        v = to[parent[v] ^ 1];
      }
      path.push(...[...startArcs.get(v)!].reverse());
      path.reverse();
      overall = { delta: best, worse: bestWorse, arcs: path };
    }
    heapKey = [];
    heapWorse = [];
    heapNode = [];
    return overall ? { delta: overall.delta, arcs: overall.arcs } : null;
  }
}
