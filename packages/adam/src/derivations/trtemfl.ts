/**
 * Treatment Emergent Analysis Flag.
 * @remarks ADaMIG OCCDS: an AE is treatment-emergent when it starts on or after the first dose (here the
 * CAR-NK-CD19 infusion; an AE on the infusion day counts) and, when the spec sets a window, no later than
 * TRTEDT + window days. AEs during lymphodepletion (before infusion) are not treatment-emergent.
 * @example
 * computeTrtemfl(TRTSDT - 1, TRTSDT) // ""
 * computeTrtemfl(TRTSDT, TRTSDT)     // "Y"
 * computeTrtemfl(null, TRTSDT)       // "Y" (start unknown: counted, conservatively)
 * computeTrtemfl(null, TRTSDT, { aendt: TRTSDT - 2 }) // "" (ended before treatment)
 * @remarks A start date missing even after imputation counts as treatment-emergent unless the AE ended
 * before the first dose: the conservative rule SAPs use so an AE is never lost from the safety tables.
 */
export function computeTrtemfl(
  astdt: number | null | undefined,
  trtsdt: number | null | undefined,
  opts: { trtedt?: number | null; windowAfterLastDoseDays?: number; aendt?: number | null } = {},
): "Y" | "" {
  if (trtsdt === null || trtsdt === undefined) return "";
  if (astdt === null || astdt === undefined) {
    return opts.aendt !== null && opts.aendt !== undefined && opts.aendt < trtsdt ? "" : "Y";
  }
  if (astdt < trtsdt) return "";
  if (opts.windowAfterLastDoseDays !== undefined) {
    const end = (opts.trtedt ?? trtsdt) + opts.windowAfterLastDoseDays;
    if (astdt > end) return "";
  }
  return "Y";
}
