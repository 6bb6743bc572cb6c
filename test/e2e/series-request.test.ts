// Issue 16: a cosy-corner request becomes a series the host can follow; a person excluded from a whole series in one click.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resources } from "~/i18n/resources";

import { loginAsCoordinator, newPage, launchBrowser, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const en = resources.en.translation as Record<string, any>;
const uk = resources.uk.translation as Record<string, any>;

/** A date `days` from today, as a date input wants it. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe("a cosy-corner request becomes a series", () => {
  it("the coordinator accepts it through the prefilled series form, moves the weekday, and the host sees every session", async () => {
    const organisation = `Kärdla naisteklubi ${Date.now()}`;
    const host = await newPage(browser);
    await host.page.goto("/request?lng=en");
    const form = host.page;
    await form.getByLabel(en.requestForm.organisation).fill(organisation);
    await form.getByLabel(en.requestForm.contactName).fill("Piret Tamm");
    await form.getByLabel(en.requestForm.email, { exact: true }).fill("piret@kardla.example");
    await form.getByRole("searchbox", { name: en.requestForm.townFilter }).fill("Kärdla");
    await form.getByLabel(en.requestForm.town, { exact: true }).selectOption({ label: "Kärdla" });
    await form.getByLabel(en.requestForm.venue, { exact: true }).selectOption({ label: en.requestForm.venueNew });
    await form.getByLabel(en.requestForm.venueName).fill("Kärdla kohvik");
    await form.getByLabel(en.requestForm.venueAddress).fill("Keskväljak 1");
    await form.getByLabel(en.requestForm.venueCapacity).fill("25");
    await form.getByLabel(en.event.kind.cosy_corner, { exact: true }).check();
    await form.getByLabel(en.request.language.et, { exact: true }).check();
    await form.getByLabel(en.requestForm.expectedAudience).fill("12");
    await form.getByLabel(en.requestForm.windowFrom).fill(inDays(10));
    await form.getByLabel(en.requestForm.windowTo).fill(inDays(90));
    await form.getByLabel(en.request.weekday["2"], { exact: true }).check();
    await form.getByLabel(en.request.timeOfDay.evening, { exact: true }).check();
    await form.getByRole("button", { name: en.requestForm.submit }).click();
    await form.waitForURL(/\/request\/status\/[A-Za-z0-9_-]{43,}\?created=1$/);
    const statusUrl = form.url().replace(/\?created=1$/, "");

    const coordinator = await newPage(browser);
    const page = coordinator.page;
    await loginAsCoordinator(page);
    await page.goto("/admin/requests?lng=en");
    const card = page.locator(".request-card", { hasText: organisation });
    await expect.poll(() => card.count()).toBe(1);
    // A cosy corner is accepted as a series: the button opens the form, it does not accept at once.
    await card.getByRole("link", { name: en.seriesRequest.inbox.accept }).click();
    await page.waitForURL(/\/admin\/series\/new\?request=\d+/);
    await expect.poll(() => page.locator("h1").textContent()).toBe(en.seriesRequest.form.title);
    const startDate = page.getByLabel(en.series.form.startDate);
    const proposed = await startDate.inputValue();
    // Prefilled from the request: a Tuesday in the window, in the evening, weekly, at the host's new place.
    expect(new Date(`${proposed}T12:00:00Z`).getUTCDay()).toBe(2);
    expect(proposed >= inDays(10)).toBe(true);
    expect(await page.getByLabel(en.adminEvents.form.startTime).inputValue()).toBe("18:00");
    expect(await page.getByLabel(en.series.form.frequency).inputValue()).toBe("weekly");
    expect(await page.getByLabel(en.adminEvents.form.venue).inputValue()).toBe("request");
    expect(await page.locator('input[name="title_en"]').inputValue()).toContain("Kärdla");

    // The coordinator moves it to Fridays and makes it four sessions.
    const friday = addDays(proposed, 3);
    await startDate.fill(friday);
    await page.getByLabel(en.series.form.afterCount).check();
    await page.getByLabel(en.series.form.count, { exact: true }).fill("4");
    await page.getByRole("button", { name: en.seriesRequest.form.submit }).click();
    await page.waitForURL(/\/admin\/series\/\d+\?created=4/);

    const [series] = queryServedDatabase<{ id: number; request_id: number; state: string }>(
      "SELECT s.id, s.request_id, r.state FROM series s JOIN event_request r ON r.id = s.request_id WHERE r.organisation = ?",
      organisation,
    );
    expect(series.state).toBe("accepted");
    const sessions = queryServedDatabase<{ occurrence_date: string; request_id: number }>(
      "SELECT occurrence_date, request_id FROM event WHERE series_id = ? ORDER BY starts_at",
      series.id,
    );
    expect(sessions.map((s) => s.occurrence_date)).toEqual([0, 7, 14, 21].map((d) => addDays(friday, d)));
    expect(sessions.every((s) => s.request_id === series.request_id)).toBe(true);

    // The sessions are drafts: one click on the series page plans all four, and the host hears once.
    const planAll = page.getByRole("button", { name: en.series.planDrafts_other.replace("{{count}}", "4") });
    await planAll.click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe(en.series.plannedDrafts_other.replace("{{count}}", "4"));
    await expect.poll(() => planAll.count()).toBe(0);
    const states = queryServedDatabase<{ state: string }>("SELECT state FROM event WHERE series_id = ? ORDER BY starts_at", series.id);
    expect(states.map((s) => s.state)).toEqual(["planned", "planned", "planned", "planned"]);
    const toHost = queryServedDatabase<{ kind: string }>("SELECT kind FROM message WHERE request_id = ? AND recipient_kind = 'host' AND kind = 'event_planned'", series.request_id);
    expect(toHost).toHaveLength(1);

    // The host's status page, in Ukrainian, lists all four sessions.
    await host.page.goto(`${statusUrl}?lng=uk`);
    const list = host.page.locator(".request-series");
    await expect.poll(() => list.locator("h2").textContent()).toBe(uk.seriesRequest.host.title);
    expect(await list.locator(".series-session").count()).toBe(4);
    expect(await list.locator(".series-session time").first().getAttribute("datetime")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Nobody has said yes yet: the page says so for each session.
    expect(await list.getByText(uk.seriesRequest.host.nobodyYet).count()).toBe(4);
    expect(coordinator.errors).toEqual([]);
    expect(host.errors).toEqual([]);
  });
});

describe("exclude from a whole series on the matching page", () => {
  it("one click removes the person from every session of the series in the next proposal", async () => {
    // Two to six months ahead: sessions no other browser test has matched and accepted (the
    // matching and outbox tests accept the next weeks' proposals, so what is proposed there
    // depends on which ran first). The demo's monthly series has sessions there.
    const { page, errors } = await newPage(browser);
    await loginAsCoordinator(page);
    await page.goto(`/admin/matching?run=1&from=${inDays(60)}&to=${inDays(180)}&lng=en`);
    const seriesButton = page.getByRole("button", { name: new RegExp(`^${en.seriesRequest.matching.excludeSeries}: `) }).first();
    await expect.poll(() => seriesButton.count()).toBe(1);
    const form = seriesButton.locator("xpath=ancestor::form");
    const participantId = Number(await form.locator('input[name="participantId"]').getAttribute("value"));
    const seriesId = Number(await form.locator('input[name="seriesId"]').getAttribute("value"));
    const sessionIds = queryServedDatabase<{ id: number }>("SELECT id FROM event WHERE series_id = ?", seriesId).map((e) => e.id);
    const proposedIn = async () => {
      const ids: number[] = [];
      for (const id of sessionIds) {
        const event = page.locator(".match-event", { has: page.locator(`h3 a[href="/admin/events/${id}"]`) });
        if ((await event.locator(`td a[href="/admin/participants/${participantId}"]`).count()) > 0) ids.push(id);
      }
      return ids;
    };
    expect((await proposedIn()).length).toBeGreaterThan(0);

    await seriesButton.click();
    await expect.poll(() => page.locator("p.notice[role=status]").textContent(), { timeout: 20_000 }).toMatch(/^Excluded from the whole series/);
    await page.goto(`/admin/matching?run=1&from=${inDays(60)}&to=${inDays(180)}&lng=en`);
    await expect.poll(() => page.locator(".series-constraint").count()).toBe(1);
    expect(await proposedIn()).toEqual([]);
    // Undo, so other tests see the demo as it was.
    await page
      .locator(".series-constraint")
      .getByRole("button", { name: new RegExp(`^${en.seriesRequest.matching.clearSeries}`) })
      .click();
    await expect.poll(() => page.locator("p.notice[role=status]").textContent(), { timeout: 20_000 }).toMatch(/^Removed for the whole series/);
    expect(queryServedDatabase("SELECT * FROM series_constraint")).toEqual([]);
    expect(errors).toEqual([]);
  });
});
