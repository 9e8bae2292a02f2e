import { dtcEpochDay } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";
import { byCode } from "../internal/memo.ts";

export interface VisitWindow {
  VISITNUM: number;
  VISIT: string;
  /** Planned protocol day relative to the anchor (day 0). */
  day: number;
  windowLow: number;
  windowHigh: number;
}

/** A record whose collected (nominal) visit was done outside that visit's window. */
export interface OutOfWindow {
  row: number;
  visit: string;
  protocolDay: number;
}

/**
 * VISITNUM/VISIT. A collected VISIT (mapped into VISIT) that names a planned visit is the nominal visit
 * (SDTMIG 4.4.5: VISITNUM is the planned visit); when its date is outside that visit's window the record
 * is reported (returned), not moved. Otherwise the visit comes from the windows: the protocol day is the
 * date's days from the subject's anchor (day 0), the visit whose window holds it (nearest planned day on
 * overlap); outside every window the record is unscheduled: VISITNUM = the preceding planned visit +
 * step × n (n counts the subject's distinct unscheduled dates after that visit), VISIT = "UNSCHEDULED x.xx"
 * (one VISIT per VISITNUM, SDTMIG 4.4.5).
 * No nominal visit, anchor or complete date: both missing.
 */
export function deriveVisits(
  frame: Frame,
  dtcVar: string,
  anchors: ReadonlyMap<string, string>,
  visits: readonly VisitWindow[],
  step: number,
): OutOfWindow[] {
  const subj = frame.char("USUBJID");
  const dtc = frame.char(dtcVar);
  const collected = frame.char("VISIT");
  const byName = new Map(visits.map((v) => [v.VISIT.toUpperCase(), v]));
  const nominal = collected.dict.map((s) => byName.get(s.toUpperCase()));
  const sorted = [...visits].sort((a, b) => a.day - b.day);
  const anchorDay = byCode(subj, (s) => {
    const a = anchors.get(s);
    return a ? dtcEpochDay(a) : undefined;
  });
  const dateDay = byCode(dtc, dtcEpochDay);
  const protoDay = (i: number): number | undefined => {
    const a = anchorDay(i);
    const x = dateDay(i);
    return a === undefined || x === undefined ? undefined : x - a;
  };
  const n = frame.length;
  const nums = new Float64Array(n).fill(Number.NaN);
  const labels: string[] = new Array(n).fill("");
  const outOfWindow: OutOfWindow[] = [];
  // Unscheduled numbering is per subject and date, so it does not depend on record order.
  const unsched = new Map<string, Set<number>>();
  const pending: { row: number; pd: number }[] = [];
  for (let i = 0; i < n; i++) {
    const nom = nominal[collected.codes[i]!];
    const pd = protoDay(i);
    if (nom) {
      nums[i] = nom.VISITNUM;
      labels[i] = nom.VISIT;
      if (pd !== undefined && (pd < nom.day + nom.windowLow || pd > nom.day + nom.windowHigh))
        outOfWindow.push({ row: i, visit: nom.VISIT, protocolDay: pd });
      continue;
    }
    if (pd === undefined) continue;
    const w = findWindow(sorted, pd);
    if (w) {
      nums[i] = w.VISITNUM;
      labels[i] = w.VISIT;
      continue;
    }
    const key = subj.get(i);
    let set = unsched.get(key);
    if (!set) {
      set = new Set();
      unsched.set(key, set);
    }
    set.add(pd);
    pending.push({ row: i, pd });
  }
  const numbered = new Map<string, Map<number, number>>();
  for (const [key, days] of unsched) {
    const out = new Map<number, number>();
    const count = new Map<number, number>();
    for (const pd of [...days].sort((a, b) => a - b)) {
      const base = preceding(sorted, pd);
      const k = (count.get(base) ?? 0) + 1;
      count.set(base, k);
      out.set(pd, Math.round((base + step * k) * 1e6) / 1e6);
    }
    numbered.set(key, out);
  }
  for (const { row, pd } of pending) {
    nums[row] = numbered.get(subj.get(row))!.get(pd)!;
    labels[row] = `UNSCHEDULED ${nums[row]!.toFixed(2)}`;
  }
  frame.setNum("VISITNUM", (i) => (Number.isNaN(nums[i]!) ? null : nums[i]!));
  frame.setChar("VISIT", (i) => labels[i]!);
  return outOfWindow;
}

/** The visit whose window holds protocol day `pd`; nearest planned day first, then the earlier visit. */
export function findWindow(sorted: readonly VisitWindow[], pd: number): VisitWindow | undefined {
  let best: VisitWindow | undefined;
  for (const v of sorted) {
    if (pd < v.day + v.windowLow || pd > v.day + v.windowHigh) continue;
    if (!best || Math.abs(pd - v.day) < Math.abs(pd - best.day)) best = v;
  }
  return best;
}

function preceding(sorted: readonly VisitWindow[], pd: number): number {
  let base = 0;
  for (const v of sorted) if (v.day <= pd) base = v.VISITNUM;
  return base;
}
