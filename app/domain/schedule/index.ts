/** The pure scheduling domain: series recurrence and regeneration, event lifecycle, scheduling warnings. */
export * from "./recurrence";
export * from "./series";
export * from "./lifecycle";
export * from "./warnings";
export { formatMinutes, localDateOf, localMinutesOf, zonedInstant, isLocalDate, isLocalTime } from "./local-time";
export { isMonth, monthGrid, monthOf, neighbourMonths } from "./monthGrid";
export { HOST_LINK_DAYS_AFTER_WINDOW, hostLinkExpiry, hostLinkExpiryFrom } from "./hostLink";
