/**
 * Min-cost flow by successive shortest paths with node potentials (Dijkstra on reduced costs,
 * binary heap, typed arrays). Arc costs may be negative; nodes must be numbered so that every
 * arc goes from a lower to a higher node index (a DAG in topological order), which gives exact
 * initial potentials in one pass.
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

export type FlowOutcome = { cost: number; flow: number; augmentations: number; potentials: Float64Array };

/**
 * Min-cost flow with fixed demands: `source` supplies every unit, each demand node takes exactly
 * its amount (callers add a priced fallback arc so demands can always be met). One unit at a time,
 * along a shortest path found by a *backward* Dijkstra from the demand node, stopping as soon as
 * the source is settled: the search stays near the event being filled, which keeps it fast (the
 * Hungarian method's row-by-row idea). Potentials keep reduced costs ≥ 0, so each path is a true
 * shortest path and the final flow is optimal (successive shortest paths for supplies/demands).
 * Returns null when some demand cannot be met.
 */
export function minCostFlowToDemands(
  net: FlowNetwork,
  source: number,
  demands: { node: number; amount: number }[],
): FlowOutcome | null {
  const n = net.nodeCount;
  const m2 = net.to.length;
  const to = net.to.data;
  const res = net.residual.data;
  const cost = net.cost.data;

  // Arcs entering each node (both directions), CSR: the backward search walks them.
  const start = new Int32Array(n + 1);
  for (let a = 0; a < m2; a++) start[to[a] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const into = new Int32Array(m2);
  const fill = start.slice(0, n);
  for (let a = 0; a < m2; a++) into[fill[to[a]]++] = a;

  // Initial potentials: shortest distances from the source on the DAG (forward arcs, node order).
  const pi = new Float64Array(n).fill(Infinity);
  pi[source] = 0;
  {
    // Forward adjacency by tail for this one pass.
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
    // Nodes the source cannot reach are never on a path, but their arcs are still checked by
    // certificates (typed.ts): give them potentials that keep those arcs' reduced costs ≥ 0
    // (reverse topological order, so every head is settled first).
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

  const dist = new Float64Array(n);
  const seenRound = new Int32Array(n);
  const doneRound = new Int32Array(n);
  const next = new Int32Array(n); // arc leaving v on the way to the demand node
  const settled = new Int32Array(n);
  let heapKey = new Float64Array(1024);
  let heapNode = new Int32Array(1024);
  let size = 0;
  const push = (key: number, node: number) => {
    if (size === heapKey.length) {
      const k = new Float64Array(size * 2);
      k.set(heapKey);
      heapKey = k;
      const v = new Int32Array(size * 2);
      v.set(heapNode);
      heapNode = v;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapKey[p] <= key) break;
      heapKey[i] = heapKey[p];
      heapNode[i] = heapNode[p];
      i = p;
    }
    heapKey[i] = key;
    heapNode[i] = node;
  };
  const popInto = (): void => {
    size--;
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
  };

  let total = 0;
  let flow = 0;
  let augmentations = 0;
  let round = 0;
  for (const demand of demands) {
    for (let unit = 0; unit < demand.amount; unit++) {
      round++;
      size = 0;
      dist[demand.node] = 0;
      seenRound[demand.node] = round;
      push(0, demand.node);
      let settledCount = 0;
      let reached = false;
      while (size > 0) {
        const key = heapKey[0];
        const v = heapNode[0];
        popInto();
        if (doneRound[v] === round || key > dist[v]) continue;
        doneRound[v] = round;
        settled[settledCount++] = v;
        if (v === source) {
          reached = true;
          break;
        }
        const pv = pi[v];
        for (let i = start[v]; i < start[v + 1]; i++) {
          const a = into[i];
          if (res[a] <= 0) continue;
          const u = to[a ^ 1];
          if (doneRound[u] === round) continue;
          let rc = cost[a] + pi[u] - pv;
          if (rc < 0) rc = 0; // rounding noise only
          const d = key + rc;
          if (seenRound[u] !== round || d < dist[u]) {
            dist[u] = d;
            seenRound[u] = round;
            next[u] = a;
            push(d, u);
          }
        }
      }
      if (!reached) return null;
      // Potentials: settled nodes move by (their distance − the source's), others stay.
      const ds = dist[source];
      for (let i = 0; i < settledCount; i++) {
        const v = settled[i];
        pi[v] -= dist[v] - ds;
      }
      for (let v = source; v !== demand.node; ) {
        const a = next[v];
        total += cost[a];
        res[a] -= 1;
        res[a ^ 1] += 1;
        v = to[a];
      }
      flow++;
      augmentations++;
    }
  }
  return { cost: total, flow, augmentations, potentials: pi };
}
