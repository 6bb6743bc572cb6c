/**
 * Every kind of message, in each of the four languages, sent by the real worker through nodemailer
 * to a real SMTP server and read back with mailparser (issue 15, "Tests that must exist"). The
 * season runs as it would: four participants sign up (one per language), four hosts ask for events
 * and four more are declined, coordinators accept, invite, move and cancel events, the clock moves
 * on for reminders, line-ups, feedback requests and digests. Each step's mail is checked against the
 * locale files' own text (subjects exactly, with the placeholders filled in by hand), for the facts
 * it must carry, for links built from APP_ORIGIN only, and for both a text and an HTML part with
 * the right `lang`. Calendar attachments are checked against the participant's own feed and the
 * event's public download: same UID and SEQUENCE, METHOD:REQUEST or CANCEL.
 */
import fs from "node:fs";
import path from "node:path";

import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Locale } from "~/domain/vocabulary";
import { transitionEvent } from "~/models/event/lifecycle.server";
import { updateEvent } from "~/models/event/update.server";
import { acceptInvitation } from "~/models/invitation.server";
import { startMailWorker, type MailWorker } from "~/models/mailWorker.server";
import { sendInvitations } from "~/models/matching.server";
import { resendLink } from "~/models/participant/links.server";
import { acceptRequest, declineRequest } from "~/models/request/decision.server";
import { replaceHostLink } from "~/models/request/links.server";
import { queueScheduledMessages } from "~/models/scheduledMessages.server";
import { issueToken, resolveToken } from "~/models/token.server";
import { loader as eventDownloadLoader } from "~/routes/events.$id.calendar[.]ics";
import { loader as participantFeedLoader } from "~/routes/feeds.me.$token[.]ics";
import { action as joinAction } from "~/routes/_public.join";
import { createMailTransport } from "~/utils/mailTransport.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { editOf } from "../helpers/eventEdit";
import { getFeed, parseFeed } from "../helpers/feeds";
import { signUpFields } from "../helpers/forms";
import { fileHostRequest } from "../helpers/hostRequest";
import { formRequest, settle } from "../helpers/requests";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../helpers/smtp";

const LOCALES = ["et", "en", "ru", "uk"] as const satisfies readonly Locale[];
const ORIGIN = "https://tuttav.example";
const FROM = "Tuttav <info@tuttav.example>";
const T0 = "2026-05-05T06:30:00.000Z";

// What the people in this season are called, and what they expect to read (written out by hand,
// not computed by the app's own date code).
const NAME: Record<Locale, string> = { et: "Mari", en: "Amina", ru: "Ольга", uk: "Олена" };
const CONTACT = "Piret Tamm";
const ORGANISATION = (l: Locale) => `Kärdla "Lõke" & <Sõbrad> ${l}`;
const DECLINED_ORGANISATION = (l: Locale) => `Emmaste rahvamaja ${l}`;
const EVENT_TITLE: Record<Locale, string> = { et: "Hubane nurk – Kärdla", en: "Cosy corner – Kärdla", ru: "Уютный уголок – Kärdla", uk: "Затишний куточок – Kärdla" };
const MAY_20: Record<Locale, string> = { et: "20. mai", en: "20 May", ru: "20 мая", uk: "20 травня" };
const MAY_22: Record<Locale, string> = { et: "22. mai", en: "22 May", ru: "22 мая", uk: "22 травня" };
const EXTRA_TITLE: Record<Locale, string> = { et: "Käsitööõhtu", en: "Crafts evening", ru: "Вечер рукоделия", uk: "Вечір рукоділля" };
const CRAFTS: Record<Locale, string> = { et: "Käsitöö", en: "Crafts", ru: "Ремёсла", uk: "Ремесла" };
const BRINGS = "Вишиті рушники";

const participantEmail = (l: Locale) => `p-${l}@example.org`;
const hostEmail = (l: Locale) => `host-${l}@kardla.example`;
const declinedHostEmail = (l: Locale) => `emmaste-${l}@hiiumaa.example`;
const coordinatorEmail = (l: Locale) => `coordinator-${l}@tuttav.example`;
const lng = (l: Locale) => (l === "et" ? "" : `?lng=${l}`);

// ---------------------------------------------------------------------------------------------
// The locale files, read as files: the expected text does not go through the app's i18next.

type Tree = { [key: string]: string | Tree };
const messagesOf = Object.fromEntries(
  LOCALES.map((l) => [l, (JSON.parse(fs.readFileSync(path.join(__dirname, "../../app/i18n/locales", l, "messages.json"), "utf8")) as { message: Tree }).message]),
) as Record<Locale, Tree>;
// The participants' day-after thank-you (issue 16) keeps its phrases in the feedback2 feature file: "feedback2.<key>" here.
for (const l of LOCALES) {
  messagesOf[l].feedback2 = (
    JSON.parse(fs.readFileSync(path.join(__dirname, "../../app/i18n/locales", l, "feedback2.json"), "utf8")) as { feedback2: { message: Tree } }
  ).feedback2.message;
}

function phrase(l: Locale, key: string): string {
  let node: string | Tree = messagesOf[l];
  for (const part of key.split(".")) {
    if (typeof node === "string" || !(part in node)) throw new Error(`No message.${key} in ${l}`);
    node = node[part];
  }
  if (typeof node !== "string") throw new Error(`message.${key} in ${l} is not a string`);
  return node;
}

/** A phrase with its placeholders filled in; every placeholder must be given. */
function fill(l: Locale, key: string, vars: Record<string, string | number>): string {
  return phrase(l, key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`message.${key} needs {{${name}}}`);
    return String(vars[name]);
  });
}

/** The fixed parts of a phrase (around its placeholders): each must be in the message. */
function fixedParts(l: Locale, key: string): string[] {
  return phrase(l, key)
    .split(/\{\{\w+\}\}/)
    .map((part) => part.trim())
    .filter((part) => part.length > 1);
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

// ---------------------------------------------------------------------------------------------
// The season.

let test: TestDatabase;
let sink: SmtpSink;
let worker: MailWorker;
const saved = { APP_ORIGIN: process.env.APP_ORIGIN, MAIL_FROM: process.env.MAIL_FROM, TUTTAV_NOW: process.env.TUTTAV_NOW };

const participants = {} as Record<Locale, number>;
const feedTokens = {} as Record<Locale, string>;
const requests = {} as Record<Locale, number>;
const declinedRequests = {} as Record<Locale, number>;
const events = {} as Record<Locale, number>;
const extraEvents = {} as Record<Locale, number>;
const assignments = {} as Record<Locale, number>;
const coordinators = {} as Record<Locale, number>;
let tartuVenue: number;
/** SEQUENCE of each participant's calendar entry, message by message. */
/** SEQUENCE of the calendar entry each host got with the acceptance. */
const acceptedSequences = {} as Record<Locale, number>;
const sequences = { invitation: {}, confirmation: {}, event_changed: {}, reminder: {} } as Record<
  "invitation" | "confirmation" | "event_changed" | "reminder",
  Record<Locale, number>
>;

beforeAll(async () => {
  process.env.APP_ORIGIN = ORIGIN;
  process.env.MAIL_FROM = FROM;
  process.env.TUTTAV_NOW = T0;
  test = await createTestDatabase({ now: new Date(T0) });
  sink = await startSmtpSink();
  worker = startMailWorker({ transport: createMailTransport({ smtpUrl: sink.url, from: FROM }), pollMs: 3_600_000 });
  for (const l of LOCALES) {
    const { id } = await test.db
      .insertInto("user")
      .values({ email: coordinatorEmail(l), name: `Koordinaator ${l}`, password_hash: "x", role: "coordinator", preferred_locale: l, daily_digest: 1, created_at: T0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    coordinators[l] = id;
  }
  const tartu = await test.db.selectFrom("town").select("id").where("slug", "=", "tartu").executeTakeFirstOrThrow();
  tartuVenue = (
    await test.db
      .insertInto("venue")
      .values({ town_id: tartu.id, name: "Tartu Linnaraamatukogu", address: "Kompanii 3", venue_type: "library", capacity: 40, created_at: T0 })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await test?.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const actor = () => ({ kind: "user" as const, userId: coordinators.et });
const setNow = (iso: string) => (process.env.TUTTAV_NOW = iso);

type MessageRow = {
  kind: string;
  locale: string;
  state: string;
  priority: number;
  recipient_kind: string;
  participant_id: number | null;
  request_id: number | null;
  user_id: number | null;
  event_id: number | null;
  ics_method: string | null;
};
type Arrival = { mail: ReceivedMail; row: MessageRow };

/** Sends what is due, and returns what the SMTP server received, each with its outbox row. */
async function deliver(): Promise<Arrival[]> {
  await worker.drain();
  const mails = sink.take();
  if (mails.length === 0) return [];
  const rows = await test.db
    .selectFrom("message")
    .select(["message_id", "kind", "locale", "state", "priority", "recipient_kind", "participant_id", "request_id", "user_id", "event_id", "ics_method"])
    .where(
      "message_id",
      "in",
      mails.map((m) => m.messageId),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.message_id, row]));
  return mails.map((mail) => {
    const row = byId.get(mail.messageId);
    if (!row) throw new Error(`${mail.messageId} arrived but is not in the outbox`);
    return { mail, row };
  });
}

/** The arrivals of one kind, one per locale, in locale order; fails if any is missing or doubled. */
function perLocale(arrivals: Arrival[], kind: string, recipientKind: "participant" | "host" | "coordinator"): Record<Locale, Arrival> {
  const mine = arrivals.filter((a) => a.row.kind === kind && a.row.recipient_kind === recipientKind);
  expect(mine.map((a) => a.row.locale).sort()).toEqual([...LOCALES].sort());
  return Object.fromEntries(mine.map((a) => [a.row.locale, a])) as Record<Locale, Arrival>;
}

type Expected = {
  to: string;
  /** The subject's key under `message.` and its placeholders. */
  subject: [key: string, vars: Record<string, string | number>];
  greeting: string;
  /** Phrases (keys under `message.`) whose fixed parts must all be in the text and the HTML. */
  phrases: string[];
  /** Literal facts, e.g. the event's title, the place, a reason. */
  facts: string[];
  /** Links the message must carry, as full URLs or patterns. */
  links: (string | RegExp)[];
  footer: string;
};

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;
const HREF = /href="([^"]*)"/g;

/** What every message must be: addressed, in its language from subject to footer, text and HTML alike, links from APP_ORIGIN. */
function expectMessage({ mail, row }: Arrival, l: Locale, expected: Expected) {
  const what = `${row.kind} (${l}) to ${expected.to}`;
  expect(row.state, what).toBe("sent");
  expect(row.locale, what).toBe(l);
  expect(mail.recipients, what).toEqual([expected.to]);
  expect(mail.parsed.to && "text" in mail.parsed.to ? mail.parsed.to.text : "", what).toBe(expected.to);
  expect(mail.parsed.from?.value, what).toEqual([{ name: "Tuttav", address: "info@tuttav.example" }]);
  expect(mail.headers.get("content-language"), what).toBe(l);
  expect(mail.headers.get("auto-submitted"), what).toBe("auto-generated");
  expect(mail.messageId, what).toMatch(/^<[0-9a-f-]{36}@tuttav\.example>$/);

  const [subjectKey, subjectVars] = expected.subject;
  const subject = fill(l, subjectKey, subjectVars);
  expect(mail.subject, what).toBe(subject);
  // Translated, not the English text (a missing key would fall back to it).
  if (l !== "en") expect(mail.subject, what).not.toBe(fill("en", subjectKey, subjectVars));
  for (const text of [mail.subject, mail.text, mail.html]) expect(text, what).not.toMatch(/\{\{|\}\}|message\.[a-z]/i);

  // Both parts, the HTML a document in the recipient's language.
  expect(mail.text.length, what).toBeGreaterThan(100);
  expect(mail.html, what).toContain(`<html lang="${l}">`);
  expect(mail.html, what).toContain(`<title>${escapeHtml(subject)}</title>`);
  const parts = [expected.greeting, ...expected.phrases.flatMap((key) => fixedParts(l, key)), ...expected.facts, expected.footer];
  for (const part of parts) {
    expect(mail.text, `${what}: text has "${part}"`).toContain(part);
    expect(mail.html, `${what}: HTML has "${part}"`).toContain(escapeHtml(part));
  }

  // Every link leaves from the trusted origin, whatever the request that caused the message said.
  const textLinks = [...mail.text.matchAll(URL_IN_TEXT)].map((m) => m[0]);
  const htmlLinks = [...mail.html.matchAll(HREF)].map((m) => m[1].replace(/&amp;/g, "&"));
  expect(textLinks.length, what).toBeGreaterThan(0);
  for (const link of [...textLinks, ...htmlLinks]) expect(link.startsWith(`${ORIGIN}/`), `${what}: ${link}`).toBe(true);
  for (const link of expected.links) {
    const found = (list: string[]) => list.some((candidate) => (typeof link === "string" ? candidate === link : link.test(candidate)));
    expect(found(textLinks), `${what}: text links ${textLinks.join(" ")} include ${link}`).toBe(true);
    expect(found(htmlLinks), `${what}: HTML links ${htmlLinks.join(" ")} include ${link}`).toBe(true);
  }
}

/** The one private link of a kind in a message, e.g. the /me/<token> of a participant. */
function tokenIn(mail: ReceivedMail, pattern: RegExp): string {
  const tokens = [...new Set([...mail.text.matchAll(pattern)].map((m) => m[1]))];
  expect(tokens).toHaveLength(1);
  return tokens[0];
}

const ME_LINK = (l: Locale) => new RegExp(`^${ORIGIN.replace(/\./g, "\\.")}/me/[A-Za-z0-9_-]{43}${lng(l).replace("?", "\\?")}$`);
const STATUS_LINK = (l: Locale) => new RegExp(`^${ORIGIN.replace(/\./g, "\\.")}/request/status/[A-Za-z0-9_-]{43}${lng(l).replace("?", "\\?")}$`);
const ME_TOKEN = /\/me\/([A-Za-z0-9_-]{43})/g;
const STATUS_TOKEN = /\/request\/status\/([A-Za-z0-9_-]{43})/g;

const participantFooter = (l: Locale) => fill(l, "footer.participant", {});
const hostFooter = (l: Locale, organisation = ORGANISATION(l)) => fill(l, "footer.host", { organisation });

// ---------------------------------------------------------------------------------------------
// Calendar attachments.

type Itip = { method: string; uid: string; sequence: number; status: string; partstat: string | null; summary: string; location: string };

/** The message's calendar entry: the same text as alternative and as attachment, parsed with ical.js. */
function itipOf(mail: ReceivedMail): Itip {
  const alternative = mail.calendars.find((c) => c.contentType === "text/calendar");
  const attachment = mail.calendars.find((c) => c.contentType === "application/ics");
  expect(alternative, "a text/calendar alternative").toBeDefined();
  expect(attachment?.filename).toMatch(/^(invite|cancel)\.ics$/);
  expect(attachment!.content.replace(/\r\n/g, "\n")).toBe(alternative!.content.replace(/\r\n/g, "\n"));
  // Calendars are shared and synced: the entry never carries a private link.
  expect(alternative!.content).not.toMatch(/\/me\/[A-Za-z0-9_-]{43}|\/request\/status\//);
  const calendar = new ICAL.Component(ICAL.parse(alternative!.content));
  const method = String(calendar.getFirstPropertyValue("method"));
  expect(alternative!.method).toBe(method);
  const vevents = calendar.getAllSubcomponents("vevent");
  expect(vevents).toHaveLength(1);
  const event = new ICAL.Event(vevents[0]);
  const attendee = vevents[0].getFirstProperty("attendee");
  return {
    method,
    uid: event.uid,
    sequence: event.sequence,
    status: String(vevents[0].getFirstPropertyValue("status")),
    partstat: attendee ? String(attendee.getParameter("partstat")) : null,
    summary: event.summary,
    location: event.location,
  };
}

/** The event in the participant's own feed (/feeds/me/<token>.ics), as a calendar app reads it. */
async function inOwnFeed(l: Locale, eventId: number) {
  const response = await getFeed(participantFeedLoader, `/feeds/me/${feedTokens[l]}.ics`, { token: feedTokens[l] });
  expect(response.status).toBe(200);
  const event = parseFeed(await response.text()).byUid.get(`event-${eventId}@tuttav.example`);
  expect(event, `event ${eventId} in ${l}'s feed`).toBeDefined();
  return { uid: event!.uid, sequence: event!.sequence, status: String(event!.component.getFirstPropertyValue("status")) };
}

/** The event as its public one-event download (/events/<id>/calendar.ics) has it. */
async function inPublicDownload(l: Locale, eventId: number) {
  const response = await getFeed(eventDownloadLoader, `/events/${eventId}/calendar.ics?lng=${l}`, { id: String(eventId) });
  expect(response.status).toBe(200);
  const [event] = parseFeed(await response.text()).events;
  return { uid: event.uid, sequence: event.sequence, status: String(event.component.getFirstPropertyValue("status")) };
}

// ---------------------------------------------------------------------------------------------

let ips = 0;
const join = (fields: Record<string, string | string[]>) =>
  settle(() => joinAction({ request: formRequest("/join", fields), params: {}, context: { clientIp: `198.51.100.${++ips}` } }));
const signUp = (l: Locale) =>
  join(signUpFields({ first_name: NAME[l], email: participantEmail(l), preferred_locale: l, home_town: "tartu", offers: ["crafts"], offer_description_crafts: BRINGS }));

describe("each message, in each language, through a real SMTP server", () => {
  it("welcome: a sign-up gets their private link, in the language they chose", async () => {
    for (const l of LOCALES) expect((await signUp(l)).status).toBe(302);
    const got = perLocale(await deliver(), "welcome", "participant");
    for (const l of LOCALES) {
      const { id } = await test.db.selectFrom("participant").select("id").where("email", "=", participantEmail(l)).executeTakeFirstOrThrow();
      participants[l] = id;
      expectMessage(got[l], l, {
        to: participantEmail(l),
        subject: ["welcome.subject", {}],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["welcome.body", "keepLink", "action.myPage"],
        facts: [],
        links: [ME_LINK(l)],
        footer: participantFooter(l),
      });
      expect(await resolveToken("participant", tokenIn(got[l].mail, ME_TOKEN))).toMatchObject({ subjectId: id });
    }
  });

  it("already_signed_up: signing up again with the address tells its owner, with no link of their own", async () => {
    // Whatever language the second form was in, the owner reads their own.
    for (const l of LOCALES) expect((await join(signUpFields({ first_name: "Someone", email: participantEmail(l), preferred_locale: l === "en" ? "ru" : "en" }))).status).toBe(302);
    const got = perLocale(await deliver(), "already_signed_up", "participant");
    for (const l of LOCALES) {
      expectMessage(got[l], l, {
        to: participantEmail(l),
        subject: ["alreadySignedUp.subject", {}],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["alreadySignedUp.body", "notYou", "action.lostLink"],
        facts: [],
        links: [`${ORIGIN}/me/lost${lng(l)}`],
        footer: participantFooter(l),
      });
      expect([...got[l].mail.text.matchAll(ME_TOKEN)]).toEqual([]);
    }
  });

  it("link_resent: a lost link is replaced, and the old ones stop only once the mail server took the new one", async () => {
    for (const l of LOCALES) await resendLink(participantEmail(l));
    const got = perLocale(await deliver(), "link_resent", "participant");
    for (const l of LOCALES) {
      expectMessage(got[l], l, {
        to: participantEmail(l),
        subject: ["linkResent.subject", {}],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["linkResent.body", "notYou"],
        facts: [],
        links: [ME_LINK(l)],
        footer: participantFooter(l),
      });
      expect(await resolveToken("participant", tokenIn(got[l].mail, ME_TOKEN))).toMatchObject({ subjectId: participants[l] });
      const live = await test.db
        .selectFrom("access_token")
        .select("id")
        .where("purpose", "=", "participant")
        .where("subject_id", "=", participants[l])
        .where("revoked_at", "is", null)
        .execute();
      expect(live).toHaveLength(1);
      // For reading their own feed below.
      feedTokens[l] = await issueToken(test.db, "participant", participants[l]);
    }
  });

  it("host_link: a host's request brings its status link, in the language of the form", async () => {
    for (const l of LOCALES) {
      requests[l] = (await fileHostRequest(test.db, { organisation: ORGANISATION(l), windowTo: "2026-05-31", email: hostEmail(l), lng: l, keepMessage: true })).id;
      declinedRequests[l] = (
        await fileHostRequest(test.db, { organisation: DECLINED_ORGANISATION(l), windowTo: "2026-05-31", email: declinedHostEmail(l), lng: l, keepMessage: true })
      ).id;
    }
    const arrivals = await deliver();
    expect(arrivals).toHaveLength(8);
    for (const [ids, organisation, email] of [
      [requests, ORGANISATION, hostEmail],
      [declinedRequests, DECLINED_ORGANISATION, declinedHostEmail],
    ] as const) {
      const got = perLocale(
        arrivals.filter((a) => Object.values(ids).includes(a.row.request_id!)),
        "host_link",
        "host",
      );
      for (const l of LOCALES) {
        expectMessage(got[l], l, {
          to: email(l),
          subject: ["hostLink.subject", {}],
          greeting: fill(l, "greeting", { name: CONTACT }),
          phrases: ["hostLink.body", "keepLink", "action.status"],
          facts: [fill(l, "hostLink.body", { organisation: organisation(l) })],
          links: [STATUS_LINK(l)],
          footer: hostFooter(l, organisation(l)),
        });
        expect(await resolveToken("host_request", tokenIn(got[l].mail, STATUS_TOKEN))).toMatchObject({ subjectId: ids[l] });
      }
    }
  });

  it("host_link_resent: a coordinator's new status link reaches the host, whatever origin the coordinator's page was on", async () => {
    for (const l of LOCALES) expect(await replaceHostLink(requests[l], actor(), "http://evil.example")).not.toBeNull();
    const got = perLocale(await deliver(), "host_link_resent", "host");
    for (const l of LOCALES) {
      expectMessage(got[l], l, {
        to: hostEmail(l),
        subject: ["hostLinkResent.subject", {}],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["hostLinkResent.body", "action.status"],
        facts: [fill(l, "hostLinkResent.body", { organisation: ORGANISATION(l) })],
        links: [STATUS_LINK(l)],
        footer: hostFooter(l),
      });
      expect(await resolveToken("host_request", tokenIn(got[l].mail, STATUS_TOKEN))).toMatchObject({ subjectId: requests[l] });
    }
  });

  it("request_declined: the host reads the coordinator's reason", async () => {
    for (const l of LOCALES) expect(await declineRequest(declinedRequests[l], `Liiga vähe osalejaid (${l})`, actor())).toEqual({ ok: true });
    const got = perLocale(await deliver(), "request_declined", "host");
    for (const l of LOCALES) {
      expectMessage(got[l], l, {
        to: declinedHostEmail(l),
        subject: ["requestDeclined.subject", {}],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["requestDeclined.body", "action.status"],
        facts: [fill(l, "requestDeclined.reason", { reason: `Liiga vähe osalejaid (${l})` })],
        links: [STATUS_LINK(l)],
        footer: hostFooter(l, DECLINED_ORGANISATION(l)),
      });
    }
  });

  it("request_accepted: the host hears of the planned event, with when and where and a calendar entry", async () => {
    for (const l of LOCALES) {
      const accepted = await acceptRequest(requests[l], actor());
      expect(accepted.ok).toBe(true);
      if (accepted.ok) events[l] = accepted.eventId;
    }
    const got = perLocale(await deliver(), "request_accepted", "host");
    for (const l of LOCALES) {
      expectMessage(got[l], l, {
        to: hostEmail(l),
        subject: ["requestAccepted.subject", {}],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["requestAccepted.body", "label.when", "label.where", "action.status"],
        facts: ["Kärdla kohvik, Keskväljak 1, Kärdla", "13:00"],
        links: [STATUS_LINK(l)],
        footer: hostFooter(l),
      });
      expect(got[l].row.event_id).toBe(events[l]);
      const itip = itipOf(got[l].mail);
      // The event is a draft until a coordinator plans it: the entry is tentative.
      expect(itip).toMatchObject({ method: "REQUEST", uid: `event-${events[l]}@tuttav.example`, status: "TENTATIVE", summary: EVENT_TITLE[l] });
      acceptedSequences[l] = itip.sequence;
    }
  });

  it("invitation: each participant is invited in their language, with what to bring, the journey and a calendar entry matching their feed", async () => {
    const at = process.env.TUTTAV_NOW!;
    for (const l of LOCALES) {
      expect((await transitionEvent(events[l], "planned", actor())).ok).toBe(true);
      const slot = await test.db.selectFrom("event_slot").select("id").where("event_id", "=", events[l]).where("offer", "=", "crafts").executeTakeFirstOrThrow();
      assignments[l] = (
        await test.db
          .insertInto("assignment")
          .values({ event_id: events[l], slot_id: slot.id, participant_id: participants[l], status: "proposed", explanation: "[]", created_at: at, updated_at: at })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    // Planning the draft tells the host and turns their tentative calendar entry into the planned event.
    const planned = perLocale(await deliver(), "event_planned", "host");
    for (const l of LOCALES) {
      const vars = { title: EVENT_TITLE[l], date: MAY_20[l], organisation: ORGANISATION(l) };
      expectMessage(planned[l], l, {
        to: hostEmail(l),
        subject: ["hostEventPlanned.subject", vars],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["hostEventPlanned.body", "label.when", "label.where", "action.status"],
        facts: [fill(l, "hostEventPlanned.body", vars), "Kärdla kohvik, Keskväljak 1, Kärdla", "13:00"],
        links: [STATUS_LINK(l)],
        footer: hostFooter(l),
      });
      expect(planned[l].row.event_id).toBe(events[l]);
      const itip = itipOf(planned[l].mail);
      const download = await inPublicDownload(l, events[l]);
      expect(itip).toMatchObject({ method: "REQUEST", uid: download.uid, sequence: download.sequence, status: "CONFIRMED" });
      expect(itip.sequence).toBeGreaterThan(acceptedSequences[l]);
    }
    expect(await sendInvitations({ from: "2026-05-20", to: "2026-05-20", regionCode: null }, actor())).toBe(4);
    const got = perLocale(await deliver(), "invitation", "participant");
    for (const l of LOCALES) {
      const vars = { title: EVENT_TITLE[l], date: MAY_20[l], town: "Kärdla" };
      expectMessage(got[l], l, {
        to: participantEmail(l),
        subject: ["invitation.subject", vars],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["invitation.body", "label.when", "label.where", "label.bring", "label.journey", "action.answer", "keepLink"],
        facts: [fill(l, "invitation.body", vars), EVENT_TITLE[l], "Kärdla kohvik, Keskväljak 1, Kärdla", "13:00", `${CRAFTS[l]}: ${BRINGS}`],
        links: [ME_LINK(l)],
        footer: participantFooter(l),
      });
      // Tartu → Kärdla crosses to Hiiumaa: the journey names the ferry.
      expect(got[l].mail.text).toContain(fixedParts(l, "journey.ferry")[0]);
      const itip = itipOf(got[l].mail);
      const feed = await inOwnFeed(l, events[l]);
      expect(itip).toMatchObject({ method: "REQUEST", uid: feed.uid, sequence: feed.sequence, status: "TENTATIVE", partstat: "NEEDS-ACTION", summary: EVENT_TITLE[l] });
      expect(feed.status).toBe("TENTATIVE");
      sequences.invitation[l] = itip.sequence;
    }
  });

  it("confirmation: saying yes is confirmed, and the calendar entry's SEQUENCE moves with the feed's", async () => {
    for (const l of LOCALES) expect(await acceptInvitation(participants[l], assignments[l])).toEqual({ ok: true });
    const arrivals = await deliver();
    // The host's line-up waits for more answers.
    expect(arrivals.map((a) => a.row.kind)).toEqual(["confirmation", "confirmation", "confirmation", "confirmation"]);
    const got = perLocale(arrivals, "confirmation", "participant");
    for (const l of LOCALES) {
      const vars = { title: EVENT_TITLE[l], date: MAY_20[l], town: "Kärdla" };
      expectMessage(got[l], l, {
        to: participantEmail(l),
        subject: ["confirmation.subject", vars],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["confirmation.body", "label.when", "label.where", "label.bring", "action.myPage"],
        facts: [fill(l, "confirmation.body", vars), "Kärdla kohvik, Keskväljak 1, Kärdla"],
        links: [ME_LINK(l)],
        footer: participantFooter(l),
      });
      const itip = itipOf(got[l].mail);
      const feed = await inOwnFeed(l, events[l]);
      expect(itip).toMatchObject({ method: "REQUEST", uid: feed.uid, sequence: feed.sequence, status: "CONFIRMED", partstat: "ACCEPTED" });
      expect(itip.sequence).toBeGreaterThan(sequences.invitation[l]);
      sequences.confirmation[l] = itip.sequence;
    }
  });

  it("lineup: half an hour later the host hears who is coming (first name and offer)", async () => {
    setNow(new Date(Date.parse(process.env.TUTTAV_NOW!) + 31 * 60_000).toISOString());
    const got = perLocale(await deliver(), "lineup", "host");
    for (const l of LOCALES) {
      const vars = { title: EVENT_TITLE[l], date: MAY_20[l], organisation: ORGANISATION(l) };
      expectMessage(got[l], l, {
        to: hostEmail(l),
        subject: ["lineup.subject", vars],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["lineup.body", "label.when", "label.where", "label.coming", "action.status"],
        facts: [fill(l, "lineup.body", vars), `${NAME[l]}: ${CRAFTS[l]}`],
        links: [STATUS_LINK(l)],
        footer: hostFooter(l),
      });
      // First names only: no surname, no address of the participant.
      expect(got[l].mail.text).not.toContain("Коваленко");
      expect(got[l].mail.text).not.toContain(participantEmail(l));
    }
  });

  it("event_changed: a new time and place reach the participant (with the new journey) and the host; SEQUENCE goes up", async () => {
    for (const l of LOCALES) {
      const input = await editOf(test.db, events[l], { venueId: tartuVenue, startsAt: "2026-05-20T11:00:00.000Z", endsAt: "2026-05-20T13:00:00.000Z" });
      expect(await updateEvent(events[l], input, actor())).toEqual({ ok: true });
    }
    const arrivals = await deliver();
    expect(arrivals).toHaveLength(8);
    const toParticipants = perLocale(arrivals, "event_changed", "participant");
    const toHosts = perLocale(arrivals, "event_changed", "host");
    for (const l of LOCALES) {
      const vars = { title: EVENT_TITLE[l], date: MAY_20[l], town: "Tartu", organisation: ORGANISATION(l) };
      // More than 72 hours ahead: an ordinary change, not an urgent one.
      expect(toParticipants[l].row.priority).toBe(5);
      expectMessage(toParticipants[l], l, {
        to: participantEmail(l),
        subject: ["eventChanged.subject", vars],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["eventChanged.body", "label.when", "label.where", "label.journey"],
        facts: [fill(l, "eventChanged.body", vars), "Tartu Linnaraamatukogu, Kompanii 3, Tartu", "14:00", fill(l, "journey.noTravel", {})],
        links: [ME_LINK(l)],
        footer: participantFooter(l),
      });
      expect(toParticipants[l].mail.text).not.toContain("Kärdla kohvik");
      const itip = itipOf(toParticipants[l].mail);
      const feed = await inOwnFeed(l, events[l]);
      expect(itip).toMatchObject({ method: "REQUEST", uid: feed.uid, sequence: feed.sequence, status: "CONFIRMED" });
      expect(itip.location).toContain("Tartu Linnaraamatukogu");
      expect(itip.sequence).toBeGreaterThan(sequences.confirmation[l]);
      sequences.event_changed[l] = itip.sequence;

      expectMessage(toHosts[l], l, {
        to: hostEmail(l),
        subject: ["hostEventChanged.subject", vars],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["hostEventChanged.body", "label.when", "label.where", "label.coming"],
        facts: [fill(l, "hostEventChanged.body", vars), "Tartu Linnaraamatukogu, Kompanii 3, Tartu", "14:00", `${NAME[l]}: ${CRAFTS[l]}`],
        links: [STATUS_LINK(l)],
        footer: hostFooter(l),
      });
      const hostItip = itipOf(toHosts[l].mail);
      const download = await inPublicDownload(l, events[l]);
      expect(hostItip).toMatchObject({ method: "REQUEST", uid: download.uid, sequence: download.sequence });
    }
  });

  it("reminder, host_reminder and digest: two and three days before, and at 07:00 for coordinators who asked", async () => {
    setNow("2026-05-18T18:00:00.000Z"); // 41 hours before the start
    await queueScheduledMessages();
    const arrivals = await deliver();
    expect(arrivals).toHaveLength(12);
    const reminders = perLocale(arrivals, "reminder", "participant");
    const hostReminders = perLocale(arrivals, "host_reminder", "host");
    const digests = perLocale(arrivals, "digest", "coordinator");
    for (const l of LOCALES) {
      const vars = { title: EVENT_TITLE[l], date: MAY_20[l], town: "Tartu", organisation: ORGANISATION(l) };
      expectMessage(reminders[l], l, {
        to: participantEmail(l),
        subject: ["reminder.subject", vars],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["reminder.body", "label.when", "label.where", "label.bring", "label.journey"],
        facts: ["Tartu Linnaraamatukogu, Kompanii 3, Tartu", "14:00", `${CRAFTS[l]}: ${BRINGS}`, fill(l, "journey.noTravel", {})],
        links: [ME_LINK(l)],
        footer: fill(l, "footer.participantReminder", {}),
      });
      const itip = itipOf(reminders[l].mail);
      const feed = await inOwnFeed(l, events[l]);
      expect(itip).toMatchObject({ method: "REQUEST", uid: feed.uid, sequence: feed.sequence });
      expect(itip.sequence).toBe(sequences.event_changed[l]);

      expectMessage(hostReminders[l], l, {
        to: hostEmail(l),
        subject: ["hostReminder.subject", vars],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["hostReminder.body", "label.when", "label.where", "label.coming"],
        facts: [fill(l, "hostReminder.body", vars), `${NAME[l]}: ${CRAFTS[l]}`],
        links: [STATUS_LINK(l)],
        footer: hostFooter(l),
      });

      // All four events have an open place (one of two taken) in the next 14 days.
      expectMessage(digests[l], l, {
        to: coordinatorEmail(l),
        subject: ["digest.subject", { count: 4 }],
        greeting: fill(l, "greeting", { name: `Koordinaator ${l}` }),
        phrases: ["digest.body", "action.open"],
        // Russian and Ukrainian say "4" with their "few" form.
        facts: [
          fill(l, l === "ru" || l === "uk" ? "digest.unfilled_few" : "digest.unfilled_other", { count: 4 }),
          fill(l, "digest.unfilledEvent", { title: EVENT_TITLE[l], date: `${MAY_20[l]} 14:00`, open: 1, places: 2 }),
        ],
        links: [`${ORIGIN}/admin${lng(l)}`],
        footer: fill(l, "footer.coordinator", {}),
      });
      expect(digests[l].mail.calendars).toEqual([]);
    }
  });

  it("host_feedback and participant_feedback: the day after, the host and each participant who came are asked how it went", async () => {
    setNow("2026-05-21T06:00:00.000Z"); // 17 hours after the end
    await queueScheduledMessages();
    const arrivals = await deliver();
    const got = perLocale(arrivals, "host_feedback", "host");
    for (const l of LOCALES) {
      const vars = { title: EVENT_TITLE[l], date: MAY_20[l], organisation: ORGANISATION(l) };
      // The host's feedback is given in this event's part of their status page.
      const feedbackLink = new RegExp(`^${ORIGIN.replace(/\./g, "\\.")}/request/status/[A-Za-z0-9_-]{43}${lng(l).replace("?", "\\?")}#feedback-${events[l]}$`);
      expectMessage(got[l], l, {
        to: hostEmail(l),
        subject: ["hostFeedback.subject", vars],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["hostFeedback.body", "action.feedback"],
        facts: [fill(l, "hostFeedback.body", vars)],
        links: [feedbackLink],
        footer: hostFooter(l),
      });
      // No anonymous public form for the host any more: their answer is tied to their link.
      expect(got[l].mail.text).not.toContain(`/events/${events[l]}/feedback`);
    }
    const thanks = perLocale(arrivals, "participant_feedback", "participant");
    for (const l of LOCALES) {
      const vars = { title: EVENT_TITLE[l], date: MAY_20[l] };
      const meFeedback = new RegExp(`^${ORIGIN.replace(/\./g, "\\.")}/me/[A-Za-z0-9_-]{43}${lng(l).replace("?", "\\?")}#feedback-${events[l]}$`);
      expectMessage(thanks[l], l, {
        to: participantEmail(l),
        subject: ["feedback2.subject", vars],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["feedback2.body", "feedback2.action", "keepLink"],
        facts: [fill(l, "feedback2.body", vars)],
        links: [meFeedback],
        footer: participantFooter(l),
      });
      expect(thanks[l].row.participant_id).toBe(participants[l]);
      expect(thanks[l].row.event_id).toBe(events[l]);
    }
    // Nothing else is due: no reminder after the event; today's digest has nothing new to say but
    // the failed and declined counts (none), so only the feedback requests and today's digests went.
    expect(arrivals.filter((a) => !["host_feedback", "participant_feedback", "digest"].includes(a.row.kind))).toEqual([]);
    // Queued once: the next run, an hour later, queues neither again.
    setNow("2026-05-21T07:00:00.000Z");
    await queueScheduledMessages();
    expect((await deliver()).filter((a) => a.row.kind.endsWith("_feedback"))).toEqual([]);
  });

  it("event_cancelled: a cancellation within 72 hours goes first, to the participant (METHOD:CANCEL, same UID and SEQUENCE as the feed) and the host", async () => {
    const at = process.env.TUTTAV_NOW!;
    for (const l of LOCALES) {
      const venue = await test.db.selectFrom("event").select("venue_id").where("id", "=", events[l]).executeTakeFirstOrThrow();
      extraEvents[l] = (
        await test.db
          .insertInto("event")
          .values({
            kind: "community_event",
            state: "planned",
            title: JSON.stringify({ [l]: EXTRA_TITLE[l], et: EXTRA_TITLE.et }),
            venue_id: venue.venue_id,
            starts_at: "2026-05-22T12:00:00.000Z",
            ends_at: "2026-05-22T14:00:00.000Z",
            is_public: 1,
            request_id: requests[l],
            created_at: at,
            updated_at: at,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      await test.db
        .insertInto("assignment")
        .values({
          event_id: extraEvents[l],
          participant_id: participants[l],
          status: "accepted",
          explanation: "[]",
          invited_at: at,
          responded_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    for (const l of LOCALES) expect(await transitionEvent(extraEvents[l], "cancelled", actor(), { reason: `Tormihoiatus (${l})` })).toEqual({ ok: true });
    const arrivals = await deliver();
    expect(arrivals).toHaveLength(8);
    const toParticipants = perLocale(arrivals, "event_cancelled", "participant");
    const toHosts = perLocale(arrivals, "event_cancelled", "host");
    for (const l of LOCALES) {
      const vars = { title: EXTRA_TITLE[l], date: MAY_22[l], town: "Tartu", organisation: ORGANISATION(l) };
      expect(toParticipants[l].row.priority).toBe(0);
      expectMessage(toParticipants[l], l, {
        to: participantEmail(l),
        subject: ["eventCancelled.subjectUrgent", vars],
        greeting: fill(l, "greeting", { name: NAME[l] }),
        phrases: ["eventCancelled.body", "action.myPage"],
        facts: [EXTRA_TITLE[l], fill(l, "eventCancelled.reason", { reason: `Tormihoiatus (${l})` })],
        links: [ME_LINK(l)],
        footer: participantFooter(l),
      });
      const itip = itipOf(toParticipants[l].mail);
      const feed = await inOwnFeed(l, extraEvents[l]);
      expect(itip).toMatchObject({ method: "CANCEL", uid: feed.uid, sequence: feed.sequence, status: "CANCELLED" });
      expect(feed.status).toBe("CANCELLED");
      expect(toParticipants[l].mail.calendars.find((c) => c.contentType === "application/ics")?.filename).toBe("cancel.ics");

      expect(toHosts[l].row.priority).toBe(0);
      expectMessage(toHosts[l], l, {
        to: hostEmail(l),
        subject: ["hostEventCancelled.subjectUrgent", vars],
        greeting: fill(l, "greeting", { name: CONTACT }),
        phrases: ["hostEventCancelled.body", "action.status"],
        facts: [fill(l, "hostEventCancelled.body", vars), fill(l, "eventCancelled.reason", { reason: `Tormihoiatus (${l})` })],
        links: [STATUS_LINK(l)],
        footer: hostFooter(l),
      });
      const hostItip = itipOf(toHosts[l].mail);
      const download = await inPublicDownload(l, extraEvents[l]);
      expect(hostItip).toMatchObject({ method: "CANCEL", uid: download.uid, sequence: download.sequence, status: "CANCELLED" });
    }
  });

  it("sent every message exactly once, and kept no body, link or calendar text of any of them", async () => {
    const counts = sink.countByMessageId();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const rows = await test.db.selectFrom("message").select(["message_id", "state", "body_text", "body_html", "ics"]).execute();
    const notSent = rows.filter((row) => row.state !== "sent");
    // Only the line-ups replaced by newer ones (none here) could be left; everything else went.
    expect(notSent).toEqual([]);
    expect(rows.map((row) => row.message_id).sort()).toEqual([...counts.keys()].sort());
    expect(rows.every((row) => row.body_text === null && row.body_html === null && row.ics === null)).toBe(true);
  });
});
