import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The Saturday at least `weeks` weeks after the served demo's today, as YYYY-MM-DD. */
function saturdayInWeeks(weeks: number): string {
  const day = new Date(Date.now() + weeks * 7 * 86400_000);
  day.setUTCDate(day.getUTCDate() + ((6 - day.getUTCDay() + 7) % 7));
  return day.toISOString().slice(0, 10);
}

describe("who a session is for", () => {
  it("a coordinator creates a women-only series; matching says why men are not proposed, and proposes none", async () => {
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    const first = saturdayInWeeks(5);

    await page.goto("/admin/series/new?lng=en");
    await page.getByLabel("Venue").selectOption({ label: "Paide Linnaraamatukogu, Paide" });
    await page.getByLabel("First session").fill(first);
    await page.getByLabel("Starts at").fill("13:00");
    await page.getByLabel("Number of sessions", { exact: true }).fill("3");
    await page.getByLabel("Title (English)").fill("Women's circle in Paide");
    for (const language of ["Russian", "Ukrainian", "English"]) await page.getByRole("checkbox", { name: language, exact: true }).check();
    await page.locator('input[name="slot_language_cafe"]').fill("0");
    await page.locator('input[name="slot_crafts"]').fill("0");
    await page.locator('input[name="slot_any"]').fill("3");
    await page.getByLabel("New sessions start as").selectOption("planned");
    // The choice, with its hint.
    const audience = page.getByRole("group", { name: "Who is it for" });
    expect(await audience.innerText()).toContain("matching proposes only women");
    await audience.getByRole("radio", { name: "Women only" }).check();
    await page.getByRole("button", { name: "Create the series" }).click();
    await page.waitForURL(/\/admin\/series\/\d+/);
    const seriesId = Number(new URL(page.url()).pathname.split("/").pop());
    const sessions = queryServedDatabase<{ id: number; audience: string }>("SELECT id, audience FROM event WHERE series_id = ? ORDER BY starts_at", seriesId);
    expect(sessions).toHaveLength(3);
    expect(sessions.every((s) => s.audience === "women")).toBe(true);
    // The edit form shows the choice saved.
    expect(await page.getByRole("radio", { name: "Women only" }).isChecked()).toBe(true);

    const last = queryServedDatabase<{ day: string }>("SELECT substr(starts_at, 1, 10) AS day FROM event WHERE series_id = ? ORDER BY starts_at DESC LIMIT 1", seriesId)[0].day;
    await page.goto(`/admin/matching?lng=en&run=1&from=${first}&to=${last}`);
    const articles = page.locator(".match-event", { hasText: "Women's circle in Paide" });
    await expect.poll(() => articles.count(), { timeout: 30_000 }).toBe(3);
    // Why men are not proposed, in words, at each session.
    const note = await articles.first().locator(".audience-note").innerText();
    expect(note).toMatch(/^Women only \d+ people are not proposed: women-only session \(only participants who said they are women\)\.$/);
    const men = queryServedDatabase<{ id: number }>("SELECT id FROM participant WHERE erased_at IS NULL AND home_town_id IS NOT NULL AND (gender IS NULL OR gender <> 'female')");
    expect(Number(note.match(/(\d+) people/)![1])).toBe(men.length);

    // Nobody proposed for these sessions is a man (or someone who did not say they are a woman).
    const proposed: number[] = [];
    for (const href of await articles.locator("tbody td:nth-child(2) a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? "")))
      proposed.push(Number(href.split("/").pop()));
    expect(proposed.length).toBeGreaterThan(0);
    const people = [...new Set(proposed)];
    const genders = queryServedDatabase<{ gender: string | null }>(`SELECT gender FROM participant WHERE id IN (${people.map(() => "?").join(",")})`, ...people);
    expect(genders.map((g) => g.gender)).toEqual(people.map(() => "female"));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
