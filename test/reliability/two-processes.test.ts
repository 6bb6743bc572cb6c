/**
 * Two app processes on one PostgreSQL database (issue 21): the production build behind
 * scripts/server.mjs, started twice with the same DATABASE_URL, each with its mail worker and
 * mailing through an SMTP server in this test. Requests alternate between the two, as a
 * round-robin proxy would send them:
 * - 200 people accept the last place of an event at once: exactly one gets it;
 * - wrong passwords on either process count toward one login throttle (account and address);
 * - 40 people sign up at once on both: every one gets in (transactions that lost a serialisation
 *   race run again, one at a time), and the welcomes they queued and messages queued by neither
 *   process are sent once, by whichever worker claims them;
 * - one process is killed with SIGKILL while sign-ups and acceptances are in flight on both: every
 *   write either acknowledged is there, whole, and no place is taken twice.
 * Runs only in the PostgreSQL reliability run (vitest.postgres.config.ts, TEST_DATABASE_URL), on a
 * database of its own. Both processes run with one pinned clock (TUTTAV_NOW), so the throttle's
 * delays do not depend on how fast the machine is; arrival of mail is polled with generous deadlines.
 */
import type { ChildProcess } from "node:child_process";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import type { DB } from "#db/connection";
import { renderLetter } from "~/domain/messages/letter";
import { enqueue } from "~/models/outbox.server";
import { writeTransaction } from "~/utils/db.server";
import { generateToken, hashToken } from "~/utils/token.server";

import { createTestDatabase, testDatabaseUrl, type TestDatabase } from "../helpers/db";
import { signUpFields } from "../helpers/forms";
import { assignmentsWithAcceptAudits, halfWritten, signUpsWithTheirRows } from "../helpers/wholeWrites";
import { freePort, startServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp";

const ORIGIN = "https://tuttav.example";
const FROM = "Tuttav <info@tuttav.example>";
/** The one instant both processes live in. */
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
const DAY = 86_400_000;
const PEOPLE = 200;
const KILL_SIGNUPS = 60;
const KILL_EVENTS = 30;

let test: TestDatabase | undefined;
let db: DB;
let sink: SmtpSink | undefined;
const servers: { name: string; process: ChildProcess; baseURL: string }[] = [];

type Invitation = { token: string; assignmentId: number; slotId: number };
const lastPlace: Invitation[] = [];
const killRound: Invitation[] = [];

async function invite(trx: DB, eventId: number, slotId: number, name: string, email: string | null): Promise<Invitation> {
  const { id } = await trx
    .insertInto("participant")
    .values({ first_name: name, email, preferred_locale: "et", consent_at: NOW, consent_version: "2026-1", created_at: NOW, updated_at: NOW, last_active_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = generateToken();
  await trx
    .insertInto("access_token")
    .values({ token_hash: hashToken(token), purpose: "participant", subject_id: id, expires_at: null, created_at: NOW })
    .execute();
  const assignment = await trx
    .insertInto("assignment")
    .values({ event_id: eventId, slot_id: slotId, participant_id: id, status: "invited", explanation: "[]", invited_at: NOW, created_at: NOW, updated_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { token, assignmentId: assignment.id, slotId };
}

async function newEvent(trx: DB, venueId: number, title: string, startsAt: number): Promise<{ eventId: number; slotId: number }> {
  const event = await trx
    .insertInto("event")
    .values({
      kind: "community_event",
      state: "planned",
      title: JSON.stringify({ et: title }),
      venue_id: venueId,
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(startsAt + 3 * 3600_000).toISOString(),
      capacity: 30,
      is_public: 1,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const slot = await trx.insertInto("event_slot").values({ event_id: event.id, offer: null, position: 0 }).returning("id").executeTakeFirstOrThrow();
  return { eventId: event.id, slotId: slot.id };
}

/** One event with one place and PEOPLE invited to it; KILL_EVENTS events of one place with two invited each. */
async function seed() {
  const town = await db.selectFrom("town").select("id").where("slug", "=", "kuressaare").executeTakeFirstOrThrow();
  const venue = await db
    .insertInto("venue")
    .values({ town_id: town.id, name: "Kohvik Kaks Protsessi", venue_type: "cafe", capacity: 30, created_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    const last = await newEvent(trx, venue.id, "Viimane koht", Date.parse(NOW) + 14 * DAY);
    for (let i = 0; i < PEOPLE; i++) lastPlace.push(await invite(trx, last.eventId, last.slotId, `Osaleja ${i}`, `osaleja${i}@example.org`));
    for (let e = 0; e < KILL_EVENTS; e++) {
      const event = await newEvent(trx, venue.id, `Krahh ${e}`, Date.parse(NOW) + 15 * DAY + e * 3600_000);
      for (let i = 0; i < 2; i++) killRound.push(await invite(trx, event.eventId, event.slotId, `Kutsutu ${e}-${i}`, null));
    }
  });
}

async function startApp(name: string) {
  const port = await freePort();
  const process_ = await startServer({
    buildDir: inject("buildDir"),
    database: test!.env,
    port,
    env: {
      TUTTAV_NOW: NOW,
      SMTP_URL: sink!.url,
      MAIL_FROM: FROM,
      APP_ORIGIN: ORIGIN,
      // Each post says which client it comes from (X-Forwarded-For), as behind a proxy.
      TRUST_PROXY: "1",
    },
  });
  servers.push({ name, process: process_, baseURL: `http://127.0.0.1:${port}` });
}

beforeAll(async () => {
  if (!testDatabaseUrl()) throw new Error("This test needs PostgreSQL: run it with TEST_DATABASE_URL (test/reliability/vitest.postgres.config.ts)");
  process.env.APP_ORIGIN = ORIGIN;
  process.env.TUTTAV_NOW = NOW;
  // Also the app's connection (globalThis.__tuttavDb), for writeTransaction below.
  test = await createTestDatabase({ now: new Date(NOW) });
  db = test.db;
  await seed();
  sink = await startSmtpSink();
  await startApp("A");
  await startApp("B");
});

afterAll(async () => {
  for (const server of servers) server.process.kill("SIGKILL");
  await sink?.close();
  await test?.close();
  delete process.env.TUTTAV_NOW;
  delete process.env.APP_ORIGIN;
});

/** The i-th request's process, round robin. */
const at = (i: number) => servers[i % 2];

let address = 0;
function post(baseURL: string, url: string, fields: Record<string, string | string[]>, client?: string): Promise<Response> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  address += 1;
  return fetch(`${baseURL}${url}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": client ?? `10.21.${(address >> 8) & 255}.${address & 255}` },
    body,
  });
}

async function status(response: Promise<Response>): Promise<number> {
  const answer = await response;
  await answer.arrayBuffer();
  return answer.status;
}

describe("two app processes on one PostgreSQL database", () => {
  it(`give the last place to exactly one of ${PEOPLE} people accepting at once on either`, async () => {
    const answers = await Promise.all(
      lastPlace.map((invitation, i) => status(post(at(i).baseURL, `/me/${invitation.token}`, { intent: "accept", assignment_id: String(invitation.assignmentId) }))),
    );
    expect(answers.filter((s) => s === 302)).toHaveLength(1);
    expect(answers.filter((s) => s === 409)).toHaveLength(PEOPLE - 1);
    const rows = await db
      .selectFrom("assignment")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("slot_id", "=", lastPlace[0].slotId)
      .groupBy("status")
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.status, r.n]))).toEqual({ accepted: 1, invited: PEOPLE - 1 });
    const audits = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "invitation.accept")
      .executeTakeFirstOrThrow();
    expect(audits.n).toBe(1);
  });

  it("count wrong passwords made on either toward one throttle, per account and per address", async () => {
    const login = (i: number, email: string, client?: string) => status(post(at(i).baseURL, "/login", { email, password: "not the password", redirectTo: "/admin" }, client));
    // An account's first 5 failures are free, wherever they were made; the 6th waits, on either process.
    for (let i = 0; i < 5; i++) expect(await login(i, "kai@example.org")).toBe(400);
    expect(await login(5, "kai@example.org")).toBe(429);
    expect(await login(6, "kai@example.org")).toBe(429);
    // One address may try 10 times in 15 minutes, on both processes together.
    const client = "192.0.2.21";
    for (let i = 0; i < 10; i++) expect(await login(i, `someone-${i}@example.org`, client)).toBe(400);
    expect(await login(10, "someone-else@example.org", client)).toBe(429);
    expect(await login(11, "someone-else@example.org", client)).toBe(429);
  });

  it("send each message once, whichever process queued it and whichever worker claims it", async () => {
    // Welcomes queued by each process as people sign up on it, and messages queued by neither
    // (written here), which both workers find on their next look.
    const emails = Array.from({ length: 40 }, (_, i) => `tere-${i}@example.org`);
    const signUps = await Promise.all(emails.map((email, i) => status(post(at(i).baseURL, "/join", signUpFields({ email, last_name: `Tere ${i}` })))));
    // All at once: they collide in PostgreSQL's serialisable checks, and every one still gets in.
    expect(signUps.filter((s) => s !== 302)).toEqual([]);
    const queued: number[] = [];
    for (let i = 0; i < 100; i++) {
      const letter = renderLetter({
        lang: "en",
        subject: `Message ${i}`,
        greeting: "Hello,",
        blocks: [{ kind: "text", text: `This is message ${i}.` }],
        footer: ["Sent by a test."],
      });
      const invitation = lastPlace[i];
      const participant = await db.selectFrom("access_token").select("subject_id").where("token_hash", "=", hashToken(invitation.token)).executeTakeFirstOrThrow();
      queued.push(
        (await writeTransaction((trx) =>
          enqueue(trx, { kind: "welcome", recipient: { kind: "participant", participantId: participant.subject_id }, to: `osaleja-mail-${i}@example.org`, locale: "en", letter }),
        ))!,
      );
    }
    const ours = await db
      .selectFrom("message")
      .innerJoin("participant", "participant.id", "message.participant_id")
      .select(["message.id", "message.message_id"])
      .where((eb) => eb.or([eb("message.id", "in", queued), eb("participant.email", "in", emails)]))
      .execute();
    expect(ours).toHaveLength(140);

    const deadline = performance.now() + 60_000;
    const arrived = () => ours.filter((m) => sink!.countByMessageId().has(m.message_id)).length;
    while (arrived() < ours.length && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(arrived(), "messages that arrived within a minute").toBe(ours.length);
    const counts = sink!.countByMessageId();
    expect(ours.filter((m) => counts.get(m.message_id) !== 1)).toEqual([]);
    const states = await db
      .selectFrom("message")
      .select("state")
      .where(
        "id",
        "in",
        ours.map((m) => m.id),
      )
      .execute();
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(["sent"]));
  });

  it("lose no acknowledged write when one of them is killed mid-write", async () => {
    type Post = { kind: "signup"; phone: string; email: string | null } | { kind: "accept"; invitation: Invitation };
    const posts: Post[] = [
      ...Array.from({ length: KILL_SIGNUPS }, (_, i): Post => ({
        kind: "signup",
        phone: `+372 59${String(i).padStart(5, "0")}`,
        email: i % 2 === 0 ? `krahh-${i}@example.org` : null,
      })),
      ...killRound.map((invitation): Post => ({ kind: "accept", invitation })),
    ];
    // Interleaved: sign-ups and acceptances alternate, and so do the processes.
    const order = posts
      .map((p, i) => ({ p, key: (i * 7919) % posts.length }))
      .sort((a, b) => a.key - b.key)
      .map(({ p }) => p);
    const [victim, survivor] = servers;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => victim.process.once("exit", (_code, signal) => resolve(signal)));
    const killAfter = 8;
    let answeredByVictim = 0;
    const answers = await Promise.all(
      order.map(async (p, i) => {
        const server = at(i);
        try {
          const response =
            p.kind === "signup"
              ? await post(server.baseURL, "/join", signUpFields({ email: p.email ?? "", phone: p.phone, last_name: p.phone }))
              : await post(server.baseURL, `/me/${p.invitation.token}`, { intent: "accept", assignment_id: String(p.invitation.assignmentId) });
          if (server === victim && ++answeredByVictim === killAfter) victim.process.kill("SIGKILL");
          await response.arrayBuffer().catch(() => undefined);
          return { p, server: server.name, status: response.status as number | null };
        } catch {
          return { p, server: server.name, status: null };
        }
      }),
    );
    if (answeredByVictim < killAfter) victim.process.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(answeredByVictim, "the victim was killed with posts still in flight").toBeGreaterThanOrEqual(killAfter);
    // The survivor answered everything sent to it; the victim did not.
    expect(answers.filter((a) => a.server === survivor.name && a.status === null)).toEqual([]);
    expect(answers.filter((a) => a.server === victim.name && a.status === null).length).toBeGreaterThan(0);
    const acknowledged = answers.filter((a) => a.status !== null && a.status >= 200 && a.status < 400);
    expect(answers.filter((a) => a.status !== null && !(a.status >= 200 && a.status < 400) && a.status !== 409)).toEqual([]);

    for (const { p } of acknowledged) {
      if (p.kind === "signup") {
        const row = await db
          .selectFrom("participant")
          .select("id")
          .where(p.email ? "email" : "phone", "=", p.email ?? p.phone)
          .executeTakeFirst();
        expect(row, `acknowledged sign-up ${p.email ?? p.phone}`).toBeDefined();
      } else {
        const row = await db.selectFrom("assignment").select("status").where("id", "=", p.invitation.assignmentId).executeTakeFirstOrThrow();
        expect(row.status, `acknowledged acceptance of ${p.invitation.assignmentId}`).toBe("accepted");
      }
    }
    // Nothing half-written: every sign-up has its languages, offers, date, link and audit entry;
    // every accepted assignment its one audit entry; no place is taken twice.
    const signedUp = await signUpsWithTheirRows(db);
    expect(signedUp.length).toBeGreaterThanOrEqual(acknowledged.filter((a) => a.p.kind === "signup").length);
    expect(halfWritten(signedUp)).toEqual([]);
    const accepted = await assignmentsWithAcceptAudits(db)
      .where("a.status", "=", "accepted")
      .where("a.slot_id", "in", [...new Set(killRound.map((i) => i.slotId))])
      .execute();
    expect(accepted.filter((a) => a.audits !== 1)).toEqual([]);
    expect(new Set(accepted.map((a) => a.slot_id)).size).toBe(accepted.length);
    // The survivor goes on serving what the victim wrote.
    const page = await fetch(`${survivor.baseURL}/me/${killRound[0].token}`);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
  });
});
