import { compareDtc } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";

/** One subject's element span from SE. */
export interface ElementSpan {
  start: string;
  end: string;
  epoch: string;
}

/**
 * EPOCH of each record: the epoch of the subject's SE element whose [SESTDTC, SEENDTC) holds the date;
 * on the boundary day the later element wins (SDTMIG 5.3: an element starts at its first dose).
 * Missing when the date is missing or outside every element.
 */
export function deriveEpoch(
  frame: Frame,
  dtcVar: string,
  spans: ReadonlyMap<string, readonly ElementSpan[]>,
): void {
  const subj = frame.char("USUBJID");
  const dtc = frame.char(dtcVar);
  // Per subject and distinct date (both dictionary codes).
  const memo = new Map<number, string>();
  const width = dtc.dict.length;
  frame.setChar("EPOCH", (i) => {
    const key = subj.codes[i]! * width + dtc.codes[i]!;
    let e = memo.get(key);
    if (e === undefined) {
      e = epochAt(spans.get(subj.get(i)), dtc.get(i));
      memo.set(key, e);
    }
    return e;
  });
}

export function epochAt(spans: readonly ElementSpan[] | undefined, d: string): string {
  if (!spans || d === "" || d.length < 10) return "";
  for (let k = spans.length - 1; k >= 0; k--) {
    const s = spans[k]!;
    const ge = compareDtc(d.slice(0, 10), s.start.slice(0, 10));
    if (ge === undefined || ge < 0) continue;
    if (s.end === "") return s.epoch;
    const lt = compareDtc(d.slice(0, 10), s.end.slice(0, 10));
    if (lt !== undefined && lt <= 0) return s.epoch;
  }
  return "";
}
