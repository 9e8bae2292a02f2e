/**
 * Analysis Reference Range Indicator.
 * @remarks LOW when AVAL < ANRLO, HIGH when AVAL > ANRHI, NORMAL otherwise (a value equal to a limit is NORMAL);
 * "" when AVAL is missing or both limits are missing.
 * @example
 * computeRangeIndicator(3.9, 4, 10) // "LOW"
 * computeRangeIndicator(4, 4, 10)   // "NORMAL"
 * computeRangeIndicator(11, 4, 10)  // "HIGH"
 */
export function computeRangeIndicator(aval: number | null, lo: number | null, hi: number | null): "" | "LOW" | "NORMAL" | "HIGH" {
  if (aval === null || (lo === null && hi === null)) return "";
  if (lo !== null && aval < lo) return "LOW";
  if (hi !== null && aval > hi) return "HIGH";
  return "NORMAL";
}
