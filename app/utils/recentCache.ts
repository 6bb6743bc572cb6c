/**
 * A bounded cache that keeps what was used lately, in two generations: entries go into the
 * current one until it holds half the bound, then it becomes the old one and the one before is
 * dropped; a hit in the old generation moves the entry back up. Unlike a strict LRU, a hit in the
 * current generation costs one lookup, which matters at 10 000 lookups per feed.
 *
 * `sizeOf` says what an entry weighs against `maxSize` (1 to bound the count, a length to bound
 * memory); an entry heavier than half the bound is not kept at all.
 */
export function createRecentCache<V>(maxSize: number, sizeOf: (value: V) => number) {
  const half = maxSize / 2;
  let current = new Map<string, V>();
  let old = new Map<string, V>();
  let currentSize = 0;
  const put = (key: string, value: V, size: number) => {
    current.set(key, value);
    currentSize += size;
    if (currentSize > half) {
      old = current;
      current = new Map();
      currentSize = 0;
    }
  };
  return {
    get(key: string): V | undefined {
      const value = current.get(key);
      if (value !== undefined) return value;
      const aged = old.get(key);
      if (aged !== undefined) {
        old.delete(key);
        put(key, aged, sizeOf(aged));
      }
      return aged;
    },
    set(key: string, value: V) {
      const size = sizeOf(value);
      if (size > half) return;
      const replaced = current.get(key);
      if (replaced !== undefined) currentSize -= sizeOf(replaced);
      old.delete(key);
      put(key, value, size);
    },
    clear() {
      current = new Map();
      old = new Map();
      currentSize = 0;
    },
  };
}
