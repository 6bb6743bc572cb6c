import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { DEMO_TOKENS } from "#db/seed/demo";
import { clearFeedCache } from "~/models/feed/http.server";
import { loader as eventFeedLoader } from "~/routes/events.$id.calendar[.]ics";
import { loader as eventsFeedLoader } from "~/routes/feeds.events[.]ics";
import { loader as meFeedLoader } from "~/routes/feeds.me.$token[.]ics";
import { action as joinAction } from "~/routes/_public.join";
import { action as lostAction } from "~/routes/_public.me.lost";
import { loader as publicEventsLoader } from "~/routes/_public.events._index";
import { loader as meLoader } from "~/routes/_public.me.$token";
import { loader as venueLoader } from "~/routes/_public.venues.$id";
import { action as participantAction } from "~/routes/admin.participants.$id";
import { action as inboxAction } from "~/routes/admin.requests";
import { loader as settingsLoader } from "~/routes/admin.settings";
import { generateToken, hashToken } from "~/utils/token.server";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { parseFeed } from "../helpers/feeds";
import { signUpFields } from "../helpers/forms";
import { useOutbox } from "../helpers/mail";
import { formRequest, getRequest, settle } from "../helpers/requests";

/**
 * Links that leave the page (mail, feeds, UIDs, subscribe links) come from the one trusted origin:
 * APP_ORIGIN, else http://localhost:$PORT (3000 by default) outside production; never from the
 * Host the request came in with. The requests here come in as "attacker.example", as a
 * `curl -H 'Host: attacker.example'` would (the server refuses such a Host before Remix; these
 * tests show the links would be right even if one got through).
 */

const ATTACKER = "http://attacker.example";
const outbox = useOutbox();
let test: TestDatabase;
let cookie: string;
let ips = 0;
const context = () => ({ clientIp: `198.51.100.${++ips}` });

// The settings these tests change, as they were before (restored afterwards).
const saved = { APP_ORIGIN: process.env.APP_ORIGIN, PORT: process.env.PORT };
const unset = () => {
  delete process.env.APP_ORIGIN;
  delete process.env.PORT;
};

beforeAll(async () => {
  unset();
  test = await createTestDatabase({ demo: true });
  cookie = (await loginAsNewCoordinator("coordinator")).cookie;
});
afterEach(() => {
  unset();
  clearFeedCache();
});
afterAll(async () => {
  await test.close();
  for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
});

/** Every absolute http(s) or webcal link in a text. */
const linksIn = (text: string) => [...text.replace(/\r\n[ \t]/g, "").matchAll(/\b(?:https?|webcal):\/\/[^\s"<>\\]+/g)].map((m) => m[0]);

async function demoParticipant() {
  const { subject_id } = await test.db.selectFrom("access_token").select("subject_id").where("token_hash", "=", hashToken(DEMO_TOKENS.participant)).executeTakeFirstOrThrow();
  return test.db.selectFrom("participant").select(["id", "email"]).where("id", "=", subject_id).executeTakeFirstOrThrow();
}

describe("private links sent by e-mail or shown once", () => {
  it("/me/lost mails a link on the trusted origin, whatever the Host", async () => {
    const { email } = await demoParticipant();
    const response = await settle(() => lostAction({ request: formRequest(`${ATTACKER}/me/lost`, { email: email! }), params: {}, context: context() }));
    expect(response.status).toBe(200);
    const [mail] = await outbox.messages();
    expect(mail.to).toBe(email);
    expect(linksIn(mail.text)).toEqual([expect.stringMatching(/^http:\/\/localhost:3000\/me\/[A-Za-z0-9_-]{43}(\?lng=[a-z]{2})?$/)]);
  });

  it("/join mails the welcome link on the trusted origin", async () => {
    const response = await settle(() =>
      joinAction({ request: formRequest(`${ATTACKER}/join`, signUpFields({ email: "trusted-origin@example.org" })), params: {}, context: context() }),
    );
    expect(response.status).toBe(302);
    const [mail] = await outbox.messages();
    expect(mail.to).toBe("trusted-origin@example.org");
    const links = linksIn(mail.text);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^http:\/\/localhost:3000\//);
  });

  it("a host's new status link (coordinator inbox) is on the trusted origin, on the page and in the mail", async () => {
    const { id } = await test.db.selectFrom("event_request").select("id").where("email", "!=", "").orderBy("id").executeTakeFirstOrThrow();
    const response = await settle(() =>
      inboxAction({ request: formRequest(`${ATTACKER}/admin/requests?index`, { intent: "new_link", requestId: String(id) }, { cookie }), params: {}, context: {} }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.link).toMatch(/^http:\/\/localhost:3000\/request\/status\/[A-Za-z0-9_-]{43,}$/);
    expect(linksIn((await outbox.messages())[0].text)).toEqual([body.link]);
  });

  it("a participant's new private link (coordinator) is on the trusted origin", async () => {
    const { id } = await demoParticipant();
    const response = await settle(() =>
      participantAction({
        request: formRequest(`${ATTACKER}/admin/participants/${id}`, { intent: "new-link", confirm: "yes" }, { cookie }),
        params: { id: String(id) },
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).link).toMatch(/^http:\/\/localhost:3000\/me\/[A-Za-z0-9_-]{43}(\?lng=[a-z]{2})?$/);
  });

  it("uses APP_ORIGIN when it is set, and PORT when it is not", async () => {
    const { id, email } = await demoParticipant();
    process.env.APP_ORIGIN = "https://tuttav.example";
    await settle(() => lostAction({ request: formRequest(`${ATTACKER}/me/lost`, { email: email! }), params: {}, context: context() }));
    expect(linksIn((await outbox.messages())[0].text)).toEqual([expect.stringMatching(/^https:\/\/tuttav\.example\/me\/[A-Za-z0-9_-]{43}(\?lng=[a-z]{2})?$/)]);
    delete process.env.APP_ORIGIN;
    process.env.PORT = "4123";
    const response = await settle(() =>
      participantAction({
        request: formRequest(`${ATTACKER}/admin/participants/${id}`, { intent: "new-link", confirm: "yes" }, { cookie }),
        params: { id: String(id) },
        context: {},
      }),
    );
    expect((await response.json()).link).toMatch(/^http:\/\/localhost:4123\/me\//);
  });
});

describe("feeds and subscribe links", () => {
  it("write URLs and UIDs for the trusted origin, not the Host, in a publicly cached feed", async () => {
    const response = await settle(() => eventsFeedLoader({ request: getRequest(`${ATTACKER}/feeds/events.ics?lng=en`), params: {}, context: {} }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toMatch(/public/);
    const ics = await response.text();
    const { events } = parseFeed(ics);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.uid).toMatch(/@localhost$/);
      expect(event.component.getFirstPropertyValue("url")).toMatch(/^http:\/\/localhost:3000\/events\/\d+\?lng=en$/);
    }
    expect(ics).not.toContain("attacker");

    const one = await settle(() =>
      eventFeedLoader({ request: getRequest(`${ATTACKER}/events/${events[0].uid.match(/\d+/)![0]}/calendar.ics`), params: { id: events[0].uid.match(/\d+/)![0] }, context: {} }),
    );
    expect(await one.text()).not.toContain("attacker");
  });

  it("puts links on the trusted origin in a participant's private feed", async () => {
    // A link of its own (the tests above replace the demo participant's links).
    const { id } = await demoParticipant();
    const token = generateToken();
    await test.db
      .insertInto("access_token")
      .values({ token_hash: hashToken(token), purpose: "participant", subject_id: id, expires_at: null, created_at: new Date().toISOString() })
      .execute();
    const response = await settle(() => meFeedLoader({ request: getRequest(`${ATTACKER}/feeds/me/${token}.ics`), params: { token }, context: {} }));
    expect(response.status).toBe(200);
    // The VTIMEZONE's TZURL (tzurl.org) is the only link not to this app.
    const links = linksIn(await response.text()).filter((link) => !link.startsWith("http://tzurl.org/"));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^http:\/\/localhost:3000\//);
  });

  it("redirects ?subscribe=webcal and google to the trusted origin", async () => {
    const webcal = await settle(() => eventsFeedLoader({ request: getRequest(`${ATTACKER}/feeds/events.ics?subscribe=webcal`), params: {}, context: {} }));
    expect(webcal.headers.get("Location")).toBe("webcal://localhost:3000/feeds/events.ics");
    const google = await settle(() => eventsFeedLoader({ request: getRequest(`${ATTACKER}/feeds/events.ics?subscribe=google`), params: {}, context: {} }));
    expect(google.headers.get("Location")).toBe(`https://calendar.google.com/calendar/r?cid=${encodeURIComponent("webcal://localhost:3000/feeds/events.ics")}`);
  });

  it("gives every page with subscribe links the trusted origin for them: events, venue, participant, coordinator's feed settings", async () => {
    const venue = await test.db.selectFrom("venue").select("id").orderBy("id").executeTakeFirstOrThrow();
    const page = await settle(() => venueLoader({ request: getRequest(`${ATTACKER}/venues/${venue.id}`), params: { id: String(venue.id) }, context: {} }));
    expect((await page.json()).origin).toBe("http://localhost:3000");
    const settings = await settle(() => settingsLoader({ request: getRequest(`${ATTACKER}/admin/settings`, { cookie }), params: {}, context: {} }));
    expect((await settings.json()).origin).toBe("http://localhost:3000");
    const events = await settle(() => publicEventsLoader({ request: getRequest(`${ATTACKER}/events`), params: {}, context: {} }));
    expect((await events.json()).origin).toBe("http://localhost:3000");
    const { id } = await demoParticipant();
    const token = generateToken();
    await test.db
      .insertInto("access_token")
      .values({ token_hash: hashToken(token), purpose: "participant", subject_id: id, expires_at: null, created_at: new Date().toISOString() })
      .execute();
    const me = await settle(() => meLoader({ request: getRequest(`${ATTACKER}/me/${token}`), params: { token }, context: {} }));
    expect((await me.json()).origin).toBe("http://localhost:3000");
  });
});
