import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { localize } from "~/domain/localizedText";
import { LOCALES } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";

import { launchBrowser, loginAsCoordinator, newPage, openServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The soonest public event in the served demo database, as the home page should show it. */
function soonestEventTitle(locale: (typeof LOCALES)[number]): string {
  const db = openServedDatabase();
  try {
    const row = db
      .prepare("SELECT title FROM event WHERE is_public = 1 AND state IN ('planned','confirmed') AND ends_at > ? ORDER BY starts_at LIMIT 1")
      .get(new Date().toISOString()) as { title: string };
    return localize(row.title, locale);
  } finally {
    db.close();
  }
}

describe("home page", () => {
  it.each(LOCALES)("speaks %s and shows real events from the database", async (locale) => {
    const { page, errors } = await newPage(browser);
    await page.goto(`/?lng=${locale}`);
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    await expect.poll(() => page.locator("h1").first().textContent()).toBe(resources[locale].translation.home.title);
    expect(await page.getByRole("link", { name: soonestEventTitle(locale), exact: true }).count()).toBeGreaterThan(0);
    // The choice sticks: the next page without ?lng= is in the same language.
    await page.goto("/");
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("follows the browser's language when nothing was chosen", async () => {
    const { page } = await newPage(browser, { locale: "uk-UA" });
    await page.goto("/");
    expect(await page.getAttribute("html", "lang")).toBe("uk");
    await page.context().close();
  });
});

describe("coordinator", () => {
  it("logs in with the demo account and sees the dashboard, then logs out", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto("/admin?lng=en");
    await page.waitForURL(/\/login/);
    await loginAsCoordinator(page);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Dashboard");
    expect(await page.locator(".tile").count()).toBe(4);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.goto("/admin");
    await page.waitForURL(/\/login/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("is told, in their language, that a wrong password is wrong", async () => {
    const { page } = await newPage(browser);
    await page.goto("/login?lng=ru");
    await page.getByLabel("Эл. почта").fill("admin@tuttav.test");
    await page.getByLabel("Пароль").fill("not-the-password");
    await page.getByRole("button", { name: "Войти" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("Неверный адрес эл. почты или пароль.");
    await page.context().close();
  });
});
