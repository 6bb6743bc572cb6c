/** Cents as euros in the reader's language: 1250 → "12,50 €" (et), "€12.50" (en). */
export function formatEuros(cents: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(cents / 100);
}
