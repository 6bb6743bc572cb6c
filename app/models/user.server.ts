import type { UserRole } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";

import { audit, type Actor } from "./audit.server";

export type SessionUser = { id: number; email: string; name: string; role: UserRole };

// Verifying against a real-looking hash when the e-mail is unknown keeps the response time the
// same, so timing does not tell whether an account exists.
let dummyHash: Promise<string> | undefined;

/** The user for this e-mail and password, or null; never says which of the two was wrong. */
export async function verifyLogin(email: string, password: string): Promise<SessionUser | null> {
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
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The active user of a session that began at `sessionStartedAt`, unless logged out everywhere since. */
export async function getSessionUser(id: number, sessionStartedAt: string): Promise<SessionUser | null> {
  const user = await getDb()
    .selectFrom("user")
    .select(["id", "email", "name", "role", "disabled_at", "sessions_valid_after"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!user || user.disabled_at) return null;
  if (user.sessions_valid_after && sessionStartedAt < user.sessions_valid_after) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
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

/** Ends every session of the user, on every device. */
export async function logoutEverywhere(userId: number) {
  await getDb().updateTable("user").set({ sessions_valid_after: new Date().toISOString() }).where("id", "=", userId).execute();
}

/** Every coordinator account, for the admin's user list. */
export async function listUsers() {
  return getDb()
    .selectFrom("user")
    .select(["id", "email", "name", "role", "created_at", "disabled_at"])
    .orderBy("disabled_at", "asc")
    .orderBy("name")
    .execute();
}

/** An admin creates a coordinator account; null when the e-mail is taken. Audited. */
export async function createCoordinatorAccount(
  input: { email: string; name: string; password: string; role: UserRole },
  actor: Actor,
): Promise<{ id: number } | null> {
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
      await audit(trx, actor, disabled ? "user.disable" : "user.enable", "user", userId);
      return true;
    });
}

/** Changes a user's own password after checking the current one; other sessions are ended. */
export async function changePassword(userId: number, current: string, next: string): Promise<"ok" | "wrong_password"> {
  const user = await getDb().selectFrom("user").select(["password_hash"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, user.password_hash))) return "wrong_password";
  const passwordHash = await hashPassword(next);
  await writeTransaction(async (trx) => {
      await trx.updateTable("user").set({ password_hash: passwordHash, sessions_valid_after: new Date().toISOString() }).where("id", "=", userId).execute();
      await audit(trx, { kind: "user", userId }, "user.password", "user", userId);
    });
  return "ok";
}
