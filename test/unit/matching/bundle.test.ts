import highsLoader from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { minOnSimplex, ProximalBundle } from "~/domain/matching/bundle";
import { rng } from "../../../scripts/bench/lib/rng";

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highs: Highs;
beforeAll(async () => {
  highs = await highsLoader();
});

describe("minOnSimplex", () => {
  it("meets the optimality conditions of ½αᵀHα + eᵀα on the simplex, singular H included", () => {
    const r = rng(11);
    for (let trial = 0; trial < 500; trial++) {
      const m = r.int(1, 12);
      const n = r.int(1, 6);
      const rows = Array.from({ length: m }, () => Array.from({ length: n }, () => r.int(-3, 3)));
      // Repeated and zero rows make H singular, as repeated cuts do in the bundle.
      if (m > 1 && r.chance(0.3)) rows[1] = [...rows[0]];
      if (r.chance(0.2)) rows[0] = rows[0].map(() => 0);
      const t = r.int(1, 20) / 4;
      const H = rows.map((a) => rows.map((b) => t * a.reduce((s, v, i) => s + v * b[i], 0)));
      const e = Array.from({ length: m }, () => r.int(0, 30) / 3);
      const alpha = minOnSimplex(H, e);

      expect(alpha.every((a) => a >= 0)).toBe(true);
      expect(Math.abs(alpha.reduce((s, a) => s + a, 0) - 1)).toBeLessThan(1e-9);
      // KKT: the gradient is smallest, and equal, on the support.
      const grad = e.map((ek, k) => ek + H[k].reduce((s, h, j) => s + h * alpha[j], 0));
      const level = alpha.reduce((s, a, k) => s + a * grad[k], 0);
      const scale = 1 + Math.max(...e, ...H.map((row, k) => Math.abs(row[k])));
      grad.forEach((g, k) => {
        expect(g, `trial ${trial}`).toBeGreaterThanOrEqual(level - 1e-7 * scale);
        if (alpha[k] > 1e-9) expect(Math.abs(g - level), `trial ${trial}`).toBeLessThan(1e-7 * scale);
      });
    }
  });
});

/** f(x) = min over pieces of a·x + b: concave, piecewise linear, like the Lagrangian dual. */
function piecewise(pieces: { a: number[]; b: number }[]) {
  return (x: Float64Array) => {
    let best = pieces[0];
    let value = Infinity;
    for (const piece of pieces) {
      const v = piece.a.reduce((s, ai, i) => s + ai * x[i], piece.b);
      if (v < value) {
        value = v;
        best = piece;
      }
    }
    return { value, g: Float64Array.from(best.a) };
  };
}

/** max f over the box, as an LP for HiGHS. */
function lpMaximum(pieces: { a: number[]; b: number }[], lo: number[], hi: number[]): number {
  const term = (c: number, name: string) => `${c < 0 ? "-" : "+"} ${Math.abs(c)} ${name}`;
  const rows = pieces.map((p, k) => ` c${k}: z ${p.a.map((ai, i) => term(-ai, `x${i}`)).join(" ")} <= ${p.b}`);
  const bounds = lo.map((l, i) => ` ${l} <= x${i} <= ${hi[i] === Infinity ? "+inf" : hi[i]}`);
  const lp = ["Maximize", " obj: z", "Subject To", ...rows, "Bounds", ...bounds, " z free", "End"].join("\n");
  const result = highs.solve(lp, { output_flag: false });
  expect(result.Status).toBe("Optimal");
  return result.ObjectiveValue;
}

describe("ProximalBundle", () => {
  it("reaches the maximum of a concave piecewise-linear function over a box, and stays in the box", () => {
    const r = rng(5);
    let converged = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = r.int(1, 6);
      const lo = Array.from({ length: n }, (_, i) => (i === 0 ? 0 : -r.int(1, 8)));
      // The first coordinate is bounded below only, as an inequality's multiplier is.
      const hi = Array.from({ length: n }, (_, i) => (i === 0 ? Infinity : r.int(1, 8)));
      const pieces = Array.from({ length: r.int(2, 12) }, () => ({
        a: Array.from({ length: n }, () => r.int(-4, 4)),
        b: r.int(-20, 20),
      }));
      // A piece falling in the first coordinate keeps the maximum finite.
      pieces.push({ a: Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0)), b: 30 });
      const f = piecewise(pieces);
      const top = lpMaximum(pieces, lo, hi);

      const bundle = new ProximalBundle(Float64Array.from(lo), Float64Array.from(hi), { t: 0.5 });
      let point: Float64Array = Float64Array.from(lo, (l, i) => Math.min(hi[i], Math.max(l, 0)));
      let best = -Infinity;
      for (let step = 0; step < 150; step++) {
        point.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(lo[i]);
          expect(x).toBeLessThanOrEqual(hi[i]);
        });
        const { value, g } = f(point);
        best = Math.max(best, value);
        bundle.report(point, value, g);
        point = bundle.next();
        if (bundle.predicted <= 1e-9) break;
      }
      // Every value is the function's own, so never above its maximum; and the bundle's center holds the best.
      expect(best).toBeLessThanOrEqual(top + 1e-9);
      expect(bundle.centerValue).toBe(best);
      if (best >= top - 1e-6) converged++;
    }
    expect(converged).toBe(60);
  });

  it("says the model promises nothing more once the center is optimal", () => {
    // f(x) = min(x, 4 − x) on [0, 10]: the maximum 2 is at x = 2.
    const f = piecewise([
      { a: [1], b: 0 },
      { a: [-1], b: 4 },
    ]);
    const bundle = new ProximalBundle(Float64Array.of(0), Float64Array.of(10), { t: 1 });
    let point: Float64Array = Float64Array.of(0);
    for (let step = 0; step < 50 && bundle.predicted > 1e-9; step++) {
      const { value, g } = f(point);
      bundle.report(point, value, g);
      point = bundle.next();
    }
    expect(bundle.predicted).toBeLessThanOrEqual(1e-9);
    expect(bundle.centerValue).toBeCloseTo(2, 9);
    expect(bundle.center[0]).toBeCloseTo(2, 9);
  });
});
