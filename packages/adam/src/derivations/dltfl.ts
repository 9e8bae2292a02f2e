/**
 * Dose Limiting Toxicity Flag.
 */
import type { AdamAdae } from "@trialforge/spec";

export interface DltInput {
  /** ASTDT and TRTSDT as day numbers. */
  astdt: number | null;
  trtsdt: number | null;
  /** AETOXGR as a number. */
  grade: number | null;
  /** ASTCT grade for CRS/ICANS (used instead of AETOXGR when present). */
  astctGrade: number | null;
  aedecod: string;
  aebodsys: string;
  related: boolean;
  /** AENDT - ASTDT + 1, or to the cut-off when unresolved; null when unknown. */
  durationDays: number | null;
  /** The investigator's DLT flag (SUPPAE), "Y" or "". */
  investigatorFlag: string;
}

/**
 * DLTFL: "Y" when the AE starts in the DLT window (0 <= ASTDT - TRTSDT <= windowDays; infusion is day 0) and either
 * a spec criterion holds or the investigator flagged it as a DLT. Returns the description of the criterion.
 * @remarks Protocol: DLTs are observed from infusion through day 28; an AE on day 29 is outside, whatever its grade.
 * @example
 * computeDltfl({ astdt: TRTSDT + 28, grade: 3, related: true, ... }, dlt) // { flag: "Y", criterion: "Grade >=3 related ..." }
 * computeDltfl({ astdt: TRTSDT + 29, grade: 4, ... }, dlt)                // { flag: "", criterion: "" }
 */
export function computeDltfl(ae: DltInput, dlt: AdamAdae["dlt"]): { flag: "Y" | ""; criterion: string } {
  const none = { flag: "" as const, criterion: "" };
  if (ae.astdt === null || ae.trtsdt === null) return none;
  const day = ae.astdt - ae.trtsdt;
  if (day < 0 || day > dlt.windowDays) return none;
  const grade = ae.astctGrade ?? ae.grade;
  for (const c of dlt.criteria) {
    if (grade === null || grade < c.minGrade) continue;
    if (c.terms && !c.terms.includes(ae.aedecod)) continue;
    if (c.soc && !c.soc.includes(ae.aebodsys)) continue;
    if (c.excludeSoc?.includes(ae.aebodsys)) continue;
    if (c.related && !ae.related) continue;
    if (c.minDurationDays !== undefined && (ae.durationDays === null || ae.durationDays < c.minDurationDays))
      continue;
    return { flag: "Y", criterion: c.description };
  }
  if (dlt.investigatorQnam && ae.investigatorFlag === "Y")
    return { flag: "Y", criterion: "Investigator assessment" };
  return none;
}
