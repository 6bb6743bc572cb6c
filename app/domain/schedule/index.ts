/** The pure scheduling domain: series recurrence and regeneration, event lifecycle, scheduling warnings. */
export * from "./recurrence";
export * from "./series";
export * from "./lifecycle";
export * from "./warnings";
export { localDateOf, localMinutesOf, zonedInstant, isLocalDate, isLocalTime } from "./local-time";
