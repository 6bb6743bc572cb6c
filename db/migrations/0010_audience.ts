import { type Kysely, sql } from "kysely";

/**
 * Who a session is for (issue 16): everyone, women only, or families with children. A hard rule
 * for matching; a series passes its audience to every session it creates. The CHECK lists the
 * words as they were when this landed (a migration never imports live constants).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["event", "series"]) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN audience TEXT NOT NULL DEFAULT 'everyone' CHECK (audience IN ('everyone', 'women', 'families'))`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["event", "series"]) await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN audience`.execute(db);
}
