import { computeQuantileSorted, DEFAULT_QUANTILE_DEFINITION, type QuantileDefinition } from "./quantile.ts";

/** Summary statistics of one variable (null where not computable). */
export interface Descriptive {
  /** number of non-missing values */
  n: number;
  /** number of missing values (null, undefined, NaN) */
  nMiss: number;
  mean: number | null;
  /** sample SD, divisor n-1; null for n < 2 */
  sd: number | null;
  /** standard error of the mean, sd / sqrt(n) */
  se: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
  /** coefficient of variation in %, 100 sd / mean; null when mean = 0 */
  cv: number | null;
  /** exp(mean(log x)); null unless every value > 0 */
  geoMean: number | null;
  /** geometric CV% = 100 sqrt(exp(sd_log^2) - 1); null unless every value > 0 and n >= 2 */
  geoCv: number | null;
  /** SD of log values (for geometric CIs); null as geoCv */
  sdLog: number | null;
}

/**
 * Descriptive statistics: n, mean, SD (n-1), SE, median, Q1, Q3, min, max, CV%, geometric mean and
 * geometric CV%. Quartiles use `quantileDefinition` (default SAS PCTLDEF=5; "r7" for R's default);
 * the median is the 0.5 quantile of the same definition (sas4, sas5 and r7 give the usual middle
 * value or average of the two middle values; sas1-sas3 take the lower middle value for even n).
 * Mean and SD use a two-pass algorithm (mean first, then sum of squared deviations) for accuracy.
 * Geometric statistics need every value > 0 (SAS PROC TTEST DIST=LOGNORMAL, PKNCA geomean): one
 * value <= 0 makes them null rather than silently dropping it.
 * @example
 * computeDescriptive([1, 2, 3, 4])   // n 4, mean 2.5, sd 1.290994..., median 2.5, q1 1.5, q3 3.5
 * computeDescriptive([2, 8])         // geoMean 4
 * computeDescriptive([null, 5])      // n 1, nMiss 1, sd null
 */
export function computeDescriptive(
  values: ArrayLike<number | null | undefined>,
  opts: { quantileDefinition?: QuantileDefinition } = {},
): Descriptive {
  const def = opts.quantileDefinition ?? DEFAULT_QUANTILE_DEFINITION;
  const v: number[] = [];
  let nMiss = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x === "number" && !Number.isNaN(x)) v.push(x);
    else nMiss++;
  }
  const n = v.length;
  if (n === 0) {
    return {
      n,
      nMiss,
      mean: null,
      sd: null,
      se: null,
      median: null,
      q1: null,
      q3: null,
      min: null,
      max: null,
      cv: null,
      geoMean: null,
      geoCv: null,
      sdLog: null,
    };
  }
  const sorted = Float64Array.from(v).sort();
  const mean = meanOf(sorted);
  const sd = n > 1 ? sdOf(sorted, mean) : null;
  const allPositive = (sorted[0] as number) > 0;
  let geoMean: number | null = null;
  let sdLog: number | null = null;
  if (allPositive) {
    const logs = sorted.map(Math.log);
    const ml = meanOf(logs);
    geoMean = Math.exp(ml);
    sdLog = n > 1 ? sdOf(logs, ml) : null;
  }
  return {
    n,
    nMiss,
    mean,
    sd,
    se: sd === null ? null : sd / Math.sqrt(n),
    median: computeQuantileSorted(sorted, 0.5, def),
    q1: computeQuantileSorted(sorted, 0.25, def),
    q3: computeQuantileSorted(sorted, 0.75, def),
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    cv: sd === null || mean === 0 ? null : (100 * sd) / mean,
    geoMean,
    geoCv: sdLog === null ? null : 100 * Math.sqrt(Math.expm1(sdLog * sdLog)),
    sdLog,
  };
}

function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  const m = s / x.length;
  // one correction pass (as R's mean.default) removes most rounding error of the naive sum
  let c = 0;
  for (let i = 0; i < x.length; i++) c += (x[i] as number) - m;
  return m + c / x.length;
}

function sdOf(x: ArrayLike<number>, mean: number): number {
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (x.length - 1));
}
