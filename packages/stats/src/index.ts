// Rounding and display

export type { ArdKeys, ArdRow } from "./ard.ts";
// Analysis results data (cards-like long table)
export { toArd } from "./ard.ts";
export type { ProportionCi } from "./binom.ts";
// Binomial proportion CIs
export { computeClopperPearson, computeWilson } from "./binom.ts";
export type { Descriptive } from "./describe.ts";
// Descriptive statistics and quantiles
export { computeDescriptive } from "./describe.ts";
export type { CountInput } from "./freq.ts";
// Frequencies
export { countDenominators, countEvents, countSubjects } from "./freq.ts";
// Distribution functions (for other CIs)
export { betaIncReg, qbeta, qnorm } from "./internal/special.ts";
export type { KmAtTime, KmConfType, KmFit, KmOptions, KmQuantile, KmStep } from "./km.ts";
// Time to event
export { computeKm, computeKmAtTimes, computeKmQuantiles } from "./km.ts";
export type { AucMethod, BlqRule, NcaOptions, NcaResult } from "./nca.ts";
// Non-compartmental PK
export { computeNca } from "./nca.ts";
export type { QuantileDefinition } from "./quantile.ts";
export { computeQuantile, computeQuantileSorted, DEFAULT_QUANTILE_DEFINITION } from "./quantile.ts";
export type { Maybe } from "./round.ts";
export { computePercent, formatCountPercent, formatNumber, formatPercent, roundHalfAway } from "./round.ts";
