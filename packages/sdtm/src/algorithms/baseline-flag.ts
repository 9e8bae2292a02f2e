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
  // Whether a date is on or before the subject's reference, once per subject and distinct date.
  const before = new Map<number, boolean>();
  const width = dtc.dict.length;
  for (let i = 0; i < frame.length; i++) {
    const d = dtc.get(i);
    if (!d || res.codes[i] === 0) continue;
    const bk = subj.codes[i]! * width + dtc.codes[i]!;
    let ok = before.get(bk);
    if (ok === undefined) {
      const ref = reference.get(subj.get(i));
      const c = ref ? compareDtc(d, ref) : undefined;
      ok = c !== undefined && c <= 0;
      before.set(bk, ok);
    }
    if (!ok) continue;
    const key =
      byCols.length === 1
        ? `${subj.codes[i]}\u0000${byCols[0]!.get(i)}`
        : [subj.codes[i], ...byCols.map((col) => String(col.get(i)))].join("\u0000");
    const prev = best.get(key);
    // ISO 8601 text orders chronologically; of equal dates the more precise (longer) one is later.
    if (prev === undefined || d > dtc.get(prev)) best.set(key, i);
  }
  const flag = new Uint8Array(frame.length);
  for (const i of best.values()) flag[i] = 1;
  frame.setChar(flagVar, (i) => (flag[i] ? "Y" : ""));
}
