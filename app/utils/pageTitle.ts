/** A browser tab's title: the page's own heading, then the app's name, in one dash style everywhere. */
export function pageTitle(heading: string): string {
  return `${heading} — Tuttav`;
}
