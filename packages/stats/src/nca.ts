/**
 * Non-compartmental analysis of one concentration-time profile (one subject, one dose at `doseTime`).
 * Definitions follow Phoenix WinNonlin / NonCompart / PKNCA; the Theophylline fixture checks them
 * against WinNonlin's published values (test/fixtures/theoph.json).
 */

/** How AUC segments are integrated. */
export type AucMethod = "linear" | "linear-up-log-down";

/** Handling of concentrations below the LLOQ (BLQ), by position in the profile. */
export interface BlqRule {
  /** BLQ before the first measurable concentration: "zero" (default; PKNCA "keep") or "drop" */
  beforeFirst?: "zero" | "drop";
  /** BLQ between the first and last measurable: "drop" (default; PKNCA), "zero" or "lloqHalf" (LLOQ/2) */
  between?: "drop" | "zero" | "lloqHalf";
  /** BLQ after the last measurable: "zero" (default; ends the profile, no effect on AUClast) or "drop" */
  afterLast?: "zero" | "drop";
}

export interface NcaOptions {
  /** AUC rule, default "linear-up-log-down" (PKNCA default): log trapezoid where C falls and both C > 0 */
  aucMethod?: AucMethod;
  /** dosing time, default 0; a concentration of 0 is assumed there when none is observed (extravascular, WinNonlin) */
  doseTime?: number;
  /** lower limit of quantification; values below it (and 0) are BLQ. Without it only 0 is BLQ. */
  lloq?: number;
  /** explicit BLQ flags, parallel to conc (overrides the lloq comparison where true) */
  blq?: ArrayLike<boolean>;
  blqRule?: BlqRule;
  /** partial AUC windows [start, end], e.g. [[0, 28]] for AUC0-28d */
  intervals?: readonly (readonly [number, number])[];
  lambdaZ?: {
    /** minimum points in the terminal regression, default 3 */
    minPoints?: number;
    /** a fit with more points wins if its adjusted R^2 is within this of the best, default 1e-4 (PKNCA adj.r.squared.factor, WinNonlin) */
    adjR2Factor?: number;
    /** allow the Cmax point in the regression, default false (PKNCA allow.tmax.in.half.life, WinNonlin extravascular) */
    includeTmax?: boolean;
  };
}

export interface NcaResult {
  cmax: number | null;
  /** first time of Cmax */
  tmax: number | null;
  /** last measurable (> 0, not BLQ) concentration and its time */
  clast: number | null;
  tlast: number | null;
  /** AUC from doseTime to tlast */
  aucLast: number | null;
  lambdaZ: number | null;
  lambdaZPoints: number | null;
  lambdaZLower: number | null;
  lambdaZUpper: number | null;
  r2: number | null;
  adjR2: number | null;
  /** ln 2 / lambdaZ */
  halfLife: number | null;
  /** aucLast + clast / lambdaZ */
  aucInfObs: number | null;
  /** 100 (clast / lambdaZ) / aucInfObs */
  aucPctExtrapObs: number | null;
  /** partial AUCs, in the order of `intervals` (null when the end lies after tlast and lambdaZ is missing) */
  aucIntervals: { start: number; end: number; auc: number | null }[];
}

interface Point {
  t: number;
  c: number;
  /** measurable (usable for lambda_z and tlast) */
  m: boolean;
}

/** Apply the BLQ rule and the dose-time zero; returns points sorted by time. */
function prepare(time: ArrayLike<number>, conc: ArrayLike<number | null>, opts: NcaOptions): Point[] {
  if (time.length !== conc.length)
    throw new RangeError(`NCA: ${time.length} times but ${conc.length} concentrations`);
  const rule = opts.blqRule ?? {};
  const raw: { t: number; c: number | null; blq: boolean }[] = [];
  for (let i = 0; i < time.length; i++) {
    const t = time[i] as number;
    const c = conc[i];
    if (!Number.isFinite(t)) throw new RangeError(`NCA: time ${i + 1} is not a finite number`);
    if (c === null || c === undefined || Number.isNaN(c)) continue; // missing sample
    if (c < 0) throw new RangeError(`NCA: concentration ${i + 1} is negative (${c})`);
    const blq = opts.blq?.[i] === true || c === 0 || (opts.lloq !== undefined && c < opts.lloq);
    raw.push({ t, c, blq });
  }
  raw.sort((a, b) => a.t - b.t);
  for (let i = 1; i < raw.length; i++) {
    if ((raw[i] as { t: number }).t === (raw[i - 1] as { t: number }).t)
      throw new RangeError(`NCA: two concentrations at time ${(raw[i] as { t: number }).t}`);
  }
  const first = raw.findIndex((p) => !p.blq);
  const last = raw.length - 1 - [...raw].reverse().findIndex((p) => !p.blq);
  const out: Point[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i] as (typeof raw)[number];
    if (!p.blq) out.push({ t: p.t, c: p.c as number, m: true });
    else if (first < 0 || i < first) {
      if ((rule.beforeFirst ?? "zero") === "zero") out.push({ t: p.t, c: 0, m: false });
    } else if (i > last) {
      if ((rule.afterLast ?? "zero") === "zero") out.push({ t: p.t, c: 0, m: false });
    } else {
      const r = rule.between ?? "drop";
      if (r === "zero") out.push({ t: p.t, c: 0, m: false });
      else if (r === "lloqHalf") {
        if (opts.lloq === undefined) throw new RangeError("NCA: blqRule.between = lloqHalf needs lloq");
        out.push({ t: p.t, c: opts.lloq / 2, m: false });
      }
    }
  }
  const doseTime = opts.doseTime ?? 0;
  const kept = out.filter((p) => p.t >= doseTime); // pre-dose samples are not part of this dose's profile
  if (kept.length === 0 || (kept[0] as Point).t > doseTime) kept.unshift({ t: doseTime, c: 0, m: false });
  return kept;
}

/** Area of one segment: linear trapezoid, or log trapezoid when falling and both > 0 (log-down). */
function segment(t1: number, c1: number, t2: number, c2: number, method: AucMethod): number {
  const dt = t2 - t1;
  if (method === "linear-up-log-down" && c2 < c1 && c2 > 0) return (dt * (c1 - c2)) / Math.log(c1 / c2);
  return (dt * (c1 + c2)) / 2;
}

/** Concentration at time t inside the observed profile: linear, or log-linear on falling segments for log-down. */
function interpolate(points: Point[], t: number, method: AucMethod): number {
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i] as Point;
    const b = points[i + 1] as Point;
    if (t >= a.t && t <= b.t) {
      if (t === a.t) return a.c;
      if (t === b.t) return b.c;
      const f = (t - a.t) / (b.t - a.t);
      if (method === "linear-up-log-down" && b.c < a.c && b.c > 0)
        return a.c * Math.exp(f * Math.log(b.c / a.c));
      return a.c + f * (b.c - a.c);
    }
  }
  return (points[points.length - 1] as Point).c;
}

interface LambdaZFit {
  lambdaZ: number;
  points: number;
  lower: number;
  upper: number;
  r2: number;
  adjR2: number;
}

/**
 * Terminal rate constant by best-fit: log-linear least squares over the last k >= minPoints measurable
 * points after Tmax; keep fits with slope < 0; take the largest adjusted R^2 = 1 - (1-R^2)(k-1)/(k-2),
 * and among fits within adjR2Factor of it the one with the most points (WinNonlin "best fit",
 * PKNCA pk.calc.half.life).
 */
function fitLambdaZ(points: Point[], tmax: number, opts: NcaOptions["lambdaZ"] = {}): LambdaZFit | null {
  const minPoints = opts.minPoints ?? 3;
  const factor = opts.adjR2Factor ?? 1e-4;
  const cand = points.filter((p) => p.m && (opts.includeTmax ? p.t >= tmax : p.t > tmax));
  const fits: LambdaZFit[] = [];
  for (let k = minPoints; k <= cand.length; k++) {
    const sel = cand.slice(cand.length - k);
    let sx = 0;
    let sy = 0;
    for (const p of sel) {
      sx += p.t;
      sy += Math.log(p.c);
    }
    const mx = sx / k;
    const my = sy / k;
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (const p of sel) {
      const dx = p.t - mx;
      const dy = Math.log(p.c) - my;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    const slope = sxy / sxx;
    if (!(slope < 0)) continue;
    const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
    const adjR2 = 1 - ((1 - r2) * (k - 1)) / (k - 2);
    fits.push({
      lambdaZ: -slope,
      points: k,
      lower: (sel[0] as Point).t,
      upper: (sel[k - 1] as Point).t,
      r2,
      adjR2,
    });
  }
  if (fits.length === 0) return null;
  const best = Math.max(...fits.map((f) => f.adjR2));
  return fits.filter((f) => f.adjR2 >= best - factor).reduce((a, b) => (b.points > a.points ? b : a));
}

/**
 * NCA parameters of one profile: Cmax, Tmax (first), Clast, Tlast, AUClast, lambda_z (best fit),
 * half-life, AUCinf,obs = AUClast + Clast/lambda_z, %AUC extrapolated and partial AUCs.
 *
 * Partial AUC over [a, b] (PKNCA `pk.calc.aucint`, WinNonlin partial areas): concentrations at a and b
 * are interpolated within the profile (linear; log-linear on falling segments for log-down); after
 * Tlast they are extrapolated as Clast exp(-lambda_z (t - Tlast)) and that part is integrated exactly
 * ((C(t1) - C(t2)) / lambda_z), or null when lambda_z is missing.
 * @example
 * computeNca([0, 1, 2, 4, 8, 12], [0, 10, 8, 4, 2, 1], { aucMethod: "linear" })
 * // cmax 10, tmax 1, clast 1, tlast 12, aucLast 44, lambdaZ ln(2)/4 (last 3 points)
 */
export function computeNca(
  time: ArrayLike<number>,
  conc: ArrayLike<number | null>,
  opts: NcaOptions = {},
): NcaResult {
  const method = opts.aucMethod ?? "linear-up-log-down";
  const pts = prepare(time, conc, opts);
  const empty: NcaResult = {
    cmax: null,
    tmax: null,
    clast: null,
    tlast: null,
    aucLast: null,
    lambdaZ: null,
    lambdaZPoints: null,
    lambdaZLower: null,
    lambdaZUpper: null,
    r2: null,
    adjR2: null,
    halfLife: null,
    aucInfObs: null,
    aucPctExtrapObs: null,
    aucIntervals: (opts.intervals ?? []).map(([start, end]) => ({ start, end, auc: null })),
  };
  const measurable = pts.filter((p) => p.m);
  if (measurable.length === 0)
    return { ...empty, cmax: pts.length ? 0 : null, aucLast: pts.length ? 0 : null };
  let cmaxP = measurable[0] as Point;
  for (const p of measurable) if (p.c > cmaxP.c) cmaxP = p;
  const lastP = measurable[measurable.length - 1] as Point;
  const upToLast = pts.filter((p) => p.t <= lastP.t);
  let aucLast = 0;
  for (let i = 0; i < upToLast.length - 1; i++) {
    const a = upToLast[i] as Point;
    const b = upToLast[i + 1] as Point;
    aucLast += segment(a.t, a.c, b.t, b.c, method);
  }
  const lz = fitLambdaZ(pts, cmaxP.t, opts.lambdaZ);
  const aucInf = lz ? aucLast + lastP.c / lz.lambdaZ : null;
  const concAt = (t: number): number | null => {
    if (t < (pts[0] as Point).t) return null; // before the dose
    if (t <= lastP.t) return interpolate(upToLast, t, method);
    return lz ? lastP.c * Math.exp(-lz.lambdaZ * (t - lastP.t)) : null;
  };
  const aucIntervals = (opts.intervals ?? []).map(([start, end]) => {
    if (!(end > start)) throw new RangeError(`NCA: interval [${start}, ${end}] must have end > start`);
    const knots: { t: number; c: number | null }[] = [{ t: start, c: concAt(start) }];
    for (const p of upToLast) if (p.t > start && p.t < end) knots.push({ t: p.t, c: p.c });
    if (lastP.t > start && lastP.t < end && !knots.some((k) => k.t === lastP.t))
      knots.push({ t: lastP.t, c: lastP.c });
    knots.push({ t: end, c: concAt(end) });
    let auc: number | null = 0;
    for (let i = 0; i < knots.length - 1 && auc !== null; i++) {
      const a = knots[i] as { t: number; c: number | null };
      const b = knots[i + 1] as { t: number; c: number | null };
      if (a.c === null || b.c === null) auc = null;
      else if (a.t >= lastP.t && lz)
        auc += (a.c - b.c) / lz.lambdaZ; // exponential tail, exact
      else auc += segment(a.t, a.c, b.t, b.c, method);
    }
    return { start, end, auc };
  });
  return {
    cmax: cmaxP.c,
    tmax: cmaxP.t,
    clast: lastP.c,
    tlast: lastP.t,
    aucLast,
    lambdaZ: lz?.lambdaZ ?? null,
    lambdaZPoints: lz?.points ?? null,
    lambdaZLower: lz?.lower ?? null,
    lambdaZUpper: lz?.upper ?? null,
    r2: lz?.r2 ?? null,
    adjR2: lz?.adjR2 ?? null,
    halfLife: lz ? Math.LN2 / lz.lambdaZ : null,
    aucInfObs: aucInf,
    aucPctExtrapObs: aucInf && lz ? (100 * (lastP.c / lz.lambdaZ)) / aucInf : null,
    aucIntervals,
  };
}
