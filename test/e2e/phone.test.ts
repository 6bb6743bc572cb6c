import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_TOKENS } from "#db/seed/demo";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const PHONE = { width: 390, height: 844 };

/** Every page's width on a phone, where it is wider than the screen. */
async function overflowing(paths: string[], login: boolean): Promise<string[]> {
  const { page, errors } = await newPage(browser, { locale: "en-GB" });
  await page.setViewportSize(PHONE);
  if (login) await loginAsCoordinator(page);
  const wide: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > PHONE.width) wide.push(`${path}: ${width} px`);
  }
  expect(errors).toEqual([]);
  return wide;
}

describe("on a 390 px phone", () => {
  it("no coordinator page scrolls sideways (wide tables scroll in their own box), and the header is short", async () => {
    const [event] = queryServedDatabase<{ id: number }>("SELECT id FROM event WHERE state = 'confirmed' ORDER BY starts_at LIMIT 1");
    const [series] = queryServedDatabase<{ id: number }>("SELECT id FROM series ORDER BY id LIMIT 1");
    const [person] = queryServedDatabase<{ id: number }>("SELECT id FROM participant WHERE erased_at IS NULL ORDER BY id LIMIT 1");
    const paths = [
      "/admin",
      "/admin/requests",
      "/admin/events",
      "/admin/events?view=month",
      `/admin/events/${event.id}`,
      "/admin/events/new",
      "/admin/series/new",
      `/admin/series/${series.id}`,
      "/admin/participants",
      `/admin/participants/${person.id}`,
      "/admin/participants/import",
      "/admin/matching",
      "/admin/matching?run=1",
      "/admin/rotation",
      "/admin/reports",
      "/admin/settings",
      "/admin/users",
      "/admin/audit",
      "/admin/account",
      "/admin/outbox",
    ];
    expect(await overflowing(paths, true)).toEqual([]);

    const { page } = await newPage(browser, { locale: "ru-RU" });
    await page.setViewportSize(PHONE);
    await loginAsCoordinator(page);
    await page.goto("/admin/events?lng=ru");
    const header = await page.locator("header").boundingBox();
    expect(header!.height).toBeLessThan(PHONE.height / 5);

    // The sections are one sideways row: the current one is scrolled into sight, not cut at the edge.
    await page.goto("/admin/claims?lng=ru");
    await page.waitForFunction(() => {
      const row = document.querySelector(".admin-header .main-nav")!;
      const current = row.querySelector("a.active")!.getBoundingClientRect();
      const box = row.getBoundingClientRect();
      return row.scrollWidth > row.clientWidth && current.left >= box.left && current.right <= box.right && row.hasAttribute("data-scrolled");
    });
  });

  it("no public, host or participant page scrolls sideways", async () => {
    const [event] = queryServedDatabase<{ id: number }>("SELECT id FROM event WHERE is_public = 1 AND state = 'confirmed' ORDER BY starts_at LIMIT 1");
    const paths = ["/", "/events", `/events/${event.id}`, "/join", "/request", "/login", "/me/lost", `/me/${DEMO_TOKENS.participant}`, `/request/status/${DEMO_TOKENS.host}`];
    expect(await overflowing(paths, false)).toEqual([]);
  });
});
