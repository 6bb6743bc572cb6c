import fs from "node:fs";
import { createRequire } from "node:module";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const DAY = 86_400_000;
const localDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

/** The rows of /admin/outbox for one event, once the worker has handled them all (it sends within ms of commit, but that is not assumed). */
async function settledStates(page: Page, eventId: number): Promise<string[]> {
  let states: string[] = [];
  await expect
    .poll(
      async () => {
        await page.goto(`/admin/outbox?event=${eventId}&lng=en`);
        states = await page.locator(".outbox-table tbody .outbox-state").allInnerTexts();
        return states.length > 0 && states.every((s) => s !== "Waiting" && s !== "Sending");
      },
      { timeout: 30_000, interval: 250 },
    )
    .toBe(true);
  return states;
}

describe("the outbox", () => {
  it("shows the invitations sent for the demo season as kept here, and the event page says who has been told", async () => {
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    // A period of its own, after the one the matching test uses (the next 56 days), so this test has places to fill whichever runs first.
    const from = localDay(60);
    const to = localDay(120);
    await page.goto(`/admin/matching?from=${from}&to=${to}&run=1&lng=en`);
    await page.getByRole("button", { name: /^Accept the proposal/ }).click({ timeout: 30_000 });
    await expect.poll(() => page.getByRole("status").first().textContent(), { timeout: 30_000 }).toMatch(/^Accepted: \d+ place/);
    const since = new Date(Date.now() - 1000).toISOString();
    await page.getByRole("button", { name: /^Send \d+ invitation/ }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/invitations? (are on their way|sent)/);

    const invited = queryServedDatabase<{ event_id: number; participant_id: number; first_name: string; phone: string | null; email: string | null }>(
      `SELECT a.event_id, a.participant_id, p.first_name, p.phone, p.email FROM assignment a JOIN participant p ON p.id = a.participant_id JOIN event e ON e.id = a.event_id
       WHERE a.status = 'invited' AND a.invited_at >= ? AND e.starts_at >= ? AND e.starts_at < ? ORDER BY e.starts_at, a.id`,
      since,
      `${from}T00:00:00Z`,
      `${to}T00:00:00Z`,
    );
    expect(invited.length).toBeGreaterThan(0);
    const eventId = invited[0].event_id;

    // The outbox: one invitation per person invited to that event, kept here (the test server has no SMTP_URL), the address masked.
    const states = await settledStates(page, eventId);
    const people = invited.filter((row) => row.event_id === eventId);
    expect(states).toHaveLength(people.length);
    expect(states.every((s) => s === "Kept here, not sent: no SMTP_URL" || s === "Not sent: no address")).toBe(true);
    expect(states).toContain("Kept here, not sent: no SMTP_URL");
    expect(await page.locator(".outbox-banner").innerText()).toContain("No SMTP_URL: messages are kept here instead of sent.");
    const table = await page.locator(".outbox-table").innerText();
    expect(table).toContain("Invitation");
    for (const person of people) if (person.email) expect(table).not.toContain(person.email);
    expect(table).toMatch(/\w\*\*\*@example\.org/);
    // A developer reads a kept message and follows its link to the participant's page.
    const kept = page.locator(".outbox-table tbody tr", { has: page.locator(".outbox-state-kept") }).first();
    await kept.getByText("Read the text").click();
    const link = kept.locator(".outbox-body a").first();
    expect(await link.getAttribute("href")).toMatch(/\/me\/[A-Za-z0-9_-]{40,}/);

    // The event page: each invited person's last message.
    await page.goto(`/admin/events/${eventId}?lng=en`);
    const lineup = page.locator("section[aria-labelledby=lineup]");
    for (const person of people) {
      const row = lineup.locator("li", { has: page.locator(`a[href="/admin/participants/${person.participant_id}"]`) });
      expect(await row.locator(".delivery").innerText()).toMatch(person.email ? /^Last message \(Invitation\): kept here, not sent \(no SMTP_URL\)/ : /tell by phone/);
    }
    expect(await lineup.getByRole("link", { name: "All messages about this event" }).getAttribute("href")).toBe(`/admin/outbox?event=${eventId}`);

    // Someone without e-mail: the demo has none, so an invited person with a phone number removes their address on their page…
    const person = invited.find((row) => row.phone && row.email);
    expect(person, "an invited demo participant with a phone number").toBeDefined();
    await page.goto(`/admin/participants/${person!.participant_id}?lng=en`);
    await page.locator("summary", { hasText: "Make a new private link" }).click();
    await page.getByRole("button", { name: "Yes, make a new link" }).click();
    const meLink = new URL((await page.locator(".secret-link").textContent())!).pathname;
    const participant = await newPage(browser, { locale: "en-GB" });
    await participant.page.goto(`${meLink}?lng=en`);
    await participant.page.getByLabel("E-mail", { exact: true }).fill("");
    await participant.page.getByRole("button", { name: "Save my details" }).click();
    await expect.poll(() => participant.page.getByRole("status").first().textContent()).toContain("Your details are saved.");

    // …then the coordinator moves the event by an hour: everyone invited hears of it, that person by phone.
    await page.goto(`/admin/events/${person!.event_id}?lng=en`);
    const starts = await page.getByLabel("Starts at").inputValue();
    const ends = await page.getByLabel("Ends at").inputValue();
    const later = (time: string) => `${String((Number(time.slice(0, 2)) + 1) % 24).padStart(2, "0")}${time.slice(2)}`;
    await page.getByLabel("Ends at").fill(later(ends));
    await page.getByLabel("Starts at").fill(later(starts));
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Changes saved.");
    await settledStates(page, person!.event_id);
    await page.goto(`/admin/events/${person!.event_id}?lng=en`);
    const row = page.locator("section[aria-labelledby=lineup] li", { has: page.locator(`a[href="/admin/participants/${person!.participant_id}"]`) });
    expect(await row.locator(".delivery").innerText()).toMatch(/^Last message \(Change of time or place\): tell by phone: \+372/);
    expect(await row.locator("a[href^='tel:']").getAttribute("href")).toBe(`tel:${person!.phone!.replace(/[^\d+]/g, "")}`);
    const say = row.locator("details.delivery-say");
    expect(await say.locator("summary").innerText()).toMatch(/^What to say \(in (Estonian|English|Russian|Ukrainian)\)$/);
    await say.locator("summary").click();
    const words = await say.locator("pre").innerText();
    expect(words).toContain(person!.first_name);
    expect(words).not.toMatch(/\/me\//);

    expect(errors).toEqual([]);
    expect(participant.errors).toEqual([]);
    await participant.page.context().close();
    await page.context().close();
  });
});

// With messages in it (the test above sent them): on a phone nothing scrolls sideways, and axe finds no WCAG 2 AA problem.
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

describe("the outbox with messages in it", () => {
  it("fits a 390 px phone and passes axe in every language, kept messages and what to say opened", { timeout: 180_000 }, async () => {
    const [hosted] = queryServedDatabase<{ event_id: number }>("SELECT event_id FROM message WHERE state = 'no_address' AND event_id IS NOT NULL ORDER BY id DESC LIMIT 1");
    for (const [width, height] of [
      [390, 844],
      [1280, 900],
    ]) {
      const { page, errors } = await newPage(browser, { locale: "en-GB" });
      await page.setViewportSize({ width, height });
      await loginAsCoordinator(page);
      for (const lng of ["et", "en", "ru", "uk"]) {
        for (const path of ["/admin/outbox", `/admin/events/${hosted.event_id}`]) {
          await page.goto(`${path}?lng=${lng}`);
          for (const summary of (await page.locator("details.outbox-read > summary, details.delivery-say > summary").all()).slice(0, 3))
            if (await summary.isVisible()) await summary.click();
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} ${lng} at ${width} px`).toBeLessThanOrEqual(width);
          await page.evaluate(AXE);
          const violations = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
            return (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } })).violations;
          });
          expect(violations.flatMap((v) => v.nodes.map((n) => `${path} ${lng} ${v.id}: ${n.target.join(" ")}`))).toEqual([]);
        }
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

describe("a call made", () => {
  it("is marked on the event page: the person counts as told, by whom and when, and the button is gone", async () => {
    const [call] = queryServedDatabase<{ event_id: number; participant_id: number }>(
      "SELECT event_id, participant_id FROM message WHERE state = 'no_address' AND told_at IS NULL AND participant_id IS NOT NULL AND event_id IS NOT NULL ORDER BY id DESC LIMIT 1",
    );
    expect(call, "a phone-only participant's message (the first test made one)").toBeDefined();
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAsCoordinator(page);
    await page.goto(`/admin/events/${call.event_id}?lng=en`);
    const row = page.locator("section[aria-labelledby=lineup] li", { has: page.locator(`a[href="/admin/participants/${call.participant_id}"]`) });
    expect(await row.locator(".delivery").innerText()).toMatch(/tell by phone/);
    await row.getByRole("button", { name: /^Mark as told: \S/ }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Marked as told by phone");
    await expect.poll(() => row.locator(".delivery").innerText()).toMatch(/: told by phone by .+, \d/);
    expect(await row.getByRole("button", { name: "Mark as told" }).count()).toBe(0);
    expect(await row.locator("a[href^='tel:']").count()).toBe(0);
    const [marked] = queryServedDatabase<{ n: number }>(
      `SELECT count(*) AS n FROM message WHERE participant_id = ${call.participant_id} AND event_id = ${call.event_id} AND told_at IS NOT NULL`,
    );
    expect(marked.n).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
