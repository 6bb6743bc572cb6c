/**
 * The browser gets a page's messages from a file of their own (/locales/<lng>.<hash>.json, see
 * app/i18n/messageAssets.server.ts), fetched before it hydrates: the page must hydrate with the
 * server's words, never showing a raw key or a hydration mismatch, also when the file is slow, and
 * stay as the server rendered it when the file cannot be had.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LOCALES, type Locale } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";

import { launchBrowser, newPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

type Messages = { home: { title: string }; nav: { events: string }; login: { title: string }; participantJoin: { title: string }; publicEvents: { title: string } };
const messages = (locale: Locale) => resources[locale].translation as unknown as Messages;

/** Every message key with a dot in it ("nav.events"): what i18next shows when a message is missing. */
function messageKeys(tree: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return value && typeof value === "object" ? messageKeys(value as Record<string, unknown>, path) : path.includes(".") ? [path] : [];
  });
}
const KEYS = [...new Set(LOCALES.flatMap((locale) => messageKeys(resources[locale].translation)))];

type Watch = { hydration: string[]; preloadWarnings: string[]; consoleErrors: string[]; keysSeen: () => Promise<string[]> };

/**
 * Watches a page from before its first script: every text or label React writes that is a raw
 * message key (a MutationObserver, so a key shown for a moment during hydration counts too), React's
 * hydration complaints, and the browser's warning about a preload nobody used.
 */
async function watch(page: Page): Promise<Watch> {
  const watched: Watch = {
    hydration: [],
    preloadWarnings: [],
    consoleErrors: [],
    keysSeen: () => page.evaluate(() => (window as unknown as { __keysSeen: string[] }).__keysSeen ?? []),
  };
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error") watched.consoleErrors.push(text.slice(0, 300));
    if (/Minified React error #(418|423|425)|Hydration|did not match/i.test(text)) watched.hydration.push(text.slice(0, 300));
    if (/preload/i.test(text)) watched.preloadWarnings.push(text.slice(0, 300));
  });
  await page.addInitScript((keys: string[]) => {
    const known = new Set(keys);
    const seen: string[] = ((window as unknown as { __keysSeen: string[] }).__keysSeen = []);
    const check = (text: string | null) => {
      const trimmed = (text ?? "").trim();
      if (known.has(trimmed) && !seen.includes(trimmed)) seen.push(trimmed);
    };
    const LABELS = ["aria-label", "title", "placeholder", "alt"];
    const look = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) return check(node.textContent);
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let current: Node | null = walker.currentNode; current; current = walker.nextNode()) {
        if (current.nodeType === Node.TEXT_NODE) check(current.textContent);
        else for (const name of LABELS) check((current as Element).getAttribute(name));
      }
    };
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "characterData") check(record.target.textContent);
        else if (record.type === "attributes") check((record.target as Element).getAttribute(record.attributeName!));
        else record.addedNodes.forEach(look);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: LABELS });
    // What the server sent counts too.
    document.addEventListener("DOMContentLoaded", () => look(document.documentElement));
  }, KEYS);
  return watched;
}

/** Resolves once React has taken over the page's main content (hydration attaches its fibers to the nodes). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber$"));
  });
}

const isHydrated = (page: Page) => page.evaluate(() => Object.keys(document.querySelector("main") ?? {}).some((key) => key.startsWith("__reactFiber$")));

/** The heading each page shows, in a language. */
const PAGES: { path: string; heading: (m: Messages) => string }[] = [
  { path: "/", heading: (m) => m.home.title },
  { path: "/events", heading: (m) => m.publicEvents.title },
  { path: "/join", heading: (m) => m.participantJoin.title },
  { path: "/login", heading: (m) => m.login.title },
];

describe("each language's messages, a file of their own", () => {
  it.each(LOCALES)("%s: the public pages and the forms hydrate with the server's words, from one file the browser keeps", async (locale) => {
    const { page, errors } = await newPage(browser);
    const watched = await watch(page);
    const files: { url: string; cacheControl: string | undefined; status: number }[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.startsWith("/locales/"))
        files.push({ url: response.url(), status: response.status(), cacheControl: response.headers()["cache-control"] });
    });
    for (const { path, heading } of PAGES) {
      const response = await page.goto(`${path}?lng=${locale}`);
      expect(response?.status(), path).toBe(200);
      await hydrated(page);
      await page.waitForLoadState("networkidle");
      expect(await page.locator("h1").first().textContent(), path).toBe(heading(messages(locale)));
      // The page carries the file's address, not the messages.
      const root = await page.evaluate(
        () => (window as unknown as { __remixContext: { state: { loaderData: Record<string, Record<string, unknown>> } } }).__remixContext.state.loaderData.root,
      );
      expect(Object.keys(root).sort(), path).toEqual(["locale", "messagesHref"]);
      expect(root.messagesHref, path).toMatch(new RegExp(`^/locales/${locale}\\.[A-Za-z0-9_-]+\\.json$`));
      expect(await page.locator(`link[rel=preload][as=fetch][href="${root.messagesHref as string}"]`).count(), path).toBe(1);
    }
    expect(await watched.keysSeen()).toEqual([]);
    expect(watched.hydration).toEqual([]);
    // The preload is the fetch's answer (a crossorigin mismatch would make the browser warn and load it twice).
    expect(watched.preloadWarnings).toEqual([]);
    expect(errors).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
    expect(new Set(files.map((f) => f.url)).size).toBe(1);
    for (const file of files) {
      expect(file.status).toBe(200);
      expect(file.cacheControl).toBe("public, max-age=31536000, immutable");
    }
    await page.context().close();
  });

  it("a slow messages file: the page waits for it, then hydrates in its language without a raw key", async () => {
    const { page, errors } = await newPage(browser);
    const watched = await watch(page);
    // When the app starts rendering in the browser (Remix sets its router then).
    await page.addInitScript(() => {
      let router: unknown;
      Object.defineProperty(window, "__remixRouter", {
        configurable: true,
        get: () => router,
        set(value) {
          router = value;
          (window as unknown as { __renderedAt?: number }).__renderedAt ??= performance.now();
        },
      });
    });
    // The messages file is held until the test lets it go.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/locales/**", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("/events?lng=ru", { waitUntil: "domcontentloaded" });
    // The app's script is in, and the server's page shows meanwhile.
    await page.waitForFunction(() => performance.getEntriesByType("resource").some((entry) => entry.name.includes("/build/entry.client")));
    expect(await page.locator("h1").first().textContent()).toBe(messages("ru").publicEvents.title);
    const releasedAt = await page.evaluate(() => performance.now());
    release();
    await hydrated(page);
    // Not a moment before its messages were there.
    expect(await page.evaluate(() => (window as unknown as { __renderedAt?: number }).__renderedAt)).toBeGreaterThan(releasedAt);
    await page.waitForLoadState("networkidle");
    // Hydrated for real: a link is followed without loading a document, and the new page is in Russian.
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    await page.locator(".site-header nav a[href='/join']").click();
    await page.waitForURL(/\/join$/);
    await expect.poll(() => page.locator("h1").first().textContent()).toBe(messages("ru").participantJoin.title);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    expect(await watched.keysSeen()).toEqual([]);
    expect(watched.hydration).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("without its messages file a page stays as the server rendered it: words, not keys", async () => {
    const { page, errors } = await newPage(browser);
    const watched = await watch(page);
    await page.route("**/locales/**", (route) => route.abort());
    await page.goto("/login?lng=uk");
    await page.waitForLoadState("networkidle");
    // The app gave up on the file (after its retries) and said so.
    await expect.poll(() => watched.consoleErrors.some((text) => /Failed to fetch/.test(text))).toBe(true);
    expect(await isHydrated(page)).toBe(false);
    expect(await page.locator("h1").first().textContent()).toBe(messages("uk").login.title);
    expect(await page.locator(".site-header nav a[href='/events']").textContent()).toBe(messages("uk").nav.events);
    expect(await watched.keysSeen()).toEqual([]);
    expect(watched.hydration).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a navigation in the browser that brings another language fetches that language's file and switches", async () => {
    const { page, errors } = await newPage(browser);
    const watched = await watch(page);
    const files: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/locales/")) files.push(new URL(request.url()).pathname);
    });
    await page.goto("/events?lng=et");
    await hydrated(page);
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    // As a redirect to a link with ?lng= would, inside the running app.
    await page.evaluate(() => (window as unknown as { __remixRouter: { navigate(to: string): Promise<void> } }).__remixRouter.navigate("/join?lng=uk"));
    await expect.poll(() => page.locator(".site-header nav a[href='/events']").textContent()).toBe(messages("uk").nav.events);
    expect(await page.locator("h1").first().textContent()).toBe(messages("uk").participantJoin.title);
    expect(await page.getAttribute("html", "lang")).toBe("uk");
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    expect(files.some((file) => file.startsWith("/locales/et."))).toBe(true);
    expect(files.some((file) => file.startsWith("/locales/uk."))).toBe(true);
    expect(await watched.keysSeen()).toEqual([]);
    expect(watched.hydration).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
