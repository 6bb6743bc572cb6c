import type { Migration, MigrationProvider } from "kysely";

import * as m0001 from "./0001_init";
import * as m0002_participants from "./0002_participants";

/** Migrations are listed in code (not read from disk) so they survive bundling by the Remix compiler. */
const migrations: Record<string, Migration> = {
  "0001_init": m0001,
  "0002_participants": m0002_participants,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
