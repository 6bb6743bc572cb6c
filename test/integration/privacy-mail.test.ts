/**
 * A message that was not delivered must never revoke a working link or be reported as sent
 * (issue 14, item 3, carried into the outbox of issue 15): links are revoked by the outbox only
 * once the mail server accepted the message carrying their replacement.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startMailWorker } from "~/models/mailWorker.server";
import { resendLink } from "~/models/participant/links.server";
import { issueToken, resolveToken } from "~/models/token.server";
import { mailPolicy, type MailTransport, type SendOutcome } from "~/utils/mailTransport.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";

let test: TestDatabase;
const NOW = "2026-05-05T09:00:00.000Z";
beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ now: new Date(NOW) });
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

async function participantWithLink(email: string): Promise<{ id: number; token: string }> {
  const at = "2026-01-01T00:00:00.000Z";
  const { id } = await test.db
    .insertInto("participant")
    .values({ first_name: "Mariam", email, preferred_locale: "en", consent_at: at, consent_version: "1", created_at: at, updated_at: at, last_active_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, token: await issueToken(test.db, "participant", id) };
}

/** A transport that answers every message with `outcome` and remembers what it was given. */
function fakeTransport(outcome: SendOutcome) {
  const sent: { to: string; text: string }[] = [];
  const transport: MailTransport = {
    kind: "smtp",
    async send(mail) {
      sent.push({ to: mail.to, text: mail.text });
      return outcome;
    },
    close() {},
  };
  return { transport, sent };
}

async function deliverWith(outcome: SendOutcome) {
  const fake = fakeTransport(outcome);
  const worker = startMailWorker({ transport: fake.transport, pollMs: 3_600_000 });
  await worker.drain();
  await worker.stop();
  return fake.sent;
}

const liveLinks = (id: number) =>
  test.db.selectFrom("access_token").select("id").where("purpose", "=", "participant").where("subject_id", "=", id).where("revoked_at", "is", null).execute();

describe("a lost-link request", () => {
  it("refused by the mail server for good: the old link keeps working and the new one is revoked", async () => {
    const { id, token } = await participantWithLink("refused@example.org");
    await resendLink("refused@example.org");
    // Queued, not yet sent: both links work.
    expect(await liveLinks(id)).toHaveLength(2);
    const tried = await deliverWith({ ok: false, temporary: false, error: "550 mailbox unavailable" });
    expect(tried.map((m) => m.to)).toEqual(["refused@example.org"]);
    expect(await resolveToken("participant", token)).not.toBeNull();
    expect(await liveLinks(id)).toHaveLength(1);
    const message = await test.db.selectFrom("message").select(["state", "last_error"]).where("participant_id", "=", id).executeTakeFirstOrThrow();
    expect(message).toEqual({ state: "failed", last_error: "550 mailbox unavailable" });
  });

  it("put off by the mail server (4xx): nothing is revoked, and it is tried again later", async () => {
    const { id, token } = await participantWithLink("later@example.org");
    await resendLink("later@example.org");
    await deliverWith({ ok: false, temporary: true, error: "451 try again later" });
    expect(await resolveToken("participant", token)).not.toBeNull();
    expect(await liveLinks(id)).toHaveLength(2);
    const message = await test.db.selectFrom("message").select(["state", "tries", "next_attempt_at"]).where("participant_id", "=", id).executeTakeFirstOrThrow();
    expect(message.state).toBe("pending");
    expect(message.tries).toBe(1);
    expect(message.next_attempt_at > NOW).toBe(true);
  });

  it("accepted by the mail server: the old link stops working, the new one (in the message) works, the body is emptied", async () => {
    const { id, token } = await participantWithLink("accepted@example.org");
    await resendLink("accepted@example.org");
    const [mail] = await deliverWith({ ok: true });
    const newToken = /\/me\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    expect(await resolveToken("participant", token)).toBeNull();
    expect(await resolveToken("participant", newToken)).toMatchObject({ subjectId: id });
    const message = await test.db.selectFrom("message").select(["state", "body_text", "body_html"]).where("participant_id", "=", id).executeTakeFirstOrThrow();
    expect(message).toEqual({ state: "sent", body_text: null, body_html: null });
  });
});

describe("mail settings", () => {
  it("production without SMTP_URL refuses to start, saying what to set", () => {
    const saved = { env: process.env.NODE_ENV, url: process.env.SMTP_URL, origin: process.env.APP_ORIGIN };
    process.env.NODE_ENV = "production";
    process.env.APP_ORIGIN = "https://tuttav.example";
    delete process.env.SMTP_URL;
    try {
      expect(() => mailPolicy()).toThrow(/SMTP_URL must be set/);
      process.env.SMTP_URL = "smtp://user:secret@mail.example:587";
      expect(mailPolicy().smtpUrl).toBe("smtp://user:secret@mail.example:587");
      process.env.SMTP_URL = "http://mail.example";
      expect(() => mailPolicy()).toThrow(/smtp:\/\//);
    } finally {
      process.env.NODE_ENV = saved.env;
      if (saved.origin === undefined) delete process.env.APP_ORIGIN;
      else process.env.APP_ORIGIN = saved.origin;
      if (saved.url === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = saved.url;
    }
  });
});
