import { now } from "./clock.server";
import { counterKey, sharedCountersInUse, updateCounters } from "./sharedCounters.server";

/**
 * The login throttle: in memory on SQLite (one process); on PostgreSQL in the shared `rate_counter`
 * table (sharedCounters.server.ts), so attempts made on any app process count.
 *
 * Every attempt is counted *before* its password is checked, in one step (synchronous in memory,
 * under a lock on the shared counters), so parallel attempts cannot all get past a check that has
 * not yet seen the others:
 * - an address may try 10 times in 15 minutes; a successful login gives its attempt back;
 * - an account's first 5 failures are free; after that each attempt must wait 1 s, 2 s, 4 s …
 *   (at most 15 minutes) since the account's last failure. An attempt counts as a failure until
 *   the password proves right, which resets the account's count. Failures are forgotten a day
 *   after the last one.
 * Browsers that belong to the account (they logged in to it before, see knownAccounts, or hold a
 * session of it) keep a count of their own, so a stranger's failures do not slow its owner down;
 * they still have the address limit and, against a stolen cookie, the same growing delay.
 */
const ADDRESS_LIMIT = 10;
const ADDRESS_WINDOW_MS = 15 * 60_000;
const FREE_FAILURES = 5;
const MAX_DELAY_MS = 15 * 60_000;
const FORGET_FAILURES_MS = 24 * 60 * 60_000;
// Keep memory bounded under a flood of distinct addresses or e-mails: forget the oldest.
const MAX_KEYS = 50_000;

type Window = { start: number; count: number };
type Failures = { count: number; last: number };

const byAddress = new Map<string, Window>();
const byAccount = { stranger: new Map<string, Failures>(), known: new Map<string, Failures>() };

function remember<T>(map: Map<string, T>, key: string, value: T) {
  map.delete(key);
  if (map.size >= MAX_KEYS) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/** How long after an account's last failure the next attempt must wait, given its failures. */
export function accountDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

export type LoginAttempt = { allowed: true; succeeded: () => Promise<void> } | { allowed: false; retryAfterSeconds: number };

type LoginInput = { account: string; address: string; knownDevice: boolean };

/** How long the attempt must wait (0: it may go on), given the counts still in force. */
function waitMs(window: Window | undefined, failures: Failures | undefined, at: number): number {
  const addressWait = window && window.count >= ADDRESS_LIMIT ? window.start + ADDRESS_WINDOW_MS - at : 0;
  const accountWait = failures ? failures.last + accountDelayMs(failures.count) - at : 0;
  return Math.max(addressWait, accountWait);
}
const inForce = {
  window: (window: Window | undefined, at: number) => (window && at - window.start < ADDRESS_WINDOW_MS ? window : undefined),
  failures: (failures: Failures | undefined, at: number) => (failures && at - failures.last < FORGET_FAILURES_MS ? failures : undefined),
};
const refused = (wait: number) => ({ allowed: false as const, retryAfterSeconds: Math.ceil(wait / 1000) });

/**
 * Checks and counts one login attempt. When allowed, the caller checks the password and calls
 * `succeeded()` if it was right; otherwise the attempt stays counted as a failure.
 */
export async function beginLoginAttempt(input: LoginInput): Promise<LoginAttempt> {
  return sharedCountersInUse() ? beginSharedLoginAttempt(input) : beginMemoryLoginAttempt(input);
}

function beginMemoryLoginAttempt(input: LoginInput): LoginAttempt {
  const at = now().getTime();
  const accounts = input.knownDevice ? byAccount.known : byAccount.stranger;

  const window = inForce.window(byAddress.get(input.address), at);
  const failures = inForce.failures(accounts.get(input.account), at);
  const wait = waitMs(window, failures, at);
  // A refused attempt counts nowhere: it checked nothing.
  if (wait > 0) return refused(wait);

  const counted: Window = window ?? { start: at, count: 0 };
  counted.count += 1;
  remember(byAddress, input.address, counted);
  const failed: Failures = failures ?? { count: 0, last: at };
  failed.count += 1;
  failed.last = at;
  remember(accounts, input.account, failed);

  let settled = false;
  return {
    allowed: true,
    async succeeded() {
      if (settled) return;
      settled = true;
      counted.count = Math.max(0, counted.count - 1);
      if (accounts.get(input.account) === failed) accounts.delete(input.account);
    },
  };
}

/**
 * The same rules on the shared counters: the address's window (hits, start) and the account's
 * failures (hits = failures, window_start = the last one) are read and written under one lock, so
 * parallel attempts on several processes cannot all get past a check that has not seen the others.
 * Exported for tests, which run it on SQLite too.
 */
export async function beginSharedLoginAttempt(input: LoginInput): Promise<LoginAttempt> {
  const at = now().getTime();
  const addressKey = counterKey("login-address", input.address);
  const accountKey = counterKey(input.knownDevice ? "login-known" : "login-stranger", input.account);
  const outcome = await updateCounters([addressKey, accountKey], (rows) => {
    const address = rows.get(addressKey);
    const account = rows.get(accountKey);
    const window = inForce.window(address && { start: address.windowStart, count: address.hits }, at);
    const failures = inForce.failures(account && { count: account.hits, last: account.windowStart }, at);
    const wait = waitMs(window, failures, at);
    if (wait > 0) return { result: { wait, windowStart: 0 }, changes: [] };
    const start = window?.start ?? at;
    return {
      result: { wait: 0, windowStart: start },
      changes: [
        { key: addressKey, row: { windowStart: start, hits: (window?.count ?? 0) + 1 }, expiresAt: start + ADDRESS_WINDOW_MS },
        { key: accountKey, row: { windowStart: at, hits: (failures?.count ?? 0) + 1 }, expiresAt: at + FORGET_FAILURES_MS },
      ],
    };
  });
  if (outcome.wait > 0) return refused(outcome.wait);

  let settled = false;
  return {
    allowed: true,
    async succeeded() {
      if (settled) return;
      settled = true;
      await updateCounters([addressKey, accountKey], (rows) => {
        const address = rows.get(addressKey);
        // The attempt is given back only to the window it was counted in.
        const giveBack =
          address && address.windowStart === outcome.windowStart
            ? [{ key: addressKey, row: { ...address, hits: Math.max(0, address.hits - 1) }, expiresAt: address.windowStart + ADDRESS_WINDOW_MS }]
            : [];
        return { result: undefined, changes: [...giveBack, { key: accountKey, row: null }] };
      });
    },
  };
}
