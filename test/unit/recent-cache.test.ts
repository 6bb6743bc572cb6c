/** The two-generation cache behind the feeds: what it keeps, what it drops, and what a size means. */
import { describe, expect, it } from "vitest";

import { createRecentCache } from "~/utils/recentCache";

/** A cache of at most four entries: each generation holds up to two before it ages. */
const byCount = () => createRecentCache<string>(4, () => 1);

function fill(cache: ReturnType<typeof byCount>, keys: string) {
  for (const key of keys) cache.set(key, key.toUpperCase());
}

describe("createRecentCache", () => {
  it("gives back what was stored under the same key, and nothing under another", () => {
    const cache = byCount();
    cache.set("a", "A");
    expect(cache.get("a")).toBe("A");
    expect(cache.get("b")).toBeUndefined();
    cache.set("a", "A2");
    expect(cache.get("a")).toBe("A2");
  });

  it("ages the current generation once it holds more than half the bound, and drops the one before", () => {
    const cache = byCount();
    fill(cache, "abc"); // c makes three: a, b, c become the old generation
    expect(["a", "b", "c"].map((k) => cache.get(k))).toEqual(["A", "B", "C"]);
    const fresh = byCount();
    fill(fresh, "abcdef"); // f ages d, e, f, and a, b, c are dropped
    expect(["a", "b", "c"].map((k) => fresh.get(k))).toEqual([undefined, undefined, undefined]);
    expect(["d", "e", "f"].map((k) => fresh.get(k))).toEqual(["D", "E", "F"]);
  });

  it("moves a hit in the old generation back up, so what is used survives the next ageing", () => {
    const cache = byCount();
    fill(cache, "abc");
    expect(cache.get("a")).toBe("A"); // back in the current generation
    fill(cache, "de"); // a, d, e age; b and c are dropped
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("c")).toBeUndefined();
    expect(cache.get("a")).toBe("A");
  });

  it("counts a replaced entry once", () => {
    const cache = byCount();
    fill(cache, "aaaaab"); // a weighs 1 however often it is set: a and b, nothing has aged
    fill(cache, "c"); // now a, b, c age together
    fill(cache, "de"); // two in the current generation: nothing is dropped
    expect(cache.get("a")).toBe("A");
  });

  it("weighs entries by sizeOf and never keeps one heavier than half the bound", () => {
    const cache = createRecentCache<string>(10, (text) => text.length);
    cache.set("big", "123456");
    expect(cache.get("big")).toBeUndefined();
    cache.set("ok", "12345");
    expect(cache.get("ok")).toBe("12345");
    cache.set("one", "1"); // 6 > 5: ok and one age
    cache.set("two", "12345"); // 5, not more than half: stays current
    cache.set("three", "1"); // 6: two and three age, ok and one are dropped
    expect(cache.get("ok")).toBeUndefined();
    expect(cache.get("one")).toBeUndefined();
    expect(cache.get("two")).toBe("12345");
  });

  it("forgets everything on clear", () => {
    const cache = byCount();
    fill(cache, "abcd");
    cache.clear();
    expect(["a", "b", "c", "d"].map((k) => cache.get(k))).toEqual([undefined, undefined, undefined, undefined]);
  });
});
