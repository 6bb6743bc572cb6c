/**
 * A message as its parts (greeting, paragraphs, facts, links, footer), written out as plain text
 * and as simple accessible HTML from the same parts, so the two never say different things. Pure:
 * the caller has translated every string.
 *
 * The HTML is deliberately plain: one column, no images, no tracking, real text for links (never
 * "click here"), `lang` on the document so screen readers pick the right voice, and inline styles
 * only (mail clients drop style sheets).
 */

export type LetterBlock =
  | { kind: "text"; text: string }
  /** A short heading over what follows (a list, facts). */
  | { kind: "heading"; text: string }
  /** Label: value rows, e.g. When / Where / Bring. */
  | { kind: "facts"; rows: { label: string; value: string }[] }
  | { kind: "list"; items: string[] }
  /** A link the reader acts on; written out in full in the text part. */
  | { kind: "action"; label: string; url: string };

export type Letter = {
  lang: string;
  subject: string;
  greeting: string;
  blocks: LetterBlock[];
  /** Why they get this and how to stop; set apart at the end. */
  footer: string[];
};

export type RenderedLetter = { subject: string; text: string; html: string };

/** Plain text and HTML of a letter. The subject loses line breaks (a header cannot hold them). */
export function renderLetter(letter: Letter): RenderedLetter {
  return { subject: oneLine(letter.subject), text: textOf(letter), html: htmlOf(letter) };
}

function textOf(letter: Letter): string {
  const parts: string[] = [letter.greeting];
  for (const block of letter.blocks) {
    switch (block.kind) {
      case "text":
      case "heading":
        parts.push(block.text);
        break;
      case "facts":
        parts.push(block.rows.map((row) => `${row.label}: ${row.value}`).join("\n"));
        break;
      case "list":
        parts.push(block.items.map((item) => `- ${item}`).join("\n"));
        break;
      case "action":
        parts.push(`${block.label}:\n${block.url}`);
        break;
    }
  }
  if (letter.footer.length) parts.push(`-- \n${letter.footer.join("\n")}`);
  return `${parts.join("\n\n")}\n`;
}

const P = 'style="margin:0 0 16px 0"';

function htmlOf(letter: Letter): string {
  const body: string[] = [`<p ${P}>${escapeHtml(letter.greeting)}</p>`];
  for (const block of letter.blocks) {
    switch (block.kind) {
      case "text":
        body.push(`<p ${P}>${lines(block.text)}</p>`);
        break;
      case "heading":
        body.push(`<h2 style="margin:0 0 8px 0;font-size:17px;line-height:1.4">${escapeHtml(block.text)}</h2>`);
        break;
      case "facts":
        body.push(
          `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px 0">${block.rows
            .map(
              (row) =>
                `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0;font-weight:bold">${escapeHtml(row.label)}</th><td style="padding:2px 0">${lines(row.value)}</td></tr>`,
            )
            .join("")}</table>`,
        );
        break;
      case "list":
        body.push(`<ul style="margin:0 0 16px 0;padding-left:20px">${block.items.map((item) => `<li>${lines(item)}</li>`).join("")}</ul>`);
        break;
      case "action":
        body.push(
          `<p ${P}><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(block.label)}</a></p>`,
        );
        break;
    }
  }
  const footer = letter.footer.length
    ? `<hr style="border:0;border-top:1px solid #d4d4d8;margin:24px 0 12px 0"><p style="margin:0;color:#52525b;font-size:14px">${letter.footer.map(escapeHtml).join("<br>")}</p>`
    : "";
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(letter.lang)}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(oneLine(letter.subject))}</title></head>`,
    `<body style="margin:0;padding:16px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#18181b;background:#ffffff">`,
    `<main style="max-width:600px">${body.join("")}${footer}</main>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function lines(text: string): string {
  return text.split("\n").map(escapeHtml).join("<br>");
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function oneLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}
