import { z } from "zod";

import { normaliseBic, normaliseIban } from "~/domain/payments/iban";

/** Digits, spaces, "-" and a leading "+": what people write a phone number with, e.g. "+372 5555 0100". */
const PHONE = /^\+?[0-9][0-9 -]*[0-9]$/;
/** Enough digits to be a number someone can call (Estonian numbers have 7 or 8, short lines 4). */
const PHONE_DIGITS = 4;

export const ORGANISATION_LIMITS = { name: 120, phone: 30, email: 254 } as const;

/** An optional text field: trimmed, empty means "not set" (null), at most `max` characters. */
const optional = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? "")
    .refine((v) => v.length <= max, { message: "validation.tooLong", params: { max } })
    .transform((v) => (v === "" ? null : v));

/** The organisation's contact on /admin/settings: every field optional. */
export const OrganisationSchema = z.object({
  name: optional(ORGANISATION_LIMITS.name),
  phone: optional(ORGANISATION_LIMITS.phone).refine((v) => v === null || (PHONE.test(v) && v.replace(/\D/g, "").length >= PHONE_DIGITS), "validation.phone"),
  email: optional(ORGANISATION_LIMITS.email)
    .transform((v) => v?.toLowerCase() ?? null)
    .refine((v) => v === null || z.string().email().safeParse(v).success, "validation.email"),
});

export type OrganisationValues = z.output<typeof OrganisationSchema>;

export const TRAVEL_SETTINGS_LIMITS = { legalName: 70, kmRateMin: 1, kmRateMax: 500 } as const;

/**
 * Travel costs and payments on /admin/settings: the rate per km by car (cents, required) and the
 * organisation as the payer of SEPA transfers (legal name, IBAN, BIC; optional until the first
 * payment file is made). IBAN and BIC are checked with ibantools and stored in electronic format.
 */
export const TravelSettingsSchema = z.object({
  km_rate_cents: z
    .string({ message: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .regex(/^\d{1,4}$/, "claims.error.kmRate")
    .transform(Number)
    .refine((v) => v >= TRAVEL_SETTINGS_LIMITS.kmRateMin && v <= TRAVEL_SETTINGS_LIMITS.kmRateMax, "claims.error.kmRate"),
  legal_name: optional(TRAVEL_SETTINGS_LIMITS.legalName),
  iban: optional(50).transform((v, ctx) => {
    if (v === null) return null;
    const iban = normaliseIban(v);
    if (!iban) ctx.addIssue({ code: "custom", message: "claims.error.iban" });
    return iban;
  }),
  bic: optional(20).transform((v, ctx) => {
    if (v === null) return null;
    const bic = normaliseBic(v);
    if (!bic) ctx.addIssue({ code: "custom", message: "claims.error.bic" });
    return bic;
  }),
});

export type TravelSettingsValues = z.output<typeof TravelSettingsSchema>;
