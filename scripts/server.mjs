// The production HTTP server: Express serving the Remix build, static files, and the headers
// every response needs. `npm start` runs it after migrating and building.
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import remixNode from "@remix-run/node";
import compression from "compression";
import express from "express";

const { createRequestHandler, writeReadableStreamToWritable } = remixNode;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// BUILD_DIR (set by the browser tests) holds a build made elsewhere; by default `remix build`'s output.
const buildDir = process.env.BUILD_DIR ? path.resolve(process.env.BUILD_DIR) : null;
const serverBuild = buildDir ? path.join(buildDir, "server/index.js") : path.join(root, "build/index.js");
const assetsDir = buildDir ? path.join(buildDir, "public/build") : path.join(root, "public/build");
const build = await import(pathToFileURL(serverBuild).href);
const trustProxy = process.env.TRUST_PROXY === "1";
// The request checks live in the app (app/utils/requestGuard.server.ts and its neighbours); the
// server build exports them from app/entry.server.tsx.
const edge = build.entry.module;
// A real deployment (HSTS): NODE_ENV=production and not the demo, as the app decides (env.server.ts).
// React and Remix run their production builds whenever NODE_ENV=production, the demo included.
const production = edge.isProduction();
const reactProduction = process.env.NODE_ENV === "production";

// The trusted origin (APP_ORIGIN, required in production) is checked now, not at the first request.
let policy;
try {
  policy = edge.originPolicy();
  // Production needs SMTP_URL: people are told to check their e-mail.
  edge.mailPolicy();
} catch (error) {
  console.error(`Tuttav cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
await edge.prepareRefusalPages();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", trustProxy ? 1 : false);
// A stored public page is sent already compressed (or as the visitor asked): never compressed again.
app.use(compression({ filter: (req, res) => !res.locals.precompressed && compression.filter(req, res) }));

app.use((req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  // A stored public page replaces it with the same policy allowing its inline scripts by hash.
  res.setHeader("Content-Security-Policy", edge.contentSecurityPolicy({ nonce }));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (production) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

/** Node's request headers as Fetch Headers, repeated ones kept (as @remix-run/express does). */
function fetchHeaders(nodeHeaders) {
  const headers = new Headers();
  for (const [key, value] of Object.entries(nodeHeaders)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(key, one);
  }
  return headers;
}

/** Sends a Fetch Response through Express (as @remix-run/express does), with `replace`'s headers instead of its own. */
async function sendResponse(res, response, replace = {}) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) if (!Object.hasOwn(replace, key)) res.append(key, value);
  for (const [key, value] of Object.entries(replace)) res.setHeader(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** The host a request is addressed to, as Remix will see it: X-Forwarded-Host only behind our own proxy. */
function requestHost(req) {
  const forwarded = trustProxy ? req.get("X-Forwarded-Host")?.split(",")[0].trim() : undefined;
  return forwarded || req.get("Host");
}

/**
 * Answers a refused request with the app's translated page, once what is left of its body has
 * been read off and dropped (within limits; past them the connection closes after the answer).
 */
async function refuse(req, res, refusal, options = {}) {
  await edge.discardBody(req);
  if (req.socket.destroyed) return;
  if (!req.complete) res.setHeader("Connection", "close");
  const response = await edge.refusalResponse(
    refusal,
    { method: req.method, url: req.originalUrl, cookie: req.get("Cookie"), acceptLanguage: req.get("Accept-Language") },
    options,
  );
  await sendResponse(res, response);
}

// Before anything is served: a Host that is not this app's (400), a method no route handles (405),
// a form post from another site's page (403).
app.use((req, res, next) => {
  const refusal = edge.guardRequest({ method: req.method, host: requestHost(req), origin: req.get("Origin"), referer: req.get("Referer") });
  if (refusal) refuse(req, res, refusal).catch(next);
  else next();
});

// Fingerprinted assets can be cached for good; everything else in public/ for an hour.
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
// public/ holds only files with an extension (favicons): pages skip the file system look-up.
const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

// A body is read whole, up to its limit, before Remix sees the request; then its fields are counted.
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const limit = edge.bodyLimit(req.path);
  edge
    .readBody(req, limit)
    .then((result) => {
      if (!result.ok) return refuse(req, res, edge.bodyRefusal(result.problem), { limit });
      const refusal = edge.checkFormBody(req.get("Content-Type"), result.body);
      if (refusal) return refuse(req, res, refusal);
      res.locals.body = result.body;
      next();
    })
    .catch(next);
});

const handleRequest = createRequestHandler(build, reactProduction ? "production" : "development");

// Remix, given the body read above (@remix-run/express's adapter would stream the request again).
app.all("*", async (req, res, next) => {
  try {
    const controller = new AbortController();
    // Abort loaders and actions once no answer can be written (`close` without `finish`).
    let finished = false;
    res.on("finish", () => (finished = true));
    res.on("close", () => finished || controller.abort());
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`${req.protocol}://${requestHost(req)}${req.originalUrl}`, {
      method: req.method,
      headers: fetchHeaders(req.headers),
      signal: controller.signal,
      ...(hasBody ? { body: res.locals.body, duplex: "half" } : {}),
    });
    // An anonymous public page may come from the cache, or go into it: then it is sent as stored,
    // the same bytes for everyone, with its own CSP (script hashes, no nonce) and compression.
    const page = await edge.openPageCache(request);
    let response = page?.cached();
    if (!response) {
      response = await handleRequest(request, { cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown" });
      if (page) response = await page.keep(response, res.locals.cspNonce);
    }
    if (response.headers.has("Content-Security-Policy")) {
      res.removeHeader("Content-Security-Policy");
      res.locals.precompressed = true;
    }
    // Coordinator pages and pages behind a private link are never stored by a browser or proxy.
    await sendResponse(res, response, edge.isPrivatePage(req.path) ? { "cache-control": "no-store" } : {});
  } catch (error) {
    next(error);
  }
});

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
// The outbox worker runs here unless MAIL_WORKER=off (then `npm run worker` runs it elsewhere).
const mailer = process.env.MAIL_WORKER === "off" ? null : edge.startMailer();
const server = app.listen(port, host, () => {
  console.log(`Tuttav is running at http://localhost:${port}`);
  // Build the public feed once now, so its per-event cache is warm before the first calendar
  // client asks (a cold build of a big season takes a few hundred ms; later ones only re-render
  // what changed). Failure here is harmless: the first real request builds it instead.
  // Addressed to the trusted host, which is the only one a production server answers.
  http.get({ host: "127.0.0.1", port, path: "/feeds/events.ics", headers: { Host: new URL(policy.trusted).host } }, (response) => response.resume()).on("error", () => {});
});

// On a stop signal: no new connections, the mail batch under way is recorded, then exit.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close();
    Promise.resolve(mailer?.stop()).finally(() => process.exit(0));
    // Open keep-alive connections must not hold the exit up.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
