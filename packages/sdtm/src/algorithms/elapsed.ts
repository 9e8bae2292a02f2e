import { dtcEpochDay, parseDtc, timeSeconds } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";

/**
 * Elapsed time from the anchor event as an ISO 8601 duration: whole hours/minutes when both have a time
 * ("PT26H", "PT1H30M", "-PT2H"), else whole days ("P7D", "-P3D").
 */
export function computeElapsed(dtc: string, anchor: string): string {
  const a = parseDtc(anchor);
  const b = parseDtc(dtc);
  if (!a || !b) return "";
  const da = dtcEpochDay(anchor);
  const db = dtcEpochDay(dtc);
  if (da === undefined || db === undefined) return "";
  const ta = timeSeconds(a);
  const tb = timeSeconds(b);
  if (ta !== undefined && tb !== undefined) {
    const mins = Math.round(((db - da) * 86400 + tb - ta) / 60);
    const sign = mins < 0 ? "-" : "";
    const m = Math.abs(mins);
    const h = Math.floor(m / 60);
    const r = m % 60;
    if (m === 0) return "PT0H";
    return `${sign}PT${h > 0 ? `${h}H` : ""}${r > 0 ? `${r}M` : ""}`;
  }
  const d = db - da;
  return `${d < 0 ? "-" : ""}P${Math.abs(d)}D`;
}

/**
 * Planned elapsed time as an ISO 8601 duration from nominal hours: "PT0H", "PT4H", "P7D" (whole days when a
 * multiple of 24 h), "-PT2H".
 */
export function computePlannedElapsed(hours: number): string {
  // Round to whole minutes first, so 1.9999 h is PT2H, never PT1H60M.
  const total = Math.round(Math.abs(hours) * 60);
  if (total === 0) return "PT0H";
  const sign = hours < 0 ? "-" : "";
  if (total % 1440 === 0) return `${sign}P${total / 1440}D`;
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `${sign}PT${h > 0 ? `${h}H` : ""}${m > 0 ? `${m}M` : ""}`;
}

/**
 * --ELTM, --TPTREF (and --RFTDTC) relative to the subject's anchor (e.g. the CAR-NK infusion).
 * @remarks SDTMIG: --ELTM is the planned elapsed time, so it comes from the nominal hours when the spec
 * names them (`plannedHours`); otherwise from the collection date/time.
 */
export function deriveElapsed(
  frame: Frame,
  dtcVar: string,
  eltm: string,
  tptref: string,
  rftdtc: string | undefined,
  anchors: ReadonlyMap<string, string>,
  anchorLabel: string,
  plannedHours?: string,
): void {
  const subj = frame.char("USUBJID");
  if (plannedHours && frame.has(plannedHours)) {
    const nominal = frame.num(plannedHours);
    // SDTMIG: --ELTM needs its --TPTREF; a subject without the anchor event (e.g. a screen failure) has neither
    frame.setChar(eltm, (i) => {
      const h = nominal.get(i);
      return h === null || !anchors.has(subj.get(i)) ? "" : computePlannedElapsed(h);
    });
    frame.setChar(tptref, (i) => (anchors.has(subj.get(i)) ? anchorLabel : ""));
    if (rftdtc && frame.has(rftdtc)) frame.setChar(rftdtc, (i) => anchors.get(subj.get(i)) ?? "");
    return;
  }
  const dtc = frame.char(dtcVar);
  const memo = new Map<number, string>();
  const width = dtc.dict.length;
  frame.setChar(eltm, (i) => {
    const key = subj.codes[i]! * width + dtc.codes[i]!;
    let e = memo.get(key);
    if (e === undefined) {
      const a = anchors.get(subj.get(i));
      e = a ? computeElapsed(dtc.get(i), a) : "";
      memo.set(key, e);
    }
    return e;
  });
  frame.setChar(tptref, (i) => (anchors.has(subj.get(i)) ? anchorLabel : ""));
  if (rftdtc && frame.has(rftdtc)) frame.setChar(rftdtc, (i) => anchors.get(subj.get(i)) ?? "");
}
