/**
 * Analysis Reference Range Indicator.
 * @remarks LOW when AVAL < ANRLO, HIGH when AVAL > ANRHI, NORMAL otherwise (a value equal to a limit is NORMAL);
 * "" when AVAL is missing or both limits are missing.
 * @example
 * computeRangeIndicator(3.9, 4, 10) // "LOW"
 * computeRangeIndicator(4, 4, 10)   // "NORMAL"
 * computeRangeIndicator(11, 4, 10)  // "HIGH"
 */
import type { Dataset, Diagnostics } from "@trialforge/core";
import { assertVars, charColumn, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";
export function computeRangeIndicator(
  aval: number | null,
  lo: number | null,
  hi: number | null,
): "" | "LOW" | "NORMAL" | "HIGH" {
  if (aval === null || (lo === null && hi === null)) return "";
  if (lo !== null && aval < lo) return "LOW";
  if (hi !== null && aval > hi) return "HIGH";
  return "NORMAL";
}

/** Analysis Reference Range Indicator column (ANRIND) from AVAL, ANRLO, ANRHI via `computeRangeIndicator`. */
export function deriveRangeIndicator(
  ds: Dataset,
  opts: { newVar?: string } = {},
  diagnostics?: Diagnostics,
): Dataset {
  assertVars(ds, ["AVAL", "ANRLO", "ANRHI"], "deriveRangeIndicator");
  const aval = ds.num("AVAL");
  const lo = ds.num("ANRLO");
  const hi = ds.num("ANRHI");
  const out = new Array<string>(ds.length);
  for (let i = 0; i < ds.length; i++) out[i] = computeRangeIndicator(aval.get(i), lo.get(i), hi.get(i));
  return withColumns(ds, [{ meta: varMeta(opts.newVar ?? "ANRIND"), column: charColumn(out) }], diagnostics);
}
