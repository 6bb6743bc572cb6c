import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LOCALES, type Locale } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const messages = (locale: Locale) =>
  resources[locale].translation as unknown as {
    adminpages: { error: { notFound: { title: string }; back: string }; aboutThem: { weekdays: string }; participantLink: { confirm: string } };
    errors: { notFound: { title: string } };
    participantForm: { weekdays: string };
  };

/** React's complaints about a page whose browser render differs from the server's (then it shows bare keys). */
function hydrationErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Minified React error #(418|423|425)|Hydration/.test(message.text())) seen.push(message.text().slice(0, 200));
  });
  return seen;
}

describe("errors in the coordinators' pages", () => {
  it.each(LOCALES)("a record that does not exist: 404 inside the coordinators' layout, titled and translated (%s)", async (locale) => {
    const { page, errors } = await newPage(browser);
    const hydration = hydrationErrors(page);
    await loginAsCoordinator(page);
    const response = await page.goto(`/admin/events/999999?lng=${locale}`);
    expect(response?.status()).toBe(404);
    await page.waitForLoadState("networkidle");
    const { adminpages } = messages(locale);
    expect(await page.locator("h1").textContent()).toBe(adminpages.error.notFound.title);
    expect(await page.title()).toBe(`${adminpages.error.notFound.title} — Tuttav`);
    // The coordinators' navigation and the way back, not the public header.
    expect(await page.locator(".admin-header nav a[href='/admin/requests']").count()).toBe(1);
    expect(await page.locator(`main a[href='/admin']`).textContent()).toBe(adminpages.error.back);
    expect(errors).toEqual([]);
    expect(hydration).toEqual([]);
    await page.context().close();
  });

  it.each(LOCALES)("a page not found is titled and stays translated once the browser takes over (%s)", async (locale) => {
    const { page, errors } = await newPage(browser);
    const hydration = hydrationErrors(page);
    const response = await page.goto(`/no-such-page?lng=${locale}`);
    expect(response?.status()).toBe(404);
    await page.waitForLoadState("networkidle");
    const title = messages(locale).errors.notFound.title;
    expect(await page.locator("h1").textContent()).toBe(title);
    expect(await page.title()).toBe(`${title} — Tuttav`);
    expect(await page.locator("body").innerText()).not.toMatch(/\b(nav|errors|footer)\.[a-zA-Z]+/);
    expect(errors).toEqual([]);
    expect(hydration).toEqual([]);
    await page.context().close();
  });
});

describe("a participant's page (coordinator)", () => {
  let id: number;
  let firstName: string;
  beforeAll(() => {
    // Not the demo participant whose link other browser tests use.
    [{ id, first_name: firstName }] = queryServedDatabase<{ id: number; first_name: string }>(
      "SELECT id, first_name FROM participant WHERE erased_at IS NULL AND first_name <> 'Olena' ORDER BY id LIMIT 1",
    );
  });

  it("speaks about the participant, not to them", async () => {
    const { page, errors } = await newPage(browser);
    await loginAsCoordinator(page);
    for (const locale of LOCALES) {
      await page.goto(`/admin/participants/${id}?lng=${locale}`);
      const text = await page.locator("main").innerText();
      expect(text).toContain(messages(locale).adminpages.aboutThem.weekdays);
      expect(text).not.toContain(messages(locale).participantForm.weekdays);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("makes a new private link only after a second, confirming click, and the audit log tells it in words", async () => {
    const { page, errors } = await newPage(browser);
    await loginAsCoordinator(page);
    const liveLinks = () =>
      queryServedDatabase<{ n: number }>("SELECT count(*) AS n FROM access_token WHERE purpose = 'participant' AND subject_id = ? AND revoked_at IS NULL", id)[0].n;
    const before = liveLinks();
    await page.goto(`/admin/participants/${id}?lng=en`);
    const confirm = page.getByRole("button", { name: messages("en").adminpages.participantLink.confirm });
    // The first click only opens the question.
    expect(await confirm.isVisible()).toBe(false);
    await page.locator("summary", { hasText: "Make a new private link" }).click();
    expect(liveLinks()).toBe(before);
    await confirm.click();
    expect(await page.locator(".secret-link").textContent()).toMatch(/\/me\/[A-Za-z0-9_-]{40,}$/);
    expect(liveLinks()).toBe(1);

    await page.goto("/admin/audit?lng=en");
    const row = page.locator("table.audit-log tbody tr").first();
    expect(await row.locator("td").nth(1).innerText()).toMatch(new RegExp(`^Kristi Tamm made a new private link for ${firstName}`));
    expect(await row.locator(`a[href='/admin/participants/${id}']`).count()).toBe(1);
    for (const locale of LOCALES) {
      await page.goto(`/admin/audit?lng=${locale}`);
      // Sentences and menus in words: no action code ("participant.link_replaced"), no JSON.
      const table = await page.locator("table.audit-log").innerText();
      // (Event titles typed by other tests may hold anything, so look for the codes the log writes.)
      expect(table).not.toMatch(/\b(event|series|participant|request|matching|session|user|feed|feedback|assignment|settings|invitation)\.[a-z]+(_[a-z]+)*\b|[{}]/);
      const options = await page.locator(".audit-filters option").allTextContents();
      expect(options.filter((o) => /^[a-z_.]+$/.test(o))).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe("venue choices in the event form", () => {
  it("name the town of each venue, grouped by town", async () => {
    const { page, errors } = await newPage(browser);
    await loginAsCoordinator(page);
    await page.goto("/admin/events/new?lng=et");
    const options = await page.$$eval("select[name=venueId] optgroup option", (els) =>
      els.map((o) => ({ text: o.textContent ?? "", town: (o.parentElement as HTMLOptGroupElement).label })),
    );
    expect(options.length).toBeGreaterThan(3);
    for (const option of options) expect(option.text).toMatch(new RegExp(`^.+, ${option.town}( \\(|$)`));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe("the events list's and the header's links (one click handler each)", () => {
  it("open an event inside the app on a plain click, and leave a modified click to the browser", async () => {
    const { page, errors } = await newPage(browser);
    await loginAsCoordinator(page);
    await page.goto("/admin/events?lng=en");
    await page.waitForLoadState("networkidle");
    const link = page.locator(".events-table tbody a").first();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/admin\/events\/\d+$/);
    // A marker on the window survives a navigation inside the app, not a page load.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    await link.click();
    await page.waitForURL(`**${href}`);
    await expect.poll(() => page.locator("h1").textContent()).not.toBe("Events");
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // Ctrl+click opens a new tab, as on any link; this page stays where it is.
    await page.goBack();
    await page.waitForURL(/\/admin\/events\?lng=en$/);
    const opened = page.context().waitForEvent("page");
    await page
      .locator(".events-table tbody a")
      .first()
      .click({ modifiers: ["Control"] });
    const tab = await opened;
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toBe(href);
    expect(new URL(page.url()).pathname).toBe("/admin/events");

    // The header's sections work the same way, and mark the current one as NavLink did.
    expect(await page.locator(".main-nav a[aria-current=page]").getAttribute("href")).toBe("/admin/events");
    await page.locator(".main-nav a[href='/admin/participants']").click();
    await page.waitForURL("**/admin/participants");
    await expect.poll(() => page.locator(".main-nav a[aria-current=page]").getAttribute("href")).toBe("/admin/participants");
    expect(await page.locator(".main-nav a.active").count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
