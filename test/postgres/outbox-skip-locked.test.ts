/**
 * PostgreSQL only: a worker's claim passes over messages that another worker is claiming (rows it
 * has locked) instead of waiting for them, and takes them once they are free. Without `FOR UPDATE
 * SKIP LOCKED` the second claim would wait on the first's lock, and this test would never finish.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderLetter } from "~/domain/messages/letter";
import { claimDue } from "~/models/outbox/claims.server";
import { enqueue } from "~/models/outbox.server";
import { writeTransaction } from "~/utils/db.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";

const T0 = "2026-05-05T09:00:00.000Z";
let test: TestDatabase;
beforeAll(async () => {
  process.env.TUTTAV_NOW = T0;
  test = await createTestDatabase({ now: new Date(T0) });
  if (test.dialect !== "postgres") throw new Error("This file runs in the PostgreSQL run only (TEST_DATABASE_URL)");
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test?.close();
});

async function queue(count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const { id: participantId } = await test.db
      .insertInto("participant")
      .values({
        first_name: `Person ${i}`,
        email: `person-${i}@example.org`,
        preferred_locale: "en",
        consent_at: T0,
        consent_version: "1",
        created_at: T0,
        updated_at: T0,
        last_active_at: T0,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const letter = renderLetter({
      lang: "en",
      subject: `Message ${i}`,
      greeting: "Hello,",
      blocks: [{ kind: "text", text: `This is message ${i}.` }],
      footer: ["Sent by a test."],
    });
    const id = await writeTransaction((db) =>
      enqueue(db, { kind: "welcome", recipient: { kind: "participant", participantId }, to: `person-${i}@example.org`, locale: "en", letter }),
    );
    ids.push(id!);
  }
  return ids;
}

describe("outbox claims on PostgreSQL", () => {
  it("pass over messages another worker has locked, and take them once the lock is gone", async () => {
    const ids = await queue(6);
    if (test.dialect !== "postgres") throw new Error("PostgreSQL only");
    const other = new pg.Client({ connectionString: test.url });
    await other.connect();
    try {
      // Another worker in the middle of its claim: it holds the three oldest rows.
      await other.query("BEGIN");
      await other.query("SELECT id FROM message WHERE id = ANY($1) FOR UPDATE", [ids.slice(0, 3)]);
      const first = await claimDue("worker-b", 10);
      expect(first.map((m) => m.id).sort((a, b) => a - b)).toEqual(ids.slice(3));
      await other.query("ROLLBACK");
      const second = await claimDue("worker-c", 10);
      expect(second.map((m) => m.id).sort((a, b) => a - b)).toEqual(ids.slice(0, 3));
      expect(await claimDue("worker-d", 10)).toEqual([]);
    } finally {
      await other.end();
    }
  });
});
