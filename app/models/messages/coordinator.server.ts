/** Messages to coordinators: the morning digest (see compose.server.ts). */
import { localize } from "~/domain/localizedText";
import { renderLetter, type Letter, type LetterBlock } from "~/domain/messages/letter";
import { i18next } from "~/i18n/i18next.server";
import { now } from "~/utils/clock.server";
import { formatInTallinn } from "~/utils/dates";
import { trustedOrigin } from "~/utils/origin.server";

import { enqueue, PRIORITY } from "../outbox.server";
import { action, asLocale, footer, lngQuery, text, type Executor } from "./compose.server";

/** The digest of what needs attention, for one coordinator; null when nothing does (no message then). */
export async function queueDigest(db: Executor, userId: number, day: string) {
  const user = await db.selectFrom("user").select(["id", "email", "name", "preferred_locale"]).where("id", "=", userId).where("disabled_at", "is", null).executeTakeFirst();
  if (!user) return null;
  const locale = asLocale(user.preferred_locale);
  const t = await i18next.getFixedT(locale);
  const at = now();
  const in14 = new Date(at.getTime() + 14 * 86_400_000).toISOString();
  const dayAgo = new Date(at.getTime() - 86_400_000).toISOString();
  const [newRequests, declined, failed, events] = await Promise.all([
    db
      .selectFrom("event_request")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "new")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("assignment")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "declined")
      .where("responded_at", ">=", dayAgo)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("message")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "failed")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("event")
      .select((eb) => [
        "event.id",
        "event.title",
        "event.kind",
        "event.starts_at",
        eb
          .selectFrom("event_slot")
          .select((s) => s.fn.countAll<number>().as("n"))
          .whereRef("event_slot.event_id", "=", "event.id")
          .as("places"),
        eb
          .selectFrom("assignment")
          .select((s) => s.fn.countAll<number>().as("n"))
          .whereRef("assignment.event_id", "=", "event.id")
          .where("assignment.status", "=", "accepted")
          .as("taken"),
      ])
      .where("event.state", "in", ["planned", "confirmed"])
      .where("event.starts_at", ">", at.toISOString())
      .where("event.starts_at", "<=", in14)
      .orderBy("event.starts_at")
      .execute(),
  ]);
  const unfilled = events.filter((event) => Number(event.places ?? 0) > Number(event.taken ?? 0));
  const counts = { requests: Number(newRequests.n), declined: Number(declined.n), failed: Number(failed.n), unfilled: unfilled.length };
  const total = counts.requests + counts.declined + counts.failed + counts.unfilled;
  if (total === 0) return null;
  const blocks: LetterBlock[] = [text(t("message.digest.body"))];
  const items: string[] = [];
  if (counts.requests) items.push(t("message.digest.newRequests", { count: counts.requests }));
  if (counts.declined) items.push(t("message.digest.declined", { count: counts.declined }));
  if (counts.failed) items.push(t("message.digest.failed", { count: counts.failed }));
  blocks.push({ kind: "list", items });
  if (counts.unfilled) {
    blocks.push(text(t("message.digest.unfilled", { count: counts.unfilled })));
    blocks.push({
      kind: "list",
      items: unfilled.slice(0, 30).map((event) => {
        const places = Number(event.places ?? 0);
        return t("message.digest.unfilledEvent", {
          title: localize(event.title, locale) || t(`event.kind.${event.kind}`),
          date: formatInTallinn(event.starts_at, locale === "et" ? "d. MMMM HH:mm" : "d MMMM HH:mm", locale),
          open: places - Number(event.taken ?? 0),
          places,
        });
      }),
    });
  }
  blocks.push(action(t("message.action.open"), `${trustedOrigin()}/admin${lngQuery(locale)}`));
  const letter: Letter = {
    lang: locale,
    subject: t("message.digest.subject", { count: total }),
    greeting: t("message.greeting", { name: user.name }),
    blocks,
    footer: footer(t, "coordinator"),
  };
  return enqueue(db, {
    kind: "digest",
    priority: PRIORITY.digest,
    recipient: { kind: "coordinator", userId },
    to: user.email,
    locale,
    letter: renderLetter(letter),
    dedupeKey: `digest:${userId}:${day}`,
  });
}
