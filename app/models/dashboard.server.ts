import { getDb } from "~/utils/db.server";

/** The counts a coordinator looks at first. */
export async function getDashboardSummary(nowIso: string) {
  const db = getDb();
  const [newRequests, upcoming, participants, openInvitations] = await Promise.all([
    db
      .selectFrom("event_request")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "new")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("event")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "in", ["draft", "planned", "confirmed"])
      .where("starts_at", ">", nowIso)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("participant")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("erased_at", "is", null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("assignment")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "invited")
      .executeTakeFirstOrThrow(),
  ]);
  return {
    newRequests: Number(newRequests.n),
    upcomingEvents: Number(upcoming.n),
    participants: Number(participants.n),
    openInvitations: Number(openInvitations.n),
  };
}
