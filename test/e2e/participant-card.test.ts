import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

type Invitation = { participantId: number; eventId: number; address: string; offer: string | null; travel: number };

describe("a participant's invitation card", () => {
  it("links to the public event page and says where, what to bring, who else goes and when to leave home", async () => {
    // An open invitation to a public event ahead, with a journey, from the demo season.
    const [invitation] = queryServedDatabase<Invitation>(
      `SELECT a.participant_id AS participantId, a.event_id AS eventId, v.address, s.offer, a.travel_minutes AS travel
         FROM assignment a JOIN event e ON e.id = a.event_id JOIN venue v ON v.id = e.venue_id LEFT JOIN event_slot s ON s.id = a.slot_id
         JOIN participant p ON p.id = a.participant_id
        WHERE a.status = 'invited' AND e.is_public = 1 AND e.state IN ('planned', 'confirmed') AND e.starts_at > ?
          AND a.travel_minutes > 0 AND v.address IS NOT NULL AND s.offer IS NOT NULL AND p.erased_at IS NULL
        ORDER BY e.starts_at LIMIT 1`,
      new Date().toISOString(),
    );
    expect(invitation, "the demo season has an open invitation").toBeDefined();

    // The coordinator makes the participant a link (as for someone who signed up by phone)…
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    await page.goto(`/admin/participants/${invitation.participantId}?lng=en`);
    await page.locator("summary", { hasText: "Make a new private link" }).click();
    await page.getByRole("button", { name: "Yes, make a new link" }).click();
    const link = await page.locator(".secret-link").textContent();

    // …and the participant opens their page.
    const participant = await newPage(browser, { locale: "en-GB" });
    await participant.page.goto(`${new URL(link!).pathname}?lng=en`);
    const card = participant.page.locator(".invitation-card", { has: participant.page.locator(`h3 a[href="/events/${invitation.eventId}"]`) });
    expect(await card.count()).toBe(1);
    const text = await card.innerText();
    expect(text).toContain(invitation.address);
    expect(text).toMatch(/When to leave\s+Leave home by \d{2}:\d[05]; the journey takes about \d/);
    expect(text).toMatch(/What to bring\s+\S/);
    expect(text).toMatch(/Who else is going\s+(Nobody else has said yes yet\.|\S)/);

    // The title leads to the public page of that event.
    await card.locator("h3 a").click();
    await participant.page.waitForURL(new RegExp(`/events/${invitation.eventId}$`));
    expect(errors).toEqual([]);
    expect(participant.errors).toEqual([]);
    await page.context().close();
    await participant.page.context().close();
  });
});
