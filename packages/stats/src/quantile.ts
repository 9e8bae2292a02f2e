/**
 * Sample quantile definitions.
 *
 * For sorted x(1..n), probability p, write np = j + g (j integer part, g fraction):
 * - "sas1": weighted average at x(np): (1-g) x(j) + g x(j+1), x(0) = x(1)          (= R type 4)
 * - "sas2": observation closest to np, ties to the even order statistic            (= R type 3)
 * - "sas3": empirical distribution function: x(j) if g = 0 else x(j+1)             (= R type 1)
 * - "sas4": weighted average at x((n+1)p), x(0) = x(1), x(n+1) = x(n)              (= R type 6)
 * - "sas5": EDF with averaging: (x(j) + x(j+1))/2 if g = 0 else x(j+1)             (= R type 2)
 *           SAS PROC UNIVARIATE/MEANS default (PCTLDEF=5, QNTLDEF=5) and our default.
 * - "r7":   (n-1)p + 1 = j + g, (1-g) x(j) + g x(j+1)                               (R and Excel default)
 * Hyndman R J, Fan Y (1996) Sample quantiles in statistical packages. Am Stat 50:361-5.
 *
 * np is taken as an integer when within 4 machine epsilons of one (R `quantile` uses the same fuzz),
 * so n = 10, p = 0.3 gives g = 0 and not 4e-16.
 */
export type QuantileDefinition = "sas1" | "sas2" | "sas3" | "sas4" | "sas5" | "r7";

export const DEFAULT_QUANTILE_DEFINITION: QuantileDefinition = "sas5";

function split(h: number): [number, number] {
  const fuzz = 4 * Number.EPSILON * Math.max(1, Math.abs(h));
  const r = Math.round(h);
  if (Math.abs(h - r) <= fuzz) return [r, 0];
  const j = Math.floor(h);
  return [j, h - j];
}

/** Quantile of values already sorted ascending, no missing values. Returns null for an empty array. */
export function computeQuantileSorted(
  sorted: ArrayLike<number>,
  p: number,
  definition: QuantileDefinition = DEFAULT_QUANTILE_DEFINITION,
): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  // 1-based order statistic with x(0) = x(1) and x(n+1) = x(n)
  const x = (i: number): number => sorted[Math.min(Math.max(i, 1), n) - 1] as number;
  switch (definition) {
    case "sas1": {
      const [j, g] = split(n * p);
      return g === 0 ? x(j) : (1 - g) * x(j) + g * x(j + 1);
    }
    case "sas2": {
      const [j, g] = split(n * p);
      if (g === 0.5) return x(j % 2 === 0 ? j : j + 1);
      return x(g < 0.5 ? j : j + 1);
    }
    case "sas3": {
      const [j, g] = split(n * p);
      return g === 0 ? x(j) : x(j + 1);
    }
    case "sas4": {
      const [j, g] = split((n + 1) * p);
      return g === 0 ? x(j) : (1 - g) * x(j) + g * x(j + 1);
    }
    case "sas5": {
      const [j, g] = split(n * p);
      return g === 0 ? (x(j) + x(j + 1)) / 2 : x(j + 1);
    }
    case "r7": {
      const [j, g] = split((n - 1) * p + 1);
      return g === 0 ? x(j) : (1 - g) * x(j) + g * x(j + 1);
    }
    default: {
      const never: never = definition;
      throw new RangeError(`quantile: unknown definition ${String(never)}`);
    }
  }
}

/** Quantile of unsorted values; null/undefined/NaN are dropped first. */
export function computeQuantile(
  values: ReadonlyArray<number | null | undefined>,
  p: number,
  definition: QuantileDefinition = DEFAULT_QUANTILE_DEFINITION,
): number | null {
  const v = values.filter((x): x is number => typeof x === "number" && !Number.isNaN(x));
  return computeQuantileSorted(Float64Array.from(v).sort(), p, definition);
}
