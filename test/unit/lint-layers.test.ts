import { fileURLToPath } from "node:url";

import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rules of eslint.config.js, run through ESLint's own API on small snippets placed at
// paths inside each layer: a forbidden import is reported, an allowed one is not.
const root = fileURLToPath(new URL("../..", import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids ESLint reports for `code` as if it were the file at `filePath` (relative to the repo). */
async function rulesHit(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, "the snippet must parse").toEqual([]);
  return result.messages.map((m) => m.ruleId ?? "");
}

const LAYER = "import-x/no-restricted-paths";
const RESTRICTED = "@typescript-eslint/no-restricted-imports";

describe("layer rules", () => {
  it.each([
    ["a model", 'import { listTownsByRegion } from "~/models/town.server";\nexport const f = listTownsByRegion;\n'],
    ["a model by a relative path", 'import { listTownsByRegion } from "../../models/town.server";\nexport const f = listTownsByRegion;\n'],
    ["a schema", 'import { participantSchema } from "~/schemas/participant";\nexport const f = participantSchema;\n'],
    ["a util", 'import { parseValues } from "~/utils/forms";\nexport const f = parseValues;\n'],
    ["db/, even a type", 'import type { Database } from "#db/schema";\nexport type D = Database;\n'],
    ["a component", 'import { TownSelect } from "~/components/TownSelect";\nexport const f = TownSelect;\n'],
  ])("the domain may not import %s", async (_what, code) => {
    expect(await rulesHit(code, "app/domain/geo/example.ts")).toContain(LAYER);
  });

  it("the domain may import the domain", async () => {
    const code = 'import { haversineKm } from "~/domain/geo";\nimport type { Locale } from "../vocabulary";\nexport const f = (l: Locale) => [l, haversineKm];\n';
    expect(await rulesHit(code, "app/domain/geo/example.ts")).toEqual([]);
  });

  it("models may not import routes or components, and may import utils and the domain", async () => {
    expect(await rulesHit('import { loader } from "~/routes/admin";\nexport const f = loader;\n', "app/models/example.server.ts")).toContain(LAYER);
    expect(await rulesHit('import { TownSelect } from "~/components/TownSelect";\nexport const f = TownSelect;\n', "app/models/example.server.ts")).toContain(LAYER);
    const allowed = 'import { nowIso } from "~/utils/clock.server";\nimport { OFFERS } from "~/domain/vocabulary";\nexport const f = [nowIso, OFFERS];\n';
    expect(await rulesHit(allowed, "app/models/example.server.ts")).toEqual([]);
  });

  it("utils may not import models", async () => {
    expect(await rulesHit('import { findSession } from "~/models/session.server";\nexport const f = findSession;\n', "app/utils/example.server.ts")).toContain(LAYER);
  });

  it("components may not import models, not even a type; a type from the domain is fine", async () => {
    expect(await rulesHit('import type { RegionWithTowns } from "~/models/town.server";\nexport type R = RegionWithTowns;\n', "app/components/Example.tsx")).toContain(LAYER);
    expect(await rulesHit('import type { RegionWithTowns } from "~/domain/geo/towns";\nexport type R = RegionWithTowns;\n', "app/components/Example.tsx")).toEqual([]);
  });

  it("nothing imports a value from ~/root; a type is fine", async () => {
    expect(await rulesHit('import { loader } from "~/root";\nexport const f = loader;\n', "app/components/Example.tsx")).toContain(RESTRICTED);
    expect(await rulesHit('import { loader } from "../root";\nexport const f = loader;\n', "app/routes/example.tsx")).toContain(RESTRICTED);
    expect(await rulesHit('import type { RootLoader } from "~/root";\nexport type R = RootLoader;\n', "app/components/Example.tsx")).toEqual([]);
  });

  it.each([
    ["the database connection", 'import { writeTransaction } from "~/utils/db.server";\nexport const f = writeTransaction;\n', LAYER],
    ["kysely", 'import { sql } from "kysely";\nexport const f = sql;\n', RESTRICTED],
    ["db/", 'import type { Database } from "#db/schema";\nexport type D = Database;\n', LAYER],
  ])("routes build no SQL: no import of %s", async (_what, code, rule) => {
    expect(await rulesHit(code, "app/routes/admin.example.tsx")).toContain(rule);
  });

  it("a migration imports nothing from app/ (it is frozen text)", async () => {
    expect(await rulesHit('import { OFFERS } from "../../app/domain/vocabulary";\nexport const f = OFFERS;\n', "db/migrations/9999_example.ts")).toContain(LAYER);
    expect(await rulesHit('import { sql } from "kysely";\nexport const f = sql;\n', "db/migrations/9999_example.ts")).toEqual([]);
  });

  it("routes may call models", async () => {
    expect(await rulesHit('import { createEvent } from "~/models/event/create.server";\nexport const f = createEvent;\n', "app/routes/admin.example.tsx")).toEqual([]);
  });
});

describe("import cycles", () => {
  // root.tsx imports ~/utils/errorKey; errorKey importing root back closes a run-time cycle.
  it("a value import that closes a cycle is reported", async () => {
    expect(await rulesHit('import { loader } from "~/root";\nexport const f = loader;\n', "app/utils/errorKey.ts")).toContain("import-x/no-cycle");
  });

  it("a type-only import cannot make a cycle", async () => {
    expect(await rulesHit('import type { RootLoader } from "~/root";\nexport type R = RootLoader;\n', "app/utils/errorKey.ts")).toEqual([]);
  });
});
