import { type Kysely, sql } from "kysely";

import { integer, strict, userTable } from "./dialect";

/**
 * The organisation's own contact, set by an admin on /admin/settings and shown where people
 * without e-mail are told to call (the "I lost my link" pages). One row (id = 1), created here so
 * reading and updating never have to insert; every field is optional. The limits match the form's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisation_setting (
      id ${integer(db)} PRIMARY KEY CHECK (id = 1),
      name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 120),
      contact_phone TEXT CHECK (contact_phone IS NULL OR length(contact_phone) BETWEEN 1 AND 30),
      contact_email TEXT CHECK (contact_email IS NULL OR length(contact_email) BETWEEN 3 AND 254),
      updated_by ${integer(db)} REFERENCES ${userTable(db)}(id) ON DELETE SET NULL,
      updated_at TEXT CHECK (updated_at IS NULL OR updated_at LIKE '____-__-__T__:__:__%Z')
    ) ${strict(db)}`.execute(db);
  await sql`INSERT INTO organisation_setting (id) VALUES (1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS organisation_setting`.execute(db);
}
