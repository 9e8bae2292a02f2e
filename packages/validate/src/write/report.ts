/**
 * The validation report: DIR/issues.json (summary + findings, sorted, stable key order) and DIR/issues.xlsx
 * (one row per finding, plus a rule summary sheet). Strings are written as shared strings, never formulas,
 * so a value such as "=1+1" or "@SUM" stays text; workbook dates and zip entry times are fixed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stampZipEntries } from "@trialforge/core";
import ExcelJS from "exceljs";
import { RULES, ruleDef } from "../rules.ts";
import { summarizeFindings } from "../summary.ts";
import type { Finding, RuleNotRun, ValidationSummary } from "../types.ts";
import { sortFindings } from "../validate-build.ts";

const FIXED = new Date(Date.UTC(2000, 0, 1));
const COLUMNS = ["rule", "severity", "dataset", "variable", "key", "value", "message", "reference"] as const;
/** Written to issues.json when set (CORE findings, explained findings). */
const EXTRA = ["cdiscIds", "guidance", "usubjid", "seq", "record", "explanation"] as const;

/** Cell text: always a plain string (a shared string, never a formula), so "=1+1" or "@SUM(A1)" is shown as typed. */
const safeCell = (s: string): string => s;

export async function writeValidationReport(
  findings: Finding[],
  dir: string,
  notRun: readonly RuleNotRun[] = [],
): Promise<ValidationSummary> {
  const sorted = sortFindings([...findings]);
  const summary = summarizeFindings(sorted, notRun);
  await mkdir(dir, { recursive: true });
  const json = {
    summary,
    findings: sorted.map((f) => {
      const o: Record<string, string> = {};
      for (const c of COLUMNS) if (f[c] !== undefined) o[c] = f[c] as string;
      for (const c of EXTRA) if (f[c] !== undefined) o[c] = f[c] as string;
      return o;
    }),
  };
  await writeFile(join(dir, "issues.json"), `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(join(dir, "issues.xlsx"), await renderXlsx(sorted, summary));
  return summary;
}

async function renderXlsx(findings: Finding[], summary: ValidationSummary): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "trialforge";
  wb.lastModifiedBy = "trialforge";
  wb.created = FIXED;
  wb.modified = FIXED;
  const ws = wb.addWorksheet("Issues", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({
    header: c.toUpperCase(),
    key: c,
    width: c === "message" ? 80 : c === "key" || c === "reference" ? 40 : 14,
  }));
  for (const f of findings) ws.addRow(COLUMNS.map((c) => safeCell(f[c] ?? "")));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  const rs = wb.addWorksheet("Rules");
  rs.columns = [
    { header: "RULE", key: "rule", width: 12 },
    { header: "SEVERITY", key: "severity", width: 10 },
    { header: "GROUP", key: "group", width: 30 },
    { header: "COUNT", key: "count", width: 10 },
    { header: "MESSAGE", key: "message", width: 80 },
    { header: "REFERENCE", key: "reference", width: 50 },
  ];
  const counts = new Map(summary.byRule.map((r) => [r.rule, r.count]));
  for (const r of RULES)
    rs.addRow([r.id, r.severity, r.group, counts.get(r.id) ?? 0, safeCell(r.message), safeCell(r.reference)]);
  rs.getRow(1).font = { bold: true };
  addIssueSheets(wb, findings, summary);
  return stampZipEntries(Buffer.from(await wb.xlsx.writeBuffer()), FIXED);
}

/**
 * CORE's report layout: "Issue Summary" (one row per rule that fired or did not run) and "Issue Details"
 * (one row per finding with dataset, USUBJID, record, --SEQ, variables and values).
 */
function addIssueSheets(wb: ExcelJS.Workbook, findings: Finding[], summary: ValidationSummary): void {
  const sum = wb.addWorksheet("Issue Summary", { views: [{ state: "frozen", ySplit: 1 }] });
  sum.columns = [
    { header: "RULE", key: "rule", width: 13 },
    { header: "CDISC RULE IDS", key: "ids", width: 18 },
    { header: "SEVERITY", key: "severity", width: 10 },
    { header: "STATUS", key: "status", width: 10 },
    { header: "ISSUES", key: "count", width: 8 },
    { header: "EXPLAINED", key: "explained", width: 10 },
    { header: "MESSAGE", key: "message", width: 80 },
    { header: "REASON NOT RUN", key: "reason", width: 60 },
  ];
  for (const r of summary.byRule) {
    const ids = findings.find((f) => f.rule === r.rule)?.cdiscIds ?? "";
    sum.addRow([r.rule, ids, r.severity, "ran", r.count, r.explained ?? 0, safeCell(r.message), ""]);
  }
  for (const n of summary.notRun)
    sum.addRow([
      n.rule,
      "",
      ruleDef(n.rule)?.severity ?? "",
      "not run",
      "",
      "",
      safeCell(ruleDef(n.rule)?.message ?? ""),
      safeCell(n.reason),
    ]);
  sum.getRow(1).font = { bold: true };
  const det = wb.addWorksheet("Issue Details", { views: [{ state: "frozen", ySplit: 1 }] });
  det.columns = [
    { header: "RULE", key: "rule", width: 13 },
    { header: "CDISC RULE IDS", key: "ids", width: 18 },
    { header: "SEVERITY", key: "severity", width: 10 },
    { header: "MESSAGE", key: "message", width: 60 },
    { header: "DATASET", key: "dataset", width: 10 },
    { header: "USUBJID", key: "usubjid", width: 22 },
    { header: "RECORD", key: "record", width: 8 },
    { header: "SEQ", key: "seq", width: 6 },
    { header: "VARIABLES", key: "variable", width: 24 },
    { header: "VALUES", key: "value", width: 40 },
    { header: "EXPLANATION", key: "explanation", width: 60 },
    { header: "GUIDANCE", key: "guidance", width: 60 },
  ];
  for (const f of findings)
    det.addRow(
      [
        f.rule,
        f.cdiscIds,
        f.severity,
        f.message,
        f.dataset,
        f.usubjid,
        f.record,
        f.seq,
        f.variable,
        f.value,
        f.explanation,
        f.guidance,
      ].map((x) => safeCell(x ?? "")),
    );
  det.getRow(1).font = { bold: true };
  det.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 12 } };
}
