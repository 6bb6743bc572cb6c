// `remix build` replaces the literal `process.env.NODE_ENV` with "production" at build time, but
// what matters here is how the server was started (`NODE_ENV=production npm start`), so read it
// through a computed key that the bundler leaves alone.
const NODE_ENV_KEY = ["NODE", "ENV"].join("_");

/**
 * True for a real deployment: NODE_ENV=production and not the demo. Real secrets, APP_ORIGIN,
 * SMTP_URL, Secure cookies, HSTS, no demo data. `npm start` runs the demo with NODE_ENV=production
 * (React's fast build) and TUTTAV_DEMO=1, so NODE_ENV alone says how React runs, not where.
 */
export function isProduction(): boolean {
  return process.env[NODE_ENV_KEY] === "production" && !isDemo();
}

/** True when started as the demo (`npm start` on a machine not set to NODE_ENV=production): demo data, plain HTTP on localhost. */
export function isDemo(): boolean {
  return process.env.TUTTAV_DEMO === "1";
}
