import { compareDtc } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";
import { byCode } from "../internal/memo.ts";

/**
 * A "Y"/"N" flag from a record date against the subject's reference date (DM), compared at their common
 * precision: "Y" on or after the reference (so a partial date in the reference month counts as on or after).
 * @remarks E.g. the pilot's treatment-emergent flag AETRTEM: AESTDTC on or after RFSTDTC. A missing record
 * date gives `whenMissing`; a subject without a reference date gets no flag.
 */
export function deriveReferenceFlag(
  frame: Frame,
  column: string,
  dtcVar: string,
  reference: ReadonlyMap<string, string>,
  whenMissing: "Y" | "N" | "",
): void {
  const subj = frame.char("USUBJID");
  const dtc = frame.char(dtcVar);
  const ref = byCode(subj, (s) => reference.get(s) ?? "");
  frame.setChar(column, (i) => computeReferenceFlag(dtc.get(i), ref(i), whenMissing));
}

/** "Y" when `dtc` is on or after `reference` at their common precision, "N" before. */
export function computeReferenceFlag(dtc: string, reference: string, whenMissing: "Y" | "N" | ""): string {
  if (reference === "") return "";
  if (dtc === "") return whenMissing;
  const c = compareDtc(dtc, reference);
  return c === undefined ? whenMissing : c >= 0 ? "Y" : "N";
}
