import { compareDtc, dtcEpochDay, parseDtc, timeSeconds } from "@trialforge/core";
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
 * on the boundary day the later element wins (SDTMIG 5.3: an element starts at its first dose), unless both
 * the record and the element start carry a time and the record is earlier (a pre-dose sample on the
 * infusion day belongs to the element before). Missing when the date is missing or outside every element.
 */
export function deriveEpoch(
  frame: Frame,
  dtcVar: string,
  spans: ReadonlyMap<string, readonly ElementSpan[]>,
): void {
  const subj = frame.char("USUBJID");
  const dtc = frame.char(dtcVar);
  // Element spans as epoch days per subject, dates as epoch days per distinct value.
  const daySpans = new Map<string, DaySpan[]>();
  for (const [s, list] of spans) {
    daySpans.set(
      s,
      list.map((x) => ({
        start: dtcEpochDay(x.start) ?? Number.NaN,
        startSecond: secondOfDay(x.start),
        end: x.end ? (dtcEpochDay(x.end) ?? Number.NaN) : Number.POSITIVE_INFINITY,
        epoch: x.epoch,
      })),
    );
  }
  const dayOf = byCode(dtc, (s) => (s.length >= 10 ? dtcEpochDay(s) : undefined));
  const secondOf = byCode(dtc, secondOfDay);
  // Per subject and distinct date (both dictionary codes).
  const memo = new Map<number, string>();
  const width = dtc.dict.length;
  frame.setChar("EPOCH", (i) => {
    const key = subj.codes[i]! * width + dtc.codes[i]!;
    let e = memo.get(key);
    if (e === undefined) {
      e = epochAtDay(daySpans.get(subj.get(i)), dayOf(i), secondOf(i));
      memo.set(key, e);
    }
    return e;
  });
}

interface DaySpan {
  start: number;
  /** Second of the start day when SESTDTC has a time, else undefined. */
  startSecond: number | undefined;
  end: number;
  epoch: string;
}

/** Second of the day of a --DTC with a time, else undefined. */
function secondOfDay(dtc: string): number | undefined {
  const p = dtc.length > 10 ? parseDtc(dtc) : undefined;
  return p ? timeSeconds(p) : undefined;
}

/**
 * epochAt on epoch days: the latest element starting on or before the day and not ended before it; on its
 * start day a record timed before the element's start time belongs to an earlier element.
 */
export function epochAtDay(
  spans: readonly DaySpan[] | undefined,
  d: number | undefined,
  second?: number,
): string {
  if (!spans || d === undefined) return "";
  for (let k = spans.length - 1; k >= 0; k--) {
    const s = spans[k]!;
    if (d < s.start || d > s.end) continue;
    if (d === s.start && second !== undefined && s.startSecond !== undefined && second < s.startSecond)
      continue;
    return s.epoch;
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
