import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import type { TokenPurpose } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { generateToken, hashToken, looksLikeToken, sameHash } from "~/utils/token.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Issues a new secret link token for a subject; returns the raw token (shown once, never stored). */
export async function issueToken(db: Executor, purpose: TokenPurpose, subjectId: number, options: { expiresAt?: string | null; token?: string } = {}): Promise<string> {
  const token = options.token ?? generateToken();
  await db
    .insertInto("access_token")
    .values({
      token_hash: hashToken(token),
      purpose,
      subject_id: subjectId,
      expires_at: options.expiresAt ?? null,
      created_at: nowIso(),
    })
    .execute();
  return token;
}

/** The subject a live (unrevoked, unexpired) token of this purpose points to, or null. */
export async function resolveToken(purpose: TokenPurpose, token: unknown): Promise<{ tokenId: number; subjectId: number } | null> {
  if (!looksLikeToken(token)) return null;
  const hash = hashToken(token);
  const row = await getDb()
    .selectFrom("access_token")
    .select(["id", "subject_id", "token_hash", "expires_at", "revoked_at"])
    .where("token_hash", "=", hash)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  // The indexed look-up finds the row; the constant-time compare is the actual check.
  if (!row || !sameHash(row.token_hash, hash)) return null;
  if (row.revoked_at) return null;
  if (row.expires_at && row.expires_at <= nowIso()) return null;
  return { tokenId: row.id, subjectId: row.subject_id };
}

/**
 * Whether this is a real token of this purpose that ran out (never revoked), so its holder can be
 * told the link expired rather than that it never existed. Guessing cannot probe this: a token is
 * only found by its full 256-bit value.
 */
export async function tokenHasExpired(purpose: TokenPurpose, token: unknown): Promise<boolean> {
  if (!looksLikeToken(token)) return false;
  const hash = hashToken(token);
  const row = await getDb()
    .selectFrom("access_token")
    .select(["token_hash", "expires_at", "revoked_at"])
    .where("token_hash", "=", hash)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row || !sameHash(row.token_hash, hash) || row.revoked_at) return false;
  return row.expires_at !== null && row.expires_at <= nowIso();
}

/**
 * Revokes every live token of a subject (e.g. when a participant asks for a new link), or with
 * `keep` all but that one, or with `only` just that one.
 */
export async function revokeTokens(db: Executor, purpose: TokenPurpose, subjectId: number, which: { keep?: string; only?: string } = {}) {
  let update = db.updateTable("access_token").set({ revoked_at: nowIso() }).where("purpose", "=", purpose).where("subject_id", "=", subjectId).where("revoked_at", "is", null);
  if (which.keep !== undefined) update = update.where("token_hash", "!=", hashToken(which.keep));
  if (which.only !== undefined) update = update.where("token_hash", "=", hashToken(which.only));
  await update.execute();
}
