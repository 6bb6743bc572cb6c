/**
 * Min-cost flow by successive shortest paths with node potentials (Dijkstra on reduced costs,
 * binary heap, typed arrays), and re-optimisation after cost changes. Arc costs may be negative;
 * nodes must be numbered so that every arc goes from a lower to a higher node index (a DAG in
 * topological order), which gives exact initial potentials in one pass.
 */
import { GrowableFloat64, GrowableInt32 } from "./growable";

/** A residual network: arc a and its reverse a ^ 1 are stored side by side. */
export class FlowNetwork {
  nodeCount = 0;
  readonly to: GrowableInt32;
  readonly residual: GrowableInt32;
  readonly cost: GrowableFloat64;

  /** `arcHint`: expected number of arcs, to size the arrays once. */
  constructor(arcHint = 2048) {
    this.to = new GrowableInt32(2 * arcHint);
    this.residual = new GrowableInt32(2 * arcHint);
    this.cost = new GrowableFloat64(2 * arcHint);
  }

  /** Adds a node and returns its index. */
  addNode(): number {
    return this.nodeCount++;
  }

  /** Adds an arc with capacity and unit cost; returns its index (its flow is residual[index ^ 1]). */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (from >= to) throw new Error("matching: flow arcs must go from a lower to a higher node");
    const a = this.to.push(to);
    this.residual.push(capacity);
    this.cost.push(cost);
    this.to.push(from);
    this.residual.push(0);
    this.cost.push(-cost);
    return a;
  }

  get arcCount(): number {
    return this.to.length >> 1;
  }

  /** Flow on a forward arc. */
  flow(arc: number): number {
    return this.residual.data[arc ^ 1];
  }
}

type FlowOutcome = { cost: number; flow: number; augmentations: number; potentials: Float64Array };

/** `reoptimize` solves from scratch when more units would move than the flow carries × COLD_SHARE. */
const COLD_SHARE = 1;

/** A binary min-heap of (key, node) with lazy deletion (stale entries are skipped by the caller). */
class Heap {
  key = new Float64Array(1024);
  node = new Int32Array(1024);
  size = 0;
  push(key: number, node: number): void {
    if (this.size === this.key.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.key);
      this.key = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.node);
      this.node = v;
    }
    const heapKey = this.key;
    const heapNode = this.node;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapKey[p] <= key) break;
      heapKey[i] = heapKey[p];
      heapNode[i] = heapNode[p];
      i = p;
    }
    heapKey[i] = key;
    heapNode[i] = node;
  }
  /** Removes the top (read it from key[0], node[0] first). */
  pop(): void {
    const heapKey = this.key;
    const heapNode = this.node;
    const size = --this.size;
    if (size === 0) return;
    const lk = heapKey[size];
    const ln = heapNode[size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heapKey[c + 1] < heapKey[c]) c++;
      if (heapKey[c] >= lk) break;
      heapKey[i] = heapKey[c];
      heapNode[i] = heapNode[c];
      i = c;
    }
    heapKey[i] = lk;
    heapNode[i] = ln;
  }
}

/**
 * Min-cost flow with fixed demands on a `FlowNetwork`: `source` supplies every unit, each demand
 * node takes exactly its amount (callers add a priced fallback arc so demands can always be met).
 *
 * `solve` sends one unit at a time along a shortest path found by a *backward* Dijkstra from the
 * demand node, stopping as soon as the source is settled: the search stays near the event being
 * filled, which keeps it fast (the Hungarian method's row-by-row idea). Potentials keep reduced
 * costs ≥ 0, so each path is a true shortest path and the final flow is optimal (successive
 * shortest paths for supplies/demands).
 *
 * `setCost` + `reoptimize` re-solve after arc costs change, from the optimum at hand: every
 * residual arc whose reduced cost turned negative is saturated (that keeps all reduced costs
 * ≥ 0 but leaves some nodes with surplus units and others short), then each surplus unit goes
 * along a shortest path (forward Dijkstra) to the nearest node that is short. The result is
 * optimal for the new costs, usually after a few short searches instead of a full solve (when
 * much of the flow has to move, it solves from scratch instead).
 */
export class MinCostFlow {
  private readonly start: Int32Array;
  /** Per node (CSR by `start`): the arcs entering it, both directions, and their reverses, which leave it. */
  private readonly into: Int32Array;
  private readonly leaving: Int32Array;
  /** The tail of every arc (the head of its reverse). */
  private readonly tail: Int32Array;
  /** Potentials: the reduced cost of arc u→v, cost + pi[u] − pi[v], is ≥ 0 on every residual arc. */
  readonly pi: Float64Array;
  private readonly dist: Float64Array;
  private readonly seenRound: Int32Array;
  private readonly doneRound: Int32Array;
  private readonly via: Int32Array;
  private readonly settled: Int32Array;
  private readonly heap = new Heap();
  private round = 0;
  private readonly changed: number[] = [];
  /** Units left over (+) or short (−) per node during `reoptimize` (all 0 between calls). */
  private readonly excess: Int32Array;
  private readonly touchedRound: Int32Array;
  private demands: { node: number; amount: number }[] | null = null;
  private demandTotal = 0;
  /** Paths augmented so far, all solves together. */
  augmentations = 0;

  constructor(
    private readonly net: FlowNetwork,
    private readonly source: number,
  ) {
    const n = net.nodeCount;
    const m2 = net.to.length;
    const to = net.to.data;
    // Arcs entering each node (both directions), CSR. Backward searches walk them; forward
    // searches walk their reverses (b ^ 1 leaves the node that b enters).
    const start = new Int32Array(n + 1);
    for (let a = 0; a < m2; a++) start[to[a] + 1]++;
    for (let v = 0; v < n; v++) start[v + 1] += start[v];
    const into = new Int32Array(m2);
    const fill = start.slice(0, n);
    for (let a = 0; a < m2; a++) into[fill[to[a]]++] = a;
    this.start = start;
    this.into = into;
    this.leaving = new Int32Array(m2);
    for (let i = 0; i < m2; i++) this.leaving[i] = into[i] ^ 1;
    this.tail = new Int32Array(m2);
    for (let a = 0; a < m2; a++) this.tail[a] = to[a ^ 1];
    this.pi = new Float64Array(n);
    this.dist = new Float64Array(n);
    this.seenRound = new Int32Array(n);
    this.doneRound = new Int32Array(n);
    this.via = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.touchedRound = new Int32Array(n);
    this.excess = new Int32Array(n);
  }

  /** Cold solve; null when some demand cannot be met. */
  solve(demands: { node: number; amount: number }[]): FlowOutcome | null {
    this.demands = demands;
    this.demandTotal = demands.reduce((sum, d) => sum + d.amount, 0);
    const { net, source, pi } = this;
    const n = net.nodeCount;
    const m2 = net.to.length;
    const to = net.to.data;
    const res = net.residual.data;
    const cost = net.cost.data;

    // Initial potentials: shortest distances from the source on the DAG (forward arcs, node order).
    pi.fill(Infinity);
    pi[source] = 0;
    {
      const fs = new Int32Array(n + 1);
      for (let a = 0; a < m2; a += 2) fs[to[a ^ 1] + 1]++;
      for (let v = 0; v < n; v++) fs[v + 1] += fs[v];
      const out = new Int32Array(m2 >> 1);
      const ff = fs.slice(0, n);
      for (let a = 0; a < m2; a += 2) out[ff[to[a ^ 1]]++] = a;
      for (let u = 0; u < n; u++) {
        const pu = pi[u];
        if (pu === Infinity) continue;
        for (let i = fs[u]; i < fs[u + 1]; i++) {
          const a = out[i];
          if (res[a] <= 0) continue;
          const d = pu + cost[a];
          if (d < pi[to[a]]) pi[to[a]] = d;
        }
      }
      // Nodes the source cannot reach are never on a path, but reduced costs must stay ≥ 0 on
      // their arcs too (re-optimisation walks them): reverse topological order settles heads first.
      for (let u = n - 1; u >= 0; u--) {
        if (pi[u] !== Infinity) continue;
        let p = 0;
        for (let i = fs[u]; i < fs[u + 1]; i++) {
          const a = out[i];
          if (res[a] > 0) p = Math.max(p, pi[to[a]] - cost[a]);
        }
        pi[u] = p;
      }
    }

    let total = 0;
    let flow = 0;
    for (const demand of demands) {
      for (let unit = 0; unit < demand.amount; unit++) {
        if (this.search(demand.node, false) === -1) return null;
        for (let v = source; v !== demand.node;) {
          const a = this.via[v];
          total += cost[a];
          res[a] -= 1;
          res[a ^ 1] += 1;
          v = to[a];
        }
        flow++;
        this.augmentations++;
      }
    }
    return { cost: total, flow, augmentations: this.augmentations, potentials: pi };
  }

  /**
   * Dijkstra on reduced costs from `from` over residual arcs — leaving each node (`forward`) or
   * entering it (backward) — until a goal is settled (forward: a node short of units; backward:
   * the source); returns it, or −1. Then
   * settled nodes' potentials move by their distance minus the goal's (reduced costs stay ≥ 0
   * and the path's become 0), and `via[v]` is the arc that put v on the path: entering v
   * forward, leaving v backward.
   */
  private search(from: number, forward: boolean): number {
    const { net, start, into, leaving, tail, excess, pi, dist, seenRound, doneRound, settled, heap, via, source } = this;
    const res = net.residual.data;
    const cost = net.cost.data;
    const to = net.to.data;
    // Forward: the arcs leaving v and their heads; backward: the arcs entering v and their tails.
    // Both directions run the same loop (one type profile for the JIT): the goal is a node short
    // of units, and backward that is the source, marked short for the search.
    const arcs = forward ? leaving : into;
    const ends = forward ? to : tail;
    const sign = forward ? 1 : -1;
    if (!forward) excess[source] = -1;
    const round = ++this.round;
    heap.size = 0;
    dist[from] = 0;
    seenRound[from] = round;
    heap.push(0, from);
    let settledCount = 0;
    let goal = -1;
    while (heap.size > 0) {
      const key = heap.key[0];
      const v = heap.node[0];
      heap.pop();
      if (doneRound[v] === round || key > dist[v]) continue;
      doneRound[v] = round;
      settled[settledCount++] = v;
      if (excess[v] < 0) {
        goal = v;
        break;
      }
      const pv = pi[v];
      for (let i = start[v]; i < start[v + 1]; i++) {
        const a = arcs[i];
        if (res[a] <= 0) continue;
        const w = ends[a];
        if (doneRound[w] === round) continue;
        let rc = cost[a] + sign * (pv - pi[w]);
        if (rc < 0) rc = 0; // rounding noise only
        const d = key + rc;
        if (seenRound[w] !== round || d < dist[w]) {
          dist[w] = d;
          seenRound[w] = round;
          via[w] = a;
          heap.push(d, w);
        }
      }
    }
    if (!forward) excess[source] = 0;
    if (goal === -1) return -1;
    const dg = dist[goal];
    for (let i = 0; i < settledCount; i++) {
      const v = settled[i];
      pi[v] += sign * (dist[v] - dg);
    }
    return goal;
  }

  /** Changes a forward arc's unit cost; call `reoptimize` once after a batch of changes. */
  setCost(arc: number, cost: number): void {
    const c = this.net.cost.data;
    if (c[arc] === cost) return;
    c[arc] = cost;
    c[arc ^ 1] = -cost;
    this.changed.push(arc);
  }

  /** Restores optimality after `setCost` changes (see the class comment); false if it cannot. */
  reoptimize(): boolean {
    const { net, pi } = this;
    const to = net.to.data;
    const res = net.residual.data;
    const cost = net.cost.data;
    // Saturate every residual arc whose reduced cost went negative; note who is left over or short.
    const excess = this.excess;
    const touched: number[] = [];
    const add = (v: number, k: number) => {
      if (this.touchedRound[v] !== this.round + 1) {
        this.touchedRound[v] = this.round + 1;
        touched.push(v);
      }
      excess[v] += k;
    };
    for (const a of this.changed) {
      const u = to[a ^ 1];
      const v = to[a];
      const rc = cost[a] + pi[u] - pi[v];
      if (rc < -1e-9 && res[a] > 0) {
        const k = res[a];
        res[a] = 0;
        res[a ^ 1] += k;
        add(v, k);
        add(u, -k);
      } else if (rc > 1e-9 && res[a ^ 1] > 0) {
        const k = res[a ^ 1];
        res[a ^ 1] = 0;
        res[a] += k;
        add(u, k);
        add(v, -k);
      }
    }
    this.changed.length = 0;
    // When the changes moved much of the flow, solving again from scratch is faster than
    // re-routing every unit one search at a time.
    this.round++; // a fresh stamp for the next call's `touched`
    let surplus = 0;
    for (const v of touched) if (excess[v] > 0) surplus += excess[v];
    if (surplus > 0 && this.demands && surplus > COLD_SHARE * this.demandTotal) {
      for (const v of touched) excess[v] = 0;
      for (let a = 0; a < net.to.length; a += 2) {
        res[a] += res[a ^ 1];
        res[a ^ 1] = 0;
      }
      return this.solve(this.demands) !== null;
    }
    for (const s of touched) {
      while (excess[s] > 0) {
        const target = this.search(s, true);
        if (target === -1) {
          for (const v of touched) excess[v] = 0;
          return false;
        }
        for (let v = target; v !== s;) {
          const a = this.via[v];
          res[a] -= 1;
          res[a ^ 1] += 1;
          v = to[a ^ 1];
        }
        excess[s]--;
        excess[target]++;
        this.augmentations++;
      }
    }
    return true;
  }
}
