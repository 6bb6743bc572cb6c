import { z } from "zod";

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
