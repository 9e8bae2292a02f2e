import { qbeta, qnorm } from "./internal/special.ts";

/** A proportion with its two-sided confidence interval. */
export interface ProportionCi {
  x: number;
  n: number;
  /** x / n (null when n = 0). */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  confLevel: number;
  method: "clopper-pearson" | "wilson" | "wilson-cc";
}

function check(x: number, n: number, confLevel: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`binomial CI: n must be a whole number >= 0, got ${n}`);
  if (!Number.isInteger(x) || x < 0 || x > n)
    throw new RangeError(`binomial CI: x must be a whole number in 0..n, got ${x} of ${n}`);
  if (!(confLevel > 0 && confLevel < 1))
    throw new RangeError(`binomial CI: confLevel must be in (0, 1), got ${confLevel}`);
}

/**
 * Exact (Clopper-Pearson) confidence interval for a binomial proportion.
 *
 * Definition: lower = B^-1(alpha/2; x, n-x+1), upper = B^-1(1-alpha/2; x+1, n-x), with B^-1 the beta
 * quantile; lower = 0 at x = 0 and upper = 1 at x = n. Each tail keeps alpha/2 also at the edges, as
 * R `binom.test` and SAS PROC FREQ BINOMIAL(EXACT) do.
 * @example
 * computeClopperPearson(0, 10)  // { lower: 0, upper: 0.3084971... }
 * computeClopperPearson(3, 10)  // { lower: 0.0667395..., upper: 0.6524529... }
 * computeClopperPearson(10, 10) // { lower: 0.6915028..., upper: 1 }
 */
export function computeClopperPearson(x: number, n: number, confLevel = 0.95): ProportionCi {
  check(x, n, confLevel);
  const alpha = 1 - confLevel;
  if (n === 0)
    return { x, n, estimate: null, lower: null, upper: null, confLevel, method: "clopper-pearson" };
  const lower = x === 0 ? 0 : qbeta(alpha / 2, x, n - x + 1);
  const upper = x === n ? 1 : qbeta(1 - alpha / 2, x + 1, n - x);
  return { x, n, estimate: x / n, lower, upper, confLevel, method: "clopper-pearson" };
}

/**
 * Wilson score interval, optionally with continuity correction (Newcombe 1998, method 4).
 *
 * Definition: with p = x/n and z = z_{1-alpha/2},
 * (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n); with correction p is moved by 0.5/n
 * towards each bound (lower = 0 at x = 0, upper = 1 at x = n). Equals R `prop.test(correct=)`,
 * except that prop.test shrinks the correction to |x - n/2| when x is within 0.5 of n/2.
 */
export function computeWilson(
  x: number,
  n: number,
  confLevel = 0.95,
  opts: { continuityCorrection?: boolean } = {},
): ProportionCi {
  check(x, n, confLevel);
  const cc = opts.continuityCorrection ?? false;
  const method = cc ? "wilson-cc" : "wilson";
  if (n === 0) return { x, n, estimate: null, lower: null, upper: null, confLevel, method };
  const z = qnorm(1 - (1 - confLevel) / 2);
  const p = x / n;
  const z22n = (z * z) / (2 * n);
  const bound = (pc: number, sign: 1 | -1): number =>
    (pc + z22n + sign * z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  const shift = cc ? 0.5 / n : 0;
  const pu = p + shift;
  const pl = p - shift;
  const upper = pu >= 1 ? 1 : bound(pu, 1);
  const lower = pl <= 0 ? 0 : bound(pl, -1);
  return { x, n, estimate: p, lower: Math.max(0, lower), upper: Math.min(1, upper), confLevel, method };
}
