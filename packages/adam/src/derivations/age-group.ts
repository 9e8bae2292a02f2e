/**
 * Pooled Age Group 1.
 */
import type { AdamAdsl } from "@trialforge/spec";

/**
 * The spec's age group holding AGE (lower bound inclusive, upper bound exclusive) and its 1-based order.
 * @example
 * computeAgeGroup(17, groups) // { label: "<18", n: 1 }
 * computeAgeGroup(18, groups) // { label: "18-<40", n: 2 }
 * computeAgeGroup(null, groups) // { label: "", n: null }
 */
export function computeAgeGroup(
  age: number | null,
  groups: AdamAdsl["ageGroups"],
): { label: string; n: number | null } {
  if (age === null) return { label: "", n: null };
  const k = groups.findIndex(
    (g) => (g.min === undefined || age >= g.min) && (g.below === undefined || age < g.below),
  );
  return k < 0 ? { label: "", n: null } : { label: groups[k]!.label, n: k + 1 };
}
