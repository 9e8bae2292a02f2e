import { compareDtc, dtcEpochDay } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";
import { byCode } from "../internal/memo.ts";

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
  // Element spans as epoch days per subject, dates as epoch days per distinct value.
  const daySpans = new Map<string, { start: number; end: number; epoch: string }[]>();
  for (const [s, list] of spans) {
    daySpans.set(
      s,
      list.map((x) => ({
        start: dtcEpochDay(x.start) ?? Number.NaN,
        end: x.end ? (dtcEpochDay(x.end) ?? Number.NaN) : Number.POSITIVE_INFINITY,
        epoch: x.epoch,
      })),
    );
  }
  const dayOf = byCode(dtc, (s) => (s.length >= 10 ? dtcEpochDay(s) : undefined));
  // Per subject and distinct date (both dictionary codes).
  const memo = new Map<number, string>();
  const width = dtc.dict.length;
  frame.setChar("EPOCH", (i) => {
    const key = subj.codes[i]! * width + dtc.codes[i]!;
    let e = memo.get(key);
    if (e === undefined) {
      e = epochAtDay(daySpans.get(subj.get(i)), dayOf(i));
      memo.set(key, e);
    }
    return e;
  });
}

/** epochAt on epoch days: the latest element starting on or before the day and not ended before it. */
function epochAtDay(
  spans: readonly { start: number; end: number; epoch: string }[] | undefined,
  d: number | undefined,
): string {
  if (!spans || d === undefined) return "";
  for (let k = spans.length - 1; k >= 0; k--) {
    const s = spans[k]!;
    if (d >= s.start && d <= s.end) return s.epoch;
  }
  return "";
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
