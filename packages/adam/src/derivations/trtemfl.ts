/**
 * Treatment Emergent Analysis Flag.
 * @remarks ADaMIG OCCDS: an AE is treatment-emergent when it starts on or after the first dose (here the
 * CAR-NK-CD19 infusion; an AE on the infusion day counts) and, when the spec sets a window, no later than
 * TRTEDT + window days. AEs during lymphodepletion (before infusion) are not treatment-emergent.
 * @example
 * computeTrtemfl(TRTSDT - 1, TRTSDT) // ""
 * computeTrtemfl(TRTSDT, TRTSDT)     // "Y"
 * computeTrtemfl(null, TRTSDT)       // ""  (no start date)
 */
export function computeTrtemfl(
  astdt: number | null | undefined,
  trtsdt: number | null | undefined,
  opts: { trtedt?: number | null; windowAfterLastDoseDays?: number } = {},
): "Y" | "" {
  if (astdt === null || astdt === undefined || trtsdt === null || trtsdt === undefined) return "";
  if (astdt < trtsdt) return "";
  if (opts.windowAfterLastDoseDays !== undefined) {
    const end = (opts.trtedt ?? trtsdt) + opts.windowAfterLastDoseDays;
    if (astdt > end) return "";
  }
  return "Y";
}
