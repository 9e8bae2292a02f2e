import { qnorm } from "./internal/special.ts";

/**
 * Transform for pointwise survival confidence intervals:
 * - "log-log": exp(-exp(log(-log S) -+ z se/log S)), SAS PROC LIFETEST default (CONFTYPE=LOGLOG);
 * - "log":     exp(log S +- z se), upper capped at 1, R survival::survfit default;
 * - "plain":   S +- z se S, clipped to [0, 1] (SAS CONFTYPE=LINEAR).
 * se is the Greenwood standard error of log S. As in R, the interval is null where S = 0 (all
 * transforms but plain have no interval there; plain has se = Inf) and, for log-log, where S = 1.
 */
export type KmConfType = "log-log" | "log" | "plain";

export interface KmOptions {
  /** default "log-log" (SAS LIFETEST); "log" reproduces R survfit's default */
  confType?: KmConfType;
  /** default 0.95 */
  confLevel?: number;
}

/** One row of the Kaplan-Meier table: every distinct time with an event or a censoring. */
export interface KmStep {
  time: number;
  /** subjects with time >= this time */
  nRisk: number;
  nEvent: number;
  nCensor: number;
  /** S(t) just after this time */
  surv: number;
  /** Greenwood SE of S: S sqrt(sum d/(n(n-d))); null where not finite */
  stdErr: number | null;
  /** Greenwood SE of log S (R survfit `std.err`); Infinity once S = 0 by n = d */
  stdErrLog: number;
  lower: number | null;
  upper: number | null;
}

export interface KmFit {
  n: number;
  nEvents: number;
  confType: KmConfType;
  confLevel: number;
  steps: KmStep[];
}

/**
 * Kaplan-Meier estimate S(t) = prod over event times t_i <= t of (1 - d_i / n_i), with Greenwood's
 * variance Var(log S) = sum d_i / (n_i (n_i - d_i)). At a tied time, events are taken to happen
 * before the censorings, so subjects censored at t are still at risk at t (SAS and R both do this).
 * @example
 * const fit = computeKm([1, 2, 2, 3], [1, 1, 0, 1]);   // status 1 = event, 0 = censored
 * fit.steps.map((s) => s.surv)                          // [0.75, 0.5, 0]
 * computeKmQuantiles(fit)[1]                            // median { prob: 0.5, quantile: 2.5, ... }
 */
export function computeKm(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  opts: KmOptions = {},
): KmFit {
  const confType = opts.confType ?? "log-log";
  const confLevel = opts.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1))
    throw new RangeError(`Kaplan-Meier: confLevel must be in (0, 1), got ${confLevel}`);
  const n = time.length;
  if (event.length !== n) throw new RangeError(`Kaplan-Meier: ${n} times but ${event.length} event flags`);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!Number.isFinite(t))
      throw new RangeError(`Kaplan-Meier: time ${i + 1} is not a finite number (${t})`);
    idx.push(i);
  }
  idx.sort((a, b) => (time[a] as number) - (time[b] as number));
  const z = qnorm(1 - (1 - confLevel) / 2);
  const steps: KmStep[] = [];
  let atRisk = n;
  let surv = 1;
  let varLog = 0;
  let nEvents = 0;
  for (let k = 0; k < n; ) {
    const t = time[idx[k] as number] as number;
    let d = 0;
    let c = 0;
    while (k < n && time[idx[k] as number] === t) {
      const e = event[idx[k] as number];
      if (e === true || e === 1) d++;
      else c++;
      k++;
    }
    if (d > 0) {
      surv *= 1 - d / atRisk;
      varLog += atRisk === d ? Infinity : d / (atRisk * (atRisk - d));
    }
    const seLog = Math.sqrt(varLog);
    const [lower, upper] = confidenceLimits(surv, seLog, confType, z);
    const se = surv * seLog;
    steps.push({
      time: t,
      nRisk: atRisk,
      nEvent: d,
      nCensor: c,
      surv,
      stdErr: Number.isFinite(se) ? se : null,
      stdErrLog: seLog,
      lower,
      upper,
    });
    nEvents += d;
    atRisk -= d + c;
  }
  return { n, nEvents, confType, confLevel, steps };
}

/** Pointwise limits of S given se of log S (R survival `survfit_confint`). */
function confidenceLimits(
  p: number,
  se: number,
  type: KmConfType,
  z: number,
): [number | null, number | null] {
  const ok = (x: number): number | null => (Number.isFinite(x) ? x : null);
  if (type === "plain") {
    const h = se * p * z;
    if (Number.isNaN(h)) return [null, null];
    return [Math.max(p - h, 0), Math.min(p + h, 1)];
  }
  if (type === "log") {
    if (p === 0) return [null, null];
    return [ok(Math.exp(Math.log(p) - z * se)), ok(Math.min(Math.exp(Math.log(p) + z * se), 1))];
  }
  if (p === 0 || p === 1) return [null, null];
  const h = (z * se) / Math.log(p);
  const ll = Math.log(-Math.log(p));
  return [ok(Math.exp(-Math.exp(ll - h))), ok(Math.exp(-Math.exp(ll + h)))];
}

/** A survival quantile with its confidence interval. */
export interface KmQuantile {
  /** 0.5 = median: the time by which a fraction `prob` has had the event */
  prob: number;
  quantile: number | null;
  lower: number | null;
  upper: number | null;
}

const TOLERANCE = Math.sqrt(Number.EPSILON); // R quantile.survfit default tolerance

/**
 * Quantiles of the survival time (median = prob 0.5) with Brookmeyer-Crowley confidence limits.
 *
 * Definition (R `quantile.survfit`, survival 3.5): the p-quantile is the first time with
 * 1 - S(t) >= p; where S equals 1 - p exactly (within sqrt(eps)) on a flat step it is the midpoint
 * of that step and the next time (or of the last time, if the curve ends there). The lower and upper
 * limits are the same rule applied to the lower and upper pointwise confidence curves of the chosen
 * transform, which is the Brookmeyer-Crowley interval {t : |g(S(t)) - g(1-p)| <= z se(g(S(t)))}
 * inverted on the transform's scale. `rule: "sas"` takes the limits as SAS LIFETEST documents them
 * (first event time in that set; next event time after its last one). On all 90 R fixture fits the two
 * rules agree except one case: an interval still open when S drops to 0 at the last event, which R
 * leaves open (null) and the SAS rule closes at that event time. Null = not reached / not estimable.
 */
export function computeKmQuantiles(
  fit: KmFit,
  probs: readonly number[] = [0.25, 0.5, 0.75],
  opts: { rule?: "r" | "sas" } = {},
): KmQuantile[] {
  const x = [0, ...fit.steps.map((s) => s.time)];
  const point = [0, ...fit.steps.map((s) => 1 - s.surv)];
  const lo = [0, ...fit.steps.map((s) => (s.lower === null ? null : 1 - s.lower))];
  const hi = [0, ...fit.steps.map((s) => (s.upper === null ? null : 1 - s.upper))];
  return probs.map((p) => {
    const quantile = findQuantile(x, point, p);
    if (opts.rule === "sas") return { prob: p, quantile, ...sasQuantileLimits(fit, p) };
    return { prob: p, quantile, lower: findQuantile(x, lo, p), upper: findQuantile(x, hi, p) };
  });
}

/**
 * SAS LIFETEST limits for the p-quantile (Klein and Moeschberger 1997 generalisation of
 * Brookmeyer-Crowley): the event times t with |g(S(t)) - g(1-p)| <= z g'(S(t)) se(S(t)) form the
 * interval; the lower limit is the first of them, the upper limit the next event time after the last
 * of them (null = not estimable). Same rule as statsmodels `SurvfuncRight.quantile_ci`, which
 * cites the SAS documentation for it; not run against SAS itself (no SAS here).
 */
function sasQuantileLimits(fit: KmFit, p: number): { lower: number | null; upper: number | null } {
  const z = qnorm(1 - (1 - fit.confLevel) / 2);
  const target = 1 - p;
  const events = fit.steps.filter((s) => s.nEvent > 0);
  const inSet = events.map((s) => {
    const S = s.surv;
    const se = s.stdErrLog; // se(log S) = se(S) / S
    if (!(S > 0) || !Number.isFinite(se)) return false;
    let r: number;
    if (fit.confType === "plain") r = (S - target) / (S * se);
    else if (fit.confType === "log") r = (Math.log(S) - Math.log(target)) / se;
    else {
      if (S === 1) return false;
      r = ((Math.log(-Math.log(S)) - Math.log(-Math.log(target))) * Math.log(S)) / se;
    }
    return Math.abs(r) <= z;
  });
  const first = inSet.indexOf(true);
  if (first < 0) return { lower: null, upper: null };
  const last = inSet.lastIndexOf(true);
  return { lower: (events[first] as KmStep).time, upper: events[last + 1]?.time ?? null };
}

/** First x where the cumulative curve y reaches p, with R's flat-step midpoint rule (survival:::findq). */
function findQuantile(xIn: readonly number[], yIn: readonly (number | null)[], p: number): number | null {
  let max = -Infinity;
  for (const v of yIn) if (v !== null && v > max) max = v;
  if (max < p) return null;
  const xmax = xIn[xIn.length - 1] as number;
  // drop repeated curve values (keep the first), as R does before interpolating
  const x: number[] = [];
  const y: (number | null)[] = [];
  const seen = new Set<number | null>();
  for (let i = 0; i < yIn.length; i++) {
    const v = yIn[i] as number | null;
    if (seen.has(v)) continue;
    seen.add(v);
    x.push(xIn[i] as number);
    y.push(v);
  }
  if (p === 0) return x[0] as number;
  const firstAtOrAbove = (shift: number): number | null => {
    // R approx(y + shift, 1:n, p, "constant", f = 1): index of the smallest curve value >= p
    let best: number | null = null;
    let bestV = Infinity;
    let anyBelow = false;
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      if (v === null || v === undefined) continue;
      const w = v + shift;
      if (w >= p && w < bestV) {
        bestV = w;
        best = i;
      }
      if (w <= p) anyBelow = true;
    }
    return anyBelow ? best : null;
  };
  const i1 = firstAtOrAbove(TOLERANCE);
  const i2 = firstAtOrAbove(-TOLERANCE);
  const last = y[y.length - 1];
  if (last !== null && last !== undefined && Math.abs(p - last) < TOLERANCE) {
    return i1 === null ? null : ((x[i1] as number) + xmax) / 2;
  }
  if (i1 === null || i2 === null) return null;
  return ((x[i1] as number) + (x[i2] as number)) / 2;
}

/** Survival estimate, number at risk and confidence limits at a chosen time (e.g. 6-month rate). */
export interface KmAtTime {
  time: number;
  /** subjects still at risk at `time` (time >= `time`) */
  nRisk: number;
  surv: number;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * S(t), numbers at risk and limits at chosen times, as R `summary(fit, times, extend = TRUE)`: the
 * values of the last step at or before t; before the first time S = 1 with limits 1; after the last
 * time the last values with nRisk = 0.
 */
export function computeKmAtTimes(fit: KmFit, times: readonly number[]): KmAtTime[] {
  const steps = fit.steps;
  return times.map((t) => {
    let j = -1;
    let lo = 0;
    let hi = steps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((steps[mid] as KmStep).time <= t) {
        j = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // at risk at t: subjects whose time is >= t, i.e. the risk set of the first step at or after t
    const next = steps[j >= 0 && (steps[j] as KmStep).time === t ? j : j + 1];
    const nRisk = next ? next.nRisk : 0;
    if (j < 0) return { time: t, nRisk, surv: 1, stdErr: 0, lower: 1, upper: 1 };
    const s = steps[j] as KmStep;
    return { time: t, nRisk, surv: s.surv, stdErr: s.stdErr, lower: s.lower, upper: s.upper };
  });
}
