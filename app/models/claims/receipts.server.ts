/** Travel-claim receipts in the database: who may open one, and a participant's files for erasure. */
import type { Kysely } from "kysely";

import type { Database } from "#db/schema";
import { getDb } from "~/utils/db.server";

type Db = Kysely<Database>;

/** A receipt's file and type, if this claim has one and the asker may see it (a coordinator, or the claim's own participant). */
export async function findReceipt(claimId: number, asker: { participantId: number } | { coordinator: true }) {
  let query = getDb()
    .selectFrom("travel_claim")
    .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
    .select(["travel_claim.receipt_file", "travel_claim.receipt_type", "travel_claim.assignment_id"])
    .where("travel_claim.id", "=", claimId);
  if ("participantId" in asker) query = query.where("assignment.participant_id", "=", asker.participantId);
  const row = await query.executeTakeFirst();
  if (!row?.receipt_file || !row.receipt_type) return null;
  return { file: row.receipt_file, type: row.receipt_type };
}

/** Receipt files of a participant's claims (for erasure, which deletes them after its commit). */
export async function receiptFilesOf(db: Db, participantId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("travel_claim")
    .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
    .select("travel_claim.receipt_file")
    .where("assignment.participant_id", "=", participantId)
    .where("travel_claim.receipt_file", "is not", null)
    .execute();
  return rows.map((r) => r.receipt_file as string);
}
