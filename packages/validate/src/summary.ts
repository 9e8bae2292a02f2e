/** The summary a build report shows: counts by severity and by rule. */
import { ruleDef } from "./rules.ts";
import type { Finding, FindingSeverity, RuleCount, RuleNotRun, ValidationSummary } from "./types.ts";

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Counts findings by severity and rule. A closing "N more records not listed" finding counts as N + 0
 * findings of its rule, so counts are exact even when the report lists only the first findings.
 */
export function summarizeFindings(
  findings: readonly Finding[],
  notRun: readonly RuleNotRun[] = [],
): ValidationSummary {
  const counts = new Map<string, number>();
  const explained = new Map<string, number>();
  for (const f of findings) {
    const more = /: (\d+) more records not listed$/.exec(f.message);
    const n = more ? Number(more[1]) : 1;
    counts.set(f.rule, (counts.get(f.rule) ?? 0) + n);
    if (f.explanation !== undefined) explained.set(f.rule, (explained.get(f.rule) ?? 0) + n);
  }
  const byRule: RuleCount[] = [...counts]
    .map(([rule, count]) => {
      const def = ruleDef(rule);
      const r: RuleCount = { rule, severity: def?.severity ?? "error", count, message: def?.message ?? rule };
      if (explained.has(rule)) r.explained = explained.get(rule)!;
      return r;
    })
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  const sum = (s: FindingSeverity) =>
    byRule.filter((r) => r.severity === s).reduce((n, r) => n + r.count - (r.explained ?? 0), 0);
  return {
    errors: sum("error"),
    warnings: sum("warning"),
    notes: sum("notice"),
    explained: byRule.reduce((n, r) => n + (r.explained ?? 0), 0),
    rules: byRule.length,
    byRule,
    notRun: [...notRun],
  };
}

/** True when a finding at or above the threshold exists ("never": false). */
export function failsThreshold(summary: ValidationSummary, failOn: "error" | "warning" | "never"): boolean {
  if (failOn === "never") return false;
  return summary.errors > 0 || (failOn === "warning" && summary.warnings > 0);
}
