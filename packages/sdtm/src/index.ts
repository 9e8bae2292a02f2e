/** @trialforge/sdtm: raw tables → SDTM datasets by the study's algorithm-style mapping spec. */
export { buildSdtm } from "./build.ts";
export type { BuildSdtmInput, DomainCount, FlaggedRecord, SdtmResult, SourceReconciliation } from "./build.ts";
export { asCtSource } from "./build.ts";
export type { CtExtension, CtSource } from "./internal/ct.ts";
export type { Rejection, RawInput } from "./internal/types.ts";
export { algorithms, compileMapping } from "./algorithms/index.ts";
export { computeElapsed } from "./algorithms/elapsed.ts";
export { computeRound, formatResult } from "./algorithms/standardize.ts";
