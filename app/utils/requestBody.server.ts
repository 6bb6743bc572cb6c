/**
 * Request bodies for scripts/server.mjs, which hands the bytes to Remix: read into memory up to a
 * limit, and what is left of a refused one read off and dropped, within limits of its own.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";

export type BodyResult = { ok: true; body: Buffer } | { ok: false; problem: "tooLarge" | "badBody" };

/**
 * The whole body, or why not: "tooLarge" as soon as it (or its declared Content-Length) passes
 * `limit` bytes, "badBody" for a compressed body (no browser sends one), a Content-Length that is
 * not a number or not what arrived, or a connection lost half-way. On a refusal the stream is
 * left paused, unread.
 */
export function readBody(request: Readable & { headers: IncomingHttpHeaders }, limit: number): Promise<BodyResult> {
  const encoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") return Promise.resolve({ ok: false, problem: "badBody" });
  const declaredHeader = request.headers["content-length"];
  const declared = declaredHeader === undefined ? null : /^\d{1,15}$/.test(declaredHeader.trim()) ? Number(declaredHeader) : NaN;
  if (Number.isNaN(declared)) return Promise.resolve({ ok: false, problem: "badBody" });
  if (declared !== null && declared > limit) return Promise.resolve({ ok: false, problem: "tooLarge" });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: BodyResult) => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onFailure);
      request.off("close", onFailure);
      if (!result.ok) request.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) finish({ ok: false, problem: "tooLarge" });
      else chunks.push(chunk);
    };
    const onEnd = () => {
      if (declared !== null && received !== declared) finish({ ok: false, problem: "badBody" });
      else finish({ ok: true, body: Buffer.concat(chunks, received) });
    };
    const onFailure = () => finish({ ok: false, problem: "badBody" });
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onFailure);
    request.on("close", onFailure);
  });
}

/** How much of a refused body is read off (and dropped) at most, and for how long. */
export const DISCARD_LIMITS = { maxBytes: 32 * 1024 * 1024, maxMs: 10_000 };

/**
 * Before a refused request is answered: reads off and drops the rest of its body, so the answer
 * goes out on a connection with nothing unread. Closing a connection with unread data resets it,
 * and the client can lose the answer with it (RFC 9112, 9.6); seen here as EPIPE instead of 413
 * in about one upload in ten from clients that asked to close the connection. Resolves when the
 * body has ended, or, leaving it paused, once it goes on past `maxBytes` (also when it says so
 * in Content-Length) or `maxMs`, or the connection is lost; `request.complete` then tells which.
 */
export function discardBody(request: Readable & { headers: IncomingHttpHeaders; complete: boolean }, limits = DISCARD_LIMITS): Promise<void> {
  const declared = Number(request.headers["content-length"]);
  if (request.complete || declared > limits.maxBytes) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const stop = () => {
      clearTimeout(timer);
      request.off("data", onData);
      request.off("end", stop);
      request.off("close", stop);
      request.off("error", stop);
      if (!request.complete) request.pause();
      resolve();
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > limits.maxBytes) stop();
    };
    const timer = setTimeout(stop, limits.maxMs);
    request.on("data", onData);
    request.on("end", stop);
    request.on("close", stop);
    request.on("error", stop);
    request.resume();
  });
}
