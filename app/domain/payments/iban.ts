import { electronicFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";

/** An IBAN as typed (spaces, lower case) in electronic format (EE382200221020145685) when its checksum and country rules hold; else null. */
export function normaliseIban(raw: string): string | null {
  const electronic = electronicFormatIBAN(raw.trim());
  return electronic && isValidIBAN(electronic) ? electronic : null;
}

/** A BIC (8 or 11 characters) in upper case when valid; else null. */
export function normaliseBic(raw: string): string | null {
  const bic = raw.replace(/\s+/g, "").toUpperCase();
  return isValidBIC(bic) ? bic : null;
}

/** An IBAN shown without its middle: country, check digits and the last four, e.g. "EE38 **** **** **** 5685". */
export function maskIban(iban: string): string {
  const groups = iban.replace(/\s+/g, "").match(/.{1,4}/g) ?? [];
  return groups.map((group, i) => (i === 0 || i === groups.length - 1 ? group : "*".repeat(group.length))).join(" ");
}
