import { createElement, Fragment } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, useTranslation } from "react-i18next";
import { describe, expect, it } from "vitest";

import { renderInstance } from "~/i18n/i18next.server";

/** Renders what a page's `t` gives for each call, one line each, through react-i18next as pages do. */
async function rendered(locale: string, calls: (t: ReturnType<typeof useTranslation>["t"]) => string[]): Promise<string[]> {
  const instance = await renderInstance(locale);
  function Lines() {
    const { t } = useTranslation();
    return createElement(Fragment, null, calls(t).join("\n"));
  }
  const html = renderToString(createElement(I18nextProvider, { i18n: instance }, createElement(Lines)));
  return html.split("\n");
}

describe("the render instances' remembered lookups", () => {
  it("gives a plain message the same text the second time", async () => {
    const lines = await rendered("en", (t) => [t("admin.nav.events"), t("admin.nav.events")]);
    expect(lines).toEqual(["Events", "Events"]);
  });

  it("puts each call's own values in, not the first call's", async () => {
    const lines = await rendered("en", (t) => [
      t("eventPages.shown", { from: 1, to: 50, total: 1124 }),
      t("eventPages.shown", { from: 51, to: 100, total: 1124 }),
      t("adminEvents.list.filled", { filled: 2, slots: 5 }),
      t("adminEvents.list.filled", { filled: 3, slots: 4 }),
    ]);
    expect(lines).toEqual(["Showing 1–50 of 1124", "Showing 51–100 of 1124", "2 of 5 places filled", "3 of 4 places filled"]);
  });

  it("keeps plural forms apart", async () => {
    const lines = await rendered("en", (t) => [t("admin.dashboard.participants", { count: 1 }), t("admin.dashboard.participants", { count: 2 })]);
    expect(lines).toEqual(["participant", "participants"]);
  });

  it("answers each language from its own instance", async () => {
    const [en] = await rendered("en", (t) => [t("admin.nav.events")]);
    const [et] = await rendered("et", (t) => [t("admin.nav.events")]);
    const [uk] = await rendered("uk", (t) => [t("admin.nav.events")]);
    expect(new Set([en, et, uk]).size).toBe(3);
  });
});
