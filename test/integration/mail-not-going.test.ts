/**
 * Saying no (declining an invitation or withdrawing after a yes) is answered with a thank-you
 * whose calendar attachment takes the entry out again: METHOD:CANCEL, the invitation's UID and a
 * higher SEQUENCE (issue 15).
 */
import ICAL from "ical.js";
import { afterAll, beforeAll, expect, it } from "vitest";

import { acceptInvitation, declineInvitation, withdrawFromEvent } from "~/models/invitation.server";
import { queueInvitations } from "~/models/messages/participant.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { useOutbox, type KeptMessage } from "../helpers/mail";

const NOW = "2026-05-05T09:00:00.000Z";
const outbox = useOutbox();
let test: TestDatabase;
beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ now: new Date(NOW) });
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

function calendarOf(message: KeptMessage) {
  const calendar = new ICAL.Component(ICAL.parse(message.ics!.content));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: vevent.getFirstPropertyValue("uid"),
    sequence: Number(vevent.getFirstPropertyValue("sequence")),
    status: vevent.getFirstPropertyValue("status"),
  };
}

async function invited(name: string) {
  const town = await test.db.selectFrom("town").select("id").where("slug", "=", "kardla").executeTakeFirstOrThrow();
  const venue = await test.db
    .insertInto("venue")
    .values({ town_id: town.id, name: `Kohvik ${name}`, venue_type: "cafe", address: "Keskväljak 1", created_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  const event = await test.db
    .insertInto("event")
    .values({
      kind: "community_event",
      state: "planned",
      title: '{"en":"Tea and talk"}',
      venue_id: venue.id,
      starts_at: "2026-05-20T12:00:00.000Z",
      ends_at: "2026-05-20T15:00:00.000Z",
      is_public: 1,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await test.db.insertInto("event_slot").values({ event_id: event.id, offer: null, position: 0 }).execute();
  const participant = await test.db
    .insertInto("participant")
    .values({
      first_name: name,
      email: `${name.toLowerCase()}@example.org`,
      preferred_locale: "en",
      consent_at: NOW,
      consent_version: "1",
      created_at: NOW,
      updated_at: NOW,
      last_active_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const assignment = await test.db
    .insertInto("assignment")
    .values({ event_id: event.id, participant_id: participant.id, status: "invited", sequence: 1, created_at: NOW, updated_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  await test.db.transaction().execute((trx) => queueInvitations(trx, [assignment.id]));
  return { participantId: participant.id, assignmentId: assignment.id };
}

it("declining: a thank-you that takes the invitation's calendar entry out", async () => {
  const { participantId, assignmentId } = await invited("Amina");
  expect(await declineInvitation(participantId, assignmentId, null)).toEqual({ ok: true });
  const [invitation, notGoing] = await outbox.messages();
  expect(invitation.subject).toBe("Invitation: Tea and talk, 20 May");
  expect(notGoing.subject).toBe("Not going: Tea and talk, 20 May");
  expect(notGoing.text).toContain("taken out of your calendar");
  const before = calendarOf(invitation);
  const after = calendarOf(notGoing);
  expect(before).toMatchObject({ method: "REQUEST", status: "TENTATIVE" });
  expect(after).toMatchObject({ method: "CANCEL", uid: before.uid, status: "CANCELLED" });
  expect(after.sequence).toBeGreaterThan(before.sequence);
});

it("withdrawing after a yes: the same, with a SEQUENCE above the confirmation's", async () => {
  const { participantId, assignmentId } = await invited("Bohdan");
  expect(await acceptInvitation(participantId, assignmentId)).toEqual({ ok: true });
  expect(await withdrawFromEvent(participantId, assignmentId, null)).toEqual({ ok: true });
  const mails = (await outbox.messages()).filter((m) => m.to === "bohdan@example.org");
  expect(mails.map((m) => m.subject.split(":")[0])).toEqual(["Invitation", "You are coming", "Not going"]);
  const confirmation = calendarOf(mails[1]);
  const withdrawal = calendarOf(mails[2]);
  expect(withdrawal).toMatchObject({ method: "CANCEL", uid: confirmation.uid });
  expect(withdrawal.sequence).toBeGreaterThan(confirmation.sequence);
});
