import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_LOGIN } from "#db/seed/demo";

import { baseURL, launchBrowser, loginAsCoordinator, newPage, openServedDatabase } from "./browser";

/**
 * Text people type is stored as typed and shown as text: script tags, attribute-breaking quotes,
 * right-to-left overrides and emoji sequences appear literally and never run.
 */
const HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "'><svg onload=alert(3)>", "</textarea><script>alert(4)</script>", "javascript:alert(5)"];
const marker = `${Date.now().toString(36)}`;
const hostile = (label: string) => `${label} ${marker} ${HOSTILE.join(" ")} مرحبا \u202Egnp.exe\u202C 👩‍👩‍👧‍👦`;

let browser: Browser;
let session: string;
beforeAll(async () => {
  browser = await launchBrowser();
  const login = await fetch(`${baseURL()}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }),
  });
  session = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
});
afterAll(() => browser?.close());

async function post(path: string, fields: Record<string, string | string[]>, cookie?: string): Promise<Response> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return fetch(`${baseURL()}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body,
  });
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function lookup<T>(sql: string, ...args: unknown[]): T {
  const db = openServedDatabase();
  try {
    return db.prepare(sql).get(...args) as T;
  } finally {
    db.close();
  }
}

/** Opens a page, fails on any dialog or injected element, and checks the text shows as typed. */
async function expectLiteral(page: Page, errors: string[], dialogs: string[], path: string, texts: string[]) {
  await page.goto(path);
  const body = await page.locator("body").innerText();
  for (const text of texts) expect(body.replace(/\s+/g, " "), `${path}: ${text.slice(0, 30)}`).toContain(text.replace(/\s+/g, " "));
  // Nothing the text describes became an element.
  expect(await page.locator("img[src='x'], svg[onload], [onerror], [onload]").count(), path).toBe(0);
  const inlineScripts = await page.locator("script:not([src])").evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ""));
  // Page data travels in inline scripts, with "<" escaped so no text can close them.
  expect(
    inlineScripts.filter((s) => /<\/?(script|img|svg)/i.test(s)),
    path,
  ).toEqual([]);
  expect(dialogs, path).toEqual([]);
  expect(errors, path).toEqual([]);
}

async function watchedPage(options: { coordinator?: boolean } = {}) {
  const { page, errors } = await newPage(browser, { locale: "en-GB" });
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  if (options.coordinator) await loginAsCoordinator(page);
  return { page, errors, dialogs };
}

describe("hostile text", () => {
  it("in an event's title and description shows literally on the public and coordinator pages", async () => {
    const title = hostile("Event");
    const venue = lookup<{ id: number }>("SELECT id FROM venue ORDER BY id LIMIT 1");
    const created = await post(
      "/admin/events/new",
      {
        kind: "community_event",
        venueId: String(venue.id),
        title_et: title,
        title_en: title,
        description_et: hostile("Description"),
        description_en: hostile("Description"),
        date: inDays(70),
        startTime: "12:00",
        endTime: "15:00",
        capacity: "30",
        languages: ["et"],
        isPublic: "on",
        slot_crafts: "1",
      },
      session,
    );
    expect(created.status).toBe(302);
    const path = created.headers.get("Location")!.split("?")[0];
    const id = path.split("/").pop();
    const planned = await post(path, { intent: "transition", to: "planned" }, session);
    expect(planned.status).toBe(200);
    expect(lookup<{ title: string }>("SELECT title FROM event WHERE id = ?", id).title).toContain(HOSTILE[0]);

    const visitor = await watchedPage();
    await expectLiteral(visitor.page, visitor.errors, visitor.dialogs, `/events/${id}?lng=en`, [title, hostile("Description")]);
    expect(await visitor.page.title()).toBe(title);
    // Its month of the list (other browser tests add events, so the first page may end before it).
    await expectLiteral(visitor.page, visitor.errors, visitor.dialogs, `/events?lng=en&month=${inDays(70).slice(0, 7)}`, [title]);

    const coordinator = await watchedPage({ coordinator: true });
    await expectLiteral(coordinator.page, coordinator.errors, coordinator.dialogs, `/admin/events/${id}?lng=en`, []);
    // In the edit form the title is the value of its field, as typed.
    expect(await coordinator.page.locator('input[name="title_en"]').inputValue()).toBe(title);
    // The list narrowed to its county, kind and state (a page holds 50, and other tests add events).
    const { region } = lookup<{ region: string }>("SELECT town.region_code AS region FROM venue JOIN town ON town.id = venue.town_id WHERE venue.id = ?", venue.id);
    await expectLiteral(coordinator.page, coordinator.errors, coordinator.dialogs, `/admin/events?lng=en&region=${region}&kind=community_event&state=planned`, [title]);
    await visitor.page.context().close();
    await coordinator.page.context().close();
  });

  it("in a participant's name and details shows literally on the coordinators' pages and their own", async () => {
    // Names are at most 80 characters.
    const firstName = `${marker} ${HOSTILE[0]} 🧑🏽‍🍳 \u202Eabc`;
    // Phone only, so the sign-up lands on the participant's own page (with an e-mail the link is mailed).
    const phone = `+372 5${String(Date.now()).slice(-7)}`;
    const joined = await post("/join?lng=en", {
      first_name: firstName,
      last_name: HOSTILE[1],
      phone,
      home_town: "tartu",
      preferred_locale: "en",
      lang_code: ["uk"],
      lang_level: ["native"],
      offers: ["crafts"],
      offer_description_crafts: HOSTILE[2],
      max_travel_minutes: "180",
      monthly_cap: "2",
      weekdays: ["6"],
      times_of_day: ["afternoon"],
      dietary: HOSTILE[3],
      consent: "yes",
    });
    expect(joined.status).toBe(302);
    const own = joined.headers.get("Location")!;
    const participant = lookup<{ id: number }>("SELECT id FROM participant WHERE phone = ?", phone);

    const self = await watchedPage();
    await expectLiteral(self.page, self.errors, self.dialogs, own, []);
    expect(await self.page.locator('input[name="first_name"]').inputValue()).toBe(firstName);
    expect(await self.page.locator("h1").innerText()).toContain(HOSTILE[0]);

    const coordinator = await watchedPage({ coordinator: true });
    await expectLiteral(coordinator.page, coordinator.errors, coordinator.dialogs, `/admin/participants?lng=en`, [`${firstName} ${HOSTILE[1]}`]);
    await expectLiteral(coordinator.page, coordinator.errors, coordinator.dialogs, `/admin/participants/${participant.id}?lng=en`, [firstName, HOSTILE[2], HOSTILE[3]]);
    expect(await coordinator.page.title()).toContain(firstName);
    await self.page.context().close();
    await coordinator.page.context().close();
  });

  it("in a host's organisation and message shows literally on the host's link and in the inbox", async () => {
    const organisation = hostile("Org");
    const message = hostile("Message");
    const town = lookup<{ id: number }>("SELECT id FROM town WHERE slug = 'orissaare'");
    const filed = await post("/request?lng=en", {
      organisation,
      contactName: HOSTILE[1],
      email: "host@example.org",
      townId: String(town.id),
      venue: "new",
      venueName: HOSTILE[2],
      venueAddress: HOSTILE[4],
      kind: "community_event",
      windowFrom: inDays(20),
      windowTo: inDays(60),
      weekdays: ["6"],
      timeOfDay: "evening",
      localLanguages: ["et"],
      wishes: ["crafts"],
      message,
    });
    expect(filed.status).toBe(302);
    const status = filed.headers.get("Location")!;
    expect(status).toMatch(/^\/request\/status\/[A-Za-z0-9_-]+\?created=1$/);

    const host = await watchedPage();
    await expectLiteral(host.page, host.errors, host.dialogs, status, [organisation, message, HOSTILE[2]]);

    const coordinator = await watchedPage({ coordinator: true });
    await expectLiteral(coordinator.page, coordinator.errors, coordinator.dialogs, `/admin/requests?lng=en`, [organisation, message]);
    await host.page.context().close();
    await coordinator.page.context().close();
  });
});
