/** mulberry32: a small, fast, seeded random generator, for reproducible instances in benchmarks and tests. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    /** Weighted pick from [value, weight] pairs. */
    weighted: <T>(xs: readonly (readonly [T, number])[]): T => {
      const total = xs.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of xs) if ((x -= w) < 0) return v;
      return xs[xs.length - 1][0];
    },
  };
}
