import { z } from "zod";

import { quickPeriod, QUICK_PERIODS, type ReportPeriod } from "~/domain/reports/period";
import { isLocalDate } from "~/domain/schedule";

/** The longest period one report covers: five years, so a typo (year 2206) gets a message, not a long wait. */
const MAX_DAYS = 5 * 366;

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || isLocalDate(v), "validation.date");

/**
 * The report's filters from the query string: from/to dates (default this year so far), a quick
 * pick that sets both, and an optional county. Errors are i18n keys per field.
 */
export function reportFiltersSchema(today: string, regionCodes: readonly string[]) {
  return z
    .object({
      from: optionalDate,
      to: optionalDate,
      pick: z.enum(["", ...QUICK_PERIODS], { errorMap: () => ({ message: "validation.unknownChoice" }) }).optional(),
      region: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || null)
        .refine((v) => v === null || regionCodes.includes(v), "validation.unknownChoice"),
    })
    .transform((v, ctx) => {
      const base: ReportPeriod = v.pick ? quickPeriod(v.pick, today) : quickPeriod("yearToDate", today);
      const from = v.pick ? base.from : (v.from ?? base.from);
      const to = v.pick ? base.to : (v.to ?? (v.from && v.from > base.to ? v.from : base.to));
      if (to < from) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "validation.dateOrder" });
      else if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "reports2.errors.periodTooLong" });
      return { from, to, region: v.region };
    });
}

export type ReportFilterErrors = Partial<Record<"from" | "to" | "pick" | "region", string>>;

/** The filters, or the default (this year so far, all counties) with the errors that sent us there. */
export function parseReportFilters(
  params: URLSearchParams,
  today: string,
  regionCodes: readonly string[],
): { filters: { from: string; to: string; region: string | null }; errors: ReportFilterErrors } {
  const raw = Object.fromEntries(["from", "to", "pick", "region"].map((k) => [k, params.get(k) ?? undefined]));
  const parsed = reportFiltersSchema(today, regionCodes).safeParse(raw);
  if (parsed.success) return { filters: parsed.data, errors: {} };
  const errors: ReportFilterErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof ReportFilterErrors;
    errors[field] ??= issue.message;
  }
  return { filters: { ...quickPeriod("yearToDate", today), region: null }, errors };
}
