// Runs in every browser test file: no page a test opened may show a raw {{placeholder}}.
import { afterEach, expect } from "vitest";

import { takePlaceholderSightings } from "./browser";

afterEach(async () => {
  expect(await takePlaceholderSightings(), "raw {{placeholders}} on a page").toEqual([]);
});
