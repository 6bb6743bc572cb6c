/**
 * Calendar feeds: plain event objects in, RFC 5545 iCalendar text out. Pure (no clock, no
 * database); server-only, because it uses node:crypto and reads the VTIMEZONE data file once.
 *
 * Decision: a cosy-corner series is published as ONE VEVENT PER SESSION, each with its own UID,
 * SEQUENCE and STATUS, not as RRULE + EXDATE. Every client then shows each session exactly where
 * the coordinator put it (moved sessions, DST changes and holidays need no RECURRENCE-ID
 * overrides, which clients handle unevenly), and a cancelled session is just that session's
 * STATUS:CANCELLED. So the feed never contains RRULE.
 *
 * Decision: the text is written by our own small serializer, not ical-generator. Measured with
 * ical-generator 10.2, a 10 000-event feed took ~5 s (4 s in its line folding, which runs a new
 * TextEncoder per character; ~250 ms even with our own folding, mostly TZDate handling), against a
 * 150 ms budget. It also writes DTSTAMP/CREATED/LAST-MODIFIED as floating local times once the
 * calendar has a time zone, and does not escape the calendar name. RFC 5545 is checked by tests
 * that parse our output with ical.js.
 *
 * Decision: rendering stays pure, and reuse is the caller's choice: buildCalendar takes an
 * optional VEventCache (any Map-like store) and keys each event's VEVENT by host, id, SEQUENCE,
 * updatedAt and a variant the caller names; a caller that already holds a VEVENT passes it as a
 * RenderedEvent and need not load the event at all. With or without a cache the bytes are the same.
 */
export {
  buildCalendar,
  buildItip,
  eventUid,
  feedStatus,
  vEventKey,
  type FeedEvent,
  type ItipOptions,
  type FeedOptions,
  type FeedStatus,
  type RenderedEvent,
  type VEventCache,
} from "./feed";
export { FEED_FORMAT_VERSION, feedEtag, feedVersion, needsSequenceBump, type SequenceFields } from "./versioning";
