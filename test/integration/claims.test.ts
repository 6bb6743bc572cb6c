// Travel claims (issue 17): a participant claims with a receipt and IBAN, a coordinator approves,
// pays in a batch exported as CSV and pain.001.001.03; bad input stores nothing; erasure removes
// the IBAN and the receipt file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { isValidIBAN } from "ibantools";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { RECEIPT_MAX_BYTES } from "~/domain/payments/receipt";
import { eraseParticipant } from "~/models/erasure.server";
import { issueToken } from "~/models/token.server";
import { action as claimsAction, loader as claimsLoader } from "~/routes/admin.claims";
import { loader as receiptAdminLoader } from "~/routes/admin.claims.$id.receipt";
import { loader as csvLoader } from "~/routes/admin.claims.batches.$id[.]csv";
import { loader as xmlLoader } from "~/routes/admin.claims.batches.$id[.]xml";
import { action as settingsAction } from "~/routes/admin.settings";
import { action as claimAction, loader as claimLoader } from "~/routes/_public.me.$token_.claims.$assignmentId";
import { loader as receiptLoader } from "~/routes/me.$token.receipts.$claimId";
import { loader as dataLoader } from "~/routes/_public.me.$token.data[.]json";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let receiptsDir: string;
let admin: { cookie: string; userId: number };
let venueId: number;
let seq = 0;
const DAY = 86_400_000;
const IBAN = "EE382200221020145685";
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

beforeAll(async () => {
  receiptsDir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-receipts-"));
  process.env.RECEIPTS_DIR = receiptsDir;
  test = await createTestDatabase();
  const town = await test.db.selectFrom("town").select("id").where("slug", "=", "kuressaare").executeTakeFirstOrThrow();
  venueId = (
    await test.db
      .insertInto("venue")
      .values({ town_id: town.id, name: "Kohvik", venue_type: "cafe", capacity: 40, step_free: 1, child_friendly: 1, created_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  admin = await loginAsNewCoordinator("admin");
});
afterAll(async () => {
  await test.close();
  fs.rmSync(receiptsDir, { recursive: true, force: true });
  delete process.env.RECEIPTS_DIR;
});

/** A participant who went to an event (ended `daysAgo` ago) with the given status, with their private link. */
async function participantAt(status: "attended" | "accepted" | "no_show" | "invited" = "attended", daysAgo = 3) {
  seq += 1;
  const now = new Date().toISOString();
  const participantId = (
    await test.db
      .insertInto("participant")
      .values({
        first_name: `Олена${seq}`,
        last_name: "Коваленко",
        email: `p${seq}@example.org`,
        max_travel_minutes: 240,
        monthly_cap: 2,
        weekdays: "[6]",
        times_of_day: '["afternoon"]',
        needs_childcare: 0,
        needs_step_free: 0,
        preferred_locale: "uk",
        consent_at: now,
        consent_version: "2026-1",
        created_at: now,
        updated_at: now,
        last_active_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const start = new Date(Date.now() - daysAgo * DAY).toISOString();
  const event = await test.db
    .insertInto("event")
    .values({
      kind: "community_event",
      state: "completed",
      title: JSON.stringify({ et: "Saame tuttavaks", uk: "Знайомство" }),
      description: "{}",
      venue_id: venueId,
      starts_at: start,
      ends_at: new Date(Date.parse(start) + 3 * 3_600_000).toISOString(),
      capacity: 40,
      languages: '["et"]',
      is_public: 1,
      overnight_stay: 0,
      edited: 0,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const slot = await test.db.insertInto("event_slot").values({ event_id: event.id, offer: null, position: 0 }).returning("id").executeTakeFirstOrThrow();
  const assignmentId = (
    await test.db
      .insertInto("assignment")
      .values({
        event_id: event.id,
        slot_id: slot.id,
        participant_id: participantId,
        status,
        explanation: "[]",
        travel_minutes: 45,
        invited_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const token = await issueToken(test.db, "participant", participantId);
  return { participantId, assignmentId, token };
}

type Receipt = { bytes: Uint8Array; name: string; type: string };

function claimRequest(who: { token: string; assignmentId: number }, fields: Record<string, string | string[]>, receipt?: Receipt): Request {
  const form = new FormData();
  form.append("intent", "claim");
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  if (receipt) form.append("receipt", new File([new Uint8Array(receipt.bytes)], receipt.name, { type: receipt.type }));
  return new Request(`http://localhost/me/${who.token}/claims/${who.assignmentId}`, { method: "POST", body: form });
}

const GOOD = { line_kind: ["bus", "car", ""], line_amount: ["12,50", "", ""], line_km: ["", "40", ""], iban: "ee38 2200 2210 2014 5685", account_holder: "Olena Kovalenko" };

async function post(who: { token: string; assignmentId: number }, fields: Record<string, string | string[]> = GOOD, receipt?: Receipt) {
  return settle(() => claimAction({ request: claimRequest(who, fields, receipt), params: { token: who.token, assignmentId: String(who.assignmentId) }, context: {} }));
}

async function claimOf(assignmentId: number) {
  return test.db.selectFrom("travel_claim").selectAll().where("assignment_id", "=", assignmentId).executeTakeFirst();
}

const files = () => fs.readdirSync(receiptsDir).sort();

async function coordinatorPost(fields: Record<string, string | string[]>) {
  return settle(() => claimsAction({ request: formRequest("/admin/claims", fields, { cookie: admin.cookie }), params: {}, context: {} }));
}

async function setPaymentSettings(fields: Record<string, string>) {
  return settle(() =>
    settingsAction({
      request: formRequest("/admin/settings", { intent: "travel", km_rate_cents: "20", legal_name: "", iban: "", bic: "", ...fields }, { cookie: admin.cookie }),
      params: {},
      context: {},
    }),
  );
}

beforeEach(async () => {
  await setPaymentSettings({});
});

describe("a participant's claim", () => {
  it("stores lines, the total at the km rate, the IBAN and the receipt (typed by content, under a random name)", async () => {
    const who = await participantAt();
    const response = await post(who, GOOD, { bytes: PNG, name: "ticket.png", type: "image/png" });
    expect(response.status).toBe(302);
    const claim = await claimOf(who.assignmentId);
    expect(claim).toMatchObject({ status: "submitted", amount_cents: 1250 + 40 * 20, receipt_type: "image/png", receipt_size: PNG.byteLength });
    expect(claim?.receipt_file).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(fs.readFileSync(path.join(receiptsDir, claim!.receipt_file!))).toEqual(PNG);
    const lines = await test.db.selectFrom("travel_claim_line").select(["kind", "km", "amount_cents"]).where("claim_id", "=", claim!.id).orderBy("position").execute();
    expect(lines).toEqual([
      { kind: "bus", km: null, amount_cents: 1250 },
      { kind: "car", km: 40, amount_cents: 800 },
    ]);
    const participant = await test.db.selectFrom("participant").select(["iban", "account_holder"]).where("id", "=", who.participantId).executeTakeFirstOrThrow();
    expect(participant).toEqual({ iban: IBAN, account_holder: "Olena Kovalenko" });

    // Shown masked afterwards: the page never carries the whole IBAN.
    const page = await settle(() =>
      claimLoader({ request: getRequest(`/me/${who.token}/claims/${who.assignmentId}?lng=uk`), params: { token: who.token, assignmentId: String(who.assignmentId) }, context: {} }),
    );
    const text = await page.text();
    expect(text).toContain("EE38 **** **** **** 5685");
    expect(text).not.toContain(IBAN);
  });

  it("refuses a bad IBAN, missing lines or a wrong amount with a message next to the field, storing nothing", async () => {
    const who = await participantAt();
    const before = files();
    for (const [fields, field, message] of [
      [{ ...GOOD, iban: "EE392200221020145685" }, "iban", "claims.error.iban"],
      [{ ...GOOD, line_kind: ["", ""], line_amount: ["", ""], line_km: ["", ""] }, "lines", "claims.error.noLines"],
      [{ ...GOOD, line_amount: ["12,5,0", "", ""] }, "lines", "claims.error.lineAmount?row=1"],
      [{ ...GOOD, line_km: ["", "99999", ""] }, "lines", "claims.error.lineKm?row=2&max=2000"],
      [{ ...GOOD, line_kind: ["plane", "", ""] }, "lines", "claims.error.lineKind?row=1"],
      [{ ...GOOD, account_holder: " " }, "account_holder", "validation.required"],
    ] as const) {
      const response = await post(who, fields as Record<string, string | string[]>, { bytes: PNG, name: "t.png", type: "image/png" });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: Record<string, string> }).errors[field]).toBe(message);
    }
    expect(await claimOf(who.assignmentId)).toBeUndefined();
    expect(files()).toEqual(before);
  });

  it("refuses a receipt of the wrong type (by content, whatever its name) or over the limit: no row, no file", async () => {
    const who = await participantAt();
    const before = files();
    const html = Buffer.from("<html><script>alert(1)</script></html>");
    const wrong = await post(who, GOOD, { bytes: html, name: "ticket.png", type: "image/png" });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: Record<string, string> }).errors.receipt).toBe("claims.error.receiptType");
    const big = Buffer.concat([PNG, Buffer.alloc(RECEIPT_MAX_BYTES, 1)]);
    const tooLarge = await post(who, GOOD, { bytes: big, name: "ticket.png", type: "image/png" });
    expect(tooLarge.status).toBe(400);
    expect(((await tooLarge.json()) as { errors: Record<string, string> }).errors.receipt).toBe("claims.error.receiptTooLarge");
    expect(await claimOf(who.assignmentId)).toBeUndefined();
    expect(files()).toEqual(before);
  });

  it("cannot be made for a no-show, an event to come, or someone else's assignment", async () => {
    const noShow = await participantAt("no_show");
    expect((await post(noShow)).status).toBe(404);
    const future = await participantAt("accepted", -5);
    expect((await post(future)).status).toBe(404);
    const mine = await participantAt();
    const other = await participantAt();
    expect((await post({ token: mine.token, assignmentId: other.assignmentId })).status).toBe(404);
    expect(await claimOf(other.assignmentId)).toBeUndefined();
    // Accepted and over (attendance not marked) can claim.
    expect((await post(await participantAt("accepted", 2))).status).toBe(302);
  });

  it("says 'this event cannot be claimed for' (not 'unknown link') when the link works but the event cannot be claimed", async () => {
    const open = (who: { token: string; assignmentId: number }) =>
      settle(() =>
        claimLoader({ request: getRequest(`/me/${who.token}/claims/${who.assignmentId}`), params: { token: who.token, assignmentId: String(who.assignmentId) }, context: {} }),
      );
    const noShow = await participantAt("no_show");
    const refused = await open(noShow);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ notClaimable: true });
    const mine = await participantAt();
    const other = await participantAt();
    expect(await (await open({ token: mine.token, assignmentId: other.assignmentId })).json()).toEqual({ notClaimable: true });
    expect(await (await post(noShow)).json()).toEqual({ notClaimable: true });
    // An unknown link stays "unknown link": the page's boundary tells the two apart by this body.
    const unknown = await open({ token: "no-such-token-0000000000000000", assignmentId: noShow.assignmentId });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain("notClaimable");
  });

  it("is in the participant's own data download: lines, amounts, states, the reason, the receipt's type and their whole IBAN", async () => {
    const who = await participantAt();
    expect((await post(who, GOOD, { bytes: PNG, name: "ticket.png", type: "image/png" })).status).toBe(302);
    const claim = (await claimOf(who.assignmentId))!;
    // Rejected in the database directly, so no message joins the outbox that later tests count.
    await test.db
      .updateTable("travel_claim")
      .set({ status: "rejected", rejection_reason: "Палун додати квиток", decided_at: new Date().toISOString() })
      .where("id", "=", claim.id)
      .execute();
    const download = await settle(() => dataLoader({ request: getRequest(`/me/${who.token}/data.json`), params: { token: who.token }, context: {} }));
    expect(download.status).toBe(200);
    const data = await download.json();
    expect(data.bankAccount).toEqual({ iban: IBAN, accountHolder: "Olena Kovalenko" });
    expect(data.travelClaims).toEqual([
      expect.objectContaining({
        id: claim.id,
        assignmentId: who.assignmentId,
        amountCents: 1250 + 40 * 20,
        status: "rejected",
        rejectionReason: "Палун додати квиток",
        lines: [
          { kind: "bus", km: null, amountCents: 1250 },
          { kind: "car", km: 40, amountCents: 800 },
        ],
        receipt: { type: "image/png", size: PNG.byteLength },
        paidAt: null,
      }),
    ]);
    // The stored file's name says nothing to them and stays out of the download.
    expect(JSON.stringify(data)).not.toContain(claim.receipt_file!);
  });

  it("serves a receipt to its participant and coordinators only, as a download that is never sniffed or cached", async () => {
    const owner = await participantAt();
    await post(owner, GOOD, { bytes: Buffer.from("%PDF-1.4\n%test\n"), name: "x.exe", type: "application/octet-stream" });
    const claim = (await claimOf(owner.assignmentId))!;
    expect(claim.receipt_type).toBe("application/pdf");
    const stranger = await participantAt();
    const asStranger = await settle(() =>
      receiptLoader({ request: getRequest(`/me/${stranger.token}/receipts/${claim.id}`), params: { token: stranger.token, claimId: String(claim.id) }, context: {} }),
    );
    expect(asStranger.status).toBe(404);
    const asOwner = await settle(() =>
      receiptLoader({ request: getRequest(`/me/${owner.token}/receipts/${claim.id}`), params: { token: owner.token, claimId: String(claim.id) }, context: {} }),
    );
    expect(asOwner.status).toBe(200);
    expect(asOwner.headers.get("Content-Type")).toBe("application/pdf");
    expect(asOwner.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(asOwner.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(asOwner.headers.get("Cache-Control")).toBe("private, no-store");
    expect(Buffer.from(await asOwner.arrayBuffer()).toString()).toBe("%PDF-1.4\n%test\n");
    const anonymous = await settle(() => receiptAdminLoader({ request: getRequest(`/admin/claims/${claim.id}/receipt`), params: { id: String(claim.id) }, context: {} }));
    expect(anonymous.status).toBe(302);
    const asCoordinator = await settle(() =>
      receiptAdminLoader({ request: getRequest(`/admin/claims/${claim.id}/receipt`, { cookie: admin.cookie }), params: { id: String(claim.id) }, context: {} }),
    );
    expect(asCoordinator.status).toBe(200);
  });
});

describe("approving, paying and exporting", () => {
  it("goes submitted → approved → batch → paid, with messages, CSV and a pain.001 the sums and checksums of which hold", async () => {
    const people = [await participantAt(), await participantAt(), await participantAt()];
    await post(people[0], GOOD);
    await post(people[1], {
      ...GOOD,
      line_kind: ["train", "ferry"],
      line_amount: ["7,05", "3"],
      line_km: ["", ""],
      iban: "DE89 3704 0044 0532 0130 00",
      account_holder: "Ігор Гнатюк",
    });
    await post(people[2], { ...GOOD, line_kind: ["bus"], line_amount: ["4"], line_km: [""] });
    const ids = await Promise.all(people.map(async (p) => (await claimOf(p.assignmentId))!.id));

    // Rejecting needs a reason; then the participant reads it.
    const noReason = await coordinatorPost({ intent: "reject", ids: [String(ids[2])], reason: " " });
    expect(noReason.status).toBe(400);
    expect((await claimOf(people[2].assignmentId))!.status).toBe("submitted");
    expect((await coordinatorPost({ intent: "reject", ids: [String(ids[2])], reason: "Pilet puudub" })).status).toBe(200);
    expect(await claimOf(people[2].assignmentId)).toMatchObject({ status: "rejected", rejection_reason: "Pilet puudub" });

    expect((await coordinatorPost({ intent: "approve", ids: ids.slice(0, 2).map(String) })).status).toBe(200);
    // Approved: the participant can no longer change it.
    const locked = await post(people[0], { ...GOOD, line_amount: ["99", "", ""] });
    expect(locked.status).toBe(409);
    expect((await claimOf(people[0].assignmentId))!.amount_cents).toBe(2050);

    // No payment batch without the organisation's name and IBAN.
    const refused = await coordinatorPost({ intent: "batch", ids: ids.slice(0, 2).map(String), message: "Tuttav sõidukulud" });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { refusal: string }).refusal).toBe("settings_missing");
    expect(await test.db.selectFrom("payment_batch").selectAll().execute()).toEqual([]);
    // A bad IBAN in settings is refused too.
    expect((await setPaymentSettings({ legal_name: "MTÜ Saame Tuttavaks", iban: "EE00 1234" })).status).toBe(400);
    expect((await setPaymentSettings({ legal_name: "MTÜ Saame Tuttavaks", iban: "EE39 2200 2210 2014 5685" })).status).toBe(400);
    expect((await setPaymentSettings({ legal_name: "MTÜ Saame Tuttavaks", iban: "EE38 2200 2210 2014 5685", bic: "habaee2x" })).status).toBe(200);

    expect((await coordinatorPost({ intent: "batch", ids: ids.slice(0, 2).map(String), message: "Tuttav sõidukulud" })).status).toBe(200);
    const batch = await test.db.selectFrom("payment_batch").selectAll().executeTakeFirstOrThrow();
    expect((await claimOf(people[0].assignmentId))!.batch_id).toBe(batch.id);

    const csv = await (
      await settle(() =>
        csvLoader({ request: getRequest(`/admin/claims/batches/${batch.id}.csv?lng=en`, { cookie: admin.cookie }), params: { id: String(batch.id) }, context: {} }),
      )
    ).text();
    const rows = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain(`"${IBAN}","20.50"`);
    expect(rows[2]).toContain(`"DE89370400440532013000","10.05"`);
    expect(rows[3]).toContain(`"30.55"`);

    const xmlResponse = await settle(() =>
      xmlLoader({ request: getRequest(`/admin/claims/batches/${batch.id}.xml`, { cookie: admin.cookie }), params: { id: String(batch.id) }, context: {} }),
    );
    expect(xmlResponse.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    const xml = await xmlResponse.text();
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"');
    const all = (tag: string) => [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, "g"))].map((m) => m[1]);
    const amounts = all("InstdAmt");
    expect(amounts.sort()).toEqual(["10.05", "20.50"]);
    expect(all("NbOfTxs")).toEqual(["2", "2"]);
    expect(all("CtrlSum")).toEqual(["30.55", "30.55"]);
    for (const iban of all("IBAN")) expect(isValidIBAN(iban)).toBe(true);
    expect(all("IBAN")).toEqual([IBAN, IBAN, "DE89370400440532013000"]);
    expect(all("Nm")).toEqual(["MTU Saame Tuttavaks", "MTU Saame Tuttavaks", "Olena Kovalenko", "Ihor Hnatiuk"]);
    expect(xml).toContain("<BIC>HABAEE2X</BIC>");
    // Element order and value patterns against the schema: test/unit/payments.test.ts.

    // Paid: every claim in the batch, each participant told.
    expect((await coordinatorPost({ intent: "paid", batch_id: String(batch.id) })).status).toBe(200);
    expect((await claimOf(people[0].assignmentId))!.status).toBe("paid");
    expect((await claimOf(people[1].assignmentId))!.status).toBe("paid");
    expect((await coordinatorPost({ intent: "paid", batch_id: String(batch.id) })).status).toBe(409);
    const messages = await test.db
      .selectFrom("message")
      .select(["kind", "participant_id", "locale", "subject", "body_text"])
      .where("kind", "like", "claim_%")
      .orderBy("id")
      .execute();
    expect(messages.map((m) => [m.kind, m.participant_id])).toEqual([
      ["claim_rejected", people[2].participantId],
      ["claim_approved", people[0].participantId],
      ["claim_approved", people[1].participantId],
      ["claim_paid", people[0].participantId],
      ["claim_paid", people[1].participantId],
    ]);
    expect(messages[0]).toMatchObject({ locale: "uk", subject: "Вашу заявку на витрати на дорогу не схвалено" });
    expect(messages[0].body_text).toContain("Pilet puudub");

    const list = await (await settle(() => claimsLoader({ request: getRequest("/admin/claims?state=paid", { cookie: admin.cookie }), params: {}, context: {} }))).json();
    expect((list as { claims: { id: number }[] }).claims.map((c) => c.id).sort()).toEqual(ids.slice(0, 2).sort());
  });

  it("refuses to approve a claim twice or unknown claims, changing nothing", async () => {
    const who = await participantAt();
    await post(who, GOOD);
    const id = (await claimOf(who.assignmentId))!.id;
    expect((await coordinatorPost({ intent: "approve", ids: [String(id)] })).status).toBe(200);
    expect((await coordinatorPost({ intent: "approve", ids: [String(id)] })).status).toBe(409);
    expect((await coordinatorPost({ intent: "approve", ids: ["99999"] })).status).toBe(409);
    expect((await coordinatorPost({ intent: "approve" })).status).toBe(400);
    expect((await coordinatorPost({ intent: "approve", ids: ["abc"] })).status).toBe(400);
  });
});

describe("erasure", () => {
  it("removes the IBAN, the holder's name and the receipt file; the amount stays for the totals", async () => {
    const who = await participantAt();
    await post(who, GOOD, { bytes: PNG, name: "t.png", type: "image/png" });
    const claim = (await claimOf(who.assignmentId))!;
    expect(fs.existsSync(path.join(receiptsDir, claim.receipt_file!))).toBe(true);
    await eraseParticipant(who.participantId, { kind: "participant", participantId: who.participantId });
    expect(fs.existsSync(path.join(receiptsDir, claim.receipt_file!))).toBe(false);
    const participant = await test.db.selectFrom("participant").select(["iban", "account_holder"]).where("id", "=", who.participantId).executeTakeFirstOrThrow();
    expect(participant).toEqual({ iban: null, account_holder: null });
    expect(await claimOf(who.assignmentId)).toMatchObject({ amount_cents: 2050, receipt_file: null, receipt_type: null, receipt_size: null });
  });
});
