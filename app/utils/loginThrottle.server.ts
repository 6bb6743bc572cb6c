import { now } from "./clock.server";

/**
 * The login throttle (in memory: one process, as Tuttav runs; several would need a shared store).
 *
 * Every attempt is counted *before* its password is checked, in one synchronous step, so parallel
 * attempts cannot all get past a check that has not yet seen the others:
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

export type LoginAttempt = { allowed: true; succeeded: () => void } | { allowed: false; retryAfterSeconds: number };

/**
 * Checks and counts one login attempt. When allowed, the caller checks the password and calls
 * `succeeded()` if it was right; otherwise the attempt stays counted as a failure.
 */
export function beginLoginAttempt(input: { account: string; address: string; knownDevice: boolean }): LoginAttempt {
  const at = now().getTime();
  const accounts = input.knownDevice ? byAccount.known : byAccount.stranger;

  let window = byAddress.get(input.address);
  if (window && at - window.start >= ADDRESS_WINDOW_MS) window = undefined;
  const addressWait = window && window.count >= ADDRESS_LIMIT ? window.start + ADDRESS_WINDOW_MS - at : 0;
  let failures = accounts.get(input.account);
  if (failures && at - failures.last >= FORGET_FAILURES_MS) failures = undefined;
  const accountWait = failures ? failures.last + accountDelayMs(failures.count) - at : 0;
  const wait = Math.max(addressWait, accountWait);
  // A refused attempt counts nowhere: it checked nothing.
  if (wait > 0) return { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };

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
    succeeded() {
      if (settled) return;
      settled = true;
      counted.count = Math.max(0, counted.count - 1);
      if (accounts.get(input.account) === failed) accounts.delete(input.account);
    },
  };
}
