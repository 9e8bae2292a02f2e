/**
 * Baseline Record Flag.
 */
import type { Dataset, Diagnostics } from "@trialforge/core";
import { assertVars, flagColumn, groupRows, type OrderKey, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";

/**
 * ABLFL = "Y" on the last record per `byVars` (in `order`) with non-missing AVAL and ADT on or before TRTSDT
 * (strictly before when `onTreatmentDay` is false).
 * @remarks ADaMIG: baseline is the last non-missing value before the first dose; a sample on the infusion day is
 * taken before the infusion by protocol. A missing last pre-dose value makes the previous non-missing one baseline.
 * @example
 * // day -3 AVAL 5, day 0 AVAL missing, day 7 AVAL 4 → ABLFL on day -3
 */
export function deriveBaselineFlag(
  ds: Dataset,
  opts: { byVars: string[]; order: OrderKey[]; newVar?: string; onTreatmentDay: boolean },
  diagnostics?: Diagnostics,
): Dataset {
  assertVars(ds, [...opts.byVars, "AVAL", "ADT", "TRTSDT"], "deriveBaselineFlag");
  const aval = ds.num("AVAL").values;
  const adt = ds.num("ADT").values;
  const trt = ds.num("TRTSDT").values;
  const candidates: number[] = [];
  for (let i = 0; i < ds.length; i++) {
    const a = adt[i]!;
    const t = trt[i]!;
    if (Number.isNaN(aval[i]!) || Number.isNaN(a) || Number.isNaN(t)) continue;
    if (opts.onTreatmentDay ? a <= t : a < t) candidates.push(i);
  }
  const out = new Uint8Array(ds.length);
  const { idx, starts } = groupRows(ds, opts.byVars, opts.order, candidates);
  for (let g = 0; g + 1 < starts.length; g++) out[idx[starts[g + 1]! - 1]!] = 1;
  const name = opts.newVar ?? "ABLFL";
  return withColumns(ds, [{ meta: varMeta(name), column: flagColumn(out) }], diagnostics);
}
