import type { TravelLineKind } from "./lineKinds";

/** One line of a claim as the participant gives it: a ticket's amount, or kilometres by car. */
export type ClaimLineInput = { kind: Exclude<TravelLineKind, "car">; amountCents: number } | { kind: "car"; km: number };

/** A line priced: a car's kilometres at the rate (cents per km, rounded to the cent). */
export function lineAmountCents(line: ClaimLineInput, kmRateCents: number): number {
  return line.kind === "car" ? Math.round(line.km * kmRateCents) : line.amountCents;
}

/** The claim's total in cents. */
export function claimTotalCents(lines: readonly ClaimLineInput[], kmRateCents: number): number {
  return lines.reduce((sum, line) => sum + lineAmountCents(line, kmRateCents), 0);
}

/** Cents as a decimal with two places and a point, as payment files want it: 1250 → "12.50". */
export function decimalEuros(cents: number): string {
  if (!Number.isInteger(cents) || cents < 0) throw new Error(`Not an amount in cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/**
 * Euros as people write them ("12", "12,5", "12.50", "€ 3,20") in cents; null when it is not an
 * amount with at most two decimals.
 */
export function parseEuros(raw: string): number | null {
  const text = raw.replace(/€|eur/gi, "").replace(/\s+/g, "").replace(",", ".");
  const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}
