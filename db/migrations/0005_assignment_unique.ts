import { type Kysely, sql } from "kysely";

import { isPostgres } from "./dialect";

/**
 * One proposal per place.
 *
 * 0002 narrowed 0001's "one live assignment per slot" to the statuses that occupy a place, so that
 * several people may be invited to one place (first yes wins). That also let two *proposals* for
 * one place through: two coordinators accepting overlapping matchings at the same moment (one
 * county and the whole country) stored both, one person for each. The matcher only ever proposes
 * a place nobody holds, so a second `proposed` row for a slot is never legitimate; this index makes
 * it impossible. Invitations may still compete for a place (0002), and 0001's
 * UNIQUE (event_id, participant_id) already keeps one person to one row per event.
 *
 * A database that already holds such duplicates is not repaired here: which of two proposals to
 * keep is a coordinator's choice, so the migration stops, names them and changes nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite's group_concat takes the order of its subquery; PostgreSQL's string_agg says it.
  const ids = isPostgres(db) ? sql`string_agg(id::text, ', ' ORDER BY id)` : sql`group_concat(id, ', ')`;
  const duplicates = await sql<{ slot_id: number; ids: string }>`
    SELECT slot_id, ${ids} AS ids
    FROM (SELECT slot_id, id FROM assignment WHERE status = 'proposed' AND slot_id IS NOT NULL ORDER BY slot_id, id) AS proposed
    GROUP BY slot_id
    HAVING count(*) > 1
    ORDER BY slot_id`.execute(db);
  if (duplicates.rows.length > 0) {
    throw new Error(
      "Migration 0005_assignment_unique stopped: these places have more than one proposed assignment, " +
        "which it now forbids. The proposals were never sent; keep one per place (delete the others, " +
        "e.g. DELETE FROM assignment WHERE id IN (…)), then migrate again. Nothing was changed. " +
        duplicates.rows.map((d) => `slot ${d.slot_id}: assignments ${d.ids}`).join("; "),
    );
  }
  await sql`CREATE UNIQUE INDEX assignment_proposed_slot ON assignment(slot_id) WHERE status = 'proposed'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS assignment_proposed_slot`.execute(db);
}
