// ESLint (flat config): a small base, no import cycles, and the layers of DESIGN.md "Architecture"
// as rules that fail `npm test`. Non-type-aware on purpose: it stays fast on a small machine.
//
// Layers (imports flow route → model → domain):
//   app/domain      pure logic: imports nothing from models, routes, components, utils, schemas, db
//   app/schemas     zod form schemas: may import the domain and utils, nothing from models, routes, components
//   app/utils       small helpers: never models, routes or components
//   app/models      use-cases over the database: never routes or components
//   app/components  presentational React: never models or routes (types they need live in the domain)
//   app/routes      thin: build no SQL (no db connection, no kysely, nothing from db/)
//   ~/root          imported by nobody except for types (shared hooks live in app/utils/locale.ts)
//   db/migrations   frozen text: nothing from app/
import { fileURLToPath } from "node:url";

import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const root = fileURLToPath(new URL(".", import.meta.url));

/** A zone for import-x/no-restricted-paths: files under `target` may not import anything under `from`. */
function forbid(target, from, message) {
  return { target, from, message };
}

const DOMAIN = "./app/domain";
const SCHEMAS = "./app/schemas";
const UTILS = "./app/utils";
const MODELS = "./app/models";
const COMPONENTS = "./app/components";
const ROUTES = "./app/routes";
const DB = "./db";

export const layerZones = [
  ...[MODELS, ROUTES, COMPONENTS, UTILS, SCHEMAS, DB].map((from) =>
    forbid(DOMAIN, from, "The domain is pure: it imports nothing from models, routes, components, utils, schemas or db/. Pass plain values in."),
  ),
  ...[MODELS, ROUTES, COMPONENTS].map((from) => forbid(SCHEMAS, from, "Schemas describe input: they import only the domain and utils.")),
  ...[MODELS, ROUTES, COMPONENTS].map((from) =>
    forbid(UTILS, from, "Utils are small shared helpers: they never import models, routes or components. Move the helper up into a model."),
  ),
  ...[ROUTES, COMPONENTS].map((from) => forbid(MODELS, from, "Models never import routes or components: data flows route → model → domain.")),
  ...[MODELS, ROUTES].map((from) => forbid(COMPONENTS, from, "Components are presentational: no models or routes. A type they need belongs in the domain.")),
  forbid(ROUTES, DB, "Routes build no SQL: call a model in app/models."),
  forbid(ROUTES, `${UTILS}/db.server.ts`, "Routes build no SQL and open no transactions: call a model in app/models."),
  forbid(`${DB}/migrations`, "./app", "A landed migration is frozen text: it imports nothing from app/ (copy the values it needs)."),
];

/** `~/root` holds the document; importing a value from it made a cycle (root → layout → hook → root). */
const noRootValues = {
  regex: "^(~|\\.{1,2})/(.*/)?root$",
  allowTypeImports: true,
  message: "Import nothing but types from ~/root: shared hooks live in app/utils (useLocale is in ~/utils/locale).",
};

const NODE_GLOBALS = Object.fromEntries(
  [
    "process",
    "console",
    "Buffer",
    "URL",
    "URLSearchParams",
    "setTimeout",
    "clearTimeout",
    "setInterval",
    "clearInterval",
    "fetch",
    "AbortController",
    "AbortSignal",
    "TextEncoder",
    "TextDecoder",
    "Headers",
    "Request",
    "Response",
  ].map((name) => [name, "readonly"]),
);

export default defineConfig([
  globalIgnores(["node_modules/", "build/", "public/build/", ".cache/", "data/", "backups/", "test-results/", "tmp/", "**/*.d.ts"]),
  {
    files: ["**/*.{js,mjs,cjs,ts,tsx}"],
    plugins: { "import-x": importX },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    settings: {
      // `~/…` and `#db/…` come from tsconfig.json's paths; unrs-resolver reads them.
      "import-x/resolver-next": [
        createNodeResolver({
          tsconfig: { configFile: `${root}tsconfig.json` },
          extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".node"],
          conditionNames: ["types", "import", "require", "node", "default"],
        }),
      ],
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs", ".cjs"],
    },
    rules: {
      ...js.configs.recommended.rules,
      eqeqeq: ["error", "always", { null: "ignore" }],
      // Calendar and CSV code strips control characters on purpose.
      "no-control-regex": "off",
      "no-fallthrough": ["error", { allowEmptyCase: true }],
      "no-console": ["error", { allow: ["error", "warn"] }],
      // Run-time cycles only: `import type` is erased and cannot make one.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
      "import-x/no-restricted-paths": ["error", { basePath: root, zones: layerZones }],
    },
  },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [tseslint.configs.recommended],
    rules: {
      // TypeScript checks names; the base rule does not know types or globals.
      "no-undef": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [noRootValues] }],
    },
  },
  {
    files: ["app/routes/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [{ name: "kysely", message: "Routes build no SQL: call a model in app/models." }],
          patterns: [noRootValues],
        },
      ],
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    // Kysely types a migration's database as Kysely<any>; tests poke at loose shapes.
    files: ["db/**", "test/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Command-line jobs, benchmarks and tests talk on the console.
    files: ["scripts/**", "test/**", "db/seed/**"],
    rules: { "no-console": "off" },
  },
]);
