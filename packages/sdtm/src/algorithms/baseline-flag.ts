import { compareDtc } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";

/**
 * --LOBXFL = "Y" on the last record with a non-missing result on or before the subject's reference date
 * (e.g. DM.RFXSTDTC), per subject and `by` (test, specimen ...).
 * @remarks SDTMIG 3.4 --LOBXFL; a date-only record on the reference day counts as before (pre-dose labs).
 */
export function deriveLastObsBeforeExposureFlag(
  frame: Frame,
  flagVar: string,
  dtcVar: string,
  resultVar: string,
  by: readonly string[],
  reference: ReadonlyMap<string, string>,
): void {
  const subj = frame.char("USUBJID");
  const dtc = frame.char(dtcVar);
  const res = frame.char(resultVar);
  const byCols = by.map((b) => frame.cols.get(b)!);
  const best = new Map<string, number>();
  for (let i = 0; i < frame.length; i++) {
    const ref = reference.get(subj.get(i));
    const d = dtc.get(i);
    if (!ref || !d || res.get(i) === "") continue;
    const c = compareDtc(d, ref);
    if (c === undefined || c > 0) continue;
    const key = [subj.get(i), ...byCols.map((col) => String(col.get(i)))].join("\u0000");
    const prev = best.get(key);
    if (prev === undefined) best.set(key, i);
    else {
      const o = compareDtc(d, dtc.get(prev));
      if (o !== undefined && (o > 0 || (o === 0 && d.length > dtc.get(prev).length))) best.set(key, i);
    }
  }
  const flag = new Uint8Array(frame.length);
  for (const i of best.values()) flag[i] = 1;
  frame.setChar(flagVar, (i) => (flag[i] ? "Y" : ""));
}
