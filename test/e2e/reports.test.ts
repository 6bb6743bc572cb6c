// Funder reports (issue 17): the printable report with its charts in four languages, and a CSV download.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resources } from "~/i18n/resources";

import { launchBrowser, loginAsCoordinator, newPage } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const reports2 = (lng: "et" | "en" | "ru" | "uk") => (resources[lng].translation as Record<string, any>).reports2;

describe("funder report", () => {
  it("the printable page renders every section with its charts, in each language, without the admin navigation", async () => {
    const { page, errors } = await newPage(browser);
    await loginAsCoordinator(page);
    for (const lng of ["et", "en", "ru", "uk"] as const) {
      await page.goto(`/admin/reports/print?from=2026-01-01&to=2026-12-31&lng=${lng}`);
      await expect.poll(() => page.locator("h1").textContent()).toBe(reports2(lng).printTitle);
      expect(await page.locator("html").getAttribute("lang")).toBe(lng);
      expect(await page.locator(".admin-header").count()).toBe(0);
      expect(await page.locator("section.report-section").count()).toBe(8);
      // Charts are server-rendered SVG with a title and a description; the map is there too.
      const charts = page.locator("svg[role=img]");
      expect(await charts.count()).toBeGreaterThanOrEqual(5);
      for (const chart of await charts.all()) {
        expect((await chart.locator("title").textContent())?.trim()).toBeTruthy();
        expect(await chart.locator("rect, path").count()).toBeGreaterThan(0);
      }
      expect(await page.locator("svg.estonia-map").count()).toBe(1);
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).not.toMatch(/reports2\.|\{\{/);
      expect(text).toContain(reports2(lng).fairness.title);
      // No sideways scrolling on a phone.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    // Printed: A4, the navigation help hidden.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".print-help").isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(errors).toEqual([]);
  });

  it("a table's CSV link downloads the same table as a UTF-8 file", async () => {
    const { page, errors } = await newPage(browser);
    await loginAsCoordinator(page);
    await page.goto("/admin/reports?from=2026-01-01&to=2026-12-31&lng=en");
    const link = page.locator('a.csv-link[href*="table=events_by_kind"]');
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("tuttav-events_by_kind-2026-01-01-2026-12-31.csv");
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    const file = Buffer.concat(chunks);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe('"Kind","Events"');
    // The page's table says the same.
    const total = await page.locator('table[data-table="events_by_kind"] tfoot td').textContent();
    expect(lines.at(-1)).toBe(`"Total",${total?.replace(/\D/g, "")}`);
    // A period with its end before its start gets a message, not an error page.
    await page.goto("/admin/reports?from=2026-05-01&to=2026-01-01&lng=en");
    await expect.poll(() => page.locator("#report-to-error").textContent()).toBe("The end cannot be before the start.");
    expect(errors).toEqual([]);
  });
});
