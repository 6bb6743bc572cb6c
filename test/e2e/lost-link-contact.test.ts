import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, loginAsCoordinator, newPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the lost-link pages name whom to call", () => {
  it("show the organisation's phone and e-mail as tel: and mailto: links, for participants and hosts, in the reader's language", async () => {
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await page.goto("/me/lost?lng=en");
    const hint = page.locator(".lost-link-contact");
    expect(await hint.innerText()).toBe(
      "Signed up with a phone number only? Call your coordinator (MTÜ Tuttav) at +372 5555 0100; they can give you a new link. You can also write to info@tuttav.test.",
    );
    expect(await hint.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual(["tel:+37255550100", "mailto:info@tuttav.test"]);
    expect(await page.locator("body").innerText()).not.toContain("call or message your coordinator");

    await page.goto("/request/lost?lng=et");
    expect(await page.locator(".lost-link-contact").innerText()).toMatch(/^Andsid ainult telefoninumbri\? Helista oma koordinaatorile \(MTÜ Tuttav\) numbril \+372 5555 0100/);
    expect(await page.locator(".lost-link-contact a").first().getAttribute("href")).toBe("tel:+37255550100");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("show what an admin saves on the settings page; a bad number is refused next to its field", async () => {
    const { page, errors } = await newPage(browser, { locale: "en-GB" });
    await loginAsCoordinator(page);
    await page.goto("/admin/settings?lng=en");
    const phone = page.getByLabel("Contact phone");
    expect(await phone.inputValue()).toBe("+372 5555 0100");

    await phone.fill("call me");
    await page.getByRole("button", { name: "Save the contact" }).click();
    await expect.poll(() => page.locator("#field-phone-error").textContent()).toBe("Please enter a phone number, e.g. +372 5123 4567.");
    expect(await phone.inputValue()).toBe("call me");

    await phone.fill("+372 5555 0199");
    await page.getByRole("button", { name: "Save the contact" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved.");
    const visitor = await newPage(browser, { locale: "ru-RU" });
    await visitor.page.goto("/me/lost?lng=ru");
    expect(await visitor.page.locator(".lost-link-contact").innerText()).toContain("по номеру +372 5555 0199");
    expect(await visitor.page.locator(".lost-link-contact a").first().getAttribute("href")).toBe("tel:+37255550199");

    // Back as the demo has it, for the other tests.
    await page.getByLabel("Contact phone").fill("+372 5555 0100");
    await page.getByRole("button", { name: "Save the contact" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Saved.");
    expect(errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
    await page.context().close();
    await visitor.page.context().close();
  });
});
