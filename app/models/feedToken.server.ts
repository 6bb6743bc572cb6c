/** Coordinators' feed tokens: the secret links of their own calendar feed (admin settings). */
import { nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";
import { issueToken } from "./token.server";

export type CoordinatorFeedToken = { id: number; createdAt: string; lastUsedAt: string | null };

/** A coordinator's live feed tokens, newest first (never the secret itself). */
export async function listCoordinatorFeedTokens(userId: number): Promise<CoordinatorFeedToken[]> {
  const rows = await getDb()
    .selectFrom("access_token")
    .select(["id", "created_at", "last_used_at"])
    .where("purpose", "=", "coordinator_feed")
    .where("subject_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Issues a new coordinator feed token; returns the raw token, shown once. Audited. */
export async function createCoordinatorFeedToken(userId: number): Promise<string> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const token = await issueToken(trx, "coordinator_feed", userId);
      const row = await trx
        .selectFrom("access_token")
        .select("id")
        .where("purpose", "=", "coordinator_feed")
        .where("subject_id", "=", userId)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      await audit(trx, { kind: "user", userId } satisfies Actor, "feed_token.create", "access_token", row.id);
      return token;
    });
}

/** Revokes one of the coordinator's own feed tokens; false when it is not theirs or already revoked. Audited. */
export async function revokeCoordinatorFeedToken(userId: number, tokenId: number): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const result = await trx
        .updateTable("access_token")
        .set({ revoked_at: nowIso() })
        .where("id", "=", tokenId)
        .where("purpose", "=", "coordinator_feed")
        .where("subject_id", "=", userId)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await audit(trx, { kind: "user", userId }, "feed_token.revoke", "access_token", tokenId);
      return true;
    });
}
