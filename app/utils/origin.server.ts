/**
 * The one origin Tuttav trusts: every link that leaves a page (e-mail, feeds, UIDs, subscribe
 * links) is built from it, and the server answers only requests addressed to it (see
 * requestGuard.server.ts). Never the request's Host: anyone can send any Host.
 */
import { isProduction } from "./env.server";

export const DEFAULT_PORT = 3000;

/** Names a development server also answers to, on its own port. */
const LOCAL_HOSTNAMES = ["localhost", "127.0.0.1", "[::1]"] as const;

/** What the server accepts: the trusted origin, and the Host and Origin values that name it. */
export type OriginPolicy = {
  /** "https://tuttav.example": no path, no trailing slash. */
  trusted: string;
  /** Host header values (lower case, "name" or "name:port") addressed to this app. */
  hosts: ReadonlySet<string>;
  /** Origin header values (serialised origins) of this app's own pages. */
  origins: ReadonlySet<string>;
};

/** A configuration the server cannot run with; the message says what to set. */
export class OriginSettingError extends Error {
  override name = "OriginSettingError";
}

type OriginEnv = { APP_ORIGIN?: string; PORT?: string; production: boolean };

/**
 * Builds the policy from the settings: APP_ORIGIN (required in production), else
 * http://localhost:$PORT. Outside production the app also answers on localhost, 127.0.0.1 and
 * [::1] at its own port. Throws OriginSettingError for a missing or malformed setting.
 */
export function buildOriginPolicy(env: OriginEnv): OriginPolicy {
  const port = portOf(env.PORT);
  const configured = env.APP_ORIGIN?.trim();
  if (!configured && env.production) {
    throw new OriginSettingError(
      "APP_ORIGIN must be set when NODE_ENV=production: the public address of the app, e.g. APP_ORIGIN=https://tuttav.example. " +
        "Links in e-mails and calendar feeds are built from it, and requests addressed to any other host are refused.",
    );
  }
  const trusted = configured ? parseOrigin(configured) : `http://localhost:${port}`;
  const url = new URL(trusted);
  const hosts = new Set([url.host]);
  // A Host header may name the default port explicitly.
  if (!url.port) hosts.add(`${url.hostname}:${url.protocol === "https:" ? 443 : 80}`);
  const origins = new Set([trusted]);
  if (!env.production) {
    for (const name of LOCAL_HOSTNAMES) {
      hosts.add(`${name}:${port}`);
      if (port === 80) hosts.add(name);
      origins.add(new URL(`http://${name}:${port}`).origin);
    }
  }
  return { trusted, hosts, origins };
}

/** "https://Tuttav.example/" → "https://tuttav.example"; anything but a bare http(s) origin is an error. */
function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OriginSettingError(`APP_ORIGIN is not a URL: "${value}". Set it to the app's public address, e.g. https://tuttav.example`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password || url.pathname !== "/" || url.search || url.hash) {
    throw new OriginSettingError(`APP_ORIGIN must be only a scheme and a host (and port), like https://tuttav.example; got "${value}"`);
  }
  return url.origin;
}

function portOf(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new OriginSettingError(`PORT must be a TCP port number (1–65535); got "${value}"`);
  return port;
}

let cached: { key: string; policy: OriginPolicy } | null = null;

/** The policy for how this process was started (settings are read each time, so tests can change them). */
export function originPolicy(): OriginPolicy {
  const env = { APP_ORIGIN: process.env.APP_ORIGIN, PORT: process.env.PORT, production: isProduction() };
  const key = JSON.stringify(env);
  if (cached?.key !== key) cached = { key, policy: buildOriginPolicy(env) };
  return cached.policy;
}

/** The trusted origin, e.g. "https://tuttav.example", for links that leave the page. */
export function trustedOrigin(): string {
  return originPolicy().trusted;
}

const PLAIN_HOSTNAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

/** The domain part of calendar UIDs and Message-IDs: the trusted origin's host name ("tuttav" for an IP literal). */
export function uidHost(): string {
  const hostname = new URL(trustedOrigin()).hostname;
  return PLAIN_HOSTNAME.test(hostname) ? hostname : "tuttav";
}
