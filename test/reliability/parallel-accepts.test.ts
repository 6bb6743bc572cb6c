import type { ChildProcess } from "node:child_process";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import type { DB } from "#db/connection";
import { LOCALES, type Locale } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";
import { generateToken, hashToken } from "~/utils/token.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { freePort, startServer } from "../helpers/server";

// On SQLite or, with TEST_DATABASE_URL, on PostgreSQL (the two-processes test does the same
// across two app processes).
const PEOPLE = 200;
let test: TestDatabase;
let server: ChildProcess | undefined;
let baseURL: string;
let eventId: number;
let slotId: number;
const invitations: { token: string; assignmentId: number; locale: Locale }[] = [];

/** One event with one place, and PEOPLE participants each invited to it with their own link. */
async function seed(db: DB) {
  const now = new Date().toISOString();
  const town = await db.selectFrom("town").select("id").where("slug", "=", "kuressaare").executeTakeFirstOrThrow();
  const venue = await db
    .insertInto("venue")
    .values({ town_id: town.id, name: "Kohvik Viimane Koht", venue_type: "cafe", capacity: 30, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const startsAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
  eventId = (
    await db
      .insertInto("event")
      .values({
        kind: "community_event",
        state: "planned",
        title: JSON.stringify({ et: "Viimane koht", en: "The last place" }),
        venue_id: venue.id,
        starts_at: startsAt,
        ends_at: new Date(Date.parse(startsAt) + 3 * 3600_000).toISOString(),
        capacity: 30,
        is_public: 1,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  slotId = (await db.insertInto("event_slot").values({ event_id: eventId, offer: null, position: 0 }).returning("id").executeTakeFirstOrThrow()).id;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < PEOPLE; i++) {
      const locale = LOCALES[i % LOCALES.length];
      const { id } = await trx
        .insertInto("participant")
        .values({
          first_name: `Osaleja ${i}`,
          email: `osaleja${i}@example.org`,
          preferred_locale: locale,
          consent_at: now,
          consent_version: "2026-1",
          created_at: now,
          updated_at: now,
          last_active_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const token = generateToken();
      await trx
        .insertInto("access_token")
        .values({ token_hash: hashToken(token), purpose: "participant", subject_id: id, expires_at: null, created_at: now })
        .execute();
      const assignment = await trx
        .insertInto("assignment")
        .values({ event_id: eventId, slot_id: slotId, participant_id: id, status: "invited", explanation: "[]", invited_at: now, created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      invitations.push({ token, assignmentId: assignment.id, locale });
    }
  });
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seed(test.db);

  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = await startServer({ buildDir: inject("buildDir"), database: test.env, port });
});

afterAll(async () => {
  server?.kill();
  await test?.close();
});

/** Text of an HTML page with the entities React writes turned back into characters. */
function pageText(html: string): string {
  return html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

describe("the last place of an event", () => {
  it(`goes to exactly one of ${PEOPLE} people accepting at the same moment; the others are told it was just taken`, async () => {
    const answers = await Promise.all(
      invitations.map(async ({ token, assignmentId, locale }) => {
        const response = await fetch(`${baseURL}/me/${token}`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": locale },
          body: new URLSearchParams({ intent: "accept", assignment_id: String(assignmentId) }),
        });
        return { status: response.status, location: response.headers.get("Location"), body: await response.text(), token, locale };
      }),
    );

    const winners = answers.filter((a) => a.status === 302);
    expect(winners).toHaveLength(1);
    expect(winners[0].location).toBe(`/me/${winners[0].token}?done=accepted#upcoming`);

    const losers = answers.filter((a) => a.status !== 302);
    expect(losers).toHaveLength(PEOPLE - 1);
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      // The page in the person's language says what happened, next to their invitation.
      const message = (resources[loser.locale].translation as unknown as { participantInvitation: { refused: { taken: string } } }).participantInvitation.refused.taken;
      expect(pageText(loser.body)).toContain(message);
      expect(loser.body).toMatch(new RegExp(`<html lang="${loser.locale}"`));
    }

    const db = test.db;
    const statuses = await db
      .selectFrom("assignment")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("event_id", "=", eventId)
      .groupBy("status")
      .execute();
    expect(Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]))).toEqual({ accepted: 1, invited: PEOPLE - 1 });
    const accepted = await db.selectFrom("assignment").select(["slot_id"]).where("event_id", "=", eventId).where("status", "=", "accepted").execute();
    expect(accepted).toEqual([{ slot_id: slotId }]);
    // One audit entry: the one acceptance that happened.
    const audits = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "invitation.accept")
      .executeTakeFirstOrThrow();
    expect(Number(audits.n)).toBe(1);
  });
});
