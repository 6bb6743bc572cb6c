import { normaliseIban } from "~/domain/payments/iban";
import { parseEuros, type ClaimLineInput } from "~/domain/payments/amounts";
import { TRAVEL_LINE_KINDS } from "~/domain/payments/lineKinds";
import { isOneOf } from "~/domain/vocabulary";
import type { FieldErrors, FormResult } from "~/utils/forms";
import { messageWithParams } from "~/utils/validationMessages";

/** Rows of the claim form (a journey there and back by bus and ferry fits). */
export const CLAIM_FORM_ROWS = 6;
export const CLAIM_LIMITS = { lineCents: 50_000, km: 2000, holder: 70 } as const;

/** `iban` null: keep the one on file. */
export type ClaimFormValues = { lines: ClaimLineInput[]; iban: string | null; accountHolder: string; removeReceipt: boolean };

/** What the participant typed, to show again next to the errors. */
export type ClaimFormRaw = { line_kind: string[]; line_amount: string[]; line_km: string[]; iban: string; account_holder: string };

export function claimFormRaw(fields: Map<string, string[]>): ClaimFormRaw {
  const list = (name: string) => (fields.get(name) ?? []).slice(0, CLAIM_FORM_ROWS).map((v) => v.slice(0, 100));
  return {
    line_kind: list("line_kind"),
    line_amount: list("line_amount"),
    line_km: list("line_km"),
    iban: (fields.get("iban")?.[0] ?? "").slice(0, 100),
    account_holder: (fields.get("account_holder")?.[0] ?? "").slice(0, 200),
  };
}

/**
 * The claim form: rows of (kind, amount in euros) or (car, km); empty rows are skipped, at least
 * one is needed. IBAN (may be left empty when one is on file) checked by ibantools (checksum and the country's length), holder's name
 * required. Errors are i18n keys; a row's error names the row.
 */
export function parseClaimForm(fields: Map<string, string[]>, options: { ibanOnFile: boolean }): FormResult<ClaimFormValues> {
  const raw = claimFormRaw(fields);
  const errors: FieldErrors = {};
  const lines: ClaimLineInput[] = [];
  if ((fields.get("line_kind") ?? []).length > CLAIM_FORM_ROWS) errors.lines = "validation.invalid";
  for (let i = 0; i < raw.line_kind.length; i++) {
    const kind = raw.line_kind[i]?.trim() ?? "";
    const amount = raw.line_amount[i]?.trim() ?? "";
    const km = raw.line_km[i]?.trim() ?? "";
    if (!kind && !amount && !km) continue;
    const row = i + 1;
    if (!isOneOf(TRAVEL_LINE_KINDS, kind)) {
      errors.lines ??= messageWithParams("claims.error.lineKind", { row });
      continue;
    }
    if (kind === "car") {
      const n = /^\d{1,5}$/.test(km) ? Number(km) : NaN;
      if (!(n >= 1 && n <= CLAIM_LIMITS.km)) errors.lines ??= messageWithParams("claims.error.lineKm", { row, max: CLAIM_LIMITS.km });
      else lines.push({ kind: "car", km: n });
    } else {
      const cents = parseEuros(amount);
      if (cents === null || cents < 1 || cents > CLAIM_LIMITS.lineCents) errors.lines ??= messageWithParams("claims.error.lineAmount", { row });
      else lines.push({ kind, amountCents: cents });
    }
  }
  if (lines.length === 0 && !errors.lines) errors.lines = "claims.error.noLines";
  const iban = raw.iban.trim() ? normaliseIban(raw.iban) : null;
  if (!raw.iban.trim()) {
    if (!options.ibanOnFile) errors.iban = "validation.required";
  } else if (!iban) errors.iban = "claims.error.iban";
  const holder = raw.account_holder.trim().replace(/\s+/g, " ");
  if (!holder) errors.account_holder = "validation.required";
  else if (holder.length > CLAIM_LIMITS.holder) errors.account_holder = messageWithParams("validation.tooLong", { max: CLAIM_LIMITS.holder });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { lines, iban, accountHolder: holder, removeReceipt: fields.get("remove_receipt")?.[0] === "on" } };
}
