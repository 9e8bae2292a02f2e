/**
 * CDISC's test cases as a suite: every rule's positive and negative cases, one verdict per rule
 * (pass only when every case passes), and the table the test and `trialforge rules test` print.
 */
import type { RuleFolder } from "./read/cases.ts";
import { type CaseResult, runCase } from "./test-case.ts";

export type RuleVerdict = "pass" | "fail" | "not run";

export interface RuleSuiteRow {
  ruleId: string;
  verdict: RuleVerdict;
  /** Cases passed / cases. */
  passed: number;
  cases: number;
  /** The first failing case and why, or why the rule does not run. */
  detail: string;
  ms: number;
}

function errorResult(label: string, e: unknown): CaseResult {
  return {
    case: label,
    verdict: "fail",
    detail: `error: ${(e as Error).message}`,
    run: { ruleId: "", status: "ran", findings: [], skipped: [], overflow: new Map() },
  };
}

export function runRuleFolder(f: RuleFolder): RuleSuiteRow {
  const t0 = performance.now();
  const results = f.cases.map((c) => {
    try {
      return runCase(f.rule, c);
    } catch (e) {
      return errorResult(`${c.kind}/${c.name}`, e);
    }
  });
  const ms = performance.now() - t0;
  const notRun = results.find((r) => r.verdict === "not run");
  const failed = results.filter((r) => r.verdict === "fail");
  const passed = results.filter((r) => r.verdict === "pass").length;
  const base = { ruleId: f.ruleId, passed, cases: results.length, ms };
  if (notRun) return { ...base, verdict: "not run", detail: notRun.detail };
  if (results.length === 0) return { ...base, verdict: "fail", detail: "no test cases" };
  if (failed.length > 0)
    return { ...base, verdict: "fail", detail: failed.map((r) => `${r.case}: ${r.detail}`).join(" | ") };
  return { ...base, verdict: "pass", detail: "" };
}

export function runSuite(folders: readonly RuleFolder[]): RuleSuiteRow[] {
  return folders.map(runRuleFolder);
}

/** A fixed-width table, one line per rule, ending with `N of M rules pass`. */
export function formatSuite(rows: readonly RuleSuiteRow[]): string {
  const lines = rows.map(
    (r) =>
      `${r.ruleId}  ${r.verdict.padEnd(7)}  ${`${r.passed}/${r.cases}`.padStart(5)}  ${r.detail.replace(/\s+/g, " ").slice(0, 160)}`,
  );
  const pass = rows.filter((r) => r.verdict === "pass").length;
  const notRun = rows.filter((r) => r.verdict === "not run").length;
  const fail = rows.length - pass - notRun;
  lines.push(`${fail} fail, ${notRun} not run`);
  lines.push(`${pass} of ${rows.length} rules pass`);
  return lines.join("\n");
}
