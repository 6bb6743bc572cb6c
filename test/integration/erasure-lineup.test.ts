/**
 * Erasure and the host's line-up message (issue 15): a line-up still waiting to go names the
 * participant; when they erase themselves it is written again without them.
 */
import { afterAll, beforeAll, expect, it } from "vitest";

import { eraseParticipant } from "~/models/erasure.server";
import { acceptInvitation } from "~/models/invitation.server";
import { acceptRequest } from "~/models/request/decision.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { fileHostRequest } from "../helpers/hostRequest";

const NOW = "2026-05-05T09:00:00.000Z";
let test: TestDatabase;
beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ now: new Date(NOW) });
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

it("a waiting line-up that names an erased participant is replaced by one without them", async () => {
  const user = await test.db
    .insertInto("user")
    .values({ email: "c@example.org", name: "C", password_hash: "x", role: "coordinator", created_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  const request = await fileHostRequest(test.db, { organisation: "Kärdla Kohvik", windowTo: "2026-06-30" });
  const accepted = await acceptRequest(request.id, { kind: "user", userId: user.id });
  if (!accepted.ok) throw new Error(accepted.code);
  await test.db.updateTable("event").set({ state: "planned" }).where("id", "=", accepted.eventId).execute();
  // Open places for both, whatever the request wished for.
  await test.db
    .insertInto("event_slot")
    .values([
      { event_id: accepted.eventId, offer: null, position: 10 },
      { event_id: accepted.eventId, offer: null, position: 11 },
    ])
    .execute();
  const people = [];
  for (const name of ["Zarina", "Olena"]) {
    const { id } = await test.db
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
      .values({ event_id: accepted.eventId, participant_id: id, status: "invited", created_at: NOW, updated_at: NOW })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await acceptInvitation(id, assignment.id)).toEqual({ ok: true });
    people.push(id);
  }
  const lineups = () => test.db.selectFrom("message").select(["state", "body_text"]).where("kind", "=", "lineup").where("event_id", "=", accepted.eventId).orderBy("id").execute();
  const before = await lineups();
  expect(before.filter((m) => m.state === "pending")).toHaveLength(1);
  expect(before.find((m) => m.state === "pending")!.body_text).toContain("Zarina");

  expect(await eraseParticipant(people[0], { kind: "user", userId: user.id })).toBe(true);
  const after = await lineups();
  const pending = after.filter((m) => m.state === "pending");
  expect(pending).toHaveLength(1);
  expect(pending[0].body_text).not.toContain("Zarina");
  expect(pending[0].body_text).toContain("Olena");
  // The one that named them will never go.
  expect(after.filter((m) => m.body_text?.includes("Zarina")).every((m) => m.state === "cancelled")).toBe(true);
});
