/**
 * On Treatment Record Flag.
 */
import type { Dataset, Diagnostics } from "@trialforge/core";
import { assertVars, flagColumn, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";

/**
 * ONTRTFL = "Y" when ADT is after TRTSDT, or on TRTSDT when the spec does not take infusion-day samples as
 * pre-dose (`onTreatmentDay` false); never on the baseline record.
 * @remarks Infusion-day samples are drawn before the infusion by protocol, so with `onTreatmentDay` true a day-0
 * sample is pre-treatment.
 * @example
 * // TRTSDT = ADT, onTreatmentDay true → ""; ADT = TRTSDT + 1 → "Y"
 */
export function deriveOntrtfl(
  ds: Dataset,
  opts: { onTreatmentDay: boolean },
  diagnostics?: Diagnostics,
): Dataset {
  assertVars(ds, ["ADT", "TRTSDT", "ABLFL"], "deriveOntrtfl");
  const adt = ds.num("ADT").values;
  const trt = ds.num("TRTSDT").values;
  const abl = ds.char("ABLFL");
  const y = abl.lookup("Y");
  const out = new Uint8Array(ds.length);
  for (let i = 0; i < ds.length; i++) {
    const a = adt[i]!;
    const t = trt[i]!;
    const after = opts.onTreatmentDay ? a > t : a >= t;
    out[i] = abl.codes[i] !== y && !Number.isNaN(a) && !Number.isNaN(t) && after ? 1 : 0;
  }
  return withColumns(ds, [{ meta: varMeta("ONTRTFL"), column: flagColumn(out) }], diagnostics);
}
