import fs from "node:fs";

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, loginAsCoordinator, newPage, openServedDatabase } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

function storedParticipant(email: string) {
  const db = openServedDatabase();
  try {
    return db.prepare("SELECT id, first_name, weekdays, times_of_day, preferred_locale, consent_at, show_first_name FROM participant WHERE email = ?").get(email) as
      { id: number; first_name: string; weekdays: string; times_of_day: string; preferred_locale: string; consent_at: string; show_first_name: number } | undefined;
  } finally {
    db.close();
  }
}

/** The path of the private link in the newest message the served app sent to `to`. */
function mailedLink(to: string): string | null {
  const file = inject("outboxPath");
  const mails = fs.existsSync(file)
    ? fs
        .readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { to: string; text: string })
    : [];
  return /\/me\/[A-Za-z0-9_-]{43}/.exec(mails.filter((m) => m.to === to).at(-1)?.text ?? "")?.[0] ?? null;
}

describe("a participant", () => {
  let privateUrl = "";

  it("signs up in Ukrainian, is told to check their e-mail, and the mailed link opens their private page", async () => {
    const { page, errors } = await newPage(browser, { locale: "uk-UA" });
    await page.goto("/join?lng=uk");
    expect(await page.locator("h1").textContent()).toBe("Їздити на заходи як учасник");

    // Sending the form empty keeps the person on the page with messages in Ukrainian.
    await page.getByRole("button", { name: "Зареєструватися" }).click();
    await expect.poll(() => page.locator("#field-first_name-error").textContent()).toBe("Будь ласка, заповніть це поле.");

    await page.getByLabel("Ім'я", { exact: true }).fill("Ярина");
    await page.getByLabel("Прізвище").fill("Бондар");
    await page.getByLabel("Ел. пошта").fill("yaryna.bondar@example.org");
    await page.getByLabel("Де ви живете").selectOption({ label: "Tartu" });
    await page.getByLabel("Мова 1", { exact: true }).selectOption("uk");
    await page.getByLabel("Рівень мови 1", { exact: true }).selectOption("native");
    await page.getByLabel("Мова 2", { exact: true }).selectOption("et");
    await page.getByLabel("Рівень мови 2", { exact: true }).selectOption("basic");
    await page.getByLabel(/^Ремесла/).check();
    await page.getByLabel("Кілька слів: Ремесла").fill("Писанки");
    await page.getByLabel("Найдовша поїздка в один бік").selectOption("240");
    await page.getByLabel("Субота", { exact: true }).check();
    await page.getByLabel("Неділя", { exact: true }).check();
    await page.getByLabel("Вдень", { exact: true }).check();
    await page.getByLabel("Показувати моє ім'я на загальнодоступних сторінках заходів").check();
    await page.getByLabel(/^Я погоджуюся/).check();
    await page.getByRole("button", { name: "Зареєструватися" }).click();

    // With an e-mail address the answer never says whether it was known: the link goes by e-mail.
    await page.waitForURL(/\/join\?sent=1$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Перевірте електронну пошту");
    await expect.poll(() => mailedLink("yaryna.bondar@example.org")).not.toBeNull();
    privateUrl = mailedLink("yaryna.bondar@example.org")!;
    await page.goto(`${privateUrl}?lng=uk`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Вітаємо, Ярина!");

    const stored = storedParticipant("yaryna.bondar@example.org");
    expect(stored).toMatchObject({ first_name: "Ярина", preferred_locale: "uk", weekdays: "[0,6]", times_of_day: '["afternoon"]', show_first_name: 1 });
    expect(stored?.consent_at).toBeTruthy();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("changes their availability through the private link, and it stays changed after a reload", async () => {
    expect(privateUrl).not.toBe("");
    const { page, errors } = await newPage(browser);
    await page.goto(`${privateUrl}?lng=uk`);
    await page.getByLabel("Субота", { exact: true }).uncheck();
    await page.getByLabel("Середа", { exact: true }).check();
    await page.getByLabel("Увечері", { exact: true }).check();
    await page.getByRole("button", { name: "Зберегти мої дані" }).click();
    await page.waitForURL(/done=saved/);
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("Ваші дані збережено.");

    await page.reload();
    expect(await page.getByLabel("Середа", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("Субота", { exact: true }).isChecked()).toBe(false);
    expect(await page.getByLabel("Неділя", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("Увечері", { exact: true }).isChecked()).toBe(true);
    expect(storedParticipant("yaryna.bondar@example.org")).toMatchObject({ weekdays: "[0,3]", times_of_day: '["afternoon","evening"]' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("is found by a coordinator in the participant directory", async () => {
    const { page, errors } = await newPage(browser);
    await loginAsCoordinator(page);
    await page.goto("/admin/participants?lng=uk");
    await page.getByLabel("Пошук").fill("ярина");
    await page.getByRole("button", { name: "Показати" }).click();
    await page.waitForURL(/q=/);
    const link = page.getByRole("link", { name: "Ярина Бондар" });
    await expect.poll(() => link.count()).toBe(1);
    // The filtered list replaces the full one after navigation: wait for it, don't race it.
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    await link.click();
    await page.waitForURL(/\/admin\/participants\/\d+$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Ярина Бондар");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
