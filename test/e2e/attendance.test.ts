// Attendance (issue 16): the host marks who came on their status page; the coordinator sees it on the event page.
import SQLite from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { resources } from "~/i18n/resources";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

let browser: Browser;
let eventId: number;
let people: { assignmentId: number; firstName: string; lastName: string | null }[];

const HOST_LINK = "/request/status/demo-host-request-orissaare-cafe-0001";
const en = resources.en.translation as Record<string, any>;
const uk = resources.uk.translation as Record<string, any>;

/**
 * The demo has no started event of the demo host's request: one is made here, in the served
 * database, that began two hours ago with two people who said yes (not public, so no other page shows it).
 */
function createStartedEventOfDemoHost(): number {
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
         VALUES ('community_event', 'confirmed', ?, '{}', ?, ?, ?, 30, '["et"]', 0, 0, 0, ?, 0, ?, ?) RETURNING id`,
      )
      .get(
        JSON.stringify({ et: "Kohaloleku proov", en: "Attendance check" }),
        venueId,
        iso(now - 2 * 3_600_000),
        iso(now + 3_600_000),
        request.id,
        iso(now - 30 * 86_400_000),
        iso(now - 30 * 86_400_000),
      ) as { id: number };
    const participants = db.prepare("SELECT id FROM participant WHERE erased_at IS NULL ORDER BY id LIMIT 2").all() as { id: number }[];
    for (const [position, p] of participants.entries()) {
      const slot = db.prepare("INSERT INTO event_slot (event_id, offer, position) VALUES (?, NULL, ?) RETURNING id").get(event.id, position) as { id: number };
      db.prepare(
        "INSERT INTO assignment (event_id, slot_id, participant_id, status, explanation, travel_minutes, invited_at, created_at, updated_at) VALUES (?, ?, ?, 'accepted', '[]', 40, ?, ?, ?)",
      ).run(event.id, slot.id, p.id, iso(now - 20 * 86_400_000), iso(now - 20 * 86_400_000), iso(now - 20 * 86_400_000));
    }
    return event.id;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  eventId = createStartedEventOfDemoHost();
  people = queryServedDatabase<{ assignmentId: number; firstName: string; lastName: string | null }>(
    "SELECT a.id AS assignmentId, p.first_name AS firstName, p.last_name AS lastName FROM assignment a JOIN participant p ON p.id = a.participant_id WHERE a.event_id = ? ORDER BY a.id",
    eventId,
  );
});
afterAll(() => browser?.close());

describe("attendance", () => {
  it("a host marks who came on their status page (first names only) and the coordinator sees it on the event page", async () => {
    const [first, second] = people;
    const { page, errors } = await newPage(browser);
    await page.goto(`${HOST_LINK}?lng=uk`);
    const form = page.locator(".request-attendance").filter({ has: page.locator(`input[name="assignmentId"][value="${first.assignmentId}"]`) });
    await expect.poll(() => form.locator("h3").textContent()).toBe(uk.attendance.title);
    // First names only: the host never sees a last name.
    expect(await form.locator("legend").allTextContents()).toEqual([first.firstName, second.firstName]);
    if (first.lastName) expect(await page.content()).not.toContain(first.lastName);

    // Saving with nothing chosen says so next to the list and changes nothing.
    await form.getByRole("button", { name: uk.attendance.save }).click();
    await expect.poll(() => form.locator(".field-error").textContent()).toBe(uk.attendance.errors.nothingMarked);

    await form.getByRole("group", { name: first.firstName, exact: true }).getByLabel(uk.attendance.came, { exact: true }).check();
    await form.getByRole("group", { name: second.firstName, exact: true }).getByLabel(uk.attendance.didNotCome, { exact: true }).check();
    await form.getByRole("button", { name: uk.attendance.save }).click();
    await expect.poll(() => form.locator(".notice").textContent()).toBe(uk.attendance.saved);
    const stored = queryServedDatabase<{ id: number; status: string }>("SELECT id, status FROM assignment WHERE event_id = ? ORDER BY id", eventId);
    expect(stored.map((s) => s.status)).toEqual(["attended", "no_show"]);
    // After a reload the choices are what was stored.
    await page.reload();
    expect(await form.getByRole("group", { name: second.firstName, exact: true }).getByLabel(uk.attendance.didNotCome, { exact: true }).isChecked()).toBe(true);

    const coordinator = await newPage(browser);
    await loginAsCoordinator(coordinator.page);
    await coordinator.page.goto(`/admin/events/${eventId}?lng=en`);
    const section = coordinator.page.locator("section:has(#attendance)");
    const name = (p: (typeof people)[number]) => [p.firstName, p.lastName].filter(Boolean).join(" ");
    expect(
      await section
        .getByRole("group", { name: name(first), exact: true })
        .getByLabel(en.attendance.came, { exact: true })
        .isChecked(),
    ).toBe(true);
    expect(
      await section
        .getByRole("group", { name: name(second), exact: true })
        .getByLabel(en.attendance.didNotCome, { exact: true })
        .isChecked(),
    ).toBe(true);
    // The history says it, with counts and no names.
    await expect.poll(() => coordinator.page.locator(".history").textContent()).toContain("1 came, 1 did not");

    // The coordinator records the locals.
    await section.getByLabel(en.attendance.locals).fill("23");
    await section.getByRole("button", { name: en.attendance.save }).click();
    await expect.poll(() => section.locator(".notice").textContent()).toBe(en.attendance.saved);
    expect(queryServedDatabase<{ locals_count: number }>("SELECT locals_count FROM event WHERE id = ?", eventId)[0].locals_count).toBe(23);
    expect(errors).toEqual([]);
    expect(coordinator.errors).toEqual([]);
  });
});
