import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, loginAsCoordinator, newPage, openServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("coordinator scheduling", () => {
  it("creates an event on a public holiday, sees the warning, fixes the form errors, and plans it", async () => {
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    await page.goto("/admin/events/new?lng=en");
    // Submitting without a title and with the end before the start: messages next to the fields.
    await page.getByLabel("Venue").selectOption({ label: "Kohvik Lossi Aed, Kuressaare (60 seats)" });
    await page.getByLabel("Date").fill("2027-02-24");
    await page.getByLabel("Starts at").fill("15:00");
    await page.getByLabel("Ends at").fill("13:00");
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect.poll(() => page.locator("#field-endTime-error").textContent()).toBe("The end must be after the start.");
    expect(await page.locator("#field-title_et-error").textContent()).toBe("Please give a title in at least one language.");

    await page.getByLabel("Title (English)").fill("Independence Day tea – Kuressaare");
    await page.getByLabel("Ends at").fill("18:00");
    await page.getByLabel("Expected audience").fill("80");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.waitForURL(/\/admin\/events\/\d+\?created=1/);
    const warning = page.locator(".warning");
    await expect.poll(() => warning.textContent()).toContain("public holiday");
    expect(await warning.textContent()).toContain("The venue holds 60 people, but 80 are expected.");

    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(() => page.locator(".event-meta .tag").first().textContent()).toBe("Planned");
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    const db = openServedDatabase();
    const row = db.prepare("SELECT state, starts_at FROM event WHERE id = ?").get(id) as { state: string; starts_at: string };
    db.close();
    expect(row).toEqual({ state: "planned", starts_at: "2027-02-24T13:00:00.000Z" });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("creates a weekly cosy-corner series, cancels one session with a reason, and the rest stay", async () => {
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    await page.goto("/admin/series/new?lng=en");
    await page.getByLabel("Venue").selectOption({ label: "Paide Linnaraamatukogu, Paide" });
    await page.getByLabel("First session").fill("2027-03-07");
    await page.getByLabel("Starts at").fill("17:00");
    await page.getByLabel("Number of sessions", { exact: true }).fill("6");
    await page.getByLabel("Title (Estonian)").fill("Hubane nurk Paides");
    await page.getByRole("button", { name: "Create the series" }).click();
    await page.waitForURL(/\/admin\/series\/\d+/);
    await expect.poll(() => page.locator(".notice").textContent()).toBe("The series was created with 6 sessions.");
    // Crosses the start of summer time on 28 March: still 17:00.
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBe(6);
    expect(await rows.nth(3).textContent()).toContain("28 March 2027, 17:00–19:00");

    await rows.nth(2).getByRole("link").click();
    await page.waitForURL(/\/admin\/events\/\d+/);
    await page.getByText("Cancel this event…").click();
    await page.getByRole("button", { name: "Cancel the event" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toBe("Please give a reason.");
    await page.getByLabel("Reason (shown to hosts and participants)").fill("Library closed for inventory");
    await page.getByRole("button", { name: "Cancel the event" }).click();
    await expect.poll(() => page.locator(".event-meta .tag").first().textContent()).toBe("Cancelled");

    await page.locator('a[href^="/admin/series/"]', { hasText: "Hubane nurk Paides" }).first().click();
    await page.waitForURL(/\/admin\/series\/\d+/);
    const states = await page.locator("table tbody tr .tag").allTextContents();
    expect(states.filter((s) => s === "Cancelled")).toHaveLength(1);
    expect(states.filter((s) => s === "Draft")).toHaveLength(5);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("shows a month calendar with the demo events on their days", async () => {
    const { page } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    await page.goto("/admin/events?lng=en");
    await page.getByRole("link", { name: "Month" }).click();
    await page.waitForURL(/view=month/);
    await expect.poll(() => page.locator(".month-grid .cal-event").count()).toBeGreaterThan(3);
    await page.getByRole("link", { name: "Next month" }).click();
    await page.waitForURL(/month=\d{4}-\d{2}/);
    await expect.poll(() => page.locator(".month-grid tbody tr").count()).toBeGreaterThanOrEqual(4);
    await page.context().close();
  });
});
