import type { UserRole } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";

import { audit, type Actor } from "./audit.server";
import { deleteSessions, endAllSessions, renewSessionToken } from "./session.server";

export type SessionUser = { id: number; email: string; name: string; role: UserRole };

// Verifying against a real-looking hash when the e-mail is unknown keeps the response time the
// same, so timing does not tell whether an account exists.
let dummyHash: Promise<string> | undefined;

/**
 * The user for this e-mail and password, and the hash the password matched (so the session can
 * be refused if the password changes meanwhile), or null; never says which of the two was wrong.
 */
export async function verifyLogin(email: string, password: string): Promise<{ user: SessionUser; passwordHash: string } | null> {
  const user = await getDb()
    .selectFrom("user")
    .select(["id", "email", "name", "role", "password_hash", "disabled_at"])
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user || user.disabled_at) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, user.password_hash))) return null;
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, passwordHash: user.password_hash };
}

/** The id of the account with this e-mail (disabled or not), or null. */
export async function userIdByEmail(email: string): Promise<number | null> {
  const user = await getDb().selectFrom("user").select("id").where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
  return user?.id ?? null;
}

/** Creates a coordinator or admin account. */
export async function createUser(input: { email: string; name: string; password: string; role: UserRole }) {
  const passwordHash = await hashPassword(input.password);
  return getDb()
    .insertInto("user")
    .values({
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      password_hash: passwordHash,
      role: input.role,
      created_at: nowIso(),
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

/** Ends every session of the user, on every device. Audited. */
export async function logoutEverywhere(userId: number) {
  await endAllSessions(userId);
}

/** Every coordinator account, for the admin's user list. */
export async function listUsers() {
  return getDb().selectFrom("user").select(["id", "email", "name", "role", "created_at", "disabled_at"]).orderBy("disabled_at", "asc").orderBy("name").execute();
}

/** An admin creates a coordinator account; null when the e-mail is taken. Audited. */
export async function createCoordinatorAccount(input: { email: string; name: string; password: string; role: UserRole }, actor: Actor): Promise<{ id: number } | null> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim().toLowerCase();
  return writeTransaction(async (trx) => {
    const taken = await trx.selectFrom("user").select("id").where("email", "=", email).executeTakeFirst();
    if (taken) return null;
    const user = await trx
      .insertInto("user")
      .values({ email, name: input.name.trim(), password_hash: passwordHash, role: input.role, created_at: nowIso() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, actor, "user.create", "user", user.id, { role: input.role });
    return user;
  });
}

/** Disables or re-enables an account; a disabled account's sessions stop working at once. */
export async function setUserDisabled(userId: number, disabled: boolean, actor: Actor): Promise<boolean> {
  return writeTransaction(async (trx) => {
    const result = await trx
      .updateTable("user")
      .set({ disabled_at: disabled ? nowIso() : null })
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!result.numUpdatedRows) return false;
    if (disabled) await deleteSessions(trx, userId);
    await audit(trx, actor, disabled ? "user.disable" : "user.enable", "user", userId);
    return true;
  });
}

/**
 * Changes a user's own password after checking the current one. Every other session ends; the
 * one making the change goes on under a new token (returned for its cookie).
 */
export async function changePassword(userId: number, current: string, next: string, currentSessionId: number): Promise<{ token: string } | "wrong_password"> {
  const user = await getDb().selectFrom("user").select(["password_hash"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, user.password_hash))) return "wrong_password";
  const passwordHash = await hashPassword(next);
  return writeTransaction(async (trx) => {
    await trx.updateTable("user").set({ password_hash: passwordHash }).where("id", "=", userId).execute();
    const ended = await deleteSessions(trx, userId, { except: currentSessionId });
    const token = await renewSessionToken(trx, currentSessionId);
    await audit(trx, { kind: "user", userId }, "user.password", "user", userId, { sessionsEnded: ended });
    return { token };
  });
}

/** Whether the user gets the 07:00 morning digest (scheduledMessages.server.ts); false for an unknown id. */
export async function dailyDigestOf(userId: number): Promise<boolean> {
  const row = await getDb().selectFrom("user").select("daily_digest").where("id", "=", userId).executeTakeFirst();
  return row?.daily_digest === 1;
}

/** Turns the user's own morning digest on or off. Audited. */
export async function setDailyDigest(userId: number, on: boolean): Promise<void> {
  await writeTransaction(async (trx) => {
    await trx
      .updateTable("user")
      .set({ daily_digest: on ? 1 : 0 })
      .where("id", "=", userId)
      .execute();
    await audit(trx, { kind: "user", userId }, "user.digest", "user", userId, { on });
  });
}
