import { zonedInstant } from "./local-time";

// Half a year past the last wished date covers late scheduling and feedback, yet old e-mails do not keep a working link for ever.
export const HOST_LINK_DAYS_AFTER_WINDOW = 180;

/** When a request's status link stops working: the Tallinn midnight ending the 180th day after its window. */
export function hostLinkExpiry(windowTo: string): string {
  return zonedInstant(addDays(windowTo, HOST_LINK_DAYS_AFTER_WINDOW + 1), "00:00").toISOString();
}

/** The expiry of a link made today: a link re-issued after the usual expiry would be dead on arrival, so it gets the same span from today. */
export function hostLinkExpiryFrom(windowTo: string, today: string): string {
  return hostLinkExpiry(windowTo > today ? windowTo : today);
}

function addDays(localDate: string, days: number): string {
  const date = new Date(`${localDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
