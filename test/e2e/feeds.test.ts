import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_TOKENS } from "#db/seed/demo";

import { baseURL, launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The three subscribe links of the (first) subscribe box, once the page has hydrated. */
async function subscribeLinks(page: Page) {
  const box = page.locator("details.subscribe").first();
  // The copy button appears only when JavaScript runs; after that the links are absolute.
  if (!(await box.evaluate((details) => (details as HTMLDetailsElement).open))) await box.locator("summary").click();
  await box.getByRole("button").waitFor();
  return {
    webcal: await box.locator('a[data-subscribe="webcal"]').getAttribute("href"),
    google: await box.locator('a[data-subscribe="google"]').getAttribute("href"),
    https: await box.locator('input[data-subscribe="https"]').inputValue(),
  };
}

const webcalOf = (path: string) => `${baseURL().replace(/^http:/, "webcal:")}${path}`;

async function expectCalendar(page: Page, url: string) {
  const response = await page.request.get(url);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const body = await response.text();
  expect(body.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  return body;
}

describe("subscribe links", () => {
  it("a venue page shows the venue, its upcoming events and working links to its feed", async () => {
    const [venue] = queryServedDatabase<{ id: number; name: string; address: string }>("SELECT id, name, address FROM venue WHERE name = 'Kohvik Lossi Aed'");
    const { page, errors } = await newPage(browser);
    await page.goto(`/venues/${venue.id}?lng=en`);
    expect(await page.locator("h1").textContent()).toBe("Kohvik Lossi Aed");
    expect(await page.locator(".venue-address").textContent()).toBe("Lossi 11, Kuressaare");
    expect(await page.locator(".venue-facts").textContent()).toContain("Step-free access");
    const upcoming = queryServedDatabase<{ n: number }>(
      "SELECT count(*) AS n FROM event WHERE venue_id = ? AND is_public = 1 AND state IN ('planned','confirmed','cancelled') AND ends_at > ?",
      venue.id,
      new Date().toISOString(),
    )[0].n;
    expect(await page.locator(".event-card").count()).toBe(Math.min(upcoming, 50));

    // Open on this page, and absolute already in the server's HTML.
    expect(await page.locator("details.subscribe").getAttribute("open")).not.toBeNull();
    const path = `/feeds/venues/${venue.id}.ics?lng=en`;
    const links = await subscribeLinks(page);
    expect(links.webcal).toBe(webcalOf(path));
    expect(links.google).toBe(`https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcalOf(path))}`);
    expect(links.https).toBe(`${baseURL()}${path}`);
    const ics = await expectCalendar(page, links.https);
    expect(ics).toContain("X-WR-CALNAME:Tuttav – Kohvik Lossi Aed\\, Kuressaare");

    // Copying says what happened, whether or not the clipboard may be used.
    await page.locator("details.subscribe").getByRole("button").click();
    await expect.poll(() => page.locator(".subscribe-status").textContent()).toMatch(/Link copied|The link is selected/);
    expect(errors).toEqual([]);
  });

  it("/events offers the feed of the current filter in the page's language", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto("/events?region=EE-74&kind=cosy_corner&lng=en");
    const links = await subscribeLinks(page);
    const path = "/feeds/events.ics?region=EE-74&kind=cosy_corner&lng=en";
    expect(links.webcal).toBe(webcalOf(path));
    expect(links.https).toBe(`${baseURL()}${path}`);
    expect(await expectCalendar(page, links.https)).toContain("X-WR-CALNAME:Tuttav – Saare County – Cosy corners");
    expect(errors).toEqual([]);
  });

  it("/me/<token> offers the participant's private feed, with a warning not to share it", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto(`/me/${DEMO_TOKENS.participant}`);
    const links = await subscribeLinks(page);
    const path = `/feeds/me/${DEMO_TOKENS.participant}.ics`;
    expect(links.webcal).toBe(webcalOf(path));
    expect(links.https).toBe(`${baseURL()}${path}`);
    expect(await page.locator(".subscribe-private").isVisible()).toBe(true);
    const response = await page.request.get(links.https);
    expect(response.headers()["cache-control"]).toBe("private, no-store");
    expect(response.headers()["x-robots-tag"]).toBe("noindex");
    expect(await response.text()).toContain("BEGIN:VEVENT");
    expect(errors).toEqual([]);
  });

  it("without JavaScript the links are the absolute webcal:// link, and the feed route's ?subscribe= redirect gives the same", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false, locale: "et-EE" });
    const page = await context.newPage();
    await page.goto("/events?region=EE-74");
    const href = await page.locator('details.subscribe a[data-subscribe="webcal"]').getAttribute("href");
    expect(href).toBe(webcalOf("/feeds/events.ics?region=EE-74"));
    const response = await page.request.get("/feeds/events.ics?region=EE-74&subscribe=webcal", { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers()["location"]).toBe(webcalOf("/feeds/events.ics?region=EE-74"));
    await context.close();
  });
});

describe("coordinator feed settings", () => {
  it("creates a feed link shown once, which works until it is revoked", async () => {
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    await page.goto("/admin/settings?lng=en");
    await page.getByRole("link", { name: "Settings" }).waitFor();
    await page.getByRole("button", { name: "Create a new feed link" }).click();
    const input = page.locator('.feed-created input[data-subscribe="https"]');
    await input.waitFor();
    const url = await input.inputValue();
    expect(url).toMatch(new RegExp(`^${baseURL()}/feeds/coordinator/[A-Za-z0-9_-]{43}\\.ics$`));
    const ics = await expectCalendar(page, url);
    expect(ics).toContain("STATUS:TENTATIVE"); // the demo season has drafts

    const rows = page.locator(".feed-tokens tbody tr");
    await rows.first().waitFor();
    await page.reload();
    expect(await page.locator(".feed-created").count()).toBe(0); // shown once
    await rows.first().getByRole("button", { name: "Revoke" }).click();
    await page.getByText("The feed link was revoked").waitFor();
    expect((await page.request.get(url)).status()).toBe(404);
    expect(errors).toEqual([]);
  });
});
