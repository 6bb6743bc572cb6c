import { describe, expect, it } from "vitest";

import { gini } from "~/domain/matching";
import { loadFlag } from "~/domain/rotation";

describe("rotation", () => {
  it("flags nobody asked yet, and the over-asked only well above average", () => {
    expect(loadFlag(0, 1.5)).toBe("none");
    expect(loadFlag(2, 0.5)).toBe("ok"); // two in a season is never too many
    expect(loadFlag(3, 1.5)).toBe("over");
    expect(loadFlag(3, 2)).toBe("ok");
  });

  it("measures inequality with the Gini coefficient", () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    expect(gini([0, 0, 0, 4])).toBeCloseTo(0.75, 5);
  });
});
