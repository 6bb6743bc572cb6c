import { type Kysely, sql } from "kysely";

import { glob, id, integer, strict, userTable } from "./dialect";

/**
 * Travel claims paid by SEPA transfer (issue 17). A claim is made of lines (a ticket with its
 * amount, or kilometres by car at the rate of the day); the claim's amount_cents stays the total
 * that reports read. One claim per assignment. A participant's IBAN and account holder live on
 * the participant (reused by their next claim, erased with them); a receipt is a file outside
 * public/ named by `receipt_file`. Approved claims are paid in a payment batch, exported as CSV
 * and pain.001.001.03. The organisation's legal name, IBAN and BIC (the debtor of the transfer)
 * and the rate per kilometre are settings. Limits here match the forms'.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE organisation_setting ADD COLUMN km_rate_cents ${integer(db)} NOT NULL DEFAULT 20 CHECK (km_rate_cents BETWEEN 1 AND 500)`.execute(db);
  await sql`ALTER TABLE organisation_setting ADD COLUMN legal_name TEXT CHECK (legal_name IS NULL OR length(legal_name) BETWEEN 1 AND 70)`.execute(db);
  await sql`ALTER TABLE organisation_setting ADD COLUMN iban TEXT CHECK (iban IS NULL OR (length(iban) BETWEEN 15 AND 34 AND ${glob(db, "iban", "[A-Z][A-Z][0-9][0-9]*")}))`.execute(
    db,
  );
  await sql`ALTER TABLE organisation_setting ADD COLUMN bic TEXT CHECK (bic IS NULL OR length(bic) IN (8, 11))`.execute(db);

  await sql`ALTER TABLE participant ADD COLUMN iban TEXT CHECK (iban IS NULL OR (length(iban) BETWEEN 15 AND 34 AND ${glob(db, "iban", "[A-Z][A-Z][0-9][0-9]*")}))`.execute(db);
  await sql`ALTER TABLE participant ADD COLUMN account_holder TEXT CHECK (account_holder IS NULL OR length(account_holder) BETWEEN 1 AND 70)`.execute(db);

  await sql`
    CREATE TABLE payment_batch (
      id ${id(db)},
      message TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 140),
      created_by ${integer(db)} REFERENCES ${userTable(db)}(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__%Z'),
      paid_by ${integer(db)} REFERENCES ${userTable(db)}(id) ON DELETE SET NULL,
      paid_at TEXT CHECK (paid_at IS NULL OR paid_at LIKE '____-__-__T__:__:__%Z')
    ) ${strict(db)}`.execute(db);

  await sql`ALTER TABLE travel_claim ADD COLUMN rejection_reason TEXT CHECK (rejection_reason IS NULL OR length(rejection_reason) BETWEEN 1 AND 500)`.execute(db);
  await sql`ALTER TABLE travel_claim ADD COLUMN receipt_file TEXT CHECK (receipt_file IS NULL OR (length(receipt_file) BETWEEN 36 AND 40 AND ${glob(db, "receipt_file", "*[^0-9a-z.]*", true)}))`.execute(
    db,
  );
  await sql`ALTER TABLE travel_claim ADD COLUMN receipt_type TEXT CHECK (receipt_type IS NULL OR receipt_type IN ('image/jpeg', 'image/png', 'application/pdf'))`.execute(db);
  await sql`ALTER TABLE travel_claim ADD COLUMN receipt_size ${integer(db)} CHECK (receipt_size IS NULL OR receipt_size BETWEEN 1 AND 5242880)`.execute(db);
  await sql`ALTER TABLE travel_claim ADD COLUMN batch_id ${integer(db)} REFERENCES payment_batch(id)`.execute(db);
  await sql`ALTER TABLE travel_claim ADD COLUMN updated_at TEXT CHECK (updated_at IS NULL OR updated_at LIKE '____-__-__T__:__:__%Z')`.execute(db);
  // One claim per assignment: the old plain index gives way to a unique one.
  await sql`DROP INDEX IF EXISTS travel_claim_assignment`.execute(db);
  await sql`CREATE UNIQUE INDEX travel_claim_one_per_assignment ON travel_claim(assignment_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX travel_claim_receipt ON travel_claim(receipt_file) WHERE receipt_file IS NOT NULL`.execute(db);
  await sql`CREATE INDEX travel_claim_status ON travel_claim(status, batch_id)`.execute(db);

  await sql`
    CREATE TABLE travel_claim_line (
      id ${id(db)},
      claim_id ${integer(db)} NOT NULL REFERENCES travel_claim(id) ON DELETE CASCADE,
      position ${integer(db)} NOT NULL CHECK (position BETWEEN 0 AND 9),
      kind TEXT NOT NULL CHECK (kind IN ('bus', 'train', 'ferry', 'car')),
      km ${integer(db)} CHECK (km IS NULL OR km BETWEEN 1 AND 2000),
      amount_cents ${integer(db)} NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000),
      CHECK ((kind = 'car') = (km IS NOT NULL)),
      UNIQUE (claim_id, position)
    ) ${strict(db)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS travel_claim_line`.execute(db);
  await sql`DROP INDEX IF EXISTS travel_claim_status`.execute(db);
  await sql`DROP INDEX IF EXISTS travel_claim_receipt`.execute(db);
  await sql`DROP INDEX IF EXISTS travel_claim_one_per_assignment`.execute(db);
  await sql`CREATE INDEX travel_claim_assignment ON travel_claim(assignment_id)`.execute(db);
  for (const column of ["updated_at", "batch_id", "receipt_size", "receipt_type", "receipt_file", "rejection_reason"]) {
    await sql`ALTER TABLE travel_claim DROP COLUMN ${sql.raw(column)}`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS payment_batch`.execute(db);
  for (const column of ["account_holder", "iban"]) await sql`ALTER TABLE participant DROP COLUMN ${sql.raw(column)}`.execute(db);
  for (const column of ["bic", "iban", "legal_name", "km_rate_cents"]) await sql`ALTER TABLE organisation_setting DROP COLUMN ${sql.raw(column)}`.execute(db);
}
