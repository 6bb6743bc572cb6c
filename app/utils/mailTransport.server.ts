/**
 * Where messages go: an SMTP server (SMTP_URL, pooled connections, STARTTLS as the URL says) or,
 * outside production without SMTP_URL, nowhere: the worker then marks them "kept", and they are
 * read at /admin/outbox (and appended to MAIL_OUTBOX_PATH, one JSON object per line, for tools
 * and tests). In production without SMTP_URL the server refuses to start (see mailPolicy).
 */
import fs from "node:fs";
import path from "node:path";

import nodemailer from "nodemailer";

import { nowIso } from "./clock.server";
import { isProduction } from "./env.server";
import { uidHost } from "./origin.server";

export type OutgoingMail = {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  locale: string;
  ics: { method: "REQUEST" | "CANCEL"; content: string } | null;
};

/** How a delivery attempt ended; `temporary` errors are tried again later. */
export type SendOutcome = { ok: true } | { ok: false; temporary: boolean; error: string };

export type MailTransport = {
  /** "smtp": handed to a mail server; "keep": kept for /admin/outbox (development). */
  kind: "smtp" | "keep";
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
};

export class MailSettingError extends Error {
  override name = "MailSettingError";
}

export type MailSettings = { smtpUrl: string | null; from: string };

/**
 * The mail settings this process was started with. Throws MailSettingError when production has
 * no SMTP_URL (nothing would ever be delivered, yet people would be told to check their e-mail) or
 * a setting is malformed.
 */
export function mailPolicy(): MailSettings {
  const smtpUrl = process.env.SMTP_URL?.trim() || null;
  if (!smtpUrl && isProduction()) {
    throw new MailSettingError(
      "SMTP_URL must be set when NODE_ENV=production, e.g. SMTP_URL=smtp://user:password@mail.example:587 (STARTTLS) or smtps://…:465. " +
        "Without it no invitation, link or change would reach anyone.",
    );
  }
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/i.test(smtpUrl)) throw new MailSettingError(`SMTP_URL must start with smtp:// or smtps://; got "${redact(smtpUrl)}"`);
  const from = process.env.MAIL_FROM?.trim() || `Tuttav <noreply@${uidHost()}>`;
  if (/[\r\n]/.test(from) || !/@/.test(from)) throw new MailSettingError(`MAIL_FROM must be an address like "Tuttav <info@tuttav.example>"; got "${from}"`);
  return { smtpUrl, from };
}

/** The bare address of MAIL_FROM ("info@tuttav.example"), for a calendar entry's ORGANIZER. */
export function fromAddress(settings: MailSettings = mailPolicy()): string {
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(settings.from);
  return (match ? match[1] : settings.from).trim();
}

/** The display name of MAIL_FROM ("Tuttav"), or "Tuttav". */
export function fromName(settings: MailSettings = mailPolicy()): string {
  const match = /^\s*"?([^"<]*?)"?\s*</.exec(settings.from);
  return match?.[1]?.trim() || "Tuttav";
}

/** A transport for the current settings. */
export function createMailTransport(settings: MailSettings = mailPolicy(), options: { maxConnections?: number } = {}): MailTransport {
  if (!settings.smtpUrl) return keepTransport();
  const transporter = nodemailer.createTransport({
    url: settings.smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: 500,
    // A hung server must not hold a message's claim for ever.
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  return {
    kind: "smtp",
    async send(mail) {
      try {
        await transporter.sendMail({
          from: settings.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          messageId: mail.messageId,
          headers: { "Content-Language": mail.locale, "Auto-Submitted": "auto-generated" },
          ...(mail.ics ? { icalEvent: { method: mail.ics.method, filename: mail.ics.method === "CANCEL" ? "cancel.ics" : "invite.ics", content: mail.ics.content } } : {}),
        });
        return { ok: true };
      } catch (error) {
        return { ok: false, temporary: isTemporary(error), error: describe(error) };
      }
    },
    close() {
      transporter.close();
    },
  };
}

/** Development without SMTP_URL: nothing leaves the machine; the file is a convenience copy. */
function keepTransport(): MailTransport {
  // One write after the other, so the file lists a batch in the order the worker sends it (most
  // urgent first), not in whatever order concurrent appends happen to finish.
  let queue: Promise<unknown> = Promise.resolve();
  const keep = async (mail: OutgoingMail): Promise<SendOutcome> => {
    const file = outboxPath();
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.appendFile(
        file,
        JSON.stringify({ at: nowIso(), to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId, ics: mail.ics }) + "\n",
        "utf8",
      );
      return { ok: true };
    } catch (error) {
      return { ok: false, temporary: true, error: describe(error) };
    }
  };
  return {
    kind: "keep",
    send(mail) {
      const done = queue.then(() => keep(mail));
      queue = done;
      return done;
    },
    close() {},
  };
}

/** The development copy of kept messages: one JSON object per line. */
export function outboxPath(): string {
  return path.resolve(process.env.MAIL_OUTBOX_PATH || "data/outbox.jsonl");
}

type KeptMail = { to: string; text: string };

/**
 * Removes the messages `matches` picks from the outbox file (e.g. everything sent to an erased
 * participant); returns how many. Lines that are not messages are kept. The file is read and
 * replaced in one synchronous step, so no request of this process starts writing meanwhile (an
 * append already under way could be lost: the file is a copy for development and tests).
 */
export function removeFromOutbox(matches: (mail: KeptMail) => boolean): number {
  const file = outboxPath();
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return 0;
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  const kept = lines.filter((line) => {
    try {
      const mail = JSON.parse(line) as KeptMail;
      return !(typeof mail?.to === "string" && typeof mail.text === "string" && matches(mail));
    } catch {
      return true;
    }
  });
  if (kept.length === lines.length) return 0;
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, kept.map((line) => `${line}\n`).join(""), "utf8");
  fs.renameSync(temporary, file);
  return lines.length - kept.length;
}

/** 4xx replies and network trouble pass; 5xx replies (unknown mailbox, refused) do not. */
export function isTemporary(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string } | null;
  if (typeof e?.responseCode === "number") return e.responseCode >= 400 && e.responseCode < 500;
  // No SMTP reply at all: the server was down, unreachable or slow (ECONNECTION, ETIMEDOUT, ESOCKET, ECONNREFUSED...).
  return true;
}

function describe(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string } | null;
  const text = e?.response ?? e?.message ?? String(error);
  // An SMTP reply already starts with its code ("451 Try again later"): not "451 451 …".
  const code = e?.responseCode ? String(e.responseCode) : (e?.code ?? "");
  return redact(code && !text.startsWith(code) ? `${code} ${text}` : text).slice(0, 500);
}

/** Hides a password in an SMTP URL. */
function redact(text: string): string {
  return text.replace(/(smtps?:\/\/[^:@\s/]+:)[^@\s/]+@/gi, "$1***@");
}

/** "o***@example.org": enough to tell messages apart in a log or list, not enough to collect addresses. */
export function maskAddress(address: string): string {
  const at = address.indexOf("@");
  return at <= 0 ? "***" : `${address[0]}***${address.slice(at)}`;
}
