import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getOrganisationContact, updateOrganisationContact } from "~/models/organisation.server";
import { loader as hostLostLoader } from "~/routes/_public.request_.lost";
import { loader as lostLoader } from "~/routes/_public.me.lost";
import { action, loader } from "~/routes/admin.settings";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

let test: TestDatabase;
let admin: { cookie: string; userId: number };
let coordinator: { cookie: string; userId: number };
beforeAll(async () => {
  test = await createTestDatabase();
  admin = await loginAsNewCoordinator("admin");
  coordinator = await loginAsNewCoordinator("coordinator");
});
afterAll(() => test.close());

const post = (cookie: string, fields: Record<string, string>) =>
  settle(() => action({ request: formRequest("/admin/settings", { intent: "organisation", ...fields }, { cookie }), params: {}, context: {} }));
const row = () => test.db.selectFrom("organisation_setting").selectAll().execute();
const audits = () => test.db.selectFrom("audit_log").select(["action", "entity", "actor_user_id", "details"]).where("action", "=", "settings.update").execute();
const CONTACT = { name: "MTÜ Tuttav", phone: "+372 5555 0100", email: "Info@Tuttav.test" };

describe("the organisation's contact", () => {
  it("starts empty: one row, nothing set, and the lost-link pages keep their old hint", async () => {
    expect(await row()).toEqual([
      // Travel costs and payments (0013): the default km rate, no payer yet.
      { id: 1, name: null, contact_phone: null, contact_email: null, updated_by: null, updated_at: null, km_rate_cents: 20, legal_name: null, iban: null, bic: null },
    ]);
    expect(await getOrganisationContact()).toEqual({ name: null, phone: null, email: null });
    const page = await (await settle(() => lostLoader({ request: getRequest("/me/lost"), params: {}, context: {} }))).json();
    expect(page.contact).toEqual({ name: null, phone: null, email: null });
  });

  it("is saved by an admin, audited with the fields that changed (not their values), and shown on both lost-link pages", async () => {
    const response = await post(admin.cookie, CONTACT);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ saved: true, errors: {} });
    expect(await getOrganisationContact()).toEqual({ name: "MTÜ Tuttav", phone: "+372 5555 0100", email: "info@tuttav.test" });
    const [entry] = await audits();
    expect(entry).toMatchObject({ entity: "settings", actor_user_id: admin.userId });
    expect(JSON.parse(entry.details)).toEqual({ changed: ["name", "phone", "email"] });
    expect(entry.details).not.toContain("5555");

    for (const [url, pageLoader] of [
      ["/me/lost", lostLoader],
      ["/request/lost", hostLostLoader],
    ] as const) {
      const page = await (await settle(() => pageLoader({ request: getRequest(url), params: {}, context: {} }))).json();
      expect(page.contact, url).toEqual({ name: "MTÜ Tuttav", phone: "+372 5555 0100", email: "info@tuttav.test" });
    }
    const settings = await (await settle(() => loader({ request: getRequest("/admin/settings", { cookie: admin.cookie }), params: {}, context: {} }))).json();
    expect(settings).toMatchObject({ organisation: { phone: "+372 5555 0100" }, canEditOrganisation: true });
  });

  it("writes nothing when nothing changed", async () => {
    const response = await post(admin.cookie, { ...CONTACT, phone: " +372 5555 0100 " });
    expect(await response.json()).toMatchObject({ saved: false });
    expect(await audits()).toHaveLength(1);
  });

  it.each([
    ["letters in the phone", { phone: "call me" }, "phone", "validation.phone"],
    ["an extension", { phone: "+372 5555 0100 ext 5" }, "phone", "validation.phone"],
    ["a plus in the middle", { phone: "5555+0100" }, "phone", "validation.phone"],
    ["too few digits", { phone: "12" }, "phone", "validation.phone"],
    ["a phone over 30 characters", { phone: "+372 5555 0100 5555 0100 5555 01" }, "phone", "validation.tooLong?max=30"],
    ["an address that is not one", { email: "info at tuttav" }, "email", "validation.email"],
    ["a name over 120 characters", { name: "M".repeat(121) }, "name", "validation.tooLong?max=120"],
  ])("refuses %s with a message next to the field, and changes nothing", async (_label, change, field, message) => {
    const before = await row();
    const response = await post(admin.cookie, { ...CONTACT, name: "Another name", ...change });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ [field]: message });
    // What was typed comes back, so the form shows it with the message.
    expect(body.values).toMatchObject({ name: "Another name", ...change });
    expect(await row()).toEqual(before);
    expect(await audits()).toHaveLength(1);
  });

  it("is changed only by an admin: a coordinator sees it and gets 403 for a change", async () => {
    const before = await row();
    const response = await post(coordinator.cookie, { name: "Someone else", phone: "+372 5000 0000", email: "" });
    expect(response.status).toBe(403);
    expect(await row()).toEqual(before);
    const settings = await (await settle(() => loader({ request: getRequest("/admin/settings", { cookie: coordinator.cookie }), params: {}, context: {} }))).json();
    expect(settings).toMatchObject({ organisation: { name: "MTÜ Tuttav" }, canEditOrganisation: false });
  });

  it("clears a field left empty", async () => {
    await updateOrganisationContact({ name: "MTÜ Tuttav", phone: null, email: "info@tuttav.test" }, { kind: "user", userId: admin.userId });
    expect(await getOrganisationContact()).toEqual({ name: "MTÜ Tuttav", phone: null, email: "info@tuttav.test" });
    const response = await post(admin.cookie, { name: "", phone: "", email: "" });
    expect(await response.json()).toMatchObject({ saved: true });
    expect(await getOrganisationContact()).toEqual({ name: null, phone: null, email: null });
  });
});
