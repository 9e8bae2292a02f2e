/** The summary a build report shows: counts by severity and by rule. */
import { RULE_BY_ID } from "./rules.ts";
import type { Finding, FindingSeverity, RuleCount, ValidationSummary } from "./types.ts";

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Counts findings by severity and rule. A closing "N more records not listed" finding counts as N + 0
 * findings of its rule, so counts are exact even when the report lists only the first findings.
 */
export function summarizeFindings(findings: readonly Finding[]): ValidationSummary {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const more = /: (\d+) more records not listed$/.exec(f.message);
    counts.set(f.rule, (counts.get(f.rule) ?? 0) + (more ? Number(more[1]) : 1));
  }
  const byRule: RuleCount[] = [...counts]
    .map(([rule, count]) => {
      const def = RULE_BY_ID.get(rule);
      return { rule, severity: def?.severity ?? "error", count, message: def?.message ?? rule };
    })
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  const sum = (s: FindingSeverity) => byRule.filter((r) => r.severity === s).reduce((n, r) => n + r.count, 0);
  return {
    errors: sum("error"),
    warnings: sum("warning"),
    notes: sum("notice"),
    rules: byRule.length,
    byRule,
  };
}

/** True when a finding at or above the threshold exists ("never": false). */
export function failsThreshold(summary: ValidationSummary, failOn: "error" | "warning" | "never"): boolean {
  if (failOn === "never") return false;
  return summary.errors > 0 || (failOn === "warning" && summary.warnings > 0);
}
