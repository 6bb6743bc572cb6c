/** A change of time or place, or a cancellation: everyone invited or coming hears of it, and the host (see compose.server.ts). */
import { now } from "~/utils/clock.server";

import { loadEvent, type Executor } from "./compose.server";
import { queueHostEventMessage } from "./host.server";
import { queueParticipantEventMessage } from "./participant.server";

/** Changes this close to the start go out before anything else, to everyone concerned. */
export const LAST_MINUTE_HOURS = 72;

function isLastMinute(startsAt: string): boolean {
  const hours = (Date.parse(startsAt) - now().getTime()) / 3_600_000;
  return hours <= LAST_MINUTE_HOURS;
}

/** Who is told of a change: everyone invited or coming. */
async function concernedAssignments(db: Executor, eventId: number) {
  return db.selectFrom("assignment").select(["id", "status"]).where("event_id", "=", eventId).where("status", "in", ["invited", "accepted"]).orderBy("id").execute();
}

/**
 * A change of time or place: everyone invited or coming and the host hear of it, with the new
 * journey; within LAST_MINUTE_HOURS of the (new or old) start it goes first.
 */
export async function queueEventChanged(db: Executor, eventId: number, previousStartsAt: string) {
  const row = await loadEvent(db, eventId);
  if (!row) return;
  const urgent = isLastMinute(previousStartsAt < row.starts_at ? previousStartsAt : row.starts_at);
  for (const assignment of await concernedAssignments(db, eventId)) await queueParticipantEventMessage(db, "event_changed", assignment.id, { urgent });
  if (row.request_id !== null) await queueHostEventMessage(db, "event_changed", eventId, { urgent });
}

/** A cancellation: everyone invited or coming and the host; within LAST_MINUTE_HOURS it goes first. */
export async function queueEventCancelled(db: Executor, eventId: number) {
  const row = await loadEvent(db, eventId);
  if (!row) return;
  const urgent = isLastMinute(row.starts_at);
  for (const assignment of await concernedAssignments(db, eventId)) await queueParticipantEventMessage(db, "event_cancelled", assignment.id, { urgent });
  if (row.request_id !== null) await queueHostEventMessage(db, "event_cancelled", eventId, { urgent });
}
