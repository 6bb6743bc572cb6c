// Most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari", iOS also
// says "Mac OS X" and Android also says "Linux".
const BROWSERS: [string, RegExp][] = [
  ["Edge", /\bEdg(e|A|iOS)?\//],
  ["Opera", /\b(OPR|Opera)\//],
  ["Samsung Internet", /\bSamsungBrowser\//],
  ["Firefox", /\b(Firefox|FxiOS)\//],
  ["Chrome", /\b(Chrome|CriOS|Chromium)\//],
  ["Safari", /\bVersion\/[\d.]+.*\bSafari\//],
];
const SYSTEMS: [string, RegExp][] = [
  ["iOS", /\b(iPhone|iPad|iPod)\b/],
  ["Android", /\bAndroid\b/],
  ["Windows", /\bWindows\b/],
  ["ChromeOS", /\bCrOS\b/],
  ["macOS", /\bMac OS X\b|\bMacintosh\b/],
  ["Linux", /\bLinux\b/],
];

/**
 * "Firefox · Windows" from a User-Agent header, or null when neither is recognised: enough for a
 * coordinator to tell their devices apart in the list of sessions, and no more is stored.
 */
export function describeUserAgent(header: string | null | undefined): string | null {
  if (!header) return null;
  const userAgent = header.slice(0, 512);
  const browser = BROWSERS.find(([, pattern]) => pattern.test(userAgent))?.[0];
  const system = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0];
  const parts = [browser, system].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(" · ") : null;
}
