import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import type { Finding } from "../types.ts";
import { writeValidationReport } from "./report.ts";

const dir = mkdtempSync(join(tmpdir(), "tf-validate-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// biome-ignore format: aligned fixture table
const findings: Finding[] = [
  { rule: "TF-STR11", severity: "warning", dataset: "AE", variable: "AESER", message: "Expected variable is missing from the dataset", reference: "SDTMIG 3.4 4.1.5" },
  { rule: "TF-CT01",  severity: "error",   dataset: "DM", variable: "SEX", key: "USUBJID=1", value: "=1+1", message: "\"=1+1\" is not in SEX", reference: "CT" },
  { rule: "TF-CT01",  severity: "error",   dataset: "AE", variable: "AESEV", key: "USUBJID=2", value: "@SUM(A1)", message: "x", reference: "CT" },
];

describe("writeValidationReport", () => {
  it("writes sorted JSON with a summary, and identical bytes on a rerun", async () => {
    const s = await writeValidationReport([...findings], join(dir, "a"));
    await writeValidationReport([...findings].reverse(), join(dir, "b"));
    for (const f of ["issues.json", "issues.xlsx"])
      expect(readFileSync(join(dir, "a", f)).equals(readFileSync(join(dir, "b", f)))).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, "a", "issues.json"), "utf8"));
    expect(json.findings.map((f: Finding) => `${f.rule} ${f.dataset}`)).toEqual([
      "TF-CT01 AE",
      "TF-CT01 DM",
      "TF-STR11 AE",
    ]);
    expect(s).toMatchObject({ errors: 2, warnings: 1, notes: 0, rules: 2 });
    expect(json.summary).toEqual(s);
  });
  it("XLSX: one row per finding, cells that look like formulas are plain text", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "a", "issues.xlsx"));
    const ws = wb.getWorksheet("Issues")!;
    expect(ws.rowCount).toBe(1 + findings.length);
    const values = [2, 3].map((r) => ws.getRow(r).getCell(6));
    expect(values.map((c) => c.value)).toEqual(["@SUM(A1)", "=1+1"]);
    for (const c of values) expect(c.type).toBe(ExcelJS.ValueType.String);
    expect(readFileSync(join(dir, "a", "issues.xlsx")).includes(Buffer.from("<f>"))).toBe(false);
  });
});
