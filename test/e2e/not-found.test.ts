import { describe, expect, it } from "vitest";

import { LOCALES } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";

import { baseURL } from "./browser";

/** Over HTTP against the built server: pages for addresses that lead nowhere. */
describe("page not found", () => {
  it.each(LOCALES)("declares the language it is written in (%s)", async (locale) => {
    const response = await fetch(`${baseURL()}/no-such-page?lng=${locale}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain(`<html lang="${locale}"`);
    expect(html).toContain(resources[locale].translation.errors.notFound.title);
  });

  it.each(LOCALES)("a public record that does not exist: 404 inside the public layout, from its own error boundary (%s)", async (locale) => {
    const response = await fetch(`${baseURL()}/events/999999999?lng=${locale}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain(`<html lang="${locale}"`);
    expect(html).toContain(`<h1>${resources[locale].translation.errors.notFound.title}</h1>`);
    // The public navigation stays, and the error is the public layout's (routes/_public), not root's.
    expect(html).toContain('<nav class="main-nav"');
    expect(html).toContain('href="/events"');
    expect(html).toMatch(/"errors":\{"routes\/_public":\{[^}]*"status":404/);
  });

  it.each(LOCALES)("for an unknown private link, points to 'get a new link' (%s)", async (locale) => {
    const response = await fetch(`${baseURL()}/me/${"x".repeat(43)}?lng=${locale}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    const lost = (resources[locale].translation as unknown as { participantLost: { unknownLink: { title: string } } }).participantLost;
    expect(html).toContain(lost.unknownLink.title);
    expect(html).toContain('href="/me/lost"');
    expect(html).toContain(`<html lang="${locale}"`);
  });

  it.each(LOCALES)("for an unknown status link, points a host to 'get a new status link' (%s)", async (locale) => {
    const response = await fetch(`${baseURL()}/request/status/${"x".repeat(43)}?lng=${locale}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    const lost = (resources[locale].translation as unknown as { hostLost: { unknownLink: { title: string } } }).hostLost;
    expect(html).toContain(lost.unknownLink.title);
    expect(html).toContain('href="/request/lost"');
  });
});
