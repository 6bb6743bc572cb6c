// BUILD_DIR lets a test run build into its own folder, so parallel runs never share a build.
const buildDir = process.env.BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverDependenciesToBundle: [/^remix-i18next/],
  watchPaths: ["./db"],
  ...(buildDir
    ? {
        serverBuildPath: `${buildDir}/server/index.js`,
        assetsBuildDirectory: `${buildDir}/public/build`,
        cacheDirectory: `${buildDir}/cache`,
      }
    : {}),
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off on purpose: with it, every page carried its part of the route manifest inline and the
    // browser asked /__manifest for the links it met; without it the whole manifest is one
    // fingerprinted file (about 3 KB gzipped) that is fetched once and cached for good. Pages are
    // smaller and a coordinator page costs less server time (route matching ran twice more per
    // render); measured with `npm run bench:pages`.
    v3_lazyRouteDiscovery: false,
  },
};
