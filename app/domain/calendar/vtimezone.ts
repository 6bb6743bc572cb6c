import { getVtimezoneComponent } from "@touch4it/ical-timezones";

const cache = new Map<string, string>();

/**
 * The VTIMEZONE block for an IANA zone, CRLF between lines, none after, from @touch4it/ical-timezones.
 *
 * That package reads a bundled .ics file on every call, so we read each zone once per process;
 * after that building a feed does no I/O. Its files use LF, and RFC 5545 wants CRLF.
 */
export function vtimezone(timeZone: string): string {
  let block = cache.get(timeZone);
  if (block === undefined) {
    const component = getVtimezoneComponent(timeZone);
    if (!component) throw new Error(`No VTIMEZONE known for ${timeZone}`);
    block = component.trim().split(/\r?\n/).join("\r\n");
    cache.set(timeZone, block);
  }
  return block;
}
