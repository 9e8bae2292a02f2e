import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Diagnostics, UserError } from "@trialforge/core";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { LB_FORM } from "../test-forms.ts";
import type { Rejection } from "../types.ts";
import {
  excelDateText,
  excelNumberText,
  excelSerialDate,
  isDateFormatCode,
  readXlsxForm,
  type XlsxOptions,
} from "./xlsx.ts";

const dir = mkdtempSync(join(tmpdir(), "ingest-xlsx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

type Sheet = { name: string; rows: unknown[][] };

async function writeWorkbook(sheets: Sheet[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  const path = join(dir, `w${n++}.xlsx`);
  await wb.xlsx.writeFile(path);
  return path;
}

async function read(sheets: Sheet[], opts: XlsxOptions = {}) {
  const path = await writeWorkbook(sheets);
  const rejections: Rejection[] = [];
  const diagnostics = new Diagnostics();
  const table = await readXlsxForm(
    path,
    LB_FORM,
    { file: "vendor/central_lab.xlsx", rejections, diagnostics },
    opts,
  );
  expect(table.read).toBe(table.accepted + table.rejected);
  return { table, rejections, diagnostics, rows: table.data.toRows() };
}

const HEADER = ["SUBJECT", "COLLDTC", "COLLDATE", "TESTCD", "RESULT", "UNIT"];

describe("cell text", () => {
  it("formats Excel dates in UTC: date, datetime, time of day", () => {
    expect(excelDateText(new Date(Date.UTC(2024, 2, 15)))).toBe("2024-03-15");
    expect(excelDateText(new Date(Date.UTC(2024, 2, 15, 8, 30)))).toBe("2024-03-15T08:30");
    expect(excelDateText(new Date(Date.UTC(2024, 2, 15, 8, 30, 59, 700)))).toBe("2024-03-15T08:31");
    expect(excelDateText(new Date(Date.UTC(2024, 2, 15, 8, 30, 12)))).toBe("2024-03-15T08:30:12");
    // Excel time-only cells are serials below 1: exceljs gives 1899-12-30 plus the time
    expect(excelDateText(new Date(Date.UTC(1899, 11, 30, 14, 5)))).toBe("14:05");
  });
  it("formats numbers as Excel's General format would (15 significant digits)", () => {
    expect(excelNumberText(0.1 + 0.2)).toBe("0.3");
    expect(excelNumberText(13)).toBe("13");
    expect(excelNumberText(-2.5)).toBe("-2.5");
  });
  it("tells date number formats from others, as exceljs did (quoted text and [..] sections aside)", () => {
    expect(isDateFormatCode("yyyy-mm-dd")).toBe(true);
    expect(isDateFormatCode("[$-409]d-mmm-yy;@")).toBe(true);
    expect(isDateFormatCode("h:mm")).toBe(true);
    expect(isDateFormatCode("0.00")).toBe(false);
    expect(isDateFormatCode('0.0 "days"')).toBe(false);
    expect(isDateFormatCode("[Red]0.00")).toBe(false);
    expect(isDateFormatCode("General")).toBe(false);
    expect(excelSerialDate(45366, false).toISOString()).toBe("2024-03-15T00:00:00.000Z");
    expect(excelSerialDate(45366 - 1462, true).toISOString()).toBe("2024-03-15T00:00:00.000Z");
  });
});

describe("readXlsxForm", () => {
  it("reads text, number and date cells as text", async () => {
    const { rows, rejections, table } = await read([
      {
        name: "Results",
        rows: [
          HEADER,
          [
            "001",
            new Date(Date.UTC(2024, 2, 15, 8, 30)),
            new Date(Date.UTC(2024, 2, 15)),
            "HGB",
            13.2,
            "g/dL",
          ],
          ["001", "2024-03-16T09:00", "2024-03-16", "PLAT", 0.1 + 0.2, "10^9/L"],
          [
            "002",
            new Date(Date.UTC(2024, 3, 1, 7, 0, 30)),
            null,
            " WBC ",
            { formula: "2+2", result: 4 },
            { richText: [{ text: "10^9" }, { text: "/L" }] },
          ],
        ],
      },
    ]);
    expect(rejections).toEqual([]);
    expect(table.read).toBe(3);
    expect(rows).toEqual([
      {
        SUBJECT: "001",
        COLLDTC: "2024-03-15T08:30",
        COLLDATE: "2024-03-15",
        TESTCD: "HGB",
        RESULT: "13.2",
        UNIT: "g/dL",
        SOURCEROW: 1,
      },
      {
        SUBJECT: "001",
        COLLDTC: "2024-03-16T09:00",
        COLLDATE: "2024-03-16",
        TESTCD: "PLAT",
        RESULT: "0.3",
        UNIT: "10^9/L",
        SOURCEROW: 2,
      },
      {
        SUBJECT: "002",
        COLLDTC: "2024-04-01T07:00:30",
        COLLDATE: "",
        TESTCD: "WBC",
        RESULT: "4",
        UNIT: "10^9/L",
        SOURCEROW: 3,
      },
    ]);
  });

  it("rejects an impossible date, a non-number, a missing required cell and an extra cell", async () => {
    const { rows, rejections } = await read([
      {
        name: "Results",
        rows: [
          HEADER,
          ["001", "2024-02-30T08:00", null, "HGB", 13, "g/dL"],
          ["001", new Date(Date.UTC(2024, 2, 15, 8, 30)), null, "HGB", "13,2", "g/dL"],
          ["001", new Date(Date.UTC(2024, 2, 15, 8, 30)), null, null, 1, "g/dL"],
          ["001", new Date(Date.UTC(2024, 2, 15, 8, 30)), null, "PLAT", 1, "g/dL", "stray"],
          ["001", new Date(Date.UTC(2024, 2, 15, 8, 30)), null, "HGB", 12, "g/dL"],
        ],
      },
    ]);
    expect(rows.map((r) => r.SOURCEROW)).toEqual([5]);
    expect(rejections.map((r) => [r.row, r.code, r.column])).toEqual([
      [1, "INGEST.BAD_DATETIME", "COLLDTC"],
      [2, "INGEST.BAD_FLOAT", "RESULT"],
      [3, "INGEST.REQUIRED", "TESTCD"],
      [4, "INGEST.COLUMN_COUNT", undefined],
    ]);
  });

  it("SOURCEROW follows the sheet rows below the header; blank rows are not records", async () => {
    const { rows } = await read([
      {
        name: "S",
        rows: [
          [],
          HEADER,
          ["001", "2024-03-15", null, "HGB", 1, ""],
          [],
          ["002", "2024-03-15", null, "HGB", 1, ""],
        ],
      },
    ]);
    expect(rows.map((r) => [r.SUBJECT, r.SOURCEROW])).toEqual([
      ["001", 1],
      ["002", 3],
    ]);
  });

  it("reads a named worksheet, and names the sheets when it is missing", async () => {
    const sheets = [
      { name: "Notes", rows: [["just notes"]] },
      { name: "Results", rows: [HEADER, ["009", "2024-03-15", null, "HGB", 1, ""]] },
    ];
    const { rows } = await read(sheets, { sheet: "Results" });
    expect(rows.map((r) => r.SUBJECT)).toEqual(["009"]);
    await expect(read(sheets, { sheet: "Labs" })).rejects.toThrow(
      'vendor/central_lab.xlsx: worksheet "Labs" not found; the workbook has: Notes, Results',
    );
  });

  it("a missing required column fails the file; an empty sheet is a clear error", async () => {
    await expect(
      read([
        {
          name: "S",
          rows: [
            ["SUBJECT", "COLLDTC"],
            ["001", "2024-03-15"],
          ],
        },
      ]),
    ).rejects.toThrow(
      "vendor/central_lab.xlsx column TESTCD: required column TESTCD is missing from the header (form LB_CENTRAL)",
    );
    await expect(read([{ name: "S", rows: [] }])).rejects.toThrow(
      "vendor/central_lab.xlsx: worksheet is empty",
    );
  });

  it("a file that is not a workbook is one clear error", async () => {
    const path = join(dir, "bad.xlsx");
    writeFileSync(path, "this is not a zip file");
    const err = await readXlsxForm(path, LB_FORM, {
      file: "vendor/central_lab.xlsx",
      rejections: [],
      diagnostics: new Diagnostics(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^vendor\/central_lab\.xlsx: cannot read the workbook: /);
  });
});
