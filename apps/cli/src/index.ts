/**
 * The CLI's front door for the test ring only (nothing in packages/ imports apps/cli): the build context type,
 * one stage for in-process end-to-end tests, and the tool fingerprint the bundle is stamped with.
 */
export type { BuildContext } from "./context.ts";
export { toolHash } from "./pipeline/inputs.ts";
export { defineStage } from "./stages/define.ts";
