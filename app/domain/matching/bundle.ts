/**
 * A proximal bundle method: maximises a concave, piecewise-linear function over a box, knowing it
 * only through an oracle that returns the value and a supergradient at a point. The
 * branch-and-bound (branchAndBound.ts) uses it for the Lagrangian dual of the matching relaxation
 * (the prices on network.ts's arcs), where plain subgradient steps need a good guess of the
 * optimum to converge and zig-zag near the top.
 *
 * Every answer gives a cut, an upper estimate f(π) ≤ value + g·(π − point). The method keeps a
 * few cuts (their minimum is the model of f) and a center, the best point so far. The next point
 * maximises the model minus a proximity term ‖π − center‖² / (2t), over the box; its dual is a
 * small quadratic programme over the simplex of cut weights (`minOnSimplex`). When the oracle's
 * value there gains enough of what the model promised, the center moves there ("serious step");
 * otherwise the new cut sharpens the model where it was wrong ("null step"). `t` grows after
 * good serious steps and shrinks when the model was badly optimistic.
 *
 * Coordinates at a bound whose step would leave the box are held there and left out of the
 * quadratic programme, so the step is the proximal step on that face of the box; a step that
 * would cross a bound on the way stops at it.
 */

export type BundleOptions = {
  /** The proximity weight t (a step length per unit of supergradient²); default 1. */
  t?: number;
  /** Cuts kept at most; beyond it the oldest give way to one aggregate cut. Default 30. */
  maxCuts?: number;
};

/** cut(π) = b + g·π, an upper estimate of f. */
type Cut = { g: Float64Array; b: number };

/** Serious step: the oracle gained at least this share of the model's promise. */
const SERIOUS = 0.1;
/** A serious step that gains this share of the promise doubles t (the model was right: trust it further). */
const GOOD = 0.95;

export class ProximalBundle {
  /** The best point reported so far and its value. */
  readonly center: Float64Array;
  centerValue = -Infinity;
  /** What the model promises the next point gains over the center (0: the center is optimal). */
  predicted = Infinity;
  private cuts: Cut[] = [];
  private t: number;
  private readonly maxCuts: number;
  private candidate: Float64Array | null = null;

  constructor(
    private readonly lo: Float64Array,
    private readonly hi: Float64Array,
    options: BundleOptions = {},
  ) {
    this.center = new Float64Array(lo.length);
    this.t = options.t ?? 1;
    this.maxCuts = options.maxCuts ?? 30;
  }

  /** The oracle's answer at `point`: its value and a supergradient. */
  report(point: Float64Array, value: number, g: Float64Array): void {
    let b = value;
    for (let i = 0; i < g.length; i++) b -= g[i] * point[i];
    const cut: Cut = { g: Float64Array.from(g), b };
    const first = this.centerValue === -Infinity;
    const gain = value - this.centerValue;
    const wasCandidate = this.candidate !== null && sameVector(point, this.candidate);
    if (first || gain >= SERIOUS * this.predicted || (!wasCandidate && gain > 0)) {
      if (wasCandidate && gain >= GOOD * this.predicted) this.t *= 2;
      this.center.set(point);
      this.centerValue = value;
    } else if (wasCandidate && gain < -this.predicted) {
      // The model promised a gain and the oracle found a loss larger than it: steps are too long.
      this.t /= 2;
    }
    this.cuts.push(cut);
    this.candidate = null;
  }

  /** The point to evaluate next: the proximal step from the center on the current model. */
  next(): Float64Array {
    if (this.candidate) return this.candidate;
    const { center, lo, hi, cuts, t } = this;
    const n = center.length;
    const m = cuts.length;
    // Linearisation errors at the center: e_k = cut_k(center) − f(center) ≥ 0.
    const errors = new Float64Array(m);
    for (let k = 0; k < m; k++) errors[k] = Math.max(0, cuts[k].b + dot(cuts[k].g, center) - this.centerValue);
    // Coordinates held at a bound: the center is on it and the step would leave the box. Which
    // ones is found by re-solving: hold those that push out, release those the weights now pull in.
    const held = new Uint8Array(n);
    let weights: Float64Array = new Float64Array(0);
    const step = new Float64Array(n);
    for (let round = 0; round < 2 * n + 2; round++) {
      // The Gram matrix t·g_a·g_c over the free coordinates (symmetric: each product once).
      const gram: Float64Array[] = [];
      for (let a = 0; a < m; a++) {
        const row = new Float64Array(m);
        for (let c = 0; c < m; c++) row[c] = c < a ? gram[c][a] : t * heldDot(cuts[a].g, cuts[c].g, held);
        gram.push(row);
      }
      weights = minOnSimplex(gram, errors);
      step.fill(0);
      for (let k = 0; k < m; k++) {
        const w = weights[k];
        if (w <= 0) continue;
        const g = cuts[k].g;
        for (let i = 0; i < n; i++) step[i] += t * w * g[i];
      }
      let changed = false;
      for (let i = 0; i < n; i++) {
        const out = (step[i] < 0 && center[i] <= lo[i]) || (step[i] > 0 && center[i] >= hi[i]);
        if (out !== Boolean(held[i])) {
          held[i] = out ? 1 : 0;
          changed = true;
        }
        if (held[i]) step[i] = 0;
      }
      if (!changed) break;
    }
    // Go along the step as far as the box allows (a clipped step could promise less than nothing;
    // a shortened one keeps that share of the promise, the model being concave).
    let reach = 1;
    for (let i = 0; i < n; i++) {
      if (step[i] < 0 && center[i] + step[i] < lo[i]) reach = Math.min(reach, (lo[i] - center[i]) / step[i]);
      if (step[i] > 0 && center[i] + step[i] > hi[i]) reach = Math.min(reach, (hi[i] - center[i]) / step[i]);
    }
    const candidate = new Float64Array(n);
    for (let i = 0; i < n; i++) candidate[i] = Math.min(hi[i], Math.max(lo[i], center[i] + reach * step[i]));
    // The model's promise at the candidate.
    let promise = Infinity;
    for (let k = 0; k < m; k++) {
      const g = cuts[k].g;
      let v = errors[k];
      for (let i = 0; i < n; i++) v += g[i] * (candidate[i] - center[i]);
      promise = Math.min(promise, v);
    }
    this.predicted = Math.max(0, promise);
    this.compress(weights);
    this.candidate = candidate;
    return candidate;
  }

  /**
   * Keeps the cuts the step used and the newest, drops the rest; when those are still too many,
   * one aggregate of the used cuts takes the place of the oldest.
   */
  private compress(weights: Float64Array): void {
    const last = this.cuts.length - 1;
    let kept = this.cuts.filter((_, k) => weights[k] > 0 || k === last);
    if (kept.length > this.maxCuts) {
      // The aggregate cut Σ w_k cut_k is still an upper estimate of f (the weights sum to 1).
      const n = this.center.length;
      const g = new Float64Array(n);
      let b = 0;
      this.cuts.forEach((cut, k) => {
        if (weights[k] <= 0) return;
        b += weights[k] * cut.b;
        for (let i = 0; i < n; i++) g[i] += weights[k] * cut.g[i];
      });
      kept = [{ g, b }, ...kept.slice(kept.length - this.maxCuts + 1)];
    }
    this.cuts = kept;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** a·b over the coordinates not held. */
function heldDot(a: Float64Array, b: Float64Array, held: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (held[i] === 0) s += a[i] * b[i];
  return s;
}

function sameVector(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * min ½ αᵀHα + eᵀα over the simplex (α ≥ 0, Σα = 1), H positive semidefinite: a primal
 * active-set method. It keeps a feasible α and a support S, solves the problem on S with only
 * the sum constraint (a small linear system), steps towards that solution until a weight hits 0
 * (dropping it), and adds the index with the most negative reduced gradient while there is one.
 */
export function minOnSimplex(H: readonly ArrayLike<number>[], e: ArrayLike<number>): Float64Array {
  const m = e.length;
  const alpha = new Float64Array(m);
  if (m === 0) return alpha;
  let start = 0;
  for (let k = 1; k < m; k++) if (e[k] + H[k][k] / 2 < e[start] + H[start][start] / 2) start = k;
  alpha[start] = 1;
  const support = [start];
  let scale = 1;
  for (let k = 0; k < m; k++) scale = Math.max(scale, Math.abs(H[k][k]), Math.abs(e[k]));
  const ridge = 1e-12 * scale;
  const tol = 1e-11 * scale;
  for (let iteration = 0; iteration < 20 * m + 20; iteration++) {
    const target = solveOnSupport(H, e, support, ridge);
    if (target.every((v) => v > 0)) {
      alpha.fill(0);
      support.forEach((k, i) => (alpha[k] = target[i]));
      // Reduced gradients: an index outside the support with a smaller one improves α.
      let level = 0;
      const grad = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        let s = e[k];
        for (let i = 0; i < support.length; i++) s += H[k][support[i]] * alpha[support[i]];
        grad[k] = s;
      }
      for (let i = 0; i < support.length; i++) level += alpha[support[i]] * grad[support[i]];
      let enter = -1;
      for (let k = 0; k < m; k++) if (!support.includes(k) && grad[k] < level - tol && (enter === -1 || grad[k] < grad[enter])) enter = k;
      if (enter === -1) break;
      support.push(enter);
      continue;
    }
    // Step from α towards the support's solution until the first weight reaches 0.
    let tau = 1;
    support.forEach((k, i) => {
      if (target[i] < alpha[k]) tau = Math.min(tau, alpha[k] / (alpha[k] - target[i]));
    });
    support.forEach((k, i) => (alpha[k] += tau * (target[i] - alpha[k])));
    for (let i = support.length - 1; i >= 0; i--)
      if (alpha[support[i]] <= 1e-15) {
        alpha[support[i]] = 0;
        support.splice(i, 1);
      }
    if (support.length === 0) {
      alpha[start] = 1;
      support.push(start);
      break;
    }
  }
  // Clean rounding: weights ≥ 0 summing to 1.
  let sum = 0;
  for (let k = 0; k < m; k++) sum += alpha[k] = Math.max(0, alpha[k]);
  for (let k = 0; k < m; k++) alpha[k] /= sum;
  return alpha;
}

/** The minimiser of ½ aᵀH_SS a + e_Sᵀa subject to Σa = 1 (KKT system, Gaussian elimination). */
function solveOnSupport(H: readonly ArrayLike<number>[], e: ArrayLike<number>, support: number[], ridge: number): number[] {
  const s = support.length;
  const size = s + 1;
  const A = Array.from({ length: size }, () => new Float64Array(size + 1));
  for (let i = 0; i < s; i++) {
    for (let j = 0; j < s; j++) A[i][j] = H[support[i]][support[j]];
    A[i][i] += ridge;
    A[i][s] = 1; // −ν, the sum constraint's multiplier
    A[i][size] = -e[support[i]];
    A[s][i] = 1;
  }
  A[s][size] = 1;
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    const p = A[col][col];
    if (p === 0) continue;
    for (let r = 0; r < size; r++) {
      if (r === col || A[r][col] === 0) continue;
      const f = A[r][col] / p;
      for (let c = col; c <= size; c++) A[r][c] -= f * A[col][c];
    }
  }
  return Array.from({ length: s }, (_, i) => (A[i][i] === 0 ? 0 : A[i][size] / A[i][i]));
}
