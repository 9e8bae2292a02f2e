/**
 * Change from Baseline.
 */
import type { Dataset, Diagnostics } from "@trialforge/core";
import { assertVars, numColumn, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";

/**
 * CHG = AVAL - BASE on post-baseline records (ADT after the baseline record's date or on treatment), missing on
 * the baseline record and on pre-treatment records (ADaMIG: change is not defined before baseline).
 * @example
 * // AVAL 7, BASE 5, ONTRTFL Y → CHG 2; the baseline record → CHG missing
 */
export function deriveChg(ds: Dataset, diagnostics?: Diagnostics): Dataset {
  assertVars(ds, ["AVAL", "BASE", "ONTRTFL"], "deriveChg");
  const aval = ds.num("AVAL").values;
  const base = ds.num("BASE").values;
  const post = ds.char("ONTRTFL");
  const y = post.lookup("Y");
  const out = new Float64Array(ds.length);
  for (let i = 0; i < ds.length; i++) out[i] = post.codes[i] === y ? aval[i]! - base[i]! : Number.NaN;
  return withColumns(ds, [{ meta: varMeta("CHG"), column: numColumn(out) }], diagnostics);
}

/**
 * Percent change from baseline: 100 × CHG / BASE; null when CHG is missing or BASE is 0.
 * @example computePchg(2, 5) // 40; computePchg(2, 0) // null
 */
export function computePchg(chg: number | null, base: number | null): number | null {
  if (chg === null || base === null || base === 0) return null;
  return (100 * chg) / base;
}

/** Percent Change from Baseline: PCHG from CHG and BASE via `computePchg`. */
export function derivePchg(ds: Dataset, diagnostics?: Diagnostics): Dataset {
  assertVars(ds, ["CHG", "BASE"], "derivePchg");
  const chg = ds.num("CHG");
  const base = ds.num("BASE");
  const out = new Float64Array(ds.length);
  for (let i = 0; i < ds.length; i++) out[i] = computePchg(chg.get(i), base.get(i)) ?? Number.NaN;
  return withColumns(ds, [{ meta: varMeta("PCHG"), column: numColumn(out) }], diagnostics);
}
