/** @trialforge/sdtm: raw tables → SDTM datasets by the study's algorithm-style mapping spec. */

export { computeElapsed } from "./algorithms/elapsed.ts";
export { algorithms, compileMapping } from "./algorithms/index.ts";
export { computeRound, formatResult } from "./algorithms/standardize.ts";
export type {
  BuildSdtmInput,
  DomainCount,
  FlaggedRecord,
  SdtmResult,
  SourceReconciliation,
} from "./build.ts";
export { asCtSource, buildSdtm } from "./build.ts";
export type { CtExtension, CtSource } from "./internal/ct.ts";
export type { RecordOrigins } from "./internal/origins.ts";
export type { RawInput, Rejection } from "./internal/types.ts";
