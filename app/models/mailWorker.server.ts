/**
 * The worker that empties the outbox: claims due messages, hands them to the transport, records
 * what happened (see outbox/claims.server.ts), and once a minute queues what is due by the clock
 * (reminders, digests; see scheduledMessages.server.ts). The server runs one in its process;
 * `npm run worker` runs the same one alone. Several may run at once, in any processes.
 */
import { randomUUID } from "node:crypto";

import { createMailTransport, type MailTransport } from "~/utils/mailTransport.server";

import { claimDue, recordDeliveries, type DeliveryResult } from "./outbox/claims.server";
import { onQueued } from "./outbox.server";
import { queueScheduledMessages } from "./scheduledMessages.server";

export type MailWorkerOptions = {
  transport?: MailTransport;
  /** How often to look for due messages when nothing wakes the worker; default 5 s. */
  pollMs?: number;
  /** Messages claimed at once; default DEFAULT_BATCH. */
  batch?: number;
  /** Queue reminders and digests once a minute; default true. */
  schedule?: () => Promise<unknown>;
  scheduleEveryMs?: number;
  onError?: (error: unknown) => void;
};

export type MailWorker = {
  id: string;
  /** Sends everything due now, then resolves with how many messages it handled. */
  drain(): Promise<number>;
  /** Stops polling; waits for the batch under way. */
  stop(): Promise<void>;
};

/**
 * Messages claimed at once. More does not send faster (the transport has 5 connections), but the
 * ones waiting for a connection outlive young-generation GCs: with 50 the worker's peak memory in
 * `npm run bench:mail` was 300–340 MB, with 20 about 250 MB, at the same speed.
 */
export const DEFAULT_BATCH = 20;

export function startMailWorker(options: MailWorkerOptions = {}): MailWorker {
  const id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const transport = options.transport ?? createMailTransport();
  const batch = options.batch ?? DEFAULT_BATCH;
  const pollMs = options.pollMs ?? 5_000;
  const onError = options.onError ?? ((error) => console.error(`mail worker: ${error instanceof Error ? error.stack : String(error)}`));
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let lastSchedule = -Infinity;

  /** One pass: claim and send until nothing is due. Never two passes at once in one worker. */
  const pass = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let handled = 0;
      try {
        do {
          again = false;
          // Real elapsed time, not the app's clock (which tests may pin).
          if (options.schedule && performance.now() - lastSchedule >= (options.scheduleEveryMs ?? 60_000)) {
            lastSchedule = performance.now();
            await options.schedule();
          }
          for (;;) {
            const claimed = await claimDue(id, batch);
            if (claimed.length === 0) break;
            const results: DeliveryResult[] = await Promise.all(
              claimed.map(async (message) => ({
                id: message.id,
                kept: transport.kind === "keep",
                outcome: await transport.send({
                  messageId: message.messageId,
                  to: message.to,
                  subject: message.subject,
                  text: message.text,
                  html: message.html,
                  locale: message.locale,
                  ics: message.ics,
                }),
              })),
            );
            await recordDeliveries(id, results);
            handled += claimed.length;
            if (stopped) break;
          }
        } while (again && !stopped);
      } catch (error) {
        onError(error);
      } finally {
        running = null;
      }
      return handled;
    })();
    return running;
  };

  const loop = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      await pass();
      loop();
    }, pollMs);
    timer.unref?.();
  };
  const unsubscribe = onQueued(() => {
    if (!stopped) void pass();
  });
  void pass().then(loop);

  return {
    id,
    async drain() {
      let total = 0;
      // A pass already under way may have claimed before the caller's commit: run until one finds nothing.
      for (;;) {
        const handled = await pass();
        total += handled;
        if (handled === 0 && !running) return total;
      }
    },
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (running) await running;
      transport.close();
    },
  };
}

/**
 * The app's worker: the configured transport, reminders and digests once a minute. Started by the
 * server (unless MAIL_WORKER=off) and by `npm run worker`.
 */
export function startMailer(options: Pick<MailWorkerOptions, "pollMs" | "onError"> = {}): MailWorker {
  return startMailWorker({ ...options, schedule: queueScheduledMessages });
}
