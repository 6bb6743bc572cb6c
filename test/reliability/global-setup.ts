import type { TestProject } from "vitest/node";

import { testBuild } from "../helpers/server";

declare module "vitest" {
  export interface ProvidedContext {
    /** The built app every reliability file serves (BUILD_DIR of its servers). */
    buildDir: string;
  }
}

let build: ReturnType<typeof testBuild> | undefined;

/** One build for the whole run, which every file serves (scripts/lib/server.ts's testBuild). */
export function setup(project: TestProject) {
  build = testBuild("reliability");
  project.provide("buildDir", build.buildDir);
}

export function teardown() {
  build?.remove();
}
