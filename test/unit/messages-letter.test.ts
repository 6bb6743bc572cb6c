import { describe, expect, it } from "vitest";

import { renderLetter, type Letter } from "~/domain/messages/letter";

const letter: Letter = {
  lang: "uk",
  subject: "Запрошення:\r\nBcc: evil@example.org",
  greeting: "Вітаємо, <Олена>!",
  blocks: [
    { kind: "text", text: "Перший рядок\nдругий & третій" },
    { kind: "facts", rows: [{ label: "Коли", value: "субота, 12 грудня 2026, 14:00–17:00" }] },
    { kind: "heading", text: "Ваша дорога" },
    { kind: "list", items: ["Виїжджайте о 10:05", 'Пором "Rohuküla → Heltermaa"'] },
    { kind: "action", label: "Відкрити мою сторінку", url: 'https://tuttav.example/me/abc?lng=uk&x="1"' },
  ],
  footer: ["Ви отримали цей лист, бо…"],
};

describe("renderLetter", () => {
  const out = renderLetter(letter);

  it("keeps the subject on one line, so it cannot add a header", () => {
    expect(out.subject).toBe("Запрошення: Bcc: evil@example.org");
  });

  it("writes the same parts as plain text, links in full", () => {
    expect(out.text).toBe(
      'Вітаємо, <Олена>!\n\nПерший рядок\nдругий & третій\n\nКоли: субота, 12 грудня 2026, 14:00–17:00\n\nВаша дорога\n\n- Виїжджайте о 10:05\n- Пором "Rohuküla → Heltermaa"\n\nВідкрити мою сторінку:\nhttps://tuttav.example/me/abc?lng=uk&x="1"\n\n-- \nВи отримали цей лист, бо…\n',
    );
  });

  it("writes accessible HTML in the reader's language with everything escaped", () => {
    expect(out.html).toContain('<html lang="uk">');
    expect(out.html).toContain("Вітаємо, &lt;Олена&gt;!");
    expect(out.html).toContain("Перший рядок<br>другий &amp; третій");
    expect(out.html).toContain('<th scope="row"');
    expect(out.html).toMatch(/<h2[^>]*>Ваша дорога<\/h2><ul/);
    expect(out.html).toContain('href="https://tuttav.example/me/abc?lng=uk&amp;x=&quot;1&quot;"');
    expect(out.html).toContain(">Відкрити мою сторінку</a>");
    expect(out.html).not.toMatch(/<script|<img/);
  });
});
