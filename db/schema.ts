import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

import type {
  AssignmentState,
  Audience,
  ClaimState,
  EventKind,
  EventState,
  FeedbackAuthor,
  Landmass,
  LanguageLevel,
  Offer,
  RequestState,
  SeriesFrequency,
  TimeOfDay,
  TokenPurpose,
  UserRole,
  VenueType,
} from "../app/domain/vocabulary";

/** SQLite has no booleans: 0 or 1. */
type Bool = 0 | 1;
/** UTC ISO-8601 instant, e.g. 2026-11-23T10:00:00.000Z */
type Instant = string;
/** Local calendar date in Europe/Tallinn, YYYY-MM-DD */
type LocalDate = string;
/** JSON text; parsed in models. */
type Json = string;

export interface RegionTable {
  code: string;
  name_et: string;
  name_en: string;
  name_ru: string;
  name_uk: string;
}

export interface TownTable {
  id: Generated<number>;
  slug: string;
  name: string;
  region_code: string;
  lat: number;
  lon: number;
  landmass: Landmass;
  on_island: ColumnType<Bool, never, never>;
  has_local_community: Generated<Bool>;
  is_port: Generated<Bool>;
}

export interface FerryLinkTable {
  id: Generated<number>;
  from_town_id: number;
  to_town_id: number;
  crossing_minutes: number;
  wait_minutes: number;
  last_departure_from: string | null;
  last_departure_to: string | null;
  seasonal: Generated<Bool>;
}

export interface VenueTable {
  id: Generated<number>;
  town_id: number;
  name: string;
  venue_type: VenueType;
  address: string | null;
  capacity: number | null;
  step_free: Generated<Bool>;
  child_friendly: Generated<Bool>;
  created_at: Instant;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: UserRole;
  preferred_locale: string | null;
  /** Unused since migration 0003 (neither read nor written): ending sessions deletes their rows in `session`. */
  sessions_valid_after: Instant | null;
  disabled_at: Instant | null;
  /** The 07:00 digest of what needs attention (migration 0007); off by default. */
  daily_digest: Generated<Bool>;
  created_at: Instant;
}

export interface EventRequestTable {
  id: Generated<number>;
  organisation: string;
  contact_name: string;
  email: string;
  phone: string | null;
  town_id: number;
  venue_id: number | null;
  venue_name: string | null;
  venue_address: string | null;
  venue_capacity: number | null;
  venue_step_free: Bool | null;
  venue_child_friendly: Bool | null;
  kind: EventKind;
  window_from: LocalDate;
  window_to: LocalDate;
  /** JSON number[] (0 = Sunday) */
  weekdays: Generated<Json>;
  time_of_day: TimeOfDay | null;
  expected_audience: number | null;
  /** JSON string[] of language codes */
  local_languages: Generated<Json>;
  /** JSON Offer[] */
  wishes: Generated<Json>;
  message: string | null;
  locale: Generated<string>;
  state: Generated<RequestState>;
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: Instant | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface SeriesTable {
  id: Generated<number>;
  venue_id: number;
  /** JSON { et?, en?, ru?, uk? } */
  title: Json;
  description: Generated<Json>;
  frequency: SeriesFrequency;
  start_date: LocalDate;
  monthly_week: number | null;
  monthly_weekday: number | null;
  start_time: string;
  duration_minutes: number;
  until_date: LocalDate | null;
  session_count: number | null;
  capacity: number | null;
  languages: Generated<Json>;
  /** JSON (Offer | null)[]: the slots every session gets */
  slot_offers: Generated<Json>;
  is_public: Generated<Bool>;
  request_id: number | null;
  /** Who the sessions are for; passed to every session (0010). */
  audience: Generated<Audience>;
  created_at: Instant;
  updated_at: Instant;
}

export interface EventTable {
  id: Generated<number>;
  kind: EventKind;
  state: Generated<EventState>;
  /** JSON { et?, en?, ru?, uk? } */
  title: Json;
  description: Generated<Json>;
  venue_id: number;
  starts_at: Instant;
  ends_at: Instant;
  capacity: number | null;
  expected_audience: number | null;
  languages: Generated<Json>;
  is_public: Generated<Bool>;
  overnight_stay: Generated<Bool>;
  series_id: number | null;
  occurrence_date: LocalDate | null;
  edited: Generated<Bool>;
  request_id: number | null;
  topic: string | null;
  outcome_said: string | null;
  outcome_done: string | null;
  cancel_reason: string | null;
  sequence: Generated<number>;
  /** When it first left draft; an unpublished event then shows as cancelled in public feeds (0006). */
  published_at: Generated<Instant | null>;
  /** How many locals came, counted by a coordinator after the start; null = not counted (0009). */
  locals_count: Generated<number | null>;
  /** Who it is for: a hard rule for matching (0010). */
  audience: Generated<Audience>;
  created_at: Instant;
  updated_at: Instant;
}

export interface EventSlotTable {
  id: Generated<number>;
  event_id: number;
  offer: Offer | null;
  position: Generated<number>;
}

export interface ParticipantTable {
  id: Generated<number>;
  first_name: string;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  home_town_id: number | null;
  max_travel_minutes: Generated<number>;
  monthly_cap: Generated<number>;
  /** JSON number[] (0 = Sunday) */
  weekdays: Generated<Json>;
  /** JSON TimeOfDay[] */
  times_of_day: Generated<Json>;
  paused_until: LocalDate | null;
  needs_childcare: Generated<Bool>;
  needs_step_free: Generated<Bool>;
  dietary: string | null;
  /** ISO 3166-1 alpha-2 */
  country_of_origin: string | null;
  gender: string | null;
  preferred_locale: Generated<string>;
  /** Opt-in: the first name may appear on public event pages (migration 0004). */
  show_first_name: Generated<Bool>;
  /** Reminder messages before their events (migration 0007); on unless they turn it off on /me. */
  reminders: Generated<Bool>;
  consent_at: Instant | null;
  consent_version: string | null;
  erased_at: Instant | null;
  created_at: Instant;
  updated_at: Instant;
  last_active_at: Instant;
  /** Where their travel costs are paid, electronic format (0013); erased with them. */
  iban: Generated<string | null>;
  account_holder: Generated<string | null>;
}

export interface ParticipantLanguageTable {
  participant_id: number;
  code: string;
  level: LanguageLevel;
}
export interface ParticipantOfferTable {
  participant_id: number;
  offer: Offer;
  description: string | null;
}
export interface ParticipantUnavailableDateTable {
  participant_id: number;
  date: LocalDate;
}

export interface AssignmentTable {
  id: Generated<number>;
  event_id: number;
  slot_id: number | null;
  participant_id: number;
  status: AssignmentState;
  /** JSON Reason[] from the matcher */
  explanation: Generated<Json>;
  travel_minutes: number | null;
  response_reason: string | null;
  invited_at: Instant | null;
  responded_at: Instant | null;
  /** Changes of this person's own calendar entry (migration 0007); their feed's SEQUENCE is event.sequence + this. */
  sequence: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
}

export interface MatchConstraintTable {
  participant_id: number;
  event_id: number;
  kind: "lock" | "exclude";
  created_by: number | null;
  created_at: Instant;
}

/** A lock or exclusion for every session of a series without its own constraint (0011). */
export interface SeriesConstraintTable {
  participant_id: number;
  series_id: number;
  kind: "lock" | "exclude";
  created_by: number | null;
  created_at: Instant;
}

export interface FeedbackTable {
  id: Generated<number>;
  event_id: number;
  author_kind: FeedbackAuthor;
  participant_id: number | null;
  rating: number | null;
  text: string | null;
  response: string | null;
  responded_by: number | null;
  responded_at: Instant | null;
  created_at: Instant;
  /** When its author last changed it (0012); null if never. */
  updated_at: Instant | null;
}

export interface TravelClaimTable {
  id: Generated<number>;
  assignment_id: number;
  amount_cents: number;
  description: string | null;
  status: Generated<ClaimState>;
  decided_by: number | null;
  decided_at: Instant | null;
  created_at: Instant;
  /** Shown to the participant (0013). */
  rejection_reason: Generated<string | null>;
  /** Random file name under RECEIPTS_DIR, its checked media type and size (0013). */
  receipt_file: Generated<string | null>;
  receipt_type: Generated<ReceiptType | null>;
  receipt_size: Generated<number | null>;
  batch_id: Generated<number | null>;
  updated_at: Generated<Instant | null>;
}

export type ReceiptType = "image/jpeg" | "image/png" | "application/pdf";
export type TravelLineKind = "bus" | "train" | "ferry" | "car";

/** One ticket, or kilometres by car priced at the rate of the day (0013). */
export interface TravelClaimLineTable {
  id: Generated<number>;
  claim_id: number;
  position: number;
  kind: TravelLineKind;
  km: number | null;
  amount_cents: number;
}

/** Approved claims paid together by one SEPA credit transfer file (0013). */
export interface PaymentBatchTable {
  id: Generated<number>;
  message: string;
  created_by: number | null;
  created_at: Instant;
  paid_by: Generated<number | null>;
  paid_at: Generated<Instant | null>;
}

export interface AccessTokenTable {
  id: Generated<number>;
  token_hash: string;
  purpose: TokenPurpose;
  subject_id: number;
  expires_at: Instant | null;
  revoked_at: Instant | null;
  last_used_at: Instant | null;
  created_at: Instant;
}

/** A coordinator's login (migration 0003); the cookie holds the token, the table only its SHA-256. */
export interface SessionTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: Instant;
  last_seen_at: Instant;
  /** The earlier of last_seen_at + the idle limit and created_at + the absolute limit. */
  expires_at: Instant;
  /** A short "browser · system" description, not the whole User-Agent header. */
  user_agent: string | null;
}

/** A counter every app process sees (migration 0014): login throttles and form rate limits on PostgreSQL. */
export interface RateCounterTable {
  /** A scope and an HMAC of what is counted, never an address or e-mail itself. */
  key: string;
  /** When the current window began (a login throttle's account: its last failure). */
  window_start: Instant;
  hits: number;
  /** When the row may be deleted. */
  expires_at: Instant;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Instant;
  actor_kind: "user" | "participant" | "host" | "system";
  actor_user_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  details: Generated<Json>;
}

export type MessageState = "pending" | "sending" | "sent" | "kept" | "failed" | "cancelled" | "no_address";
export type RecipientKind = "participant" | "host" | "coordinator";

/** One e-mail in the outbox (migration 0007); see app/models/outbox.server.ts. */
export interface MessageTable {
  id: Generated<number>;
  kind: string;
  /** 0 = most urgent (a last-minute change), 9 = least (a digest). */
  priority: Generated<number>;
  recipient_kind: RecipientKind;
  participant_id: number | null;
  request_id: number | null;
  user_id: number | null;
  event_id: number | null;
  assignment_id: number | null;
  /** null: the recipient has no address (state no_address). */
  to_address: string | null;
  locale: string;
  subject: string;
  /** Emptied once sent: it may hold a private link. */
  body_text: string | null;
  body_html: string | null;
  ics: string | null;
  ics_method: "REQUEST" | "CANCEL" | null;
  message_id: string;
  state: Generated<MessageState>;
  tries: Generated<number>;
  next_attempt_at: Instant;
  claimed_by: string | null;
  claimed_until: Instant | null;
  last_error: string | null;
  /** JSON AfterSent */
  after_sent: Json | null;
  dedupe_key: string | null;
  created_at: Instant;
  updated_at: Instant;
  sent_at: Instant | null;
  /** A no_address message a coordinator passed on by phone: when, and who (migration 0016). */
  told_at: Generated<Instant | null>;
  told_by: Generated<number | null>;
}

/** The organisation's contact, one row with id 1 (migration 0008); see app/models/organisation.server.ts. */
export interface OrganisationSettingTable {
  id: number;
  name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  updated_by: number | null;
  updated_at: Instant | null;
  /** Travel costs and payments (0013): cents per km by car, the debtor of SEPA transfers. */
  km_rate_cents: Generated<number>;
  legal_name: Generated<string | null>;
  iban: Generated<string | null>;
  bic: Generated<string | null>;
}

export interface Database {
  region: RegionTable;
  town: TownTable;
  ferry_link: FerryLinkTable;
  venue: VenueTable;
  user: UserTable;
  event_request: EventRequestTable;
  series: SeriesTable;
  event: EventTable;
  event_slot: EventSlotTable;
  participant: ParticipantTable;
  participant_language: ParticipantLanguageTable;
  participant_offer: ParticipantOfferTable;
  participant_unavailable_date: ParticipantUnavailableDateTable;
  assignment: AssignmentTable;
  match_constraint: MatchConstraintTable;
  series_constraint: SeriesConstraintTable;
  feedback: FeedbackTable;
  travel_claim: TravelClaimTable;
  travel_claim_line: TravelClaimLineTable;
  payment_batch: PaymentBatchTable;
  access_token: AccessTokenTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  organisation_setting: OrganisationSettingTable;
  message: MessageTable;
  rate_counter: RateCounterTable;
}

export type Region = Selectable<RegionTable>;
export type Town = Selectable<TownTable>;
export type Venue = Selectable<VenueTable>;
export type NewVenue = Insertable<VenueTable>;
export type User = Selectable<UserTable>;
export type EventRequest = Selectable<EventRequestTable>;
export type NewEventRequest = Insertable<EventRequestTable>;
export type Series = Selectable<SeriesTable>;
export type NewSeries = Insertable<SeriesTable>;
export type Event = Selectable<EventTable>;
export type NewEvent = Insertable<EventTable>;
export type EventUpdate = Updateable<EventTable>;
export type EventSlot = Selectable<EventSlotTable>;
export type Participant = Selectable<ParticipantTable>;
export type NewParticipant = Insertable<ParticipantTable>;
export type ParticipantUpdate = Updateable<ParticipantTable>;
export type Assignment = Selectable<AssignmentTable>;
export type Feedback = Selectable<FeedbackTable>;
export type TravelClaim = Selectable<TravelClaimTable>;
export type AccessToken = Selectable<AccessTokenTable>;
export type Session = Selectable<SessionTable>;
export type AuditLog = Selectable<AuditLogTable>;
