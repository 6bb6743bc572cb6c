/**
 * A real SMTP server in the test's process (the `smtp-server` package, plain SMTP on 127.0.0.1, no
 * TLS, no login), so messages go through nodemailer, the wire and a parser exactly as they would to
 * a mail provider. Every message it accepts is parsed with mailparser's simpleParser and kept.
 * A test can make it refuse the next N recipients (RCPT TO) or messages (DATA) with a code of its
 * choice: 451 for "try again later", 550 for "never".
 */
import { simpleParser, type Attachment, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

/** One message as the mail server received it. */
export type ReceivedMail = {
  /** RCPT TO addresses, lower case. */
  recipients: string[];
  /** MAIL FROM. */
  sender: string;
  /** The Message-ID header, with its angle brackets. */
  messageId: string;
  subject: string;
  text: string;
  html: string;
  /** Header names are lower case; values as mailparser gives them. */
  headers: ParsedMail["headers"];
  attachments: Attachment[];
  /**
   * Each text/calendar part's text. nodemailer's icalEvent writes the entry twice, as an
   * alternative of the text and HTML (`text/calendar; method=…`) and as an attachment
   * (`application/ics`, invite.ics); simpleParser turns both into attachments.
   */
  calendars: { contentType: string; method: string | null; filename: string | null; content: string }[];
  raw: string;
  parsed: ParsedMail;
};

export type SmtpStage = "rcpt" | "data";

export type SmtpSink = {
  /** smtp://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Everything accepted so far, in the order it arrived. */
  readonly received: ReceivedMail[];
  /** Refuses the next `count` recipients (rcpt) or messages (data) with `code`. */
  refuseNext(stage: SmtpStage, code: number, count?: number, message?: string): void;
  /** How many refusals are still to come at that stage. */
  refusalsLeft(stage: SmtpStage): number;
  /**
   * Holds each DATA reply this long before accepting, as a slow mail server does. A message whose
   * sender hangs up meanwhile was never accepted and is not kept (a mail server discards it too).
   */
  slowDown(ms: number): void;
  /** Messages received whole and not yet answered (held by slowDown). */
  inFlight(): number;
  /** Returns what arrived since the last take() (or start) and forgets it. */
  take(): ReceivedMail[];
  /** How often each Message-ID arrived, since the start. */
  countByMessageId(): Map<string, number>;
  /** Resolves once `count` messages have arrived since the start; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

/** Starts an SMTP server on a free port of 127.0.0.1. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let taken = 0;
  const refusals: Record<SmtpStage, { code: number; message: string }[]> = { rcpt: [], data: [] };
  const waiters = new Set<() => void>();
  const counts = new Map<string, number>();
  const closed = new Set<string>();
  let dataDelayMs = 0;
  let inFlight = 0;
  const refusal = (stage: SmtpStage) => {
    const next = refusals[stage].shift();
    if (!next) return null;
    return Object.assign(new Error(next.message), { responseCode: next.code });
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    hideSTARTTLS: true,
    logger: false,
    // Several workers with five pooled connections each, never kept waiting.
    maxClients: 50,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      callback(refusal("rcpt") ?? undefined);
    },
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const refused = refusal("data");
        if (refused) return callback(refused);
        // The server answers 250 only once the message is kept, so a sender that was told
        // "accepted" can count on finding it in `received`.
        const raw = Buffer.concat(chunks);
        inFlight += 1;
        new Promise((resolve) => setTimeout(resolve, dataDelayMs))
          .finally(() => (inFlight -= 1))
          .then(() => {
            if (closed.has(session.id)) throw new Error("the sender hung up before the message was accepted");
            return simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
          })
          .then((parsed) => {
            const mail = toReceived(parsed, raw.toString("utf8"), session);
            received.push(mail);
            counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
            for (const wake of [...waiters]) wake();
            callback();
          })
          .catch((error: unknown) => callback(Object.assign(new Error(`not accepted: ${String(error)}`), { responseCode: 554 })));
      });
    },
  });
  server.on("error", () => {});
  const port = await new Promise<number>((resolve, reject) => {
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as { port: number }).port));
    server.server.once("error", reject);
  });

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuseNext(stage, code, count = 1, message) {
      for (let i = 0; i < count; i++) refusals[stage].push({ code, message: message ?? (code < 500 ? "Try again later" : "Mailbox unavailable") });
    },
    refusalsLeft(stage) {
      return refusals[stage].length;
    },
    slowDown(ms) {
      dataDelayMs = ms;
    },
    inFlight() {
      return inFlight;
    },
    take() {
      const fresh = received.slice(taken);
      taken = received.length;
      return fresh;
    },
    countByMessageId() {
      return new Map(counts);
    },
    waitFor(count, timeoutMs = 20_000) {
      if (received.length >= count) return Promise.resolve(received.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${received.length} of ${count} messages arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received.slice());
        };
        waiters.add(check);
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function toReceived(parsed: ParsedMail, raw: string, session: SMTPServerSession): ReceivedMail {
  const calendars = parsed.attachments
    .filter((a) => /^(text\/calendar|application\/ics)$/i.test(a.contentType))
    .map((a) => ({
      contentType: a.contentType.toLowerCase(),
      method: (a.headers.get("content-type") as { params?: Record<string, string> } | undefined)?.params?.method ?? null,
      filename: a.filename ?? null,
      content: a.content.toString("utf8"),
    }));
  return {
    recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
    sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
    messageId: parsed.messageId ?? "",
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
    headers: parsed.headers,
    attachments: parsed.attachments,
    calendars,
    raw,
    parsed,
  };
}
