import SQLite from "better-sqlite3";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Debian's Chromium, headless, with the flags this sandboxed machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export const baseURL = () => inject("baseURL");

/** A page that fails the test on any uncaught error in the browser (e.g. a hydration crash). */
export async function newPage(browser: Browser, options: { locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: options.locale ?? "et-EE" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { page, errors };
}

/** Reads the served database directly, to check what a flow wrote. */
export function openServedDatabase(): SQLite.Database {
  return new SQLite(inject("databasePath"), { readonly: true, fileMustExist: true });
}

/** The rows a query returns from the served database. */
export function queryServedDatabase<T>(sql: string, ...params: unknown[]): T[] {
  const db = openServedDatabase();
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Logs in as the demo coordinator. */
export async function loginAsCoordinator(page: Page) {
  await page.goto("/login");
  await page.getByLabel(/E-post|E-mail|Эл. почта|Ел. пошта/).fill("admin@tuttav.test");
  await page.getByLabel(/Parool|Password|Пароль/).fill("tuttav-demo");
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(/\/admin/);
}
