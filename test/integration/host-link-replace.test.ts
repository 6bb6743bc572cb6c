import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { resources } from "~/i18n/resources";
import { hostLinkExpiry } from "~/domain/schedule/hostLink";
import { loader as statusLoader } from "~/routes/_public.request_.status.$token";
import { action as inboxAction } from "~/routes/admin.requests";
import { hashToken } from "~/utils/token.server";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { fileHostRequest } from "../helpers/hostRequest";
import { deliverOutbox, useOutbox, withMailDown } from "../helpers/mail";
import { formRequest, getRequest, settle } from "../helpers/requests";

// Tuesday 5 May 2026, noon in Tallinn (summer time, UTC+3).
const FILED = "2026-05-05T09:00:00.000Z";
const WINDOW_TO = "2026-06-30";

const outbox = useOutbox();
let test: TestDatabase;
let coordinatorCookie: string;
let coordinatorId: number;
let adminCookie: string;

beforeAll(async () => {
  process.env.TUTTAV_NOW = FILED;
  test = await createTestDatabase({ now: new Date(FILED) });
  ({ cookie: coordinatorCookie, userId: coordinatorId } = await loginAsNewCoordinator("coordinator"));
  adminCookie = (await loginAsNewCoordinator("admin")).cookie;
});
afterEach(() => {
  process.env.TUTTAV_NOW = FILED;
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

let hosts = 0;
/** A host files a request through the public form; returns its id, first link and e-mail. */
async function fileRequest(organisation: string, lng = "uk"): Promise<{ id: number; token: string; email: string }> {
  const email = `host${++hosts}@kardla.example`;
  return { ...(await fileHostRequest(test.db, { organisation, windowTo: WINDOW_TO, email, phone: "", lng })), email };
}

const status = (token: string) => settle(() => statusLoader({ request: getRequest(`/request/status/${token}?lng=en`), params: { token }, context: {} }));
/** Posts the inbox's "new status link" form; `null` posts without a session. */
const newLink = (fields: Record<string, string | string[]>, cookie: string | null = coordinatorCookie) =>
  settle(() => inboxAction({ request: formRequest("/admin/requests?lng=en", fields, { cookie: cookie ?? undefined }), params: {}, context: {} }));
const tokenOf = (link: string) => /^http:\/\/localhost:3000\/request\/status\/([A-Za-z0-9_-]{43,})$/.exec(link)?.[1] ?? null;

async function liveTokens(requestId: number) {
  return test.db
    .selectFrom("access_token")
    .select(["token_hash", "expires_at"])
    .where("purpose", "=", "host_request")
    .where("subject_id", "=", requestId)
    .where("revoked_at", "is", null)
    .execute();
}

describe("a coordinator gives a host a new status link", () => {
  it("returns a new link to the same request, kills the old one, audits it and e-mails the host in the request's language", async () => {
    const { id, token: old, email } = await fileRequest("Kärdla Kohvik", "uk");
    const before = await rowCounts(test.db);

    const response = await newLink({ intent: "new_link", requestId: String(id) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ requestId: id, outcome: "newLink", mailedTo: email, organisation: "Kärdla Kohvik", errors: {} });
    const token = tokenOf(body.link);
    expect(token, body.link).not.toBeNull();
    expect(token).not.toBe(old);

    const opened = await status(token!);
    expect(opened.status).toBe(200);
    expect((await opened.json()).request.id).toBe(id);
    const gone = await status(old);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toBe("Not found");

    // One live link, stored as its hash, with the usual expiry.
    expect(await liveTokens(id)).toEqual([{ token_hash: hashToken(token!), expires_at: hostLinkExpiry(WINDOW_TO) }]);
    const after = await rowCounts(test.db);
    expect(after.access_token - before.access_token).toBe(1);
    expect(after.audit_log - before.audit_log).toBe(1);
    const entry = await test.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: "request.link_replaced", entity: "event_request", entity_id: id, actor_kind: "user", actor_user_id: coordinatorId });
    expect(entry.details).not.toContain(token!);

    const mail = await outbox.messages();
    expect(mail).toHaveLength(1);
    const uk = resources.uk.translation as Record<string, any>;
    expect(mail[0]).toMatchObject({ to: email, subject: uk.message.hostLinkResent.subject });
    expect(mail[0].text).toContain(body.link);
    expect(mail[0].text).toContain("Piret Tamm");
    expect(mail[0].text).toContain("Старе посилання більше не працює");
  });

  it("when the e-mail cannot go, still gives the new link (the old one stops working) and the outbox shows it waiting", async () => {
    const { id, token: old, email } = await fileRequest("Käina Kohvik", "et");
    const response = await newLink({ intent: "new_link", requestId: String(id) });
    await withMailDown(deliverOutbox);
    expect(response.status).toBe(200);
    const body = await response.json();
    // "On its way", never "sent": the coordinator's page says the message was queued, the outbox when it went.
    expect(body).toMatchObject({ requestId: id, outcome: "newLink", mailedTo: email, organisation: "Käina Kohvik" });
    const message = await test.db
      .selectFrom("message")
      .select(["state", "last_error"])
      .where("request_id", "=", id)
      .where("kind", "=", "host_link_resent")
      .executeTakeFirstOrThrow();
    expect(message.state).toBe("pending");
    expect(message.last_error).toMatch(/EISDIR/);
    const token = tokenOf(body.link)!;
    expect((await status(token)).status).toBe(200);
    expect((await status(old)).status).toBe(404);
    expect(await liveTokens(id)).toEqual([{ token_hash: hashToken(token), expires_at: hostLinkExpiry(WINDOW_TO) }]);
    expect(await outbox.messages()).toEqual([]);
  });

  it("admins may do it too, and each new link replaces the one before", async () => {
    const { id } = await fileRequest("Hiiu Raamatukogu", "et");
    const first = tokenOf((await (await newLink({ intent: "new_link", requestId: String(id) }, adminCookie)).json()).link)!;
    const second = tokenOf((await (await newLink({ intent: "new_link", requestId: String(id) }, adminCookie)).json()).link)!;
    expect((await status(first)).status).toBe(404);
    expect((await status(second)).status).toBe(200);
    expect(await liveTokens(id)).toHaveLength(1);
    expect((await outbox.messages()).map((m) => m.subject)).toEqual([0, 1].map(() => (resources.et.translation as Record<string, any>).message.hostLinkResent.subject));
  });

  it("after the old link expired, the new one works for another half year from today", async () => {
    const { id, token: old } = await fileRequest("Emmaste Selts", "en");
    const later = "2027-06-01T09:00:00.000Z";
    process.env.TUTTAV_NOW = later;
    expect((await (await status(old)).json()).expired).toBe(true);
    // A year on, the coordinator's session from the start of the file has long ended: log in again.
    const { cookie } = await loginAsNewCoordinator("coordinator");
    const token = tokenOf((await (await newLink({ intent: "new_link", requestId: String(id) }, cookie)).json()).link)!;
    expect((await status(token)).status).toBe(200);
    expect(await liveTokens(id)).toEqual([{ token_hash: hashToken(token), expires_at: hostLinkExpiry("2027-06-01") }]);
    // Logging in a year on cleared the sessions that had expired by then: the next tests log in afresh.
    process.env.TUTTAV_NOW = FILED;
    ({ cookie: coordinatorCookie, userId: coordinatorId } = await loginAsNewCoordinator("coordinator"));
  });

  it("without an e-mail on file, says so and sends nothing", async () => {
    const { id } = await fileRequest("Käina Noortekeskus");
    await test.db.updateTable("event_request").set({ email: "" }).where("id", "=", id).execute();
    const body = await (await newLink({ intent: "new_link", requestId: String(id) })).json();
    expect(body).toMatchObject({ outcome: "newLink", mailedTo: null });
    expect((await status(tokenOf(body.link)!)).status).toBe(200);
    expect(await outbox.lines()).toEqual([]);
  });
});

describe("a new status link is refused", () => {
  it("for an unknown request (404) or a malformed id (400), writing and sending nothing", async () => {
    const { id, token } = await fileRequest("Kassari Kohvik");
    const before = await rowCounts(test.db);
    const unknown = await newLink({ intent: "new_link", requestId: "999999" });
    expect(unknown.status).toBe(404);
    for (const requestId of ["abc", "", "0", "-1", "01", "1e1", "0x1", ` ${id}`, `${id}.0`, "9".repeat(40)]) {
      const response = await newLink({ intent: "new_link", requestId });
      expect(response.status, JSON.stringify(requestId)).toBe(400);
      expect((await response.json()).errors.requestId).toBe("validation.invalid");
    }
    const missing = await newLink({ intent: "new_link" });
    expect(missing.status).toBe(400);
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await outbox.lines()).toEqual([]);
    // The host's link was not touched.
    expect((await status(token)).status).toBe(200);
    expect(await liveTokens(id)).toHaveLength(1);
  });

  it("for anyone who is not signed in as a coordinator", async () => {
    const { id, token } = await fileRequest("Suuremõisa Kool");
    const before = await rowCounts(test.db);
    for (const cookie of [null, "__session=forged"]) {
      const response = await newLink({ intent: "new_link", requestId: String(id) }, cookie);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login/);
    }
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await outbox.lines()).toEqual([]);
    expect((await status(token)).status).toBe(200);
  });
});
