// biome-ignore-all assist/source/organizeImports: exports are grouped by topic, in the order a TLF uses them

// Rounding and display
export { roundHalfAway, formatNumber, formatPercent, formatCountPercent, computePercent } from "./round.ts";
export type { Maybe } from "./round.ts";
// Analysis results data (cards-like long table)
export { toArd } from "./ard.ts";
export type { ArdRow, ArdKeys } from "./ard.ts";
// Frequencies
export { countSubjects, countEvents, countDenominators } from "./freq.ts";
export type { CountInput } from "./freq.ts";
// Descriptive statistics and quantiles
export { computeDescriptive } from "./describe.ts";
export type { Descriptive } from "./describe.ts";
export { computeQuantile, computeQuantileSorted, DEFAULT_QUANTILE_DEFINITION } from "./quantile.ts";
export type { QuantileDefinition } from "./quantile.ts";
// Binomial proportion CIs
export { computeClopperPearson, computeWilson } from "./binom.ts";
export type { ProportionCi } from "./binom.ts";
// Time to event
export { computeKm, computeKmQuantiles, computeKmAtTimes } from "./km.ts";
export type { KmConfType, KmOptions, KmStep, KmFit, KmQuantile, KmAtTime } from "./km.ts";
// Non-compartmental PK
export { computeNca } from "./nca.ts";
export type { AucMethod, BlqRule, NcaOptions, NcaResult } from "./nca.ts";
// Distribution functions (for other CIs)
export { betaIncReg, qbeta, qnorm } from "./internal/special.ts";
