// Feedback from everyone (issue 16): the host marks who came and gives feedback on their status
// page; a coordinator answers it; the public event page shows it as "you said, we did".
import SQLite from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { resources } from "~/i18n/resources";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
let eventId: number;

const HOST_LINK = "/request/status/demo-host-request-orissaare-cafe-0001";
const en = resources.en.translation as Record<string, any>;
const et = resources.et.translation as Record<string, any>;
const ru = resources.ru.translation as Record<string, any>;

/**
 * A completed public event of the demo host's request, held yesterday, with one person who said
 * yes: made here in the served database (the demo has none of that host's events in the past).
 */
function createYesterdaysEventOfDemoHost(): number {
  const db = new SQLite(inject("databasePath"), { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    const request = db
      .prepare(
        "SELECT r.id, r.venue_id FROM event_request r JOIN access_token t ON t.subject_id = r.id AND t.purpose = 'host_request' WHERE r.organisation LIKE 'Orissaare%' LIMIT 1",
      )
      .get() as { id: number; venue_id: number | null };
    const venueId = request.venue_id ?? (db.prepare("SELECT id FROM venue LIMIT 1").get() as { id: number }).id;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const event = db
      .prepare(
        `INSERT INTO event (kind, state, title, description, venue_id, starts_at, ends_at, capacity, languages, is_public, overnight_stay, edited, request_id, sequence, created_at, updated_at)
         VALUES ('community_event', 'completed', ?, '{}', ?, ?, ?, 30, '["et"]', 1, 0, 0, ?, 0, ?, ?) RETURNING id`,
      )
      .get(
        JSON.stringify({ et: "Tagasiside proov", en: "Feedback check" }),
        venueId,
        iso(now - 26 * 3_600_000),
        iso(now - 23 * 3_600_000),
        request.id,
        iso(now - 30 * 86_400_000),
        iso(now - 30 * 86_400_000),
      ) as { id: number };
    const participant = db.prepare("SELECT id FROM participant WHERE erased_at IS NULL ORDER BY id LIMIT 1").get() as { id: number };
    const slot = db.prepare("INSERT INTO event_slot (event_id, offer, position) VALUES (?, NULL, 0) RETURNING id").get(event.id) as { id: number };
    db.prepare(
      "INSERT INTO assignment (event_id, slot_id, participant_id, status, explanation, travel_minutes, invited_at, created_at, updated_at) VALUES (?, ?, ?, 'accepted', '[]', 40, ?, ?, ?)",
    ).run(event.id, slot.id, participant.id, iso(now - 20 * 86_400_000), iso(now - 20 * 86_400_000), iso(now - 20 * 86_400_000));
    return event.id;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  eventId = createYesterdaysEventOfDemoHost();
});
afterAll(() => browser?.close());

describe("feedback", () => {
  it("a host marks who came and gives feedback; a coordinator answers; the public page shows 'you said, we did'", async () => {
    const { page, errors } = await newPage(browser);
    await page.goto(HOST_LINK);
    const attendance = page.locator(".request-attendance").filter({ has: page.locator(`input[name="eventId"][value="${eventId}"]`) });
    await attendance.getByLabel(et.attendance.came, { exact: true }).check();
    await attendance.getByRole("button", { name: et.attendance.save }).click();
    await expect.poll(() => attendance.locator(".notice").textContent()).toBe(et.attendance.saved);
    expect(queryServedDatabase<{ status: string }>("SELECT status FROM assignment WHERE event_id = ?", eventId)).toEqual([{ status: "attended" }]);

    // The event's feedback part: an empty answer is refused in words, then a rating and some words are kept.
    const part = page.locator(`#feedback-${eventId}`);
    await part.getByRole("button", { name: et.feedback.send }).click();
    await expect.poll(() => part.locator(".field-error").textContent()).toBe(et.validation.feedbackEmpty);
    await part.getByRole("group", { name: et.feedback.rating }).getByLabel(et.feedback.stars["4"], { exact: true }).check();
    await part.getByLabel(et.feedback.text).fill("Toole jäi väheks, aga meeleolu oli suurepärane.");
    await part.getByRole("button", { name: et.feedback.send }).click();
    await expect.poll(() => part.locator(".notice").textContent()).toBe(et.feedback2.saved);
    const stored = queryServedDatabase<{ id: number; author_kind: string; rating: number; text: string }>(
      "SELECT id, author_kind, rating, text FROM feedback WHERE event_id = ?",
      eventId,
    );
    expect(stored).toMatchObject([{ author_kind: "host", rating: 4, text: "Toole jäi väheks, aga meeleolu oli suurepärane." }]);
    // After a reload it is still there, to change until it is answered.
    await page.reload();
    expect(await part.getByLabel(et.feedback.text).inputValue()).toBe("Toole jäi väheks, aga meeleolu oli suurepärane.");
    expect(await part.getByRole("button", { name: et.feedback2.update }).isVisible()).toBe(true);

    // The coordinator answers on the event page.
    const coordinator = await newPage(browser);
    await loginAsCoordinator(coordinator.page);
    await coordinator.page.goto(`/admin/events/${eventId}?lng=en`);
    const item = coordinator.page.locator(".feedback-list li").filter({ hasText: "Toole jäi väheks" });
    expect(await item.locator("strong").first().textContent()).toBe(en.feedback.authors.host);
    await item.getByLabel(en.feedback.response).fill("Next time the parish brings twenty more chairs.");
    await item.getByRole("button", { name: en.feedback.respond }).click();
    await expect.poll(() => coordinator.page.locator("p.notice[role=status]").first().textContent()).toBe(en.feedback.responded);

    // The public page, in Russian: what was said and what was done, by kind, without names.
    const visitor = await newPage(browser);
    await visitor.page.goto(`/events/${eventId}?lng=ru`);
    const section = visitor.page.locator("section.you-said-we-did");
    await expect.poll(() => section.locator("h2").textContent()).toBe(ru.feedback2.page.title);
    const text = (await section.textContent()) ?? "";
    expect(text).toContain(ru.feedback2.page.authors.host);
    expect(text).toContain("Toole jäi väheks, aga meeleolu oli suurepärane.");
    expect(text).toContain("Next time the parish brings twenty more chairs.");
    expect(text).not.toContain("Orissaare");

    // Answered: the host now sees the answer and can no longer change their words.
    await page.reload();
    expect(await part.locator(".given-feedback-answered").textContent()).toContain("Next time the parish brings twenty more chairs.");
    expect(await part.locator("textarea").count()).toBe(0);
    expect(errors).toEqual([]);
    expect(coordinator.errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
  });
});
