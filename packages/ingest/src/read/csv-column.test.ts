import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Diagnostics } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import { afterAll, describe, expect, it } from "vitest";
import type { Rejection } from "../types.ts";
import { readCsvForm } from "./csv.ts";

const dir = mkdtempSync(join(tmpdir(), "ingest-csv-column-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// An EDC export that prefixes item columns ("IT.AETERM") and has no natural key (the CDISC pilot's AE).
const FORM: RawForm = {
  id: "AE",
  label: "Adverse Events",
  source: "edc",
  file: "ae_raw.csv",
  format: "csv",
  keys: [],
  dateFormat: "MM/DD/YYYY",
  subjectField: "PATNUM",
  fields: [
    { name: "PATNUM", label: "Patient", type: "text", required: true },
    { name: "AETERM", column: "IT.AETERM", label: "Term", type: "text", required: true },
    { name: "AESTDAT", column: "IT.AESTDAT", label: "Start", type: "date", required: false },
  ],
};

async function read(content: string, form: RawForm = FORM) {
  const path = join(dir, "ae_raw.csv");
  writeFileSync(path, content);
  const rejections: Rejection[] = [];
  const table = await readCsvForm(path, form, {
    file: "ae_raw.csv",
    rejections,
    diagnostics: new Diagnostics(),
  });
  return { table, rejections, rows: table.data.toRows() };
}

describe("raw field `column` and forms without keys", () => {
  it("reads a field from the header its `column` names; identical lines of a keyless form are all kept", async () => {
    const { rows, rejections, table } = await read(
      '"PATNUM","IT.AETERM","IT.AESTDAT"\n"701-1015","Cough","01/03/2014"\n"701-1015","Cough","01/03/2014"\n',
    );
    expect(rejections).toEqual([]);
    expect(table.accepted).toBe(2);
    expect(rows.map((r) => [r.AETERM, r.AESTDAT, r.SOURCEROW])).toEqual([
      ["Cough", "01/03/2014", 1],
      ["Cough", "01/03/2014", 2],
    ]);
  });

  it("a malformed date is rejected with file, row and the field name", async () => {
    const { rejections } = await read('"PATNUM","IT.AETERM","IT.AESTDAT"\n"701-1015","Cough","13/45/2014"\n');
    expect(rejections).toMatchObject([
      { file: "ae_raw.csv", row: 1, column: "AESTDAT", code: "INGEST.BAD_DATE" },
    ]);
  });

  it("dates follow the declared layout only: 26/12/2013 in an MM/DD/YYYY form is rejected, naming DD/MM/YYYY", async () => {
    const csv = '"PATNUM","IT.AETERM","IT.AESTDAT"\n"701-1015","Cough","26/12/2013"\n';
    const { rejections } = await read(csv);
    expect(rejections).toMatchObject([{ column: "AESTDAT", code: "INGEST.BAD_DATE" }]);
    expect(rejections[0]!.reason).toContain("DD/MM/YYYY");
  });
});
