import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import type { DB } from "#db/connection";
import type { Database } from "#db/schema";
import { generateToken, hashToken } from "~/utils/token.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { signUpFields } from "../helpers/forms";
import { assignmentsWithAcceptAudits, halfWritten, signUpsWithTheirRows } from "../helpers/wholeWrites";
import { freePort, startServer } from "../helpers/server";

// The real server (the production build behind scripts/server.mjs) is killed with SIGKILL while
// many form posts are in flight: participants signing up (POST /join) and participants accepting
// invitations (POST /me/<token>). It is then started again on the same database, and every
// write it had acknowledged (a 2xx/3xx answer received before the kill) must be there, whole.
// On SQLite or, with TEST_DATABASE_URL, on PostgreSQL (there the killed process's open
// transactions are PostgreSQL's to roll back).

const ROUNDS = 4;
/** Per round: sign-ups (every other one without an e-mail address) and invitation answers. */
const SIGNUPS = 60;
const EVENTS = 30;
const INVITEES_PER_EVENT = 2;

let dir: string;
let buildDir: string;
let test: TestDatabase;
let server: ChildProcess | undefined;
let baseURL: string;
const savedEnv = { TRUST_PROXY: process.env.TRUST_PROXY, MAIL_OUTBOX_PATH: process.env.MAIL_OUTBOX_PATH };

type Invitation = { token: string; assignmentId: number; slotId: number };
/** The invitations each round answers: EVENTS events of one place each, INVITEES_PER_EVENT people invited to each. */
const invitationsByRound: Invitation[][] = [];

/** Deterministic pseudo-random numbers (mulberry32), so a failing round can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(db: DB) {
  const now = new Date().toISOString();
  const town = await db.selectFrom("town").select("id").where("slug", "=", "tartu").executeTakeFirstOrThrow();
  const venue = await db
    .insertInto("venue")
    .values({ town_id: town.id, name: "Kohvik Krahh", venue_type: "cafe", capacity: 30, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    for (let round = 0; round < ROUNDS; round++) {
      const invitations: Invitation[] = [];
      for (let e = 0; e < EVENTS; e++) {
        const startsAt = new Date(Date.now() + (14 + round) * 86_400_000 + e * 3600_000).toISOString();
        const event = await trx
          .insertInto("event")
          .values({
            kind: "community_event",
            state: "planned",
            title: JSON.stringify({ et: `Krahh ${round}-${e}` }),
            venue_id: venue.id,
            starts_at: startsAt,
            ends_at: new Date(Date.parse(startsAt) + 1800_000).toISOString(),
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const slot = await trx.insertInto("event_slot").values({ event_id: event.id, offer: null, position: 0 }).returning("id").executeTakeFirstOrThrow();
        for (let i = 0; i < INVITEES_PER_EVENT; i++) {
          const person = await trx
            .insertInto("participant")
            .values({
              first_name: `Kutsutu ${round}-${e}-${i}`,
              preferred_locale: "et",
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
            .values({ token_hash: hashToken(token), purpose: "participant", subject_id: person.id, created_at: now })
            .execute();
          const assignment = await trx
            .insertInto("assignment")
            .values({ event_id: event.id, slot_id: slot.id, participant_id: person.id, status: "invited", invited_at: now, created_at: now, updated_at: now })
            .returning("id")
            .executeTakeFirstOrThrow();
          invitations.push({ token, assignmentId: assignment.id, slotId: slot.id });
        }
      }
      invitationsByRound.push(invitations);
    }
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-crash-"));
  // Every post comes from its own address (as many people would), so the per-address limit of
  // the public forms does not answer 429 to most of them; mail goes to a file in the temp folder.
  process.env.TRUST_PROXY = "1";
  process.env.MAIL_OUTBOX_PATH = path.join(dir, "outbox.jsonl");
  buildDir = inject("buildDir");
  test = await createTestDatabase();
  await seed(test.db);
  // On SQLite the server is the file's only user, as in production: a connection kept open here
  // would keep the WAL index alive across each kill, and the restart would not recover from the
  // files alone. The checks open their own connection (readAfterRestart).
  if (test.dialect === "sqlite") await test.db.destroy();
  await restart();
});

afterAll(async () => {
  server?.kill("SIGKILL");
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await test?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the server (again) on the same database. */
async function restart() {
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = await startServer({ buildDir, database: test.env, port });
}

/** Runs `read` on the database as the restarted server left it: on SQLite over a read-only connection opened now and closed after. */
async function readAfterRestart<T>(read: (db: DB) => Promise<T>): Promise<T> {
  if (test.dialect !== "sqlite") return read(test.db);
  const reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(test.file, { readonly: true }) }) });
  try {
    return await read(reader);
  } finally {
    await reader.destroy();
  }
}

let address = 0;
/** A form post as a browser sends it, from its own client address and without an Origin header. */
function post(url: string, fields: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  address += 1;
  return fetch(`${baseURL}${url}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` },
    body,
  });
}

type Post = { kind: "signup"; email: string | null; phone: string } | { kind: "accept"; invitation: Invitation };
type Answer = { post: Post; status: number | null; location: string | null };

/**
 * Fires every post of a round at once and kills the server with SIGKILL as soon as `killAfter`
 * answers have come back, while the rest are still in flight. Returns every post with the answer
 * it got (status null: none before the kill).
 */
async function postAndKill(posts: Post[], killAfter: number): Promise<Answer[]> {
  const victim = server!;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => victim.once("exit", (_code, signal) => resolve(signal)));
  let answered = 0;
  const answers = await Promise.all(
    posts.map(async (p): Promise<Answer> => {
      try {
        const response =
          p.kind === "signup"
            ? await post("/join", signUpFields({ email: p.email ?? "", phone: p.phone, last_name: p.phone }))
            : await post(`/me/${p.invitation.token}`, { intent: "accept", assignment_id: String(p.invitation.assignmentId) });
        answered += 1;
        if (answered === killAfter) victim.kill("SIGKILL");
        await response.arrayBuffer().catch(() => undefined);
        return { post: p, status: response.status, location: response.headers.get("Location") };
      } catch {
        // The connection died with the server: no answer, so nothing was promised.
        return { post: p, status: null, location: null };
      }
    }),
  );
  const killedMidStream = answered >= killAfter;
  if (!killedMidStream) victim.kill("SIGKILL");
  expect(await exited, "the server was killed, not ended otherwise").toBe("SIGKILL");
  expect(killedMidStream, `the server answered only ${answered} posts`).toBe(true);
  return answers;
}

const acknowledged = (a: Answer) => a.status !== null && a.status >= 200 && a.status < 400;

/** Checks the database after a crash and a restart; returns what it found for the round's report. */
function checkDatabase(answers: Answer[]) {
  return readAfterRestart(async (db) => {
    if (test.dialect === "sqlite") {
      const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
      expect(integrity.rows.map((row) => row.integrity_check)).toEqual(["ok"]);
      expect((await sql`PRAGMA foreign_key_check`.execute(db)).rows).toEqual([]);
    }
    // PostgreSQL: none of either. The app process was killed, not PostgreSQL, whose files it never
    // writes; and PostgreSQL checks every foreign key on every write (SQLite only when asked).

    // Every acknowledged sign-up is there: with an address it is found by the address (the answer
    // is "check your e-mail" either way), without one by the phone number it was sent with.
    for (const answer of answers.filter(acknowledged)) {
      if (answer.post.kind !== "signup") continue;
      const { email, phone } = answer.post;
      const row = await db
        .selectFrom("participant")
        .select("id")
        .where(email ? "email" : "phone", "=", email ?? phone)
        .executeTakeFirst();
      expect(row, `acknowledged sign-up ${email ?? phone} (${answer.status} ${answer.location})`).toBeDefined();
    }
    // No sign-up is half there: each has the languages, offers and dates of the form, its private
    // link and its audit entry (signUp writes them in one transaction), and no entry lacks its person.
    const signedUp = await signUpsWithTheirRows(db);
    expect(halfWritten(signedUp), "half-written sign-ups").toEqual([]);
    const orphanAudits = await db
      .selectFrom("audit_log")
      .select("entity_id")
      .where("action", "=", "participant.signup")
      .where("entity_id", "not in", (eb) => eb.selectFrom("participant").select("id"))
      .execute();
    expect(orphanAudits, "sign-up audit entries without their participant").toEqual([]);

    // Every acknowledged acceptance holds; an accepted assignment always has its one audit entry
    // (acceptInvitation writes both in one transaction), and no place is taken twice.
    for (const answer of answers.filter(acknowledged)) {
      if (answer.post.kind !== "accept") continue;
      const { assignmentId } = answer.post.invitation;
      expect(await db.selectFrom("assignment").select("status").where("id", "=", assignmentId).executeTakeFirst(), `acknowledged acceptance of assignment ${assignmentId}`).toEqual(
        { status: "accepted" },
      );
    }
    const assignments = await assignmentsWithAcceptAudits(db).execute();
    const mismatched = assignments.filter((a) => (a.status === "accepted") !== (a.audits === 1) || Number(a.audits) > 1);
    expect(mismatched, "acceptances without their audit entry, or audit entries without their acceptance").toEqual([]);
    const doubleTaken = await db
      .selectFrom("assignment")
      .select("slot_id")
      .where("status", "=", "accepted")
      .groupBy("slot_id")
      .having((eb) => eb.fn.countAll(), ">", 1)
      .execute();
    expect(doubleTaken, "places accepted twice").toEqual([]);
    return { signedUp: signedUp.length };
  });
}

describe("a crash of the real server", () => {
  it(`keeps every acknowledged sign-up and acceptance, whole, across ${ROUNDS} SIGKILLs during form posts`, async () => {
    let acknowledgedInAll = 0;
    let unansweredInAll = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const next = random(2026 + round);
      const signups: Post[] = Array.from({ length: SIGNUPS }, (_, i) => ({
        kind: "signup",
        email: i % 2 === 0 ? `krahh-${round}-${i}@example.org` : null,
        phone: `+372 5${String(round).padStart(2, "0")}${String(i).padStart(4, "0")}`,
      }));
      const accepts: Post[] = invitationsByRound[round].map((invitation) => ({ kind: "accept", invitation }));
      // Sign-ups and acceptances interleaved, in an order and with a kill moment drawn from the seed.
      const posts = [...signups, ...accepts]
        .map((p) => ({ p, key: next() }))
        .sort((a, b) => a.key - b.key)
        .map(({ p }) => p);
      // Early, so that under load a lagging test process still finds most posts unanswered.
      const killAfter = 5 + Math.floor(next() * 36);

      const answers = await postAndKill(posts, killAfter);
      await restart();
      const found = await checkDatabase(answers);

      const acked = answers.filter(acknowledged);
      // Nothing else came back: a post was answered with a redirect, the place being taken (409), or not at all.
      expect(
        answers.filter((a) => a.status !== null && !acknowledged(a) && a.status !== 409),
        `round ${round}: unexpected answers`,
      ).toEqual([]);
      expect(found.signedUp).toBeGreaterThanOrEqual(acked.filter((a) => a.post.kind === "signup").length);
      acknowledgedInAll += acked.length;
      unansweredInAll += answers.filter((a) => a.status === null).length;

      // The restarted server serves what was written before the crash: an acknowledged phone-only
      // sign-up's private page opens.
      const pageOf = acked.find((a) => a.post.kind === "signup" && a.post.email === null && a.location?.startsWith("/me/"));
      if (pageOf) {
        const page = await fetch(`${baseURL}${pageOf.location!.split("?")[0]}`);
        expect(page.status).toBe(200);
        await page.arrayBuffer();
      }
    }
    // The kills came while posts were in flight (some were never answered), after writes had been acknowledged.
    expect(unansweredInAll).toBeGreaterThan(0);
    expect(acknowledgedInAll).toBeGreaterThan(ROUNDS);
  });
});
