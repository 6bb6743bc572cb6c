/** The season the page benchmarks serve: the demo data plus many upcoming events. */

/** Adds `count` public, upcoming events (planned or confirmed) over the next six months at the demo venues. */
export function addUpcomingEvents(sqlite: import("better-sqlite3").Database, count: number) {
  const venues = (sqlite.prepare("SELECT id FROM venue ORDER BY id").all() as { id: number }[]).map((v) => v.id);
  const insert = sqlite.prepare(
    `INSERT INTO event (kind, state, title, description, venue_id, starts_at, ends_at, is_public, overnight_stay, languages, sequence, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, ?, 0, ?, ?)`,
  );
  const kinds = ["community_event", "cosy_corner", "forum"] as const;
  const start = Date.now() + 86_400_000;
  const created = new Date().toISOString();
  sqlite.transaction(() => {
    for (let n = 0; n < count; n++) {
      const day = Math.floor((n * 183) / count);
      const startsAt = new Date(start + day * 86_400_000 + (n % 4) * 2 * 3_600_000);
      startsAt.setUTCHours(9 + (n % 4) * 2, 0, 0, 0);
      const title = JSON.stringify({
        et: `Saame tuttavaks! Kohtumine nr ${n + 1}`,
        en: `Let's get to know each other! Meeting ${n + 1}`,
        ru: `Давайте познакомимся! Встреча ${n + 1}`,
      });
      const description = JSON.stringify({
        et: "Käsitöö- ja toiduturg, lood ja muusika; lastele mängunurk.",
        en: "A market of crafts and food, stories and music; a play corner for children.",
      });
      insert.run(
        kinds[n % 3],
        n % 2 ? "confirmed" : "planned",
        title,
        description,
        venues[n % venues.length],
        startsAt.toISOString(),
        new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        JSON.stringify(["et", "ru"]),
        created,
        created,
      );
    }
  })();
}
