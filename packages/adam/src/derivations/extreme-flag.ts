/**
 * Generic extreme-record flag (admiral `derive_var_extreme_flag`): first-occurrence flags, worst-value flags.
 */
import type { Dataset, Diagnostics, VariableMeta } from "@trialforge/core";
import { assertVars, flagColumn, groupRows, type OrderKey, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";

/**
 * `newVar` = "Y" on the first (or last) record per `byVars` in `order` among records where `filter` holds, "" elsewhere.
 * @example
 * // AOCCPFL: first TEAE per USUBJID, AEBODSYS, AEDECOD by ASTDT, AESEQ
 * deriveExtremeFlag(adae, { byVars: ["USUBJID","AEBODSYS","AEDECOD"], order: ["ASTDT","AESEQ"], newVar: "AOCCPFL", mode: "first", filter: teae })
 */
export function deriveExtremeFlag(
  ds: Dataset,
  opts: {
    byVars: string[];
    order: OrderKey[];
    newVar: string;
    mode: "first" | "last";
    filter?: (i: number) => boolean;
    meta?: VariableMeta;
  },
  diagnostics?: Diagnostics,
): Dataset {
  assertVars(
    ds,
    [...opts.byVars, ...opts.order.map((o) => (typeof o === "string" ? o : o.name))],
    "deriveExtremeFlag",
  );
  const rows: number[] = [];
  for (let i = 0; i < ds.length; i++) if (!opts.filter || opts.filter(i)) rows.push(i);
  const out = new Uint8Array(ds.length);
  const { idx, starts } = groupRows(ds, opts.byVars, opts.order, rows);
  for (let g = 0; g + 1 < starts.length; g++) {
    if (starts[g] === starts[g + 1]) continue;
    out[idx[opts.mode === "first" ? starts[g]! : starts[g + 1]! - 1]!] = 1;
  }
  return withColumns(ds, [{ meta: opts.meta ?? varMeta(opts.newVar), column: flagColumn(out) }], diagnostics);
}
