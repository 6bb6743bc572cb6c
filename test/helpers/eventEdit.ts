/** The coordinator's edit of an event, as a test builds it from what is stored. */
import type { DB } from "#db/connection";
import type { EventInput } from "~/models/event/create.server";

/** What the coordinator's edit form would post for the event as it stands, with changes. */
export async function editOf(db: DB, eventId: number, change: Partial<EventInput>): Promise<EventInput> {
  const event = await db.selectFrom("event").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
  const slots = await db.selectFrom("event_slot").select("offer").where("event_id", "=", eventId).orderBy("position").execute();
  return {
    kind: event.kind,
    title: JSON.parse(event.title),
    description: JSON.parse(event.description ?? "{}"),
    venueId: event.venue_id,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    capacity: event.capacity,
    expectedAudience: event.expected_audience,
    languages: JSON.parse(event.languages),
    isPublic: event.is_public === 1,
    overnightStay: event.overnight_stay === 1,
    slots: slots.map((s) => s.offer),
    topic: event.topic,
    ...change,
  };
}
