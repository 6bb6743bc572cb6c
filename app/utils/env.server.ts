// `remix build` replaces the literal `process.env.NODE_ENV` with "production" at build time, but
// what matters here is how the server was started (`NODE_ENV=production npm start`), so read it
// through a computed key that the bundler leaves alone.
const NODE_ENV_KEY = ["NODE", "ENV"].join("_");

/** True when the server runs in production mode: real secrets, Secure cookies, no demo data. */
export function isProduction(): boolean {
  return process.env[NODE_ENV_KEY] === "production";
}
