import type { OrganisationValues, TravelSettingsValues } from "~/schemas/organisation";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";

/** The organisation's contact, as people without e-mail are told to reach it; null where not set. */
export type OrganisationContact = { name: string | null; phone: string | null; email: string | null };

const NOTHING: OrganisationContact = { name: null, phone: null, email: null };

/** The contact set on /admin/settings (the row exists from migration 0008 on). */
export async function getOrganisationContact(): Promise<OrganisationContact> {
  const row = await getDb().selectFrom("organisation_setting").select(["name", "contact_phone", "contact_email"]).where("id", "=", 1).executeTakeFirst();
  return row ? { name: row.name, phone: row.contact_phone, email: row.contact_email } : NOTHING;
}

/**
 * Stores the contact and says which fields changed; audited (the names of the changed fields, not
 * their values) in the same transaction. Nothing changed: nothing written.
 */
export async function updateOrganisationContact(values: OrganisationValues, actor: Actor & { kind: "user" }): Promise<{ changed: (keyof OrganisationContact)[] }> {
  return writeTransaction(async (trx) => {
    const row = await trx.selectFrom("organisation_setting").select(["name", "contact_phone", "contact_email"]).where("id", "=", 1).executeTakeFirst();
    const before: OrganisationContact = row ? { name: row.name, phone: row.contact_phone, email: row.contact_email } : NOTHING;
    const changed = (["name", "phone", "email"] as const).filter((field) => before[field] !== values[field]);
    if (changed.length === 0) return { changed };
    const set = { name: values.name, contact_phone: values.phone, contact_email: values.email, updated_by: actor.userId, updated_at: nowIso() };
    // The row is made by the migration; inserting it here too keeps a database whose row was deleted working.
    await trx
      .insertInto("organisation_setting")
      .values({ id: 1, ...set })
      .onConflict((oc) => oc.column("id").doUpdateSet(set))
      .execute();
    await audit(trx, actor, "settings.update", "settings", null, { changed });
    return { changed };
  });
}

/** Travel costs and payments (migration 0013): the rate per km by car and the payer of SEPA transfers. */
export type TravelSettings = { kmRateCents: number; legalName: string | null; iban: string | null; bic: string | null };

export async function getTravelSettings(): Promise<TravelSettings> {
  const row = await getDb().selectFrom("organisation_setting").select(["km_rate_cents", "legal_name", "iban", "bic"]).where("id", "=", 1).executeTakeFirst();
  return { kmRateCents: row?.km_rate_cents ?? 20, legalName: row?.legal_name ?? null, iban: row?.iban ?? null, bic: row?.bic ?? null };
}

/** Stores the travel settings; audited with the names of the changed fields. Nothing changed: nothing written. */
export async function updateTravelSettings(values: TravelSettingsValues, actor: Actor & { kind: "user" }): Promise<{ changed: (keyof TravelSettings)[] }> {
  return writeTransaction(async (trx) => {
    const row = await trx.selectFrom("organisation_setting").select(["km_rate_cents", "legal_name", "iban", "bic"]).where("id", "=", 1).executeTakeFirst();
    const after: TravelSettings = { kmRateCents: values.km_rate_cents, legalName: values.legal_name, iban: values.iban, bic: values.bic };
    const before: TravelSettings = { kmRateCents: row?.km_rate_cents ?? 20, legalName: row?.legal_name ?? null, iban: row?.iban ?? null, bic: row?.bic ?? null };
    const changed = (["kmRateCents", "legalName", "iban", "bic"] as const).filter((field) => before[field] !== after[field]);
    if (changed.length === 0) return { changed };
    const set = { km_rate_cents: after.kmRateCents, legal_name: after.legalName, iban: after.iban, bic: after.bic, updated_by: actor.userId, updated_at: nowIso() };
    await trx
      .insertInto("organisation_setting")
      .values({ id: 1, ...set })
      .onConflict((oc) => oc.column("id").doUpdateSet(set))
      .execute();
    await audit(trx, actor, "settings.travel", "settings", null, { changed });
    return { changed };
  });
}
