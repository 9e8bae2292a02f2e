import { dtcEpochDay } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";

export interface VisitWindow {
  VISITNUM: number;
  VISIT: string;
  /** Planned protocol day relative to the anchor (day 0). */
  day: number;
  windowLow: number;
  windowHigh: number;
}

/**
 * VISITNUM/VISIT from the visit windows: the protocol day is the date's days from the subject's anchor
 * (day 0); the visit whose window holds it (nearest planned day on overlap). Outside every window the
 * record is unscheduled: VISITNUM = the preceding scheduled visit + step × n (n counts the subject's
 * distinct unscheduled dates after that visit), VISIT = "UNSCHEDULED". Without an anchor (e.g. a screen
 * failure, never infused) or a complete date, the collected VISIT (mapped into VISIT) names the planned
 * visit when it matches one; otherwise both are missing.
 */
export function deriveVisits(
  frame: Frame,
  dtcVar: string,
  anchors: ReadonlyMap<string, string>,
  visits: readonly VisitWindow[],
  step: number,
): void {
  const subj = frame.char("USUBJID");
  const dtc = frame.char(dtcVar);
  const collected = frame.char("VISIT");
  const byName = new Map(visits.map((v) => [v.VISIT.toUpperCase(), v]));
  const sorted = [...visits].sort((a, b) => a.day - b.day);
  // Unscheduled numbering is per subject and per date, so it must not depend on record order.
  const unsched = new Map<string, Map<number, number>>();
  const protoDay = (i: number): number | undefined => {
    const a = anchors.get(subj.get(i));
    const d = dtc.get(i);
    if (!a || !d) return undefined;
    const x = dtcEpochDay(d);
    const y = dtcEpochDay(a);
    return x === undefined || y === undefined ? undefined : x - y;
  };
  const days = new Float64Array(frame.length).fill(Number.NaN);
  for (let i = 0; i < frame.length; i++) {
    const pd = protoDay(i);
    if (pd === undefined) continue;
    days[i] = pd;
    if (!findWindow(sorted, pd)) {
      const key = subj.get(i);
      let m = unsched.get(key);
      if (!m) unsched.set(key, (m = new Map()));
      m.set(pd, 0);
    }
  }
  // Number each subject's unscheduled days in date order after their preceding scheduled visit.
  const unschedNum = new Map<string, Map<number, number>>();
  for (const [key, m] of unsched) {
    const out = new Map<number, number>();
    const count = new Map<number, number>();
    for (const pd of [...m.keys()].sort((a, b) => a - b)) {
      const base = preceding(sorted, pd);
      const n = (count.get(base) ?? 0) + 1;
      count.set(base, n);
      out.set(pd, Math.round((base + step * n) * 1e6) / 1e6);
    }
    unschedNum.set(key, out);
  }
  const nums = new Float64Array(frame.length);
  const labels: string[] = new Array(frame.length);
  for (let i = 0; i < frame.length; i++) {
    const pd = days[i]!;
    if (Number.isNaN(pd)) {
      const v = byName.get(collected.get(i).toUpperCase());
      nums[i] = v ? v.VISITNUM : Number.NaN;
      labels[i] = v ? v.VISIT : "";
      continue;
    }
    const w = findWindow(sorted, pd);
    if (w) {
      nums[i] = w.VISITNUM;
      labels[i] = w.VISIT;
    } else {
      nums[i] = unschedNum.get(subj.get(i))!.get(pd)!;
      labels[i] = "UNSCHEDULED";
    }
  }
  frame.setNum("VISITNUM", (i) => (Number.isNaN(nums[i]!) ? null : nums[i]!));
  frame.setChar("VISIT", (i) => labels[i]!);
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
