import { type Kysely, sql } from "kysely";

import { id, integer, reservedName, strict, userTable } from "./dialect";

/**
 * Coordinator sessions live in the database: the cookie carries only a random id, of which only
 * the SHA-256 is stored (like access tokens), so a session can be listed, ended one by one and
 * refused after logout. `expires_at` is the earlier of the idle limit (from last_seen_at) and the
 * absolute limit (from created_at); it moves on as the session is used. The user agent is kept
 * only as a short "browser · system" description for the coordinator's list of sessions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE session (
      id ${id(db)},
      token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
      user_id ${integer(db)} NOT NULL REFERENCES ${userTable(db)}(id) ON DELETE CASCADE,
      created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__%Z'),
      last_seen_at TEXT NOT NULL CHECK (last_seen_at LIKE '____-__-__T__:__:__%Z'),
      expires_at TEXT NOT NULL CHECK (expires_at LIKE '____-__-__T__:__:__%Z'),
      user_agent TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 100)
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX ${reservedName(db, "session_user")} ON session(user_id)`.execute(db);
  await sql`CREATE INDEX session_expires ON session(expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS session`.execute(db);
}
