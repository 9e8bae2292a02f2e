/**
 * Baseline variables (BASE, BNRIND, BTOXGR, ...): a variable's value on the baseline record, on every record.
 */
import { CharColumn, type Dataset, type Diagnostics, NumColumn, type VariableMeta } from "@trialforge/core";
import { assertVars, groupRows, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";

/**
 * `newVar` = `source` of the record flagged by `flagVar` (default ABLFL) within each `byVars` group; missing when
 * the group has no baseline record (admiral `derive_var_base`).
 * @example
 * deriveBaseVar(adlb, { byVars: ["USUBJID", "PARAMCD"], source: "AVAL", newVar: "BASE" })
 */
export function deriveBaseVar(
  ds: Dataset,
  opts: { byVars: string[]; source: string; newVar: string; flagVar?: string; meta?: VariableMeta },
  diagnostics?: Diagnostics,
): Dataset {
  const flagVar = opts.flagVar ?? "ABLFL";
  assertVars(ds, [...opts.byVars, opts.source, flagVar], "deriveBaseVar");
  const flag = ds.char(flagVar);
  const yes = flag.lookup("Y");
  const src = ds.column(opts.source);
  const { idx, starts } = groupRows(ds, opts.byVars, []);
  const meta = opts.meta ?? varMeta(opts.newVar);
  if (src.kind === "Num") {
    const out = new Float64Array(ds.length).fill(Number.NaN);
    for (let g = 0; g + 1 < starts.length; g++) {
      let v = Number.NaN;
      for (let j = starts[g]!; j < starts[g + 1]!; j++)
        if (flag.codes[idx[j]!] === yes) v = src.values[idx[j]!]!;
      for (let j = starts[g]!; j < starts[g + 1]!; j++) out[idx[j]!] = v;
    }
    const col = new NumColumn(1);
    col.values = out;
    col.length = out.length;
    return withColumns(ds, [{ meta, column: col }], diagnostics);
  }
  const col = new CharColumn(ds.length);
  const codes = new Uint32Array(ds.length);
  for (let g = 0; g + 1 < starts.length; g++) {
    let v = "";
    for (let j = starts[g]!; j < starts[g + 1]!; j++) if (flag.codes[idx[j]!] === yes) v = src.get(idx[j]!);
    const code = col.codeOf(v);
    for (let j = starts[g]!; j < starts[g + 1]!; j++) codes[idx[j]!] = code;
  }
  col.codes = codes;
  col.length = ds.length;
  return withColumns(ds, [{ meta, column: col }], diagnostics);
}
