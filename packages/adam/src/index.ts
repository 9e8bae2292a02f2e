/**
 * @trialforge/adam: SDTM → ADaM. `buildAdam` composes one builder per dataset; each builder is a chain of
 * small derivations (`derive*` adds columns, `compute*` is values → value).
 */

export type { BuildAdamInput } from "./build.ts";
export { buildAdam } from "./build.ts";
export { buildAdae } from "./datasets/adae.ts";
export { buildAdis } from "./datasets/adis.ts";
export { buildAdlb } from "./datasets/adlb.ts";
export { adpcProfile, buildAdpc, buildAdpp } from "./datasets/adpc.ts";
export { buildAdrs } from "./datasets/adrs.ts";
// Builders
export { buildAdsl } from "./datasets/adsl.ts";
export { buildAdtte } from "./datasets/adtte.ts";
export {
  buildParallelAdae,
  buildParallelAdam,
  buildParallelAdsl,
  buildParallelAdtte,
  computeStartDateMissingDay,
} from "./datasets/parallel.ts";
export * from "./derivations/index.ts";
export { VARS as ADAM_VARIABLES } from "./internal/meta.ts";
export type { AdamStudy, AdamStudyArm } from "./internal/study.ts";
