import type { Locale } from "~/domain/vocabulary";

import et_common from "./locales/et/common.json";
import et_requests from "./locales/et/requests.json";
import et_events from "./locales/et/events.json";
import et_participants from "./locales/et/participants.json";
import et_matching from "./locales/et/matching.json";
import et_feeds from "./locales/et/feeds.json";
import et_trust from "./locales/et/trust.json";
import et_schedule from "./locales/et/schedule.json";
import et_hosts from "./locales/et/hosts.json";
import et_privacy from "./locales/et/privacy.json";
import et_sessions from "./locales/et/sessions.json";
import et_edge from "./locales/et/edge.json";
import et_adminpages from "./locales/et/adminpages.json";
import et_forms from "./locales/et/forms.json";
import et_matchview from "./locales/et/matchview.json";
import et_messages from "./locales/et/messages.json";
import et_outbox from "./locales/et/outbox.json";
import et_pages from "./locales/et/pages.json";
import et_attendance from "./locales/et/attendance.json";
import et_claims from "./locales/et/claims.json";
import et_audience from "./locales/et/audience.json";
import en_common from "./locales/en/common.json";
import en_requests from "./locales/en/requests.json";
import en_events from "./locales/en/events.json";
import en_participants from "./locales/en/participants.json";
import en_matching from "./locales/en/matching.json";
import en_feeds from "./locales/en/feeds.json";
import en_trust from "./locales/en/trust.json";
import en_schedule from "./locales/en/schedule.json";
import en_hosts from "./locales/en/hosts.json";
import en_privacy from "./locales/en/privacy.json";
import en_sessions from "./locales/en/sessions.json";
import en_edge from "./locales/en/edge.json";
import en_adminpages from "./locales/en/adminpages.json";
import en_forms from "./locales/en/forms.json";
import en_matchview from "./locales/en/matchview.json";
import en_messages from "./locales/en/messages.json";
import en_outbox from "./locales/en/outbox.json";
import en_pages from "./locales/en/pages.json";
import en_attendance from "./locales/en/attendance.json";
import en_claims from "./locales/en/claims.json";
import en_audience from "./locales/en/audience.json";
import ru_common from "./locales/ru/common.json";
import ru_requests from "./locales/ru/requests.json";
import ru_events from "./locales/ru/events.json";
import ru_participants from "./locales/ru/participants.json";
import ru_matching from "./locales/ru/matching.json";
import ru_feeds from "./locales/ru/feeds.json";
import ru_trust from "./locales/ru/trust.json";
import ru_schedule from "./locales/ru/schedule.json";
import ru_hosts from "./locales/ru/hosts.json";
import ru_privacy from "./locales/ru/privacy.json";
import ru_sessions from "./locales/ru/sessions.json";
import ru_edge from "./locales/ru/edge.json";
import ru_adminpages from "./locales/ru/adminpages.json";
import ru_forms from "./locales/ru/forms.json";
import ru_matchview from "./locales/ru/matchview.json";
import ru_messages from "./locales/ru/messages.json";
import ru_outbox from "./locales/ru/outbox.json";
import ru_pages from "./locales/ru/pages.json";
import ru_attendance from "./locales/ru/attendance.json";
import ru_claims from "./locales/ru/claims.json";
import ru_audience from "./locales/ru/audience.json";
import uk_common from "./locales/uk/common.json";
import uk_requests from "./locales/uk/requests.json";
import uk_events from "./locales/uk/events.json";
import uk_participants from "./locales/uk/participants.json";
import uk_matching from "./locales/uk/matching.json";
import uk_feeds from "./locales/uk/feeds.json";
import uk_trust from "./locales/uk/trust.json";
import uk_schedule from "./locales/uk/schedule.json";
import uk_hosts from "./locales/uk/hosts.json";
import uk_privacy from "./locales/uk/privacy.json";
import uk_sessions from "./locales/uk/sessions.json";
import uk_edge from "./locales/uk/edge.json";
import uk_adminpages from "./locales/uk/adminpages.json";
import uk_forms from "./locales/uk/forms.json";
import uk_matchview from "./locales/uk/matchview.json";
import uk_messages from "./locales/uk/messages.json";
import uk_outbox from "./locales/uk/outbox.json";
import uk_pages from "./locales/uk/pages.json";
import uk_attendance from "./locales/uk/attendance.json";
import uk_claims from "./locales/uk/claims.json";
import et_feedback2 from "./locales/et/feedback2.json";
import en_feedback2 from "./locales/en/feedback2.json";
import ru_feedback2 from "./locales/ru/feedback2.json";
import uk_feedback2 from "./locales/uk/feedback2.json";
import uk_audience from "./locales/uk/audience.json";

import et_reports2 from "./locales/et/reports2.json";
import et_seriesRequest from "./locales/et/seriesRequest.json";
import en_reports2 from "./locales/en/reports2.json";
import en_seriesRequest from "./locales/en/seriesRequest.json";
import ru_reports2 from "./locales/ru/reports2.json";
import ru_seriesRequest from "./locales/ru/seriesRequest.json";
import uk_reports2 from "./locales/uk/reports2.json";
import uk_seriesRequest from "./locales/uk/seriesRequest.json";

/**
 * Each feature keeps its messages in its own file per language (locales/<lng>/<feature>.json);
 * the files are merged into one "translation" namespace. A top-level key may live in one file only.
 */
function merge(...files: Record<string, unknown>[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const file of files) {
    for (const [key, value] of Object.entries(file)) {
      if (key in merged) throw new Error(`Translation key "${key}" is defined in two feature files`);
      merged[key] = value;
    }
  }
  return merged;
}

export type Messages = typeof et_common & Record<string, unknown>;

/** All translations; on the server only (the browser gets its one language from the root loader). */
export const resources: Record<Locale, { translation: Messages }> = {
  et: {
    translation: merge(
      et_common,
      et_requests,
      et_events,
      et_participants,
      et_matching,
      et_feeds,
      et_trust,
      et_schedule,
      et_privacy,
      et_sessions,
      et_edge,
      et_hosts,
      et_adminpages,
      et_forms,
      et_matchview,
      et_messages,
      et_outbox,
      et_pages,
      et_attendance,
      et_audience,
      et_feedback2,
      et_reports2,
      et_claims,
      et_seriesRequest,
    ) as Messages,
  },
  en: {
    translation: merge(
      en_common,
      en_requests,
      en_events,
      en_participants,
      en_matching,
      en_feeds,
      en_trust,
      en_schedule,
      en_privacy,
      en_sessions,
      en_edge,
      en_hosts,
      en_adminpages,
      en_forms,
      en_matchview,
      en_messages,
      en_outbox,
      en_pages,
      en_attendance,
      en_audience,
      en_feedback2,
      en_reports2,
      en_claims,
      en_seriesRequest,
    ) as Messages,
  },
  ru: {
    translation: merge(
      ru_common,
      ru_requests,
      ru_events,
      ru_participants,
      ru_matching,
      ru_feeds,
      ru_trust,
      ru_schedule,
      ru_privacy,
      ru_sessions,
      ru_edge,
      ru_hosts,
      ru_adminpages,
      ru_forms,
      ru_matchview,
      ru_messages,
      ru_outbox,
      ru_pages,
      ru_attendance,
      ru_audience,
      ru_feedback2,
      ru_reports2,
      ru_claims,
      ru_seriesRequest,
    ) as Messages,
  },
  uk: {
    translation: merge(
      uk_common,
      uk_requests,
      uk_events,
      uk_participants,
      uk_matching,
      uk_feeds,
      uk_trust,
      uk_schedule,
      uk_privacy,
      uk_sessions,
      uk_edge,
      uk_hosts,
      uk_adminpages,
      uk_forms,
      uk_matchview,
      uk_messages,
      uk_outbox,
      uk_pages,
      uk_attendance,
      uk_audience,
      uk_feedback2,
      uk_reports2,
      uk_claims,
      uk_seriesRequest,
    ) as Messages,
  },
};
