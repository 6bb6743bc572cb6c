/**
 * Fixed-window counters in memory: enough for one Node process, which is how Tuttav runs on
 * SQLite. On PostgreSQL, where several processes may serve the app, the public forms count in the
 * shared `rate_counter` table instead (sharedCounters.server.ts, publicForm.server.ts).
 */
export type RateLimiter = {
  /** Counts one attempt for `key`; says whether it is still within the limit. */
  hit(key: string, at?: number): { allowed: boolean; retryAfterSeconds: number };
  /** Whether `key` is already over the limit, without counting an attempt. */
  blocked(key: string, at?: number): { blocked: boolean; retryAfterSeconds: number };
  reset(key: string): void;
};

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 50_000;

  function current(key: string, at: number) {
    const window = windows.get(key);
    if (!window || at - window.start >= options.windowMs) return null;
    return window;
  }
  function retryAfter(window: { start: number }, at: number) {
    return Math.max(1, Math.ceil((window.start + options.windowMs - at) / 1000));
  }

  return {
    hit(key, at = Date.now()) {
      let window = current(key, at);
      if (!window) {
        // Keep memory bounded under a flood of distinct keys: forget the oldest.
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        window = { start: at, count: 0 };
        windows.delete(key);
        windows.set(key, window);
      }
      window.count += 1;
      return { allowed: window.count <= options.limit, retryAfterSeconds: retryAfter(window, at) };
    },
    blocked(key, at = Date.now()) {
      const window = current(key, at);
      if (!window || window.count < options.limit) return { blocked: false, retryAfterSeconds: 0 };
      return { blocked: true, retryAfterSeconds: retryAfter(window, at) };
    },
    reset(key) {
      windows.delete(key);
    },
  };
}

/** The client's address as the server saw it (see scripts/server.mjs), or a shared bucket when unknown. */
export function clientIp(context: { clientIp?: string } | undefined): string {
  return context?.clientIp || "unknown";
}
