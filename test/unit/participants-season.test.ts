import { describe, expect, it } from "vitest";

import { isPaused, loadBand } from "~/domain/participants/directory";
import { seasonStart } from "~/domain/participants/season";

describe("season start", () => {
  it("is 1 September of this year from August on", () => {
    expect(seasonStart("2026-08-01")).toBe("2026-09-01");
    expect(seasonStart("2026-09-01")).toBe("2026-09-01");
    expect(seasonStart("2026-11-23")).toBe("2026-09-01");
    expect(seasonStart("2026-12-31")).toBe("2026-09-01");
  });

  it("is 1 September of last year before August", () => {
    expect(seasonStart("2027-01-01")).toBe("2026-09-01");
    expect(seasonStart("2027-06-20")).toBe("2026-09-01");
    expect(seasonStart("2027-07-31")).toBe("2026-09-01");
  });
});

describe("directory helpers", () => {
  it("counts someone as paused only before the first day back", () => {
    expect(isPaused(null, "2026-11-23")).toBe(false);
    expect(isPaused("2026-11-24", "2026-11-23")).toBe(true);
    expect(isPaused("2026-11-23", "2026-11-23")).toBe(false);
  });

  it("bands the season's load", () => {
    expect([0, 1, 2, 3, 9].map(loadBand)).toEqual(["none", "some", "some", "many", "many"]);
  });
});
