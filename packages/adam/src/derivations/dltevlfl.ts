/**
 * DLT Evaluable Population Flag.
 */

/**
 * "Y" when the subject was infused and either had a DLT or was followed through the whole DLT window
 * (last known alive on or after TRTSDT + windowDays, infusion day 0), "N" otherwise.
 * @remarks A subject who died in the window without a DLT is not evaluable (did not complete the window).
 * @example
 * computeDltevlfl({ trtsdt: 100, lstalvdt: 128, hadDlt: false }, 28) // "Y"
 * computeDltevlfl({ trtsdt: 100, lstalvdt: 127, hadDlt: false }, 28) // "N"
 */
export function computeDltevlfl(s: { trtsdt: number | null; lstalvdt: number | null; hadDlt: boolean }, windowDays: number): "Y" | "N" {
  if (s.trtsdt === null) return "N";
  if (s.hadDlt) return "Y";
  return s.lstalvdt !== null && s.lstalvdt >= s.trtsdt + windowDays ? "Y" : "N";
}
