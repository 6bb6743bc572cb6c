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

/** Pages opened in the current test, and untranslated "{{placeholders}}" seen on them (checked by test/e2e/setup.ts). */
const openPages = new Set<Page>();
const placeholderSightings: string[] = [];

/** Records a "{{" in the page's title or visible text: an interpolation value the page forgot to pass. */
async function lookForPlaceholders(page: Page): Promise<void> {
  const text = await page.evaluate(() => `${document.title}\n${document.body?.innerText ?? ""}`).catch(() => "");
  const seen = /.{0,40}\{\{.{0,40}/.exec(text);
  if (seen) placeholderSightings.push(`${page.url()}: …${seen[0]}…`);
}

/** Every placeholder seen since the last call, after a last look at the pages still open. */
export async function takePlaceholderSightings(): Promise<string[]> {
  for (const page of openPages) if (!page.isClosed()) await lookForPlaceholders(page);
  openPages.clear();
  return placeholderSightings.splice(0);
}

/**
 * A page that fails the test on any uncaught error in the browser (e.g. a hydration crash);
 * every page it loads is also checked for raw {{placeholders}} (see test/e2e/setup.ts).
 */
export async function newPage(browser: Browser, options: { locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: options.locale ?? "et-EE" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Client-side navigations fire no "load": a MutationObserver in the page reports what it renders.
  await page.exposeFunction("__tuttavPlaceholder", (seen: string) => placeholderSightings.push(`${page.url()}: …${seen}…`));
  await page.addInitScript(() => {
    const reported = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () => {
      timer = undefined;
      const seen = /.{0,40}\{\{.{0,40}/.exec(`${document.title}\n${document.body?.innerText ?? ""}`)?.[0];
      if (seen && !reported.has(seen)) {
        reported.add(seen);
        (window as unknown as { __tuttavPlaceholder(seen: string): void }).__tuttavPlaceholder(seen);
      }
    };
    new MutationObserver(() => (timer ??= setTimeout(look, 50))).observe(document, { subtree: true, childList: true, characterData: true });
  });
  page.on("load", () => void lookForPlaceholders(page));
  openPages.add(page);
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
