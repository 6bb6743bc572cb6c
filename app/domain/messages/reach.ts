/**
 * Whether the people of an event have been told, as the coordinator's event page says it: each
 * person's last message in a few words, and after a last-minute (urgent) change who has and has
 * not been reached. Pure: the outbox rows come in, words (translation keys) go out.
 */

/** An outbox row's state (see db/migrations/0007_messages.ts). */
export type MessageState = "pending" | "sending" | "sent" | "kept" | "failed" | "cancelled" | "no_address";

/** What the coordinator needs to know of a person's last message. */
export type Reach = "sent" | "kept" | "waiting" | "failed" | "cancelled" | "phone" | "told" | "none";

/**
 * A person's last message in the coordinator's words; "phone": nobody can mail them, tell them by
 * phone; "told": a coordinator did, and marked it (`told`).
 */
export function reachOf(state: MessageState | null | undefined, told = false): Reach {
  switch (state) {
    case "sent":
      return "sent";
    case "kept":
      return "kept";
    case "pending":
    case "sending":
      return "waiting";
    case "failed":
      return "failed";
    case "cancelled":
      return "cancelled";
    case "no_address":
      return told ? "told" : "phone";
    default:
      return "none";
  }
}

/** A person concerned by an event (`host`: the café or library that asked for it; its name is said by the page). */
export type Told = { name: string; host?: boolean; last: { state: MessageState; urgent: boolean; told?: { at: string } | null } | null };

/**
 * After a last-minute change (some person's last message is urgent): of everyone concerned, how
 * many have it (in their mailbox: sent, as kept in development is not sent; or by phone, as a
 * coordinator marked it) and who not yet, with why. Null when no last-minute message exists. Only
 * these count: the system never pretends.
 */
export function lastMinuteReach(people: readonly Told[]): { reached: number; total: number; notYet: { name: string; host: boolean; reach: Reach }[] } | null {
  if (!people.some((person) => person.last?.urgent)) return null;
  const reaches = people.map((person) => ({ name: person.name, host: person.host ?? false, reach: reachOf(person.last?.state, Boolean(person.last?.told)) }));
  const notYet = reaches.filter((person) => person.reach !== "sent" && person.reach !== "told");
  return { reached: people.length - notYet.length, total: people.length, notYet };
}
