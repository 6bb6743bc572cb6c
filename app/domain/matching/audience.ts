/**
 * Who a session is for, as a hard rule: a women-only event takes only participants whose gender
 * is "female", a families event only those who bring children. One definition for the builder
 * (eligibility, "why not") and the matching page (how many the rule keeps out).
 */
import type { MatchEvent, MatchParticipant } from "./types";

/** The reason code that keeps this participant from this event, or null when the audience allows them. */
export function audienceBar(event: Pick<MatchEvent, "audience">, person: Pick<MatchParticipant, "gender" | "bringsChildren">): "women_only" | "families_only" | null {
  if (event.audience === "women" && person.gender !== "female") return "women_only";
  if (event.audience === "families" && person.bringsChildren !== true) return "families_only";
  return null;
}
