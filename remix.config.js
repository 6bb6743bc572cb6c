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
    v3_lazyRouteDiscovery: true,
  },
};
