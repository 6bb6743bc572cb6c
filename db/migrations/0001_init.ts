import { type Kysely, sql } from "kysely";

import { createJsonValid, generatedFlag, id, integer, real, strict, userTable } from "./dialect";

// The vocabulary as it was when this migration landed, copied from app/domain/vocabulary.ts so
// that a later change there cannot change the schema this builds: a fresh database must equal an
// old one. A changed vocabulary needs a new migration (test/integration/migrations-integrity).
const ASSIGNMENT_STATES = ["proposed", "invited", "accepted", "declined", "attended", "no_show", "withdrawn"];
const CLAIM_STATES = ["submitted", "approved", "paid", "rejected"];
const EVENT_KINDS = ["community_event", "cosy_corner", "forum"];
const EVENT_STATES = ["draft", "planned", "confirmed", "completed", "cancelled"];
const FEEDBACK_AUTHORS = ["host", "participant", "local"];
const LANDMASSES = ["mainland", "saaremaa", "hiiumaa", "kihnu", "vormsi", "ruhnu", "manilaid", "abruka", "piirissaar"];
const LANGUAGE_LEVELS = ["native", "fluent", "conversational", "basic"];
const OFFERS = ["crafts", "food", "story", "music", "workshop", "language_cafe", "interpreting"];
const REQUEST_STATES = ["new", "accepted", "declined", "withdrawn"];
const SERIES_FREQUENCIES = ["weekly", "biweekly", "monthly"];
const TIMES_OF_DAY = ["morning", "afternoon", "evening"];
const TOKEN_PURPOSES = ["host_request", "participant", "coordinator_feed"];
const USER_ROLES = ["admin", "coordinator"];
const VENUE_TYPES = ["cafe", "library", "community_centre", "school", "other"];

/** `column IN ('a','b')` for a CHECK constraint; the values are our own constants, never user input. */
function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);
}

const isoTime = (column: string) => sql.raw(`${column} LIKE '____-__-__T__:__:__%Z'`);
const localDate = (column: string) => sql.raw(`${column} LIKE '____-__-__'`);
const bool = (column: string) => sql.raw(`${column} IN (0, 1)`);
const json = (column: string) => sql.raw(`json_valid(${column})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await createJsonValid(db);
  await sql`
    CREATE TABLE region (
      code TEXT PRIMARY KEY CHECK (code LIKE 'EE-__'),
      name_et TEXT NOT NULL,
      name_en TEXT NOT NULL,
      name_ru TEXT NOT NULL,
      name_uk TEXT NOT NULL
    ) ${strict(db)}`.execute(db);

  await sql`
    CREATE TABLE town (
      id ${id(db)},
      slug TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      region_code TEXT NOT NULL REFERENCES region(code),
      lat ${real(db)} NOT NULL CHECK (lat BETWEEN 57 AND 60.5),
      lon ${real(db)} NOT NULL CHECK (lon BETWEEN 21 AND 29),
      landmass TEXT NOT NULL CHECK (${oneOf("landmass", LANDMASSES)}),
      on_island ${generatedFlag(db, "landmass <> 'mainland'")},
      has_local_community ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("has_local_community")}),
      is_port ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("is_port")})
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX town_region ON town(region_code)`.execute(db);

  await sql`
    CREATE TABLE ferry_link (
      id ${id(db)},
      from_town_id ${integer(db)} NOT NULL REFERENCES town(id),
      to_town_id ${integer(db)} NOT NULL REFERENCES town(id),
      crossing_minutes ${integer(db)} NOT NULL CHECK (crossing_minutes > 0),
      wait_minutes ${integer(db)} NOT NULL CHECK (wait_minutes >= 0),
      last_departure_from TEXT CHECK (last_departure_from IS NULL OR last_departure_from LIKE '__:__'),
      last_departure_to TEXT CHECK (last_departure_to IS NULL OR last_departure_to LIKE '__:__'),
      seasonal ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("seasonal")}),
      UNIQUE (from_town_id, to_town_id),
      CHECK (from_town_id <> to_town_id)
    ) ${strict(db)}`.execute(db);

  await sql`
    CREATE TABLE venue (
      id ${id(db)},
      town_id ${integer(db)} NOT NULL REFERENCES town(id),
      name TEXT NOT NULL CHECK (length(trim(name)) > 0),
      venue_type TEXT NOT NULL CHECK (${oneOf("venue_type", VENUE_TYPES)}),
      address TEXT,
      capacity ${integer(db)} CHECK (capacity IS NULL OR capacity > 0),
      step_free ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("step_free")}),
      child_friendly ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("child_friendly")}),
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")})
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX venue_town ON venue(town_id)`.execute(db);

  await sql`
    CREATE TABLE ${userTable(db)} (
      id ${id(db)},
      email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
      name TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (${oneOf("role", USER_ROLES)}),
      preferred_locale TEXT,
      sessions_valid_after TEXT,
      disabled_at TEXT,
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")})
    ) ${strict(db)}`.execute(db);

  await sql`
    CREATE TABLE event_request (
      id ${id(db)},
      organisation TEXT NOT NULL,
      contact_name TEXT NOT NULL,
      email TEXT NOT NULL,
      phone TEXT,
      town_id ${integer(db)} NOT NULL REFERENCES town(id),
      venue_id ${integer(db)} REFERENCES venue(id),
      venue_name TEXT,
      venue_address TEXT,
      venue_capacity ${integer(db)} CHECK (venue_capacity IS NULL OR venue_capacity > 0),
      venue_step_free ${integer(db)} CHECK (venue_step_free IS NULL OR ${bool("venue_step_free")}),
      venue_child_friendly ${integer(db)} CHECK (venue_child_friendly IS NULL OR ${bool("venue_child_friendly")}),
      kind TEXT NOT NULL CHECK (${oneOf("kind", EVENT_KINDS)}),
      window_from TEXT NOT NULL CHECK (${localDate("window_from")}),
      window_to TEXT NOT NULL CHECK (${localDate("window_to")}),
      weekdays TEXT NOT NULL DEFAULT '[]' CHECK (${json("weekdays")}),
      time_of_day TEXT CHECK (time_of_day IS NULL OR ${oneOf("time_of_day", TIMES_OF_DAY)}),
      expected_audience ${integer(db)} CHECK (expected_audience IS NULL OR expected_audience > 0),
      local_languages TEXT NOT NULL DEFAULT '[]' CHECK (${json("local_languages")}),
      wishes TEXT NOT NULL DEFAULT '[]' CHECK (${json("wishes")}),
      message TEXT,
      locale TEXT NOT NULL DEFAULT 'et',
      state TEXT NOT NULL DEFAULT 'new' CHECK (${oneOf("state", REQUEST_STATES)}),
      decision_reason TEXT,
      decided_by ${integer(db)} REFERENCES ${userTable(db)}(id),
      decided_at TEXT,
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")}),
      updated_at TEXT NOT NULL CHECK (${isoTime("updated_at")}),
      CHECK (window_from <= window_to),
      CHECK (venue_id IS NOT NULL OR venue_name IS NOT NULL)
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX event_request_state ON event_request(state, created_at)`.execute(db);

  await sql`
    CREATE TABLE series (
      id ${id(db)},
      venue_id ${integer(db)} NOT NULL REFERENCES venue(id),
      title TEXT NOT NULL CHECK (${json("title")}),
      description TEXT NOT NULL DEFAULT '{}' CHECK (${json("description")}),
      frequency TEXT NOT NULL CHECK (${oneOf("frequency", SERIES_FREQUENCIES)}),
      start_date TEXT NOT NULL CHECK (${localDate("start_date")}),
      monthly_week ${integer(db)} CHECK (monthly_week IS NULL OR monthly_week IN (1, 2, 3, 4, -1)),
      monthly_weekday ${integer(db)} CHECK (monthly_weekday IS NULL OR monthly_weekday BETWEEN 0 AND 6),
      start_time TEXT NOT NULL CHECK (start_time LIKE '__:__'),
      duration_minutes ${integer(db)} NOT NULL CHECK (duration_minutes BETWEEN 15 AND 720),
      until_date TEXT CHECK (until_date IS NULL OR ${localDate("until_date")}),
      session_count ${integer(db)} CHECK (session_count IS NULL OR session_count BETWEEN 1 AND 200),
      capacity ${integer(db)} CHECK (capacity IS NULL OR capacity > 0),
      languages TEXT NOT NULL DEFAULT '[]' CHECK (${json("languages")}),
      slot_offers TEXT NOT NULL DEFAULT '[]' CHECK (${json("slot_offers")}),
      is_public ${integer(db)} NOT NULL DEFAULT 1 CHECK (${bool("is_public")}),
      request_id ${integer(db)} REFERENCES event_request(id),
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")}),
      updated_at TEXT NOT NULL CHECK (${isoTime("updated_at")}),
      CHECK ((until_date IS NULL) <> (session_count IS NULL))
    ) ${strict(db)}`.execute(db);

  await sql`
    CREATE TABLE event (
      id ${id(db)},
      kind TEXT NOT NULL CHECK (${oneOf("kind", EVENT_KINDS)}),
      state TEXT NOT NULL DEFAULT 'draft' CHECK (${oneOf("state", EVENT_STATES)}),
      title TEXT NOT NULL CHECK (${json("title")}),
      description TEXT NOT NULL DEFAULT '{}' CHECK (${json("description")}),
      venue_id ${integer(db)} NOT NULL REFERENCES venue(id),
      starts_at TEXT NOT NULL CHECK (${isoTime("starts_at")}),
      ends_at TEXT NOT NULL CHECK (${isoTime("ends_at")}),
      capacity ${integer(db)} CHECK (capacity IS NULL OR capacity > 0),
      expected_audience ${integer(db)} CHECK (expected_audience IS NULL OR expected_audience > 0),
      languages TEXT NOT NULL DEFAULT '[]' CHECK (${json("languages")}),
      is_public ${integer(db)} NOT NULL DEFAULT 1 CHECK (${bool("is_public")}),
      overnight_stay ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("overnight_stay")}),
      series_id ${integer(db)} REFERENCES series(id),
      occurrence_date TEXT CHECK (occurrence_date IS NULL OR ${localDate("occurrence_date")}),
      edited ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("edited")}),
      request_id ${integer(db)} REFERENCES event_request(id),
      topic TEXT,
      outcome_said TEXT,
      outcome_done TEXT,
      cancel_reason TEXT,
      sequence ${integer(db)} NOT NULL DEFAULT 0 CHECK (sequence >= 0),
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")}),
      updated_at TEXT NOT NULL CHECK (${isoTime("updated_at")}),
      CHECK (starts_at < ends_at),
      CHECK (state <> 'cancelled' OR cancel_reason IS NOT NULL),
      CHECK ((series_id IS NULL) = (occurrence_date IS NULL))
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX event_starts_at ON event(starts_at)`.execute(db);
  await sql`CREATE INDEX event_venue ON event(venue_id, starts_at)`.execute(db);
  await sql`CREATE INDEX event_series ON event(series_id, occurrence_date)`.execute(db);
  await sql`CREATE INDEX event_request_link ON event(request_id)`.execute(db);
  await sql`CREATE INDEX event_updated_at ON event(updated_at)`.execute(db);

  await sql`
    CREATE TABLE event_slot (
      id ${id(db)},
      event_id ${integer(db)} NOT NULL REFERENCES event(id) ON DELETE CASCADE,
      offer TEXT CHECK (offer IS NULL OR ${oneOf("offer", OFFERS)}),
      position ${integer(db)} NOT NULL DEFAULT 0
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX event_slot_event ON event_slot(event_id)`.execute(db);

  await sql`
    CREATE TABLE participant (
      id ${id(db)},
      first_name TEXT NOT NULL,
      last_name TEXT,
      email TEXT,
      phone TEXT,
      home_town_id ${integer(db)} REFERENCES town(id),
      max_travel_minutes ${integer(db)} NOT NULL DEFAULT 120 CHECK (max_travel_minutes BETWEEN 0 AND 720),
      monthly_cap ${integer(db)} NOT NULL DEFAULT 2 CHECK (monthly_cap BETWEEN 0 AND 31),
      weekdays TEXT NOT NULL DEFAULT '[]' CHECK (${json("weekdays")}),
      times_of_day TEXT NOT NULL DEFAULT '[]' CHECK (${json("times_of_day")}),
      paused_until TEXT CHECK (paused_until IS NULL OR ${localDate("paused_until")}),
      needs_childcare ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("needs_childcare")}),
      needs_step_free ${integer(db)} NOT NULL DEFAULT 0 CHECK (${bool("needs_step_free")}),
      dietary TEXT,
      country_of_origin TEXT CHECK (country_of_origin IS NULL OR length(country_of_origin) = 2),
      gender TEXT,
      preferred_locale TEXT NOT NULL DEFAULT 'et',
      consent_at TEXT,
      consent_version TEXT,
      erased_at TEXT,
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")}),
      updated_at TEXT NOT NULL CHECK (${isoTime("updated_at")}),
      last_active_at TEXT NOT NULL CHECK (${isoTime("last_active_at")}),
      CHECK (erased_at IS NOT NULL OR consent_at IS NOT NULL)
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX participant_home_town ON participant(home_town_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX participant_email ON participant(email) WHERE email IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE participant_language (
      participant_id ${integer(db)} NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
      code TEXT NOT NULL CHECK (length(code) BETWEEN 2 AND 3),
      level TEXT NOT NULL CHECK (${oneOf("level", LANGUAGE_LEVELS)}),
      PRIMARY KEY (participant_id, code)
    ) ${strict(db)}`.execute(db);

  await sql`
    CREATE TABLE participant_offer (
      participant_id ${integer(db)} NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
      offer TEXT NOT NULL CHECK (${oneOf("offer", OFFERS)}),
      description TEXT,
      PRIMARY KEY (participant_id, offer)
    ) ${strict(db)}`.execute(db);

  await sql`
    CREATE TABLE participant_unavailable_date (
      participant_id ${integer(db)} NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
      date TEXT NOT NULL CHECK (${localDate("date")}),
      PRIMARY KEY (participant_id, date)
    ) ${strict(db)}`.execute(db);

  await sql`
    CREATE TABLE assignment (
      id ${id(db)},
      event_id ${integer(db)} NOT NULL REFERENCES event(id),
      slot_id ${integer(db)} REFERENCES event_slot(id) ON DELETE SET NULL,
      participant_id ${integer(db)} NOT NULL REFERENCES participant(id),
      status TEXT NOT NULL CHECK (${oneOf("status", ASSIGNMENT_STATES)}),
      explanation TEXT NOT NULL DEFAULT '[]' CHECK (${json("explanation")}),
      travel_minutes ${integer(db)},
      response_reason TEXT,
      invited_at TEXT,
      responded_at TEXT,
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")}),
      updated_at TEXT NOT NULL CHECK (${isoTime("updated_at")}),
      UNIQUE (event_id, participant_id)
    ) ${strict(db)}`.execute(db);
  // The last line of defence against overbooking: one live assignment per slot.
  await sql`CREATE UNIQUE INDEX assignment_live_slot ON assignment(slot_id)
    WHERE status IN ('proposed', 'invited', 'accepted', 'attended', 'no_show')`.execute(db);
  await sql`CREATE INDEX assignment_participant ON assignment(participant_id, status)`.execute(db);

  await sql`
    CREATE TABLE match_constraint (
      participant_id ${integer(db)} NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
      event_id ${integer(db)} NOT NULL REFERENCES event(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('lock', 'exclude')),
      created_by ${integer(db)} REFERENCES ${userTable(db)}(id),
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")}),
      PRIMARY KEY (participant_id, event_id)
    ) ${strict(db)}`.execute(db);

  await sql`
    CREATE TABLE feedback (
      id ${id(db)},
      event_id ${integer(db)} NOT NULL REFERENCES event(id),
      author_kind TEXT NOT NULL CHECK (${oneOf("author_kind", FEEDBACK_AUTHORS)}),
      participant_id ${integer(db)} REFERENCES participant(id) ON DELETE SET NULL,
      rating ${integer(db)} CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
      text TEXT,
      response TEXT,
      responded_by ${integer(db)} REFERENCES ${userTable(db)}(id),
      responded_at TEXT,
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")})
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX feedback_event ON feedback(event_id)`.execute(db);

  await sql`
    CREATE TABLE travel_claim (
      id ${id(db)},
      assignment_id ${integer(db)} NOT NULL REFERENCES assignment(id),
      amount_cents ${integer(db)} NOT NULL CHECK (amount_cents BETWEEN 0 AND 100000),
      description TEXT,
      status TEXT NOT NULL DEFAULT 'submitted' CHECK (${oneOf("status", CLAIM_STATES)}),
      decided_by ${integer(db)} REFERENCES ${userTable(db)}(id),
      decided_at TEXT,
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")})
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX travel_claim_assignment ON travel_claim(assignment_id)`.execute(db);

  await sql`
    CREATE TABLE access_token (
      id ${id(db)},
      token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
      purpose TEXT NOT NULL CHECK (${oneOf("purpose", TOKEN_PURPOSES)}),
      subject_id ${integer(db)} NOT NULL,
      expires_at TEXT,
      revoked_at TEXT,
      last_used_at TEXT,
      created_at TEXT NOT NULL CHECK (${isoTime("created_at")})
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX access_token_subject ON access_token(purpose, subject_id)`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      id ${id(db)},
      at TEXT NOT NULL CHECK (${isoTime("at")}),
      actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'participant', 'host', 'system')),
      actor_user_id ${integer(db)} REFERENCES ${userTable(db)}(id),
      action TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id ${integer(db)},
      details TEXT NOT NULL DEFAULT '{}' CHECK (${json("details")})
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)`.execute(db);
  await sql`CREATE INDEX audit_log_at ON audit_log(at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "audit_log",
    "access_token",
    "travel_claim",
    "feedback",
    "match_constraint",
    "assignment",
    "participant_unavailable_date",
    "participant_offer",
    "participant_language",
    "participant",
    "event_slot",
    "event",
    "event_request",
    "series",
    "user",
    "venue",
    "ferry_link",
    "town",
    "region",
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.id(table)}`.execute(db);
  }
}
