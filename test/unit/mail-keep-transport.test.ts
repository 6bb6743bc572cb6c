/**
 * The development transport (no SMTP_URL) keeps messages in MAIL_OUTBOX_PATH for /admin/outbox and
 * tests. The worker hands it a batch at once; the file must list them in the order given (most
 * urgent first), not in whatever order concurrent appends finish.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, expect, it } from "vitest";

import { createMailTransport } from "~/utils/mailTransport.server";

const saved = process.env.MAIL_OUTBOX_PATH;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-keep-"));
afterAll(() => {
  if (saved === undefined) delete process.env.MAIL_OUTBOX_PATH;
  else process.env.MAIL_OUTBOX_PATH = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

it("writes a batch sent at once in the order it was handed over", async () => {
  process.env.MAIL_OUTBOX_PATH = path.join(dir, "nested", "outbox.jsonl");
  const transport = createMailTransport({ smtpUrl: null, from: "Tuttav <info@tuttav.example>" });
  expect(transport.kind).toBe("keep");
  const n = 300;
  const outcomes = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      transport.send({
        messageId: `<m${i}@tuttav.example>`,
        to: `p${i}@example.org`,
        subject: `S${i}`,
        text: "x".repeat(i % 3 === 0 ? 200_000 : 1 + ((i * 7919) % 5000)),
        html: null,
        locale: "et",
        ics: null,
      }),
    ),
  );
  expect(outcomes.every((o) => o.ok)).toBe(true);
  const lines = fs
    .readFileSync(process.env.MAIL_OUTBOX_PATH, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { messageId: string });
  expect(lines.map((l) => l.messageId)).toEqual(Array.from({ length: n }, (_, i) => `<m${i}@tuttav.example>`));
});
