import { toCsv } from "~/domain/participants/csvExport";

import { decimalEuros } from "./amounts";

export type BatchCsvRow = { claimId: number; holder: string; iban: string; amountCents: number; eventTitle: string; eventDate: string; remittance: string };

/** A payment batch for the bookkeeper: one row per transfer, amounts with a decimal point, then the total. */
export function batchCsv(rows: readonly BatchCsvRow[], labels: { columns: readonly string[]; total: string }): string {
  const total = rows.reduce((sum, row) => sum + row.amountCents, 0);
  return toCsv([
    [...labels.columns],
    ...rows.map((row) => [row.claimId, row.holder, row.iban, decimalEuros(row.amountCents), row.eventTitle, row.eventDate, row.remittance]),
    [labels.total, null, null, decimalEuros(total), null, null, null],
  ]);
}
