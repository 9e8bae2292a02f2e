/**
 * Analysis relative day from the treatment start. Two rules, two functions (STYLE #10); the spec's
 * `general.relativeDay` picks one.
 */

/**
 * Relative day with the infusion as day 0 (protocol nomenclature): ADY = ADT - TRTSDT.
 * @example computeRelativeDayZero(TRTSDT, TRTSDT) // 0; the day before is -1; the day after is 1
 */
export function computeRelativeDayZero(
  date: number | null | undefined,
  ref: number | null | undefined,
): number | null {
  if (date === null || date === undefined || ref === null || ref === undefined) return null;
  return date - ref;
}

/**
 * Study day without day 0 (SDTMIG --DY rule): ADT - TRTSDT + 1 on or after TRTSDT, ADT - TRTSDT before.
 * @example computeStudyDayNoZero(TRTSDT, TRTSDT) // 1; the day before is -1
 */
export function computeStudyDayNoZero(
  date: number | null | undefined,
  ref: number | null | undefined,
): number | null {
  if (date === null || date === undefined || ref === null || ref === undefined) return null;
  return date >= ref ? date - ref + 1 : date - ref;
}

export function relativeDayRule(
  rule: "infusionDayZero" | "noDayZero",
): (date: number | null | undefined, ref: number | null | undefined) => number | null {
  const rules = {
    infusionDayZero: computeRelativeDayZero,
    noDayZero: computeStudyDayNoZero,
  } satisfies Record<typeof rule, unknown>;
  return rules[rule];
}
