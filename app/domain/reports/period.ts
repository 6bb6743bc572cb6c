/**
 * The periods a funder report offers: this year so far (the default) and the last complete
 * month, quarter and year. Plain "YYYY-MM-DD" arithmetic on Tallinn calendar dates.
 */

export type ReportPeriod = { from: string; to: string };
export const QUICK_PERIODS = ["yearToDate", "lastMonth", "lastQuarter", "lastYear"] as const;
export type QuickPeriod = (typeof QUICK_PERIODS)[number];

const pad = (n: number) => String(n).padStart(2, "0");
/** Last day of a month (month 1–12). */
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The dates of a quick pick, seen from `today` (YYYY-MM-DD). */
export function quickPeriod(pick: QuickPeriod, today: string): ReportPeriod {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (pick) {
    case "yearToDate":
      return { from: `${year}-01-01`, to: today };
    case "lastMonth": {
      const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1];
      return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
    }
    case "lastQuarter": {
      const quarter = Math.floor((month - 1) / 3); // 0-based, this quarter
      const [y, q] = quarter === 0 ? [year - 1, 3] : [year, quarter - 1];
      const first = q * 3 + 1;
      return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${pad(lastDay(y, first + 2))}` };
    }
    case "lastYear":
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  }
}

/** Every month ("YYYY-MM") a period touches, in order. */
export function monthsOf(period: ReportPeriod): string[] {
  const months: string[] = [];
  let [y, m] = [Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7))];
  const last = period.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${pad(m)}`;
    if (key > last) break;
    months.push(key);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}
