import type { UserRole } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";

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
