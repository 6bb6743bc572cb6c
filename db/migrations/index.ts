import type { Migration, MigrationProvider } from "kysely";

import * as m0001 from "./0001_init";
import * as m0002_participants from "./0002_participants";
import * as m0003_sessions from "./0003_sessions";
import * as m0004_participant_privacy from "./0004_participant_privacy";
import * as m0005_assignment_unique from "./0005_assignment_unique";
import * as m0006_event_published from "./0006_event_published";
import * as m0007_messages from "./0007_messages";
import * as m0008_organisation from "./0008_organisation";
import * as m0009_attendance from "./0009_attendance";
import * as m0010_audience from "./0010_audience";
import * as m0011_series_constraints from "./0011_series_constraints";
import * as m0012_feedback from "./0012_feedback";
import * as m0013_travel_claims from "./0013_travel_claims";
import * as m0014_shared_counters from "./0014_shared_counters";
import * as m0015_event_ends_at from "./0015_event_ends_at";
import * as m0016_message_told from "./0016_message_told";

/** Migrations are listed in code (not read from disk) so they survive bundling by the Remix compiler. */
const migrations: Record<string, Migration> = {
  "0001_init": m0001,
  "0002_participants": m0002_participants,
  "0003_sessions": m0003_sessions,
  "0004_participant_privacy": m0004_participant_privacy,
  "0005_assignment_unique": m0005_assignment_unique,
  "0006_event_published": m0006_event_published,
  "0007_messages": m0007_messages,
  "0008_organisation": m0008_organisation,
  "0009_attendance": m0009_attendance,
  "0010_audience": m0010_audience,
  "0011_series_constraints": m0011_series_constraints,
  "0012_feedback": m0012_feedback,
  "0013_travel_claims": m0013_travel_claims,
  "0014_shared_counters": m0014_shared_counters,
  "0015_event_ends_at": m0015_event_ends_at,
  "0016_message_told": m0016_message_told,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
