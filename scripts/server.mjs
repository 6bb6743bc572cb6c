// The production HTTP server: Express serving the Remix build, static files, and the headers
// every response needs. `npm start` runs it after migrating and building.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// BUILD_DIR (set by the browser tests) holds a build made elsewhere; by default `remix build`'s output.
const buildDir = process.env.BUILD_DIR ? path.resolve(process.env.BUILD_DIR) : null;
const serverBuild = buildDir ? path.join(buildDir, "server/index.js") : path.join(root, "build/index.js");
const assetsDir = buildDir ? path.join(buildDir, "public/build") : path.join(root, "public/build");
const build = await import(pathToFileURL(serverBuild).href);
const production = process.env.NODE_ENV === "production";

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);
app.use(compression());

app.use((req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  next();
});

// Fingerprinted assets can be cached for good; everything else in public/ for an hour.
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: production ? "production" : "development",
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown" }),
  }),
);

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
app.listen(port, host, () => {
  console.log(`Tuttav is running at http://localhost:${port}`);
  // Build the public feed once now, so its per-event cache is warm before the first calendar
  // client asks (a cold build of a big season takes a few hundred ms; later ones only re-render
  // what changed). Failure here is harmless: the first real request builds it instead.
  fetch(`http://127.0.0.1:${port}/feeds/events.ics`).then((response) => response.arrayBuffer()).catch(() => {});
});
