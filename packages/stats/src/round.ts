/**
 * Rounding and number formatting for displayed statistics.
 *
 * Rule (SAS ROUND, cards `round5`): round half away from zero on the DECIMAL value the number stands
 * for, not on its binary double. `(1.005).toFixed(2)` gives "1.00" because the double nearest 1.005
 * is 1.00499999999999989..., whereas a statistician reads 1.005 and expects 1.01.
 *
 * Method (decimal string correction): write |x| with 15 significant digits (`toExponential(14)`).
 * A double carries 15.95 decimal digits, so 15 digits recover the decimal the value was computed or
 * typed as and drop the binary noise (1.00499999999999989 -> "1.00500000000000e+0",
 * 14.499999999999998 -> "1.45000000000000e+1"). The digit string is then rounded half away from zero
 * with integer digit arithmetic and parsed back, so no binary arithmetic can re-introduce the error.
 */

import { roundHalfAway } from "@trialforge/core";

export { roundHalfAway };

/** Missing values are displayed as an empty cell. */
export type Maybe = number | null | undefined;

const isMissing = (x: Maybe): x is null | undefined => x === null || x === undefined || Number.isNaN(x);

/** Format with exactly `digits` decimals after rounding half away from zero; missing -> "". */
export function formatNumber(x: Maybe, digits = 0): string {
  if (isMissing(x)) return "";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  const r = roundHalfAway(x, Math.max(digits, 0));
  // toFixed of an already-rounded value is exact; -0 shows as 0 (SAS w.d prints 0.0).
  return (r === 0 ? 0 : r).toFixed(Math.max(digits, 0));
}

/**
 * Percent for a table cell: 0 -> "0", exactly 100 -> "100", otherwise `digits` decimals.
 * Only exact 0 and 100 are special: 99.96 with 1 digit shows "100.0", which tells the reader
 * that not every subject is included.
 */
export function formatPercent(pct: Maybe, digits = 1): string {
  if (isMissing(pct)) return "";
  if (pct === 0) return "0";
  if (pct === 100) return "100";
  return formatNumber(pct, digits);
}

/** Percent n/N*100, computed as (100*n)/N so exact decimal results stay exact (29/200 -> 14.5). */
export function computePercent(n: number, denominator: number): number | null {
  if (!(denominator > 0)) return null;
  return (100 * n) / denominator;
}

/**
 * "n (xx.x)" cell: n = 0 gives "0" (no percent), n = N gives "n (100)".
 * `percentSign` appends "%" inside the brackets ("3 (42.9%)").
 */
export function formatCountPercent(
  n: Maybe,
  denominator: Maybe,
  opts: { digits?: number; percentSign?: boolean } = {},
): string {
  if (isMissing(n)) return "";
  if (n === 0) return "0";
  const pct = isMissing(denominator) ? null : computePercent(n, denominator);
  if (pct === null) return String(n);
  return `${n} (${formatPercent(pct, opts.digits ?? 1)}${opts.percentSign ? "%" : ""})`;
}
