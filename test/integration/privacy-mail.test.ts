/**
 * Issue 14, item 3: a message that was not delivered must never revoke a working link or be
 * reported as sent. In production there is no mail transport yet, so nothing is delivered.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { issueToken, resolveToken } from "~/models/token.server";
import { mailLink, resendLink } from "~/models/participant.server";
import { replaceHostLink } from "~/models/request.server";
import { sendMail, trySendMail } from "~/utils/mailer.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { fileHostRequest } from "../helpers/hostRequest";
import { useOutbox } from "../helpers/mail";

const outbox = useOutbox();
let test: TestDatabase;
const savedNodeEnv = process.env.NODE_ENV;

// A host request needs a window ahead of "now"; the rest does not care what day it is.
const NOW = "2026-05-05T09:00:00.000Z";
beforeAll(async () => {
  process.env.TUTTAV_NOW = NOW;
  test = await createTestDatabase({ now: new Date(NOW) });
});
afterEach(() => {
  process.env.NODE_ENV = savedNodeEnv;
  vi.restoreAllMocks();
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

/** Runs `fn` as a production server without a mail transport would. */
async function inProduction<T>(fn: () => Promise<T>): Promise<T> {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  process.env.NODE_ENV = "production";
  try {
    return await fn();
  } finally {
    process.env.NODE_ENV = savedNodeEnv;
  }
}

async function participantWithLink(email: string): Promise<{ id: number; token: string }> {
  const at = "2026-01-01T00:00:00.000Z";
  const { id } = await test.db
    .insertInto("participant")
    .values({ first_name: "Mariam", email, preferred_locale: "en", consent_at: at, consent_version: "1", created_at: at, updated_at: at, last_active_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, token: await issueToken(test.db, "participant", id) };
}

describe("whether a message was delivered", () => {
  it("the development outbox counts as delivered; production without a transport does not", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const mail = { to: "someone@example.org", subject: "Hello", text: "A link" };
    expect(await sendMail(mail)).toBe(true);
    expect(await trySendMail(mail)).toBe(true);
    expect(outbox.lines()).toHaveLength(2);

    expect(await inProduction(() => sendMail(mail))).toBe(false);
    expect(await inProduction(() => trySendMail(mail))).toBe(false);
    expect(await inProduction(() => mailLink({ to: mail.to, firstName: "Mariam", locale: "en", token: "t".repeat(43), origin: "https://tuttav.example", kind: "welcome" }))).toBe(false);
    expect(outbox.lines()).toHaveLength(2);
  });
});

describe("a lost-link request in production without a mail transport", () => {
  it("revokes nothing: the old link keeps working and no new one is left alive", async () => {
    const { id, token } = await participantWithLink("lost.in.production@example.org");
    await inProduction(() => resendLink("lost.in.production@example.org", "https://tuttav.example"));
    expect(await resolveToken("participant", token)).not.toBeNull();
    const live = await test.db.selectFrom("access_token").select("id").where("purpose", "=", "participant").where("subject_id", "=", id).where("revoked_at", "is", null).execute();
    expect(live).toHaveLength(1);
    const replaced = await test.db.selectFrom("audit_log").select("id").where("action", "=", "participant.link_replaced").where("entity_id", "=", id).execute();
    expect(replaced).toEqual([]);
  });
});

describe("a host's new status link in production without a mail transport", () => {
  it("is not reported as e-mailed: the coordinator is told to pass it on", async () => {
    const { id } = await fileHostRequest(test.db, { organisation: "Käina Kohvituba", windowTo: "2026-06-30", email: "host@kaina.example" });
    const user = await test.db.insertInto("user").values({ email: "c@example.org", name: "C", password_hash: "x", role: "coordinator", created_at: "2026-01-01T00:00:00.000Z" }).returning("id").executeTakeFirstOrThrow();
    const replaced = await inProduction(() => replaceHostLink(id, { kind: "user", userId: user.id }, "https://tuttav.example"));
    expect(replaced).toMatchObject({ mailedTo: null, notMailedTo: "host@kaina.example" });
  });
});
