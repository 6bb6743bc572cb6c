import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resources } from "~/i18n/resources";

import { baseURL, launchBrowser, loginAsCoordinator, newPage, openServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const et = resources.et.translation as Record<string, any>;
const ru = resources.ru.translation as Record<string, any>;

/** A local date `days` from today, as a date input wants it. */
function inDays(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

describe("a host asks for an event and a coordinator accepts it", () => {
  it("files the request in Estonian with a new place, follows it to acceptance, and the planned event goes public in English and Ukrainian", async () => {
    const organisation = `Kuivastu Külaselts ${Date.now()}`;
    const host = await newPage(browser);
    const page = host.page;
    await page.goto("/request?lng=et");
    await expect.poll(() => page.locator("h1").textContent()).toBe(et.requestForm.title);

    await page.getByLabel(et.requestForm.organisation).fill(organisation);
    await page.getByLabel(et.requestForm.contactName).fill("Mari Mets");
    await page.getByLabel(et.requestForm.email, { exact: true }).fill("mari@kuivastu.example");
    // The filter box narrows the county-grouped list; then the town is chosen in the select.
    await page.getByRole("searchbox", { name: et.requestForm.townFilter }).fill("Orissaare");
    await page.getByLabel(et.requestForm.town, { exact: true }).selectOption({ label: "Orissaare" });
    await page.getByLabel(et.requestForm.venue, { exact: true }).selectOption({ label: et.requestForm.venueNew });
    await page.getByLabel(et.requestForm.venueName).fill("Kuivastu Rahvamaja");
    await page.getByLabel(et.requestForm.venueAddress).fill("Kuivastu küla");
    await page.getByLabel(et.requestForm.venueCapacity).fill("50");
    await page.getByLabel(et.requestForm.venueStepFree).check();
    await page.getByLabel(et.event.kind.community_event, { exact: true }).check();
    await page.getByLabel(et.offer.crafts, { exact: true }).check();
    await page.getByLabel(et.offer.food, { exact: true }).check();
    await page.getByLabel(et.request.language.et, { exact: true }).check();
    await page.getByLabel(et.request.language.ru, { exact: true }).check();
    await page.getByLabel(et.requestForm.expectedAudience).fill("40");
    await page.getByLabel(et.requestForm.windowFrom).fill(inDays(20));
    await page.getByLabel(et.requestForm.windowTo).fill(inDays(80));
    await page.getByLabel(et.request.weekday["6"], { exact: true }).check();
    await page.getByLabel(et.request.timeOfDay.afternoon, { exact: true }).check();
    await page.getByLabel(et.requestForm.message).fill("Külaseltsi aastapäev, ootame laata.");
    await page.getByRole("button", { name: et.requestForm.submit }).click();

    await page.waitForURL(/\/request\/status\/[A-Za-z0-9_-]{43,}\?created=1$/);
    const statusUrl = page.url().replace(/\?created=1$/, "");
    await expect.poll(() => page.locator(".request-state h2 .tag").textContent()).toBe(et.request.state.new);
    expect(await page.getByText(et.requestStatus.bookmark).count()).toBe(1);
    expect(await page.getByText("Kuivastu Rahvamaja, Kuivastu küla, Orissaare").count()).toBe(1);
    expect(await page.locator('meta[name="robots"]').getAttribute("content")).toMatch(/noindex/);

    // A coordinator finds it in the inbox and accepts it.
    const coordinator = await newPage(browser);
    await loginAsCoordinator(coordinator.page);
    await coordinator.page.goto("/admin/requests?lng=et");
    const card = coordinator.page.locator(".request-card", { hasText: organisation });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator(".tag").first().textContent()).toBe(et.request.state.new);
    await card.getByRole("button", { name: et.requestInbox.accept }).click();
    const eventLink = coordinator.page.getByRole("link", { name: et.requestInbox.openEvent });
    await expect.poll(() => eventLink.count()).toBe(1);
    const href = await eventLink.getAttribute("href");
    expect(href).toMatch(/^\/admin\/events\/\d+$/);

    const db = openServedDatabase();
    try {
      const event = db
        .prepare(
          "SELECT e.id, e.state, e.kind, v.name AS venue FROM event e JOIN venue v ON v.id = e.venue_id JOIN event_request r ON r.id = e.request_id WHERE r.organisation = ?",
        )
        .get(organisation) as { id: number; state: string; kind: string; venue: string };
      expect(href).toBe(`/admin/events/${event.id}`);
      expect(event).toMatchObject({ state: "draft", kind: "community_event", venue: "Kuivastu Rahvamaja" });
    } finally {
      db.close();
    }
    // Accepted requests no longer offer the buttons.
    await expect.poll(() => card.getByRole("button", { name: et.requestInbox.accept }).count()).toBe(0);
    expect(await card.locator(".tag").first().textContent()).toBe(et.request.state.accepted);

    // The host's bookmarked link now says accepted and shows the (draft) event.
    await page.goto(statusUrl);
    await expect.poll(() => page.locator(".request-state h2 .tag").textContent()).toBe(et.request.state.accepted);
    expect(await page.getByRole("heading", { name: et.requestStatus.event, exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: et.requestStatus.withdraw }).count()).toBe(0);

    // The coordinator schedules it: titles in English and Ukrainian, then plans and publishes it.
    const admin = coordinator.page;
    await admin.goto(`${href}?lng=en`);
    await admin.getByLabel("Title (English)").fill(`Village fair in Kuivastu ${organisation.slice(-6)}`);
    await admin.getByLabel("Title (Ukrainian)").fill(`Сільський ярмарок у Куйвасту ${organisation.slice(-6)}`);
    await admin.getByLabel("Starts at").fill("13:00");
    await admin.getByLabel("Ends at").fill("16:00");
    await admin.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => admin.getByRole("status").first().textContent()).toBe("Changes saved.");
    await admin.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(() => admin.locator(".event-meta .tag").first().textContent()).toBe("Planned");

    // Now it is public: on /events for its county, and on its own page in English and Ukrainian.
    const eventId = href!.split("/").pop();
    await page.goto("/events?region=EE-74&lng=en");
    const englishTitle = `Village fair in Kuivastu ${organisation.slice(-6)}`;
    await expect.poll(() => page.getByRole("link", { name: englishTitle }).count()).toBe(1);
    await page.getByRole("link", { name: englishTitle }).click();
    await page.waitForURL(new RegExp(`/events/${eventId}`));
    await expect.poll(() => page.locator("h1").textContent()).toBe(englishTitle);
    await page.goto(`/events/${eventId}?lng=uk`);
    await expect.poll(() => page.locator("h1").textContent()).toBe(`Сільський ярмарок у Куйвасту ${organisation.slice(-6)}`);
    expect(await page.getByText("Kuivastu Rahvamaja").count()).toBeGreaterThan(0);

    expect(host.errors).toEqual([]);
    expect(coordinator.errors).toEqual([]);
    await page.context().close();
    await coordinator.page.context().close();
  });
});

describe("the request form", () => {
  async function expectRussianErrors(page: Page) {
    const required = ru.validation.required;
    for (const field of ["organisation", "contactName", "email", "townId", "venueName", "venueAddress", "kind", "windowFrom", "windowTo"]) {
      await expect.poll(() => page.locator(`#field-${field}-error`).textContent(), { message: field }).toBe(required);
    }
    // Each message sits in the field it is about, labelled by that field's label.
    const organisation = page.locator(".field", { has: page.getByLabel(ru.requestForm.organisation) });
    expect(await organisation.getByRole("alert").textContent()).toBe(required);
    expect(await page.getByRole("group", { name: ru.requestForm.kind }).getByRole("alert").textContent()).toBe(required);
    expect(await page.locator("#field-phone-error").count()).toBe(0);
  }

  it("shows translated errors next to the fields when the empty form is sent (Russian)", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto("/request?lng=ru");
    await page.getByRole("button", { name: ru.requestForm.submit }).click();
    await expectRussianErrors(page);
    // Checked in the browser with the shared schema: still on the form, nothing sent.
    expect(new URL(page.url()).pathname).toBe("/request");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("does the same without JavaScript, from the server", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), locale: "ru-RU", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/request?lng=ru");
    const before = countRequests();
    await page.getByRole("button", { name: ru.requestForm.submit }).click();
    await page.waitForLoadState("load");
    await expectRussianErrors(page);
    expect(countRequests()).toBe(before);
    await context.close();
  });
});

function countRequests(): number {
  const db = openServedDatabase();
  try {
    return (db.prepare("SELECT count(*) AS n FROM event_request").get() as { n: number }).n;
  } finally {
    db.close();
  }
}
