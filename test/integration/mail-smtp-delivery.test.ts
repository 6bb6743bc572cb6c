/**
 * Delivery through a real SMTP server (issue 15): the outbox worker with nodemailer's pooled SMTP
 * transport against an `smtp-server` in this process. A mail server that says "later" (451) gets
 * the message again after the back-off, once; one that says "never" (550) fails it at once; a
 * worker killed after the commit, or after claiming, leaves nothing behind; two workers at once
 * send each message exactly once; and nothing goes to someone who erased themselves.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { renderLetter } from "~/domain/messages/letter";
import { eraseParticipant } from "~/models/erasure.server";
import { startMailWorker, type MailWorker } from "~/models/mailWorker.server";
import { claimDue, LEASE_MS, recordDeliveries, retryDelayMs } from "~/models/outbox/claims.server";
import { enqueue } from "~/models/outbox.server";
import { resendLink } from "~/models/participant/links.server";
import { issueToken, resolveToken } from "~/models/token.server";
import { writeTransaction } from "~/utils/db.server";
import { createMailTransport, type MailTransport } from "~/utils/mailTransport.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { freePort } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp";

const FROM = "Tuttav <info@tuttav.example>";
const T0 = "2026-05-05T09:00:00.000Z";
const saved = { APP_ORIGIN: process.env.APP_ORIGIN, MAIL_FROM: process.env.MAIL_FROM, TUTTAV_NOW: process.env.TUTTAV_NOW };

let test: TestDatabase;
let sink: SmtpSink;
beforeAll(async () => {
  process.env.APP_ORIGIN = "https://tuttav.example";
  process.env.MAIL_FROM = FROM;
  process.env.TUTTAV_NOW = T0;
  test = await createTestDatabase({ now: new Date(T0) });
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
  await test?.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

// Every worker a test starts is stopped after it, so none is left listening when the next one
// queues messages "while no worker runs".
const workers: MailWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  sink.take();
  process.env.TUTTAV_NOW = T0;
});

/** The worker as the app builds it, with its own pooled SMTP transport to the test's server. */
function startWorker(options: { batch?: number; smtpUrl?: string } = {}): MailWorker {
  const worker = startMailWorker({ transport: createMailTransport({ smtpUrl: options.smtpUrl ?? sink.url, from: FROM }), pollMs: 3_600_000, batch: options.batch });
  workers.push(worker);
  return worker;
}

const later = (ms: number) => (process.env.TUTTAV_NOW = new Date(Date.parse(process.env.TUTTAV_NOW ?? T0) + ms).toISOString());

let people = 0;
/** A participant with an address and a working private link. */
async function participant(): Promise<{ id: number; email: string; token: string }> {
  people += 1;
  const email = `person-${people}@example.org`;
  const { id } = await test.db
    .insertInto("participant")
    .values({ first_name: `Person ${people}`, email, preferred_locale: "en", consent_at: T0, consent_version: "1", created_at: T0, updated_at: T0, last_active_at: T0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, email, token: await issueToken(test.db, "participant", id) };
}

const row = (participantId: number) =>
  test.db
    .selectFrom("message")
    .select(["id", "message_id", "state", "tries", "last_error", "next_attempt_at", "claimed_by", "to_address", "subject", "body_text", "body_html", "ics"])
    .where("participant_id", "=", participantId)
    .executeTakeFirstOrThrow();

const liveLinks = async (id: number) =>
  (await test.db.selectFrom("access_token").select("id").where("purpose", "=", "participant").where("subject_id", "=", id).where("revoked_at", "is", null).execute()).length;

/** `count` plain messages to coordinators, queued `perTransaction` at a time as the app would. */
async function queueMany(count: number, perTransaction = 50): Promise<string[]> {
  const { id: userId } = await test.db
    .insertInto("user")
    .values({ email: `c-${count}-${people++}@tuttav.example`, name: "C", password_hash: "x", role: "coordinator", created_at: T0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let start = 0; start < count; start += perTransaction) {
    await writeTransaction(async (db) => {
      for (let i = start; i < Math.min(count, start + perTransaction); i++) {
        const letter = renderLetter({
          lang: "en",
          subject: `Message ${i}`,
          greeting: "Hello,",
          blocks: [{ kind: "text", text: `This is message ${i}.` }],
          footer: ["Sent by a test."],
        });
        await enqueue(db, { kind: "digest", recipient: { kind: "coordinator", userId }, to: `c${i}@tuttav.example`, locale: "en", letter });
      }
    });
  }
  const rows = await test.db.selectFrom("message").select("message_id").where("user_id", "=", userId).execute();
  return rows.map((r) => r.message_id);
}

describe("a mail server that says later or never", () => {
  for (const stage of ["rcpt", "data"] as const) {
    it(`451 at ${stage === "rcpt" ? "RCPT TO" : "DATA"}: tried again after the back-off and delivered exactly once; the old link goes only then`, async () => {
      const person = await participant();
      await resendLink(person.email);
      sink.refuseNext(stage, 451);
      const worker = startWorker();
      await worker.drain();
      expect(sink.refusalsLeft(stage)).toBe(0);
      expect(sink.received.filter((m) => m.recipients.includes(person.email))).toEqual([]);
      const first = await row(person.id);
      expect(first).toMatchObject({ state: "pending", tries: 1, claimed_by: null, next_attempt_at: new Date(Date.parse(T0) + retryDelayMs(1)).toISOString() });
      // The mail server's own words for the outbox page, its code once.
      expect(first.last_error).toMatch(/^451 Try again later/);
      // Not accepted: nothing is revoked, the body (with the new link) is kept for the retry.
      expect(await liveLinks(person.id)).toBe(2);
      expect(first.body_text).toContain("/me/");

      // Not due yet: nothing goes.
      later(retryDelayMs(1) - 1_000);
      expect(await worker.drain()).toBe(0);
      later(2_000);
      expect(await worker.drain()).toBe(1);
      const arrived = sink.take().filter((m) => m.recipients.includes(person.email));
      expect(arrived).toHaveLength(1);
      expect(arrived[0].messageId).toBe(first.message_id);
      expect(sink.countByMessageId().get(first.message_id)).toBe(1);
      expect(await row(person.id)).toMatchObject({ state: "sent", tries: 2, last_error: null, body_text: null, body_html: null });
      expect(await resolveToken("participant", person.token)).toBeNull();
      expect(await liveLinks(person.id)).toBe(1);
      expect(await worker.drain()).toBe(0);
    });
  }

  it("550: failed at once and never tried again; the new link it carried is revoked and the old one keeps working", async () => {
    const person = await participant();
    await resendLink(person.email);
    sink.refuseNext("rcpt", 550);
    const worker = startWorker();
    await worker.drain();
    const failed = await row(person.id);
    expect(failed).toMatchObject({ state: "failed", tries: 1 });
    expect(failed.last_error).toMatch(/^550 Mailbox unavailable/);
    later(24 * 3_600_000);
    expect(await worker.drain()).toBe(0);
    expect(sink.received.filter((m) => m.recipients.includes(person.email))).toEqual([]);
    expect(await resolveToken("participant", person.token)).toMatchObject({ subjectId: person.id });
    expect(await liveLinks(person.id)).toBe(1);
  });

  it("a mail server that is down (connection refused) is a temporary failure; once it is up the message goes", async () => {
    const person = await participant();
    await resendLink(person.email);
    const down = startWorker({ smtpUrl: `smtp://127.0.0.1:${await freePort()}` });
    await down.drain();
    const first = await row(person.id);
    expect(first).toMatchObject({ state: "pending", tries: 1 });
    expect(first.last_error).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
    later(retryDelayMs(1));
    expect(await startWorker().drain()).toBe(1);
    expect(sink.take().map((m) => m.messageId)).toEqual([first.message_id]);
    expect(await row(person.id)).toMatchObject({ state: "sent", tries: 2 });
  });
});

describe("links replaced by mail", () => {
  it("asking for a new link twice: both messages go, and the newer link works (the older one replaced it, not the other way round)", async () => {
    const person = await participant();
    await resendLink(person.email);
    await resendLink(person.email);
    await startWorker().drain();
    const mails = sink.take().filter((m) => m.recipients.includes(person.email));
    expect(mails).toHaveLength(2);
    const tokens = mails.map((m) => /\/me\/([A-Za-z0-9_-]{43})/.exec(m.text)![1]);
    const newest = (
      await test.db
        .selectFrom("access_token")
        .select(["id", "token_hash"])
        .where("purpose", "=", "participant")
        .where("subject_id", "=", person.id)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow()
    ).id;
    const live = await Promise.all(tokens.map((token) => resolveToken("participant", token)));
    // The link of the later request is the one left working; the original link is gone.
    expect(live.filter(Boolean).map((r) => r!.tokenId)).toEqual([newest]);
    expect(await resolveToken("participant", person.token)).toBeNull();
    expect(await liveLinks(person.id)).toBe(1);
  });

  it("the same, when the later message goes first (the earlier one was put off by the mail server)", async () => {
    const person = await participant();
    await resendLink(person.email);
    sink.refuseNext("rcpt", 451);
    const worker = startWorker();
    await worker.drain();
    await resendLink(person.email);
    await worker.drain();
    later(retryDelayMs(1));
    await worker.drain();
    const mails = sink.take().filter((m) => m.recipients.includes(person.email));
    expect(mails).toHaveLength(2);
    const newest = (
      await test.db.selectFrom("access_token").select("id").where("purpose", "=", "participant").where("subject_id", "=", person.id).orderBy("id", "desc").executeTakeFirstOrThrow()
    ).id;
    const live = await test.db
      .selectFrom("access_token")
      .select("id")
      .where("purpose", "=", "participant")
      .where("subject_id", "=", person.id)
      .where("revoked_at", "is", null)
      .execute();
    expect(live.map((t) => t.id)).toEqual([newest]);
  });
});

describe("a worker that dies", () => {
  it("between commit and send: what it never sent goes when a fresh worker starts", async () => {
    // No worker runs: the messages are committed and wait.
    const persons = [await participant(), await participant(), await participant()];
    for (const person of persons) await resendLink(person.email);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const person of persons) expect(await row(person.id)).toMatchObject({ state: "pending", tries: 0 });
    expect(sink.take()).toEqual([]);

    const restarted = startWorker();
    await restarted.drain();
    const arrived = sink.take();
    expect(arrived.map((m) => m.recipients[0]).sort()).toEqual(persons.map((p) => p.email).sort());
    for (const person of persons) {
      const sent = await row(person.id);
      expect(sent).toMatchObject({ state: "sent", tries: 1 });
      expect(sink.countByMessageId().get(sent.message_id)).toBe(1);
    }
  });

  it("after claiming, before sending: its claim runs out after LEASE_MS and another worker sends each message once", async () => {
    const persons = [await participant(), await participant(), await participant()];
    for (const person of persons) await resendLink(person.email);
    const claimed = await claimDue("dead-worker", 10);
    expect(claimed.map((m) => m.to).sort()).toEqual(persons.map((p) => p.email).sort());
    for (const person of persons) expect(await row(person.id)).toMatchObject({ state: "sending", claimed_by: "dead-worker", tries: 1 });

    // While the claim holds, nobody else touches them.
    const next = startWorker();
    expect(await next.drain()).toBe(0);
    later(LEASE_MS - 1_000);
    expect(await next.drain()).toBe(0);
    expect(sink.take()).toEqual([]);

    later(1_000);
    expect(await next.drain()).toBe(3);
    const arrived = sink.take();
    expect(arrived.map((m) => m.messageId).sort()).toEqual(claimed.map((m) => m.messageId).sort());
    for (const person of persons) expect(await row(person.id)).toMatchObject({ state: "sent", tries: 2, claimed_by: null });
  });

  it("after sending, before recording: sent again after the lease with the same Message-ID (once per claim), and its late word does not count", async () => {
    const person = await participant();
    await resendLink(person.email);
    const [message] = await claimDue("dead-worker", 10);
    // The dead worker got as far as handing the message to the mail server.
    const dying: MailTransport = createMailTransport({ smtpUrl: sink.url, from: FROM });
    expect(
      await dying.send({
        messageId: message.messageId,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        locale: message.locale,
        ics: message.ics,
      }),
    ).toEqual({ ok: true });
    dying.close();

    later(LEASE_MS);
    expect(await startWorker().drain()).toBe(1);
    const arrived = sink.take();
    expect(arrived.map((m) => m.messageId)).toEqual([message.messageId, message.messageId]);
    expect(arrived[0].text).toBe(arrived[1].text);
    expect(sink.countByMessageId().get(message.messageId)).toBe(2);
    // The dead worker's outcome, recorded late, is ignored: its claim was taken over.
    await recordDeliveries("dead-worker", [{ id: message.id, outcome: { ok: false, temporary: false, error: "550 too late" } }]);
    expect(await row(person.id)).toMatchObject({ state: "sent", tries: 2, last_error: null });
  });
});

describe("two workers at once", () => {
  it("deliver each of 200 messages exactly once", async () => {
    const ids = await queueMany(200);
    expect(new Set(ids).size).toBe(200);
    const before = sink.received.length;
    const [a, b] = [startWorker({ batch: 10 }), startWorker({ batch: 10 })];
    const handled = await Promise.all([a.drain(), b.drain()]);
    // Every message was handled by exactly one of them.
    expect(handled[0] + handled[1]).toBe(200);
    const arrived = sink.received.slice(before);
    expect(arrived).toHaveLength(200);
    const counts = sink.countByMessageId();
    for (const id of ids) expect(counts.get(id), id).toBe(1);
    const rows = await test.db.selectFrom("message").select(["state", "tries"]).where("message_id", "in", ids).execute();
    expect(rows.every((r) => r.state === "sent" && r.tries === 1)).toBe(true);
  });
});

describe("a participant who erased themselves", () => {
  it("before delivery: their message is never sent, cancelled, and keeps no address and no body", async () => {
    const person = await participant();
    await resendLink(person.email);
    expect(await row(person.id)).toMatchObject({ state: "pending" });
    expect(await eraseParticipant(person.id, { kind: "participant", participantId: person.id })).toBe(true);
    const worker = startWorker();
    await worker.drain();
    later(7 * 24 * 3_600_000);
    await worker.drain();
    expect(sink.received.filter((m) => m.recipients.includes(person.email))).toEqual([]);
    expect(await row(person.id)).toMatchObject({ state: "cancelled", to_address: null, subject: "", body_text: null, body_html: null, ics: null });
  });

  it("a message erasure did not catch (queued for someone marked erased) is cancelled when it comes due, and the rest of the batch goes", async () => {
    const [gone, stays] = [await participant(), await participant()];
    await resendLink(gone.email);
    await resendLink(stays.email);
    // As if the erasure had only marked them (e.g. an older version, or a row written around it).
    await test.db.updateTable("participant").set({ erased_at: T0 }).where("id", "=", gone.id).execute();
    await startWorker().drain();
    expect(sink.take().map((m) => m.recipients[0])).toEqual([stays.email]);
    expect(await row(gone.id)).toMatchObject({ state: "cancelled", tries: 0, to_address: null, body_text: null, body_html: null, last_error: "recipient erased" });
    expect(await row(stays.id)).toMatchObject({ state: "sent" });
  });

  it("while a worker that then died held the message: the next worker does not send it either", async () => {
    const person = await participant();
    await resendLink(person.email);
    expect(await claimDue("dead-worker", 10)).toHaveLength(1);
    expect(await eraseParticipant(person.id, { kind: "participant", participantId: person.id })).toBe(true);
    later(LEASE_MS);
    await startWorker().drain();
    expect(sink.received.filter((m) => m.recipients.includes(person.email))).toEqual([]);
    expect(await row(person.id)).toMatchObject({ state: "cancelled", to_address: null, body_text: null });
  });
});
