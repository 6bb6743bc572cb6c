import { describe, expect, it } from "vitest";
import { escapeText, foldLine, formatDuration, formatFloat, formatUtc } from "~/domain/calendar/content-line";

const octets = (text: string) => Buffer.byteLength(text, "utf8");
const unfold = (text: string) => text.replace(/\r\n /g, "");

describe("escapeText", () => {
  it("escapes the TEXT specials of RFC 5545 §3.3.11", () => {
    expect(escapeText("a,b;c\\d")).toBe("a\\,b\\;c\\\\d");
  });

  it("turns every kind of line break, a bare CR included, into \\n", () => {
    expect(escapeText("1\r\n2\n3\r4")).toBe("1\\n2\\n3\\n4");
  });

  it("drops control characters but keeps tabs", () => {
    expect(escapeText("a\u0000b\u0007c\u001Bd\u007Fe\u0085f\tg")).toBe("abcdef\tg");
  });

  it("replaces a lone surrogate, keeps real pairs", () => {
    expect(escapeText("x\uD83Dy 🇪🇪")).toBe("x\uFFFDy 🇪🇪");
  });

  it("leaves plain text alone", () => {
    expect(escapeText("Hubane nurk – kohvik ja keel")).toBe("Hubane nurk – kohvik ja keel");
  });
});

describe("foldLine", () => {
  const samples = {
    ascii: "DESCRIPTION:" + "Community cafe with language practice. ".repeat(8),
    estonian: "SUMMARY:" + "Jõulueelne hõbedane öö: süüa, rääkida ja õppida üheskoos! ".repeat(5),
    ukrainian: "SUMMARY:" + "Затишний куточок: кава, розмови й українська мова для всіх. ".repeat(5),
    arabic: "SUMMARY:" + "ركن دافئ: قهوة ومحادثة وتعلم اللغة الإستونية معًا. ".repeat(5),
    emoji: "SUMMARY:" + "☕️🇪🇪🇺🇦👩‍👩‍👧‍👦🎶 ".repeat(20),
  };

  it.each(Object.entries(samples))("keeps every physical line of %s text within 75 octets and unfolds to the original", (_, line) => {
    const folded = foldLine(line);
    const physical = folded.split("\r\n");
    expect(physical.length).toBeGreaterThan(1);
    for (const [i, part] of physical.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(" ")).toBe(true);
      // A split inside a UTF-8 sequence (or a surrogate pair) would not survive a UTF-8 round trip.
      expect(Buffer.from(part, "utf8").toString("utf8")).toBe(part);
    }
    expect(unfold(folded)).toBe(line);
  });

  it("uses the full 75 octets before folding", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe("x".repeat(75) + "\r\n x");
    expect(foldLine("x".repeat(75 + 74 + 1))).toBe("x".repeat(75) + "\r\n " + "x".repeat(74) + "\r\n x");
  });

  it("moves a multi-octet character that does not fit to the next line whole", () => {
    const folded = foldLine("x".repeat(73) + "õ😀");
    expect(folded).toBe("x".repeat(73) + "õ\r\n 😀");
  });
});

describe("value formats", () => {
  it("formats UTC DATE-TIME without milliseconds", () => {
    expect(formatUtc(Date.parse("2026-07-01T15:04:05.678Z"))).toBe("20260701T150405Z");
  });

  it("formats durations from minutes", () => {
    expect(formatDuration(60)).toBe("PT1H");
    expect(formatDuration(90)).toBe("PT1H30M");
    expect(formatDuration(15)).toBe("PT15M");
    expect(() => formatDuration(0)).toThrow();
  });

  it("formats coordinates as FLOAT, never in exponent notation", () => {
    expect(formatFloat(58.38)).toBe("58.38");
    expect(formatFloat(26.7225001)).toBe("26.7225");
    expect(formatFloat(1e-7)).toBe("0");
    expect(formatFloat(-0.5)).toBe("-0.5");
  });
});
