import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { localize } from "~/domain/localizedText";
import enEvents from "~/i18n/locales/en/events.json";
import ukEvents from "~/i18n/locales/uk/events.json";

import { baseURL, launchBrowser, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const UPCOMING = `FROM event e JOIN venue v ON v.id = e.venue_id JOIN town t ON t.id = v.town_id
  WHERE e.is_public = 1 AND e.state IN ('planned', 'confirmed') AND e.ends_at > ?`;

describe("/events", () => {
  it("?region=EE-74 shows only Saare County's events, and a map with every county, the islands and a dot per town", async () => {
    const saare = queryServedDatabase<{ id: number; town: string }>(`SELECT e.id, t.name AS town ${UPCOMING} AND t.region_code = 'EE-74'`, new Date().toISOString());
    expect(saare.length).toBeGreaterThan(0);
    const { page, errors } = await newPage(browser);
    await page.goto("/events?region=EE-74&lng=en");

    const cards = page.locator(".event-card");
    expect(await cards.count()).toBe(saare.length);
    const places = await page.locator(".event-card .event-where").allTextContents();
    const saareTowns = new Set(saare.map((e) => e.town));
    for (const place of places) expect(saareTowns.has(place.split(", ").at(-1)!.trim()), place).toBe(true);
    const links = await cards.locator("h3 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links.sort()).toEqual(saare.map((e) => `/events/${e.id}`).sort());
    expect(await page.getByLabel("County").inputValue()).toBe("EE-74");

    const map = page.locator("svg.estonia-map");
    expect(await map.locator("path.map-county").count()).toBe(15);
    expect(await map.locator('path.map-county.selected[data-region="EE-74"]').count()).toBe(1);
    expect(await map.locator("path.map-county.selected").count()).toBe(1);
    // Saaremaa, Muhu, Abruka and Ruhnu are drawn as separate rings of Saare County's shape.
    const saareShape = (await map.locator('path[data-region="EE-74"]').getAttribute("d"))!;
    expect(saareShape.match(/M/g)!.length).toBeGreaterThanOrEqual(4);
    expect(await map.locator('path[data-region="EE-39"]').count()).toBe(1);

    const kuressaareCount = queryServedDatabase<{ n: number }>(`SELECT count(*) AS n ${UPCOMING} AND t.name = 'Kuressaare'`, new Date().toISOString())[0].n;
    const kuressaare = map.locator('a.map-town[data-town="Kuressaare"]');
    expect(await kuressaare.count()).toBe(1);
    expect(await kuressaare.getAttribute("aria-label")).toBe(`Kuressaare: ${kuressaareCount} event${kuressaareCount === 1 ? "" : "s"}`);
    expect(await kuressaare.locator("title").textContent()).toBe(await kuressaare.getAttribute("aria-label"));
    // Dots are on the island towns too, and every town with events has one.
    const towns = queryServedDatabase<{ name: string }>(`SELECT DISTINCT t.name ${UPCOMING}`, new Date().toISOString());
    expect(await map.locator("a.map-town").count()).toBe(towns.length);
    for (const island of ["Kärdla", "Kihnu", "Hullo"].filter((name) => towns.some((t) => t.name === name))) {
      expect(await map.locator(`a.map-town[data-town="${island}"]`).count(), island).toBe(1);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a dot on the map narrows the list to its town", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto("/events?lng=en");
    await page.locator('a.map-town[data-town="Kuressaare"] circle').click();
    await page.waitForURL(/town=\d+/);
    await expect.poll(() => page.locator(".notice").textContent()).toContain("Showing events in Kuressaare.");
    const places = await page.locator(".event-card .event-where").allTextContents();
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) expect(place).toMatch(/, Kuressaare$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("filters with the form even without JavaScript, and offers a way back when nothing matches", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), locale: "en-GB", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/events?lng=en");
    await page.getByLabel("Kind of event").selectOption("cosy_corner");
    await page.getByRole("button", { name: "Show events" }).click();
    await page.waitForURL(/kind=cosy_corner/);
    const kinds = await page.locator(".event-card .tag-cosy_corner, .event-card .tag-community_event, .event-card .tag-forum").allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(["Cosy corner"]));

    // Võru County has no cosy corners in the demo: the empty state.
    await page.goto("/events?lng=en&region=EE-87&kind=cosy_corner");
    expect(await page.locator(".event-card").count()).toBe(0);
    await expect.poll(() => page.locator(".events-empty .empty").textContent()).toBe(enEvents.publicEvents.empty);
    await page.locator(".events-empty").getByRole("link", { name: "Show all events" }).click();
    await page.waitForURL((url) => url.pathname === "/events" && url.search === "");
    expect(await page.locator(".event-card").count()).toBeGreaterThan(0);
    await context.close();
  });
});

describe("/events/<id>", () => {
  it.each(["en", "uk"] as const)("shows the title and description in %s", async (locale) => {
    const [event] = queryServedDatabase<{ id: number; title: string; description: string }>(
      `SELECT e.id, e.title, e.description ${UPCOMING} AND e.kind = 'community_event' ORDER BY e.starts_at LIMIT 1`,
      new Date().toISOString(),
    );
    const { page, errors } = await newPage(browser);
    await page.goto(`/events/${event.id}?lng=${locale}`);
    const title = localize(event.title, locale);
    await expect.poll(() => page.locator("h1").textContent()).toBe(title);
    expect(await page.title()).toBe(title);
    expect(await page.locator(".event-description").textContent()).toBe(localize(event.description, locale));
    expect(await page.locator(".event-description").getAttribute("lang")).toBe(locale);
    expect(await page.getByRole("link", { name: { en: enEvents, uk: ukEvents }[locale].publicEvents.event.addToCalendar }).getAttribute("href")).toBe(
      `/events/${event.id}/calendar.ics?lng=${locale}`,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("shows a cancelled event as cancelled, with its reason", async () => {
    const [cancelled] = queryServedDatabase<{ id: number; cancel_reason: string }>("SELECT id, cancel_reason FROM event WHERE state = 'cancelled' AND is_public = 1 LIMIT 1");
    const { page, errors } = await newPage(browser);
    const response = await page.goto(`/events/${cancelled.id}?lng=en`);
    expect(response?.status()).toBe(200);
    const notice = page.locator(".event-cancelled");
    await expect.poll(() => notice.locator("strong").textContent()).toBe("This event is cancelled.");
    expect(await notice.textContent()).toContain(cancelled.cancel_reason);
    expect(await page.locator('[data-state="cancelled"]').textContent()).toBe("Cancelled");
    expect(await page.getByRole("link", { name: "Add to calendar" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("is 'page not found' for a draft and for an id that does not exist", async () => {
    const [draft] = queryServedDatabase<{ id: number }>("SELECT id FROM event WHERE state = 'draft' LIMIT 1");
    const { page } = await newPage(browser);
    for (const id of [...(draft ? [draft.id] : []), 987654, "nope"]) {
      const response = await page.goto(`/events/${id}?lng=en`);
      expect(response?.status(), String(id)).toBe(404);
      expect(await page.locator("h1").textContent()).toBe("Page not found");
    }
    await page.context().close();
  });
});

describe("a past event's page", () => {
  it.each(["ru", "en"] as const)("says who came, not who is coming (%s)", async (locale) => {
    const [event] = queryServedDatabase<{ id: number }>(
      "SELECT e.id FROM event e WHERE e.state = 'completed' AND e.is_public = 1 AND EXISTS (SELECT 1 FROM assignment a WHERE a.event_id = e.id AND a.status IN ('accepted', 'attended')) ORDER BY e.id LIMIT 1",
    );
    const html = await (await fetch(`${baseURL()}/events/${event.id}?lng=${locale}`)).text();
    // (The page's script carries every message of the language, so read the rendered heading and line.)
    expect(/<h2 id="event-line-up">([^<]*)<\/h2>/.exec(html)?.[1]).toBe({ ru: "Кто был", en: "Who came" }[locale]);
    expect(/<p class="line-up-others">([^<]*)/.exec(html)?.[1]).toMatch({ ru: /^Был|^Было/, en: /came$/ }[locale]);
  });
});

describe("/events on a phone", () => {
  it("shows a page of events at a time at 390 px, with links to the next and the previous page", async () => {
    const upcoming = queryServedDatabase<{ n: number }>(`SELECT COUNT(*) AS n ${UPCOMING}`, new Date().toISOString())[0].n;
    expect(upcoming).toBeGreaterThan(30);
    const { page, errors } = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/events?lng=en");
    const cards = page.locator(".event-card");
    expect(await cards.count()).toBe(30);
    // Other browser tests add and move events meanwhile: the count is checked in shape, not number.
    await expect.poll(() => page.locator(".event-pages").textContent()).toMatch(/Showing 1–30 of \d+/);
    const firstPage = await cards.locator("h3 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole("link", { name: "Later events" }).click();
    await page.waitForURL(/[?&]page=2/);
    await expect.poll(() => page.locator(".event-pages").textContent()).toContain(`Showing 31–`);
    const secondPage = await cards.locator("h3 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(secondPage.length).toBeGreaterThan(0);
    // Another test moving an event between the two loads may carry one across the page boundary.
    expect(secondPage.filter((href) => firstPage.includes(href)).length).toBeLessThanOrEqual(2);

    await page.getByRole("link", { name: "Earlier events" }).click();
    await page.waitForURL((url) => !url.search.includes("page="));
    // Back on the first page (its exact events may differ: other browser tests change the season meanwhile).
    await expect.poll(() => page.locator(".event-pages").textContent()).toContain("Showing 1–30 of");
    expect(await cards.count()).toBe(30);
    expect(errors).toEqual([]);
  });
});
