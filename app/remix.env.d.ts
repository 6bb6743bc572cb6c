/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import "@remix-run/server-runtime";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** Per-request nonce for the Content-Security-Policy (set by scripts/server.mjs). */
    cspNonce?: string;
    /** The client's address as the server saw it, for rate limits. */
    clientIp?: string;
  }
}
