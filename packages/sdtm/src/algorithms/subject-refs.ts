import { compareDtc, toDtc } from "@trialforge/core";
import type { VariableCondition } from "@trialforge/spec";
import type { Frame } from "../internal/frame.ts";

/** A test on an SDTM variable of a built domain. */
export function matchesAll(
  frame: Frame,
  where: readonly VariableCondition[] | undefined,
): (i: number) => boolean {
  if (!where || where.length === 0) return () => true;
  const tests = where.map((w) => {
    const col = frame.cols.get(w.variable);
    if (!col) throw new Error(`${frame.meta.name} has no variable ${w.variable}`);
    const want = new Set((w.in ?? (w.equals !== undefined ? [w.equals] : [])).map((s) => s.toUpperCase()));
    return (i: number) => want.has(String(col.get(i) ?? "").toUpperCase());
  });
  return (i) => tests.every((t) => t(i));
}

/**
 * Per subject, the first or last non-missing date of `dtcVar` among the records meeting `where`
 * (e.g. RFSTDTC = first EXSTDTC; DTHDTC = DSSTDTC of the DEATH record).
 */
export function computeSubjectDates(
  frame: Frame,
  dtcVar: string,
  pick: "first" | "last",
  where?: readonly VariableCondition[],
): Map<string, string> {
  const out = new Map<string, string>();
  const subj = frame.char("USUBJID");
  const dtc = frame.char(dtcVar);
  const ok = matchesAll(frame, where);
  for (let i = 0; i < frame.length; i++) {
    const d = dtc.get(i);
    if (d === "" || !ok(i)) continue;
    const s = subj.get(i);
    const prev = out.get(s);
    if (prev === undefined) {
      out.set(s, d);
      continue;
    }
    const c = compareDtc(d, prev);
    // Equal at the common precision: keep the more precise value.
    if ((pick === "first" ? c === -1 : c === 1) || (c === 0 && d.length > prev.length)) out.set(s, d);
  }
  return out;
}

/**
 * Per subject, the first or last date of a raw form's date field (read as assign_datetime reads it), keyed by
 * USUBJID (`prefix` + the form's subject field). Values that are not dates are skipped: ingest has already
 * rejected them when the field is typed `date`.
 */
export function computeFormSubjectDates(
  subjects: { get(i: number): string },
  dates: { get(i: number): string },
  length: number,
  prefix: string,
  pick: "first" | "last",
  dayFirst = false,
): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < length; i++) {
    const d = toDtc(dates.get(i), undefined, { dayFirst });
    if (!d) continue;
    const s = `${prefix}${subjects.get(i)}`;
    const prev = out.get(s);
    const c = prev === undefined ? 0 : compareDtc(d, prev);
    if (prev === undefined || (pick === "first" ? c === -1 : c === 1) || (c === 0 && d.length > prev.length))
      out.set(s, d);
  }
  return out;
}
