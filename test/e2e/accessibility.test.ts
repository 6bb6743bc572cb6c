import fs from "node:fs";
import { createRequire } from "node:module";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_TOKENS } from "#db/seed/demo";
import { LOCALES, type Locale } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

// The pages' CSP allows no inline script, so axe is evaluated through the debugging protocol rather than a <script> tag.
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const en = resources.en.translation as Record<string, any>;

type Violation = { id: string; nodes: { target: string[]; failureSummary?: string }[] };

/** axe's WCAG 2 A and AA rules (colour contrast among them) on the page as it is now, as readable lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } })).violations;
  });
  return violations.flatMap((v: Violation) =>
    v.nodes.map((n) => `${page.url()} ${v.id}: ${n.target.join(" ")} ${(n.failureSummary ?? "").split("\n").slice(1, 2).join("").trim()}`),
  );
}

function publicPaths(): string[] {
  const [event] = queryServedDatabase<{ id: number }>("SELECT id FROM event WHERE is_public = 1 AND state = 'confirmed' ORDER BY starts_at LIMIT 1");
  return ["/", "/events", `/events/${event.id}`, "/join", "/request", "/login", `/me/${DEMO_TOKENS.participant}`, `/request/status/${DEMO_TOKENS.host}`];
}

function coordinatorPaths(): string[] {
  const [event] = queryServedDatabase<{ id: number }>("SELECT id FROM event WHERE state = 'confirmed' ORDER BY starts_at LIMIT 1");
  return ["/admin", "/admin/events", `/admin/events/${event.id}`, "/admin/matching?run=1", "/admin/requests", "/admin/participants", "/admin/outbox", "/admin/account"];
}

async function violationsOn(paths: string[], locale: Locale, viewport: { width: number; height: number }, login: boolean): Promise<string[]> {
  const { page, errors } = await newPage(browser);
  await page.setViewportSize(viewport);
  if (login) await loginAsCoordinator(page);
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(`${path}${path.includes("?") ? "&" : "?"}lng=${locale}`);
    found.push(...(await axeViolations(page)));
  }
  expect(errors).toEqual([]);
  await page.context().close();
  return found;
}

describe("axe finds no WCAG 2 AA problem (colour contrast included)", () => {
  it.each(LOCALES)("on the public, participant and host pages in %s", async (locale) => {
    expect(await violationsOn(publicPaths(), locale, DESKTOP, false)).toEqual([]);
  });

  it.each(LOCALES)("on the coordinators' pages in %s", async (locale) => {
    expect(await violationsOn(coordinatorPaths(), locale, DESKTOP, true)).toEqual([]);
  });

  it("on a 390 px phone", async () => {
    expect(await violationsOn(publicPaths(), "ru", PHONE, false)).toEqual([]);
    expect(await violationsOn(coordinatorPaths(), "uk", PHONE, true)).toEqual([]);
  });

  it("on forms showing their errors", async () => {
    const { page } = await newPage(browser);
    await page.goto("/request?lng=en");
    await page.getByRole("button", { name: en.requestForm.submit }).click();
    await expect.poll(() => page.locator(".field-error").count()).toBeGreaterThan(3);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe("the map", () => {
  it("names its towns in letters at least 12 px high on a 390 px phone (and on a desktop), on the events page and an event's page", async () => {
    const { page } = await newPage(browser);
    const [event] = queryServedDatabase<{ id: number }>("SELECT id FROM event WHERE is_public = 1 AND state = 'confirmed' ORDER BY starts_at LIMIT 1");
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const path of ["/events?lng=et", `/events/${event.id}?lng=et`]) {
        await page.goto(path);
        // A text's font size is in map units; on screen it is scaled with the whole drawing.
        const sizes = await page.$$eval(".estonia-map .map-town-name", (texts) =>
          texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * ((t as SVGGraphicsElement).getScreenCTM()?.a ?? 0)),
        );
        expect(sizes.length, path).toBeGreaterThan(0);
        expect(Math.min(...sizes), `${path} at ${viewport.width} px`).toBeGreaterThanOrEqual(12);
      }
    }
    await page.context().close();
  });
});

/** The top edge of each element, rounded to a pixel. */
async function tops(page: Page, selectors: string[]): Promise<number[]> {
  return Promise.all(selectors.map(async (s) => Math.round((await page.locator(s).boundingBox())!.y)));
}

describe("fields side by side", () => {
  it("keep their inputs on one line when only one has an error or a hint, and stack cleanly on a phone", async () => {
    const { page } = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    // The host form checks in the browser: a bad e-mail puts an error under e-mail only.
    await page.goto("/request?lng=en");
    await page.getByLabel(en.requestForm.email, { exact: true }).fill("not-an-e-mail");
    await page.getByRole("button", { name: en.requestForm.submit }).click();
    await expect.poll(() => page.locator("#field-email-error").count()).toBe(1);
    const [email, phone] = await tops(page, ["#field-email", "#field-phone"]);
    expect(phone).toBe(email);
    const [from, to] = await tops(page, ["#field-windowFrom", "#field-windowTo"]);
    expect(to).toBe(from);

    await page.setViewportSize(PHONE);
    const emailError = (await page.locator("#field-email-error").boundingBox())!;
    const phoneLabel = (await page.locator('label[for="field-phone"]').boundingBox())!;
    expect(phoneLabel.y).toBeGreaterThan(emailError.y + emailError.height);

    // Sign-up: a first name too long for the field (sent past the browser's limit) next to a last name with a hint.
    await page.setViewportSize(DESKTOP);
    await page.goto("/join?lng=ru");
    await page.locator("#field-first_name").evaluate((input: HTMLInputElement) => input.removeAttribute("maxlength"));
    await page.locator("#field-first_name").fill("Я".repeat(81));
    await page.locator("form.participant-form button[type=submit]").click();
    await expect.poll(() => page.locator("#field-first_name-error").textContent()).toBe("Слишком длинный текст: не более 80 символов.");
    const [first, last] = await tops(page, ["#field-first_name", "#field-last_name"]);
    expect(last).toBe(first);

    // The coordinators' event form: the date refused, the start time fine.
    await loginAsCoordinator(page);
    await page.goto("/admin/events/new?lng=en");
    await page.locator("#field-capacity").fill("99999");
    await page.locator("form.event-form button[type=submit]").click();
    await expect.poll(() => page.locator("#field-capacity-error").textContent()).toBe("Please enter a whole number from 1 to 5,000.");
    const [capacity, audience] = await tops(page, ["#field-capacity", "#field-expectedAudience"]);
    expect(audience).toBe(capacity);
    await page.context().close();
  });

  it("say the limit a message is about, formatted in the reader's language", async () => {
    const { page } = await newPage(browser);
    for (const [lng, text] of [
      ["en", "This is too long: at most 4,000 characters."],
      ["uk", "Задовгий текст: не більше 4\u00a0000 символів."],
    ]) {
      await page.goto(`/request?lng=${lng}`);
      await page.locator("#field-message").fill("x".repeat(4001));
      await page.locator("form.request-form button[type=submit]").click();
      await expect.poll(() => page.locator("#field-message-error").textContent()).toBe(text);
    }
    await page.context().close();
  });
});

describe("a language not among the quick choices", () => {
  it("is typed with suggestions of every ISO 639-1 language in the reader's language, and stored by its code", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto("/join?lng=et");
    expect(await page.locator("datalist#all-languages option").count()).toBeGreaterThanOrEqual(180);
    expect(await page.locator('datalist#all-languages option[value="Suahiili"]').count()).toBe(1);

    const phone = `+372 5${String(Date.now()).slice(-7)}`;
    await page.locator("#field-first_name").fill("Amani");
    await page.locator("#field-phone").fill(phone);
    await page.locator("#field-home_town").selectOption({ label: "Tartu" });
    await page.locator("#lang-code-0").selectOption("en");
    await page.locator("#lang-level-0").selectOption("fluent");
    await page.locator('input[list="all-languages"]').first().fill("Klingon");
    await page.locator("#lang-level-3").selectOption("native");
    await page.locator('input[name="offers"][value="story"]').check();
    await page.locator('input[name="weekdays"][value="6"]').check();
    await page.locator('input[name="times_of_day"][value="afternoon"]').check();
    await page.locator('input[name="consent"]').check();
    await page.locator("form.participant-form button[type=submit]").click();
    // Refused, naming what was typed; the row keeps it, marked.
    await expect.poll(() => page.locator("#languages-error").textContent()).toContain("„Klingon“");
    expect(await page.locator('input[list="all-languages"]').first().getAttribute("aria-invalid")).toBe("true");

    await page.locator('input[list="all-languages"]').first().fill("Suahiili");
    await page.locator('input[name="consent"]').check();
    await page.locator("form.participant-form button[type=submit]").click();
    await page.waitForURL(/\/me\/[A-Za-z0-9_-]{43}\?welcome=1$/);
    const [person] = queryServedDatabase<{ id: number }>("SELECT id FROM participant WHERE phone = ?", phone);
    expect(queryServedDatabase<{ code: string }>("SELECT code FROM participant_language WHERE participant_id = ? ORDER BY code", person.id).map((r) => r.code)).toEqual([
      "en",
      "sw",
    ]);
    // Their own page shows it again by name, in a typed row.
    expect(await page.locator('input[list="all-languages"]').first().inputValue()).toBe("Suahiili");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
