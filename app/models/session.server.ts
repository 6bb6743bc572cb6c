import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import { now } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { generateToken, hashToken, looksLikeToken } from "~/utils/token.server";

import { audit } from "./audit.server";
import type { SessionUser } from "./user.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** A session unused this long ends. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** Every session ends this long after its login, used or not. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60_000;
// Writing last_seen_at on every request would make every page view a write; a minute is precise enough.
const TOUCH_AFTER_MS = 60_000;
// Expired rows stay a week, so that a recently expired cookie still tells the login throttle that
// this browser belongs to the account (see app/utils/loginThrottle.server.ts).
const KEEP_EXPIRED_MS = 7 * 24 * 60 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The earlier of the idle and the absolute limit. */
function expiresAt(createdAt: string, lastSeenAt: string): string {
  return iso(Math.min(Date.parse(lastSeenAt) + SESSION_IDLE_MS, Date.parse(createdAt) + SESSION_ABSOLUTE_MS));
}

/**
 * Starts a session for a user whose password was just checked against `verifiedPasswordHash`.
 * Returns the token for the cookie (only its SHA-256 is stored), or null when the account was
 * disabled or its password changed while the password was being checked.
 */
export async function startSession(input: { userId: number; verifiedPasswordHash: string; device: string | null }): Promise<string | null> {
  const token = generateToken();
  const at = now().getTime();
  return writeTransaction(async (trx) => {
    const user = await trx.selectFrom("user").select(["password_hash", "disabled_at"]).where("id", "=", input.userId).executeTakeFirst();
    if (!user || user.disabled_at || user.password_hash !== input.verifiedPasswordHash) return null;
    await trx
      .deleteFrom("session")
      .where("expires_at", "<", iso(at - KEEP_EXPIRED_MS))
      .execute();
    await trx
      .insertInto("session")
      .values({
        token_hash: hashToken(token),
        user_id: input.userId,
        created_at: iso(at),
        last_seen_at: iso(at),
        expires_at: expiresAt(iso(at), iso(at)),
        user_agent: input.device?.slice(0, 100) ?? null,
      })
      .execute();
    return token;
  });
}

export type CurrentSession = { sessionId: number; user: SessionUser };

/** The live session of a cookie's token and its active user, or null; using it moves the idle limit on. */
export async function findSession(token: unknown): Promise<CurrentSession | null> {
  if (!looksLikeToken(token)) return null;
  const row = await getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.user_id")
    .select(["session.id as sessionId", "session.created_at", "session.last_seen_at", "session.expires_at", "user.id", "user.email", "user.name", "user.role", "user.disabled_at"])
    .where("session.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  const at = now().getTime();
  if (at >= Date.parse(row.expires_at)) return null;
  if (at - Date.parse(row.last_seen_at) >= TOUCH_AFTER_MS) {
    await getDb()
      .updateTable("session")
      .set({ last_seen_at: iso(at), expires_at: expiresAt(row.created_at, iso(at)) })
      .where("id", "=", row.sessionId)
      .execute();
  }
  return { sessionId: row.sessionId, user: { id: row.id, email: row.email, name: row.name, role: row.role } };
}

/**
 * Whose session a cookie's token is, even if it expired recently (not if it was ended): the login
 * throttle lets that person's own browser past the delay that others' failures put on the account.
 */
export async function sessionOwner(token: unknown): Promise<number | null> {
  if (!looksLikeToken(token)) return null;
  const row = await getDb().selectFrom("session").select("user_id").where("token_hash", "=", hashToken(token)).executeTakeFirst();
  return row?.user_id ?? null;
}

/** Ends the session of a cookie's token (logout). */
export async function endSessionByToken(token: unknown): Promise<void> {
  if (!looksLikeToken(token)) return;
  await getDb().deleteFrom("session").where("token_hash", "=", hashToken(token)).execute();
}

/** The user's live sessions, most recently used first, with the one making this request marked. */
export async function listSessions(userId: number, currentSessionId: number) {
  const rows = await getDb()
    .selectFrom("session")
    .select(["id", "user_agent", "created_at", "last_seen_at"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now().toISOString())
    .orderBy("last_seen_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({ id: row.id, device: row.user_agent, createdAt: row.created_at, lastSeenAt: row.last_seen_at, current: row.id === currentSessionId }));
}

/** Deletes a user's sessions (all, or all but one) inside the caller's transaction; says how many. */
export async function deleteSessions(db: Executor, userId: number, options: { except?: number } = {}): Promise<number> {
  let query = db.deleteFrom("session").where("user_id", "=", userId);
  if (options.except !== undefined) query = query.where("id", "!=", options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Gives a session a new token (after a password change), so a copy of its old cookie stops working. */
export async function renewSessionToken(db: Executor, sessionId: number): Promise<string> {
  const token = generateToken();
  await db
    .updateTable("session")
    .set({ token_hash: hashToken(token) })
    .where("id", "=", sessionId)
    .execute();
  return token;
}

/** A coordinator ends one of their own sessions; false when it is not theirs (or already ended). Audited. */
export async function endOwnSession(userId: number, sessionId: number): Promise<boolean> {
  return writeTransaction(async (trx) => {
    const result = await trx.deleteFrom("session").where("id", "=", sessionId).where("user_id", "=", userId).executeTakeFirst();
    if (!result.numDeletedRows) return false;
    await audit(trx, { kind: "user", userId }, "session.end", "session", sessionId);
    return true;
  });
}

/** Ends every session of the user but this one. Audited with how many ended. */
export async function endOtherSessions(userId: number, currentSessionId: number): Promise<number> {
  return writeTransaction(async (trx) => {
    const ended = await deleteSessions(trx, userId, { except: currentSessionId });
    await audit(trx, { kind: "user", userId }, "session.end_others", "user", userId, { sessions: ended });
    return ended;
  });
}

/** Ends every session of the user, this one included ("log out everywhere"). Audited. */
export async function endAllSessions(userId: number): Promise<number> {
  return writeTransaction(async (trx) => {
    const ended = await deleteSessions(trx, userId);
    await audit(trx, { kind: "user", userId }, "session.end_all", "user", userId, { sessions: ended });
    return ended;
  });
}
