import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Rejection } from "../types.ts";
import { csvCell, writeRejections } from "./rejections.ts";

const dir = mkdtempSync(join(tmpdir(), "ingest-rej-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeRejections", () => {
  it("escapes CSV cells and defuses formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell("+cmd")).toBe("'+cmd");
    // A plain signed number is not a formula: the logged raw value stays as read.
    expect(csvCell("+1")).toBe("+1");
    expect(csvCell("-2")).toBe("-2");
    expect(csvCell("-0.5e3")).toBe("-0.5e3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell(12)).toBe("12");
    expect(csvCell(undefined)).toBe("");
  });

  it("writes rejects/rejections.csv and .json sorted by file, row, column, code", async () => {
    const rejections: Rejection[] = [
      {
        form: "LB",
        file: "vendor/lab.csv",
        row: 2,
        column: "RESULT",
        code: "INGEST.BAD_FLOAT",
        reason: '"=1+1" is not a number',
        value: "=1+1",
      },
      {
        form: "AE",
        file: "edc/ae.csv",
        row: 10,
        code: "INGEST.COLUMN_COUNT",
        reason: "row has 6 fields, the header has 7",
      },
      {
        form: "AE",
        file: "edc/ae.csv",
        row: 3,
        column: "AESTDAT",
        code: "INGEST.BAD_DATE",
        reason: '"2024-02-30" is not a valid date',
        value: "2024-02-30",
      },
      {
        form: "AE",
        file: "edc/ae.csv",
        row: 3,
        column: "AESEV",
        code: "INGEST.NOT_IN_LIST",
        reason: '"x" is not one of: MILD',
        value: "x",
      },
    ];
    await writeRejections(rejections, dir);
    const csv = readFileSync(join(dir, "rejects", "rejections.csv"), "utf8");
    expect(csv.split("\r\n")).toEqual([
      "form,file,row,column,code,reason,value",
      'AE,edc/ae.csv,3,AESEV,INGEST.NOT_IN_LIST,"""x"" is not one of: MILD",x',
      'AE,edc/ae.csv,3,AESTDAT,INGEST.BAD_DATE,"""2024-02-30"" is not a valid date",2024-02-30',
      'AE,edc/ae.csv,10,,INGEST.COLUMN_COUNT,"row has 6 fields, the header has 7",',
      'LB,vendor/lab.csv,2,RESULT,INGEST.BAD_FLOAT,"""=1+1"" is not a number",\'=1+1',
      "",
    ]);
    const json = JSON.parse(readFileSync(join(dir, "rejects", "rejections.json"), "utf8")) as Record<
      string,
      unknown
    >[];
    expect(json.map((r) => r.row)).toEqual([3, 3, 10, 2]);
    expect(Object.keys(json[0]!)).toEqual(["code", "column", "file", "form", "reason", "row", "value"]);
    expect(json[2]).toEqual({
      code: "INGEST.COLUMN_COUNT",
      file: "edc/ae.csv",
      form: "AE",
      reason: "row has 6 fields, the header has 7",
      row: 10,
    });
    expect(json[3]!.value).toBe("=1+1");
  });
});
