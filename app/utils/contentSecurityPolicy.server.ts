/**
 * The Content-Security-Policy every response carries (scripts/server.mjs sets it). Inline scripts
 * run only when this response allows them: by a nonce made for the response, or, for a stored
 * public page that is the same bytes for every visitor (pageCache.server.ts), by the SHA-256 of each
 * inline script in it. Both forms are otherwise the same policy.
 */
import { createHash } from "node:crypto";

export type ScriptAllowance = { nonce: string } | { hashes: string[] };

/** The policy, with inline scripts allowed by `scripts`. */
export function contentSecurityPolicy(scripts: ScriptAllowance): string {
  const inline = "nonce" in scripts ? [`'nonce-${scripts.nonce}'`] : scripts.hashes.map((hash) => `'${hash}'`);
  return [
    "default-src 'self'",
    ["script-src 'self'", ...inline].join(" "),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The CSP hash source (`sha256-…`) of every inline script in a page we rendered, each once. A
 * browser hashes a script's text exactly as written between its tags; React and Remix never write
 * `</script` inside one (they escape `<` in what they serialise), so the first closing tag ends it.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes, text] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\ssrc\s*=/i.test(attributes)) continue;
    hashes.add(`sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`);
  }
  return [...hashes];
}
