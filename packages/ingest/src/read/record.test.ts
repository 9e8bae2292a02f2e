import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsvRecord } from "./record.ts";

describe("readCsvRecord", () => {
  const dir = mkdtempSync(join(tmpdir(), "tf-record-"));
  const file = join(dir, "ae.csv");
  // row 2 spans two lines (a quoted newline): data rows count records, not lines
  writeFileSync(file, '\uFEFFSUBJID,AETERM\n001,Headache\n002,"Nausea,\nvomiting"\n003,Fever\n');

  it("returns the header and the values of a data row, counting records not lines", async () => {
    expect(await readCsvRecord(file, 1)).toEqual({
      header: ["SUBJID", "AETERM"],
      values: ["001", "Headache"],
    });
    expect(await readCsvRecord(file, 2)).toEqual({
      header: ["SUBJID", "AETERM"],
      values: ["002", "Nausea,\nvomiting"],
    });
    expect(await readCsvRecord(file, 3)).toEqual({ header: ["SUBJID", "AETERM"], values: ["003", "Fever"] });
  });

  it("is undefined past the last row", async () => {
    expect(await readCsvRecord(file, 4)).toBeUndefined();
  });
});
