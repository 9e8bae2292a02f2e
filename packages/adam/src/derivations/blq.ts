/**
 * Analysis values of concentration-time samples below the lower limit of quantitation.
 */

export interface BlqSample {
  /** Measured value, null when BLQ or missing. */
  value: number | null;
  blq: boolean;
  lloq: number | null;
}

/**
 * AVAL per sample in time order: BLQ before the first measurable value → 0 (or missing); BLQ after it → missing,
 * half the LLOQ, or 0 per the spec; measured values pass through; missing non-BLQ samples stay missing.
 * @example
 * computeBlqValues([BLQ, 5, BLQ, 2], { before: "zero", after: "missing" }) // [0, 5, null, 2]
 */
export function computeBlqValues(
  samples: readonly BlqSample[],
  rule: { beforeFirstMeasurable: "zero" | "missing"; afterFirstMeasurable: "missing" | "halfLloq" | "zero" },
): (number | null)[] {
  let seenMeasurable = false;
  return samples.map((s) => {
    if (!s.blq) {
      if (s.value !== null) seenMeasurable = true;
      return s.value;
    }
    if (!seenMeasurable) return rule.beforeFirstMeasurable === "zero" ? 0 : null;
    if (rule.afterFirstMeasurable === "zero") return 0;
    if (rule.afterFirstMeasurable === "halfLloq") return s.lloq === null ? null : s.lloq / 2;
    return null;
  });
}
