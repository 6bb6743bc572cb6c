import { zonedInstant } from "~/domain/schedule";
import { getDb } from "~/utils/db.server";

import type { MatchingScope } from "./matching.server";

export type ProposedLineup = {
  eventId: number;
  titleJson: string;
  startsAt: string;
  /** First names of the people proposed, in the order of the event's places. */
  names: string[];
  /** One-way travel of those people, in minutes. */
  travelMinutes: number;
};

/**
 * What a coordinator accepted and has not sent yet: the proposed places of the period (and
 * county) by event, soonest first. The same events `sendInvitations` turns into invitations.
 */
export async function listProposedLineups(scope: MatchingScope): Promise<ProposedLineup[]> {
  let query = getDb()
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .innerJoin("participant", "participant.id", "assignment.participant_id")
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .select(["assignment.event_id", "assignment.travel_minutes", "event.title", "event.starts_at", "participant.first_name"])
    .where("assignment.status", "=", "proposed")
    .where("event.starts_at", ">=", zonedInstant(scope.from, "00:00").toISOString())
    .where("event.starts_at", "<=", zonedInstant(scope.to, "23:59").toISOString())
    .orderBy("event.starts_at")
    .orderBy("event.id")
    .orderBy("event_slot.position")
    .orderBy("assignment.id");
  if (scope.regionCode) query = query.where("town.region_code", "=", scope.regionCode);
  const lineups = new Map<number, ProposedLineup>();
  for (const row of await query.execute()) {
    let lineup = lineups.get(row.event_id);
    if (!lineup) {
      lineup = { eventId: row.event_id, titleJson: row.title, startsAt: row.starts_at, names: [], travelMinutes: 0 };
      lineups.set(row.event_id, lineup);
    }
    lineup.names.push(row.first_name);
    lineup.travelMinutes += row.travel_minutes ?? 0;
  }
  return [...lineups.values()];
}
