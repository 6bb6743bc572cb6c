import { type Kysely, sql } from "kysely";

import { strict } from "./dialect";

/**
 * Counters that every app process must see (issue 21): login throttles and the public forms' rate
 * limits. On SQLite (one process) they stay in memory and this table is unused; it exists there
 * too so both schemas stay the same. A key is a scope and an HMAC of what is counted (an address,
 * an e-mail), never the address itself. `window_start` is when the current window began (for a
 * login throttle's account: its last failure), `expires_at` when the row may be deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rate_counter (
      key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
      window_start TEXT NOT NULL CHECK (window_start LIKE '____-__-__T__:__:__%Z'),
      hits INTEGER NOT NULL CHECK (hits >= 0),
      expires_at TEXT NOT NULL CHECK (expires_at LIKE '____-__-__T__:__:__%Z')
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX rate_counter_expires ON rate_counter(expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS rate_counter`.execute(db);
}
