// Travel claims (issue 17): a participant claims with a receipt and an IBAN; a coordinator approves,
// puts it in a payment batch, downloads the CSV and the SEPA pain.001 file and marks it paid.
import fs from "node:fs";
import path from "node:path";

import SQLite from "better-sqlite3";
import type { Browser, Download, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { resources } from "~/i18n/resources";

import { launchBrowser, loginAsCoordinator, newPage, queryServedDatabase } from "./browser";

const PARTICIPANT_TOKEN = "demo-participant-olena-kovalenko-0001";
const en = resources.en.translation as Record<string, any>;
const ru = resources.ru.translation as Record<string, any>;

/** A real 1×1 PNG: the receipt's type is read from its first bytes. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");
/** A valid test IBAN that no demo participant has. */
const IBAN = "EE471000001020145685";

let browser: Browser;
let claimEvent: { eventId: number; assignmentId: number; title: string };
let wrongTypeEvent: { eventId: number; assignmentId: number; title: string };

/**
 * A finished event (three days ago) that the demo participant said yes to, made here in the
 * served database so the claim starts from nothing whatever the demo data holds.
 */
function createPastAcceptedEvent(title: string, daysAgo: number): { eventId: number; assignmentId: number; title: string } {
  const db = new SQLite(inject("databasePath"), { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    const participant = db.prepare("SELECT subject_id AS id FROM access_token WHERE purpose = 'participant' ORDER BY id LIMIT 1").get() as { id: number };
    const venue = db.prepare("SELECT id FROM venue ORDER BY id LIMIT 1").get() as { id: number };
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const start = now - daysAgo * 86_400_000;
    const event = db
      .prepare(
        `INSERT INTO event (kind, state, title, description, venue_id, starts_at, ends_at, capacity, languages, is_public, overnight_stay, edited, sequence, created_at, updated_at)
         VALUES ('community_event', 'confirmed', ?, '{}', ?, ?, ?, 30, '["et"]', 0, 0, 0, 0, ?, ?) RETURNING id`,
      )
      .get(JSON.stringify({ et: title, en: title }), venue.id, iso(start), iso(start + 3 * 3_600_000), iso(start - 30 * 86_400_000), iso(start - 30 * 86_400_000)) as {
      id: number;
    };
    const slot = db.prepare("INSERT INTO event_slot (event_id, offer, position) VALUES (?, NULL, 0) RETURNING id").get(event.id) as { id: number };
    const assignment = db
      .prepare(
        "INSERT INTO assignment (event_id, slot_id, participant_id, status, explanation, travel_minutes, invited_at, created_at, updated_at) VALUES (?, ?, ?, 'accepted', '[]', 40, ?, ?, ?) RETURNING id",
      )
      .get(event.id, slot.id, participant.id, iso(start - 20 * 86_400_000), iso(start - 20 * 86_400_000), iso(start - 20 * 86_400_000)) as { id: number };
    return { eventId: event.id, assignmentId: assignment.id, title };
  } finally {
    db.close();
  }
}

/** Receipt files the served app has stored (RECEIPTS_DIR defaults to "receipts" beside the database). */
function storedReceipts(): string[] {
  const dir = path.join(path.dirname(inject("databasePath")), "receipts");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** Fills the first claim row (a ticket) and, when given, the second (kilometres by car). */
async function fillClaimRows(page: Page, rows: { kind: string; amount?: string; km?: string }[]) {
  for (const [i, row] of rows.entries()) {
    await page.locator("select[name=line_kind]").nth(i).selectOption(row.kind);
    if (row.amount) await page.locator("input[name=line_amount]").nth(i).fill(row.amount);
    if (row.km) await page.locator("input[name=line_km]").nth(i).fill(row.km);
  }
}

async function downloadText(page: Page, link: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download") as Promise<Download>, link.click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, "utf8") };
}

beforeAll(async () => {
  browser = await launchBrowser();
  claimEvent = createPastAcceptedEvent("Claim check in Kärdla", 3);
  wrongTypeEvent = createPastAcceptedEvent("Receipt check in Kuressaare", 5);
});
afterAll(() => browser?.close());

describe("travel claims", () => {
  it("a receipt that is not a photo or PDF (whatever its name) gets the translated message and stores nothing", async () => {
    const receiptsBefore = storedReceipts();
    const { page, errors } = await newPage(browser);
    await page.goto(`/me/${PARTICIPANT_TOKEN}/claims/${wrongTypeEvent.assignmentId}?lng=ru`);
    await expect.poll(() => page.locator("h1").textContent()).toBe(ru.claims.me.title);
    await fillClaimRows(page, [{ kind: "bus", amount: "4,50" }]);
    await page.getByLabel(ru.claims.me.receipt).setInputFiles({ name: "ticket.png", mimeType: "image/png", buffer: Buffer.from("this is plain text, not a picture\n") });
    await page.getByLabel(ru.claims.me.iban).fill(IBAN);
    await page.getByRole("button", { name: ru.claims.me.submit }).click();
    await expect.poll(() => page.locator("#field-receipt-error").textContent()).toBe(ru.claims.error.receiptType);
    await expect.poll(() => page.locator(".form-error").first().textContent()).toBe(ru.claims.me.fixErrors);
    // What was typed stays in the form.
    expect(await page.locator("input[name=line_amount]").first().inputValue()).toBe("4,50");
    expect(queryServedDatabase("SELECT id FROM travel_claim WHERE assignment_id = ?", wrongTypeEvent.assignmentId)).toEqual([]);
    expect(storedReceipts()).toEqual(receiptsBefore);
    expect(errors).toEqual([]);
  });

  it("a participant claims with a receipt and an IBAN; a coordinator approves, exports CSV and pain.001, marks paid; the participant sees it paid", async () => {
    // The participant finds the event in the travel section of their page and claims.
    const { page: me, errors: meErrors } = await newPage(browser);
    await me.goto(`/me/${PARTICIPANT_TOKEN}?lng=en`);
    const item = me.locator("#claims .claimable").filter({ hasText: claimEvent.title });
    await item.getByRole("link", { name: en.claims.me.claim }).click();
    await me.waitForURL(new RegExp(`/claims/${claimEvent.assignmentId}`));
    await expect.poll(() => me.locator("h1").textContent()).toBe(en.claims.me.title);
    // A €12.50 bus ticket and 30 km by car at the demo's 20 cents per km: €18.50.
    await fillClaimRows(me, [
      { kind: "bus", amount: "12.50" },
      { kind: "car", km: "30" },
    ]);
    await me.getByLabel(en.claims.me.receipt).setInputFiles({ name: "bus-ticket.png", mimeType: "image/png", buffer: PNG });
    await me.getByLabel(en.claims.me.iban).fill("EE47 1000 0010 2014 5685");
    await me.getByLabel(en.claims.me.holder).fill("Olena Kovalenko");
    await me.getByRole("button", { name: en.claims.me.submit }).click();
    await expect.poll(() => me.locator(".notice").textContent()).toBe(en.claims.me.saved);
    await expect.poll(() => me.locator(".claim-status .claim-state strong").textContent()).toBe(en.claims.status.submitted);
    // The form after a save is a fresh one: the receipt is not chosen again for the next save.
    await expect.poll(() => me.getByLabel(en.claims.me.receipt).inputValue()).toBe("");

    const [claim] = queryServedDatabase<{ id: number; amount_cents: number; status: string; receipt_type: string | null; receipt_file: string | null }>(
      "SELECT id, amount_cents, status, receipt_type, receipt_file FROM travel_claim WHERE assignment_id = ?",
      claimEvent.assignmentId,
    );
    expect(claim).toMatchObject({ amount_cents: 1850, status: "submitted", receipt_type: "image/png" });
    expect(storedReceipts()).toContain(claim.receipt_file);
    const [participant] = queryServedDatabase<{ iban: string }>(
      "SELECT p.iban FROM participant p JOIN assignment a ON a.participant_id = p.id WHERE a.id = ?",
      claimEvent.assignmentId,
    );
    expect(participant.iban).toBe(IBAN);
    // The page shows the IBAN masked, never whole.
    expect(await me.locator(".claim-status").textContent()).not.toContain(IBAN);
    // The participant can open their own receipt.
    const ownReceipt = await me.request.get(`/me/${PARTICIPANT_TOKEN}/receipts/${claim.id}`);
    expect(ownReceipt.status()).toBe(200);
    expect(Buffer.from(await ownReceipt.body()).equals(PNG)).toBe(true);

    // The coordinator approves it on /admin/claims.
    const { page: admin, errors: adminErrors } = await newPage(browser);
    await loginAsCoordinator(admin);
    await admin.goto("/admin/claims?lng=en");
    const card = admin.locator(".claim-card").filter({ has: admin.locator(`#claim-${claim.id}`) });
    await expect.poll(() => card.locator(".claim-amount").textContent()).toContain("18.50");
    // "Select all" above the long list ticks every claim that can be decided, and unticks them again.
    const boxes = admin.locator('.claims-form input[name="ids"]');
    const selectable = await boxes.count();
    expect(selectable).toBeGreaterThan(1);
    const selectAll = admin.getByLabel(en.claims.admin.selectAll.replace("{{count}}", String(selectable)));
    await selectAll.check();
    await expect.poll(() => boxes.evaluateAll((all) => all.filter((b) => (b as HTMLInputElement).checked).length)).toBe(selectable);
    await expect.poll(() => admin.locator(".claim-chosen").textContent()).toBe(en.claims.admin.chosen.replace("{{count}}", String(selectable)));
    await selectAll.uncheck();
    await expect.poll(() => boxes.evaluateAll((all) => all.filter((b) => (b as HTMLInputElement).checked).length)).toBe(0);
    await card.locator(`#claim-${claim.id}`).check();
    await expect.poll(() => admin.locator(".claim-chosen").textContent()).toBe(en.claims.admin.chosen.replace("{{count}}", "1"));
    await admin.locator(".claims-form").getByRole("button", { name: en.claims.admin.approve }).first().click();
    await expect.poll(() => admin.locator(".notice").textContent()).toBe(en.claims.admin.done.approved_one.replace("{{count}}", "1"));
    expect(queryServedDatabase<{ status: string }>("SELECT status FROM travel_claim WHERE id = ?", claim.id)[0].status).toBe("approved");

    // Then puts it into a payment batch from the approved list.
    await admin.goto("/admin/claims?state=approved&lng=en");
    await admin.locator(`#claim-${claim.id}`).check();
    await admin.locator(".claims-form").getByRole("button", { name: en.claims.admin.createBatch }).first().click();
    await expect.poll(() => admin.locator(".notice").textContent()).toBe(en.claims.admin.done.batch_one.replace("{{count}}", "1"));
    const [{ batch_id: batchId }] = queryServedDatabase<{ batch_id: number }>("SELECT batch_id FROM travel_claim WHERE id = ?", claim.id);
    expect(batchId).toBeGreaterThan(0);

    const batch = admin.locator(".batch").filter({ hasText: en.claims.admin.batchName.replace("{{id}}", String(batchId)) });
    // The CSV for accounting: the claim's row with the holder, the IBAN and the amount.
    const csv = await downloadText(admin, batch.getByRole("link", { name: en.claims.admin.csv }));
    expect(csv.name).toMatch(/\.csv$/);
    const claimRow = csv.text.split(/\r?\n/).find((line) => line.startsWith(`${claim.id},`));
    expect(claimRow).toBeDefined();
    expect(claimRow).toContain("Olena Kovalenko");
    expect(claimRow).toContain(IBAN);
    expect(claimRow).toContain("18.50");

    // The SEPA file: pain.001.001.03, one transfer of 18.50 to the participant's IBAN, from the organisation's account.
    const xml = await downloadText(admin, batch.getByRole("link", { name: en.claims.admin.pain }));
    expect(xml.name).toMatch(/pain001\.xml$/);
    expect(xml.text).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"');
    const groupHeader = /<GrpHdr>([\s\S]*?)<\/GrpHdr>/.exec(xml.text)?.[1] ?? "";
    expect(/<NbOfTxs>(\d+)<\/NbOfTxs>/.exec(groupHeader)?.[1]).toBe("1");
    expect(/<CtrlSum>([\d.]+)<\/CtrlSum>/.exec(groupHeader)?.[1]).toBe("18.50");
    const transfers = [...xml.text.matchAll(/<CdtTrfTxInf>([\s\S]*?)<\/CdtTrfTxInf>/g)].map((m) => m[1]);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatch(/<InstdAmt Ccy="EUR">18\.50<\/InstdAmt>/);
    expect(transfers[0]).toContain(`<IBAN>${IBAN}</IBAN>`);
    expect(xml.text).toContain("<IBAN>EE382200221020145685</IBAN>");

    // Marks the batch paid.
    await batch.getByRole("button", { name: en.claims.admin.markPaid }).click();
    await expect.poll(() => admin.locator(".notice").textContent()).toBe(en.claims.admin.done.paid);
    expect(queryServedDatabase<{ status: string }>("SELECT status FROM travel_claim WHERE id = ?", claim.id)[0].status).toBe("paid");

    // The participant's page now says paid, on the claim and in the travel section.
    await me.reload();
    await expect.poll(() => me.locator(".claim-status .claim-state strong").textContent()).toBe(en.claims.status.paid);
    expect(await me.locator(".claim-form").count()).toBe(0);
    await me.goto(`/me/${PARTICIPANT_TOKEN}?lng=en`);
    await expect.poll(() => item.locator(".badge").textContent()).toBe(en.claims.status.paid);

    // Each step told the participant (approved, paid) through the outbox.
    const kinds = queryServedDatabase<{ kind: string }>("SELECT kind FROM message WHERE event_id = ? AND kind LIKE 'claim_%' ORDER BY id", claimEvent.eventId).map((m) => m.kind);
    expect(kinds).toEqual(["claim_approved", "claim_paid"]);
    expect(meErrors).toEqual([]);
    expect(adminErrors).toEqual([]);
  });
});
