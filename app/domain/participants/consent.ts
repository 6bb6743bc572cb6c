/**
 * The version of the consent text shown on /join (participants.join.consentText). Bump it when
 * the wording changes, so each stored consent says which text the person agreed to.
 */
export const CONSENT_VERSION = "2026-1";

/** What an import stores as the consent version: the organisation collected consent itself. */
export const IMPORT_CONSENT_VERSION = "import";

/** Gender options; optional and used only to keep groups mixed. */
export const GENDERS = ["female", "male", "other"] as const;
export type Gender = (typeof GENDERS)[number];

/** Choices for "how long will you travel one way", in minutes. */
export const TRAVEL_CHOICES = [30, 60, 90, 120, 150, 180, 240, 300, 360] as const;
