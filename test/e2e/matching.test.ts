import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, loginAsCoordinator, newPage, openServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("matching the demo season", () => {
  it("runs, locks a pair, re-runs, accepts, sends invitations, and the participant says yes", async () => {
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    await page.goto("/admin/matching?lng=en");
    await page.getByRole("button", { name: "Run matching" }).click();
    await page.waitForURL(/run=1/);
    const lockButtons = page.getByRole("button", { name: "lock", exact: true });
    await expect.poll(() => lockButtons.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The summary says whether the proposal is proved best, or how far from it it can be at most.
    const summary = await page.locator("#summary + p").textContent();
    expect(summary).toMatch(/^(The best possible proposal|A good proposal, at most \d+(\.\d)? % from the best possible)/);
    // …and reads in minutes and places, not in the solver's unitless costs (those are folded away, in points).
    const panel = page.locator("section[aria-labelledby=summary]");
    expect(await panel.innerText()).toMatch(/\d+ of \d+ open places filled, at \d+ events?/);
    expect(await panel.innerText()).toMatch(/[\d,]+ min in total, on average \d+ min per trip/);
    expect(await page.locator("body").innerText()).not.toMatch(/Total cost|\bpoints?\b/);

    // Lock the first proposed pair: remember who and where.
    const firstRow = page.locator(".match-event tbody tr", { has: page.getByRole("button", { name: "lock", exact: true }) }).first();
    const participantHref = await firstRow.locator("td:nth-child(2) a").getAttribute("href");
    const participantId = Number(participantHref!.split("/").pop());
    const eventHref = await firstRow.locator("xpath=ancestor::article//h3/a").getAttribute("href");
    const eventId = Number(eventHref!.split("/").pop());
    // The explanation is in words, not codes.
    expect(await firstRow.locator(".reasons").textContent()).toMatch(/min (by road|incl\. ferry)/);
    await firstRow.getByRole("button", { name: "lock", exact: true }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Locked");

    await page.getByRole("button", { name: "Run again" }).click();
    await expect.poll(() => page.locator(".constraint-list li").count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator(".constraint-list li").textContent()).toContain("must go");
    const lockedRow = page.locator(`.match-event:has(h3 a[href="/admin/events/${eventId}"]) tbody tr:has(a[href="/admin/participants/${participantId}"])`);
    expect(await lockedRow.count()).toBe(1);
    expect(await lockedRow.locator(".reasons").textContent()).toContain("locked by a coordinator");

    await page.getByRole("button", { name: /^Accept the proposal/ }).click();
    await expect.poll(() => page.getByRole("status").first().textContent(), { timeout: 30_000 }).toMatch(/^Accepted: \d+ place/);
    // What was accepted: the line-ups by event with their travel, waiting to be sent; what is still open, in places.
    const waiting = page.locator("section[aria-labelledby=waiting]");
    expect(await waiting.innerText()).toMatch(/^Accepted, not sent yet\n+\d+ places? (is|are) in the line-ups? below/);
    expect(await waiting.locator(`li:has(a[href="/admin/events/${eventId}"])`).innerText()).toMatch(/\d+ min of travel, one way/);
    expect(await waiting.innerText()).toMatch(/Travel for all of them: [\d,]+ min in total/);
    const stillOpen = await page.locator("section[aria-labelledby=summary]").innerText();
    expect(stillOpen).not.toMatch(/\b0 of \d+ open places filled/);
    expect(stillOpen).toMatch(/Nobody can be proposed for the \d+ places? still open|Left open: \d+ places?|open places filled/);
    expect(await page.locator("body").innerText()).not.toContain("Total cost");
    await page.getByRole("button", { name: /^Send \d+ invitation/ }).click();
    // "On its way", never "sent": the outbox says when each message went.
    await expect.poll(() => page.getByRole("status").first().textContent(), { timeout: 30_000 }).toMatch(/invitations? (is|are) on (its|their) way by e-mail/);

    const db = openServedDatabase();
    const invitation = db.prepare("SELECT status FROM assignment WHERE participant_id = ? AND event_id = ?").get(participantId, eventId) as { status: string };
    db.close();
    expect(invitation.status).toBe("invited");

    // The coordinator makes a private link for that participant (e.g. to pass on by phone)…
    await page.goto(`/admin/participants/${participantId}?lng=en`);
    await page.locator("summary", { hasText: "Make a new private link" }).click();
    await page.getByRole("button", { name: "Yes, make a new link" }).click();
    const link = await page.locator(".secret-link").textContent();
    expect(link).toMatch(/\/me\/[A-Za-z0-9_-]{40,}$/);

    // …and the participant says yes to the invitation.
    const participant = await newPage(browser, { locale: "en-GB" });
    await participant.page.goto(`${new URL(link!).pathname}?lng=en`);
    await participant.page.getByRole("button", { name: "Yes, I will come" }).first().click();
    await expect.poll(() => participant.page.getByRole("status").first().textContent()).toContain("You said yes");
    const after = openServedDatabase();
    const accepted = after
      .prepare(
        "SELECT count(*) AS n FROM assignment WHERE participant_id = ? AND status = 'accepted' AND event_id IN (SELECT event_id FROM assignment WHERE participant_id = ? AND invited_at IS NOT NULL)",
      )
      .get(participantId, participantId) as { n: number };
    after.close();
    expect(accepted.n).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(participant.errors).toEqual([]);
    await page.context().close();
    await participant.page.context().close();
  });
});
