import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Diagnostics, UserError } from "@trialforge/core";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestStudy } from "./ingest-study.ts";
import { AE_FORM, DM_FORM, LB_FORM, toCsv, toOdm } from "./test-forms.ts";

const root = mkdtempSync(join(tmpdir(), "ingest-study-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const study = { forms: [LB_FORM, AE_FORM, DM_FORM] };

// prettier-ignore
const DM: Record<string, string>[] = [
  { SUBJID: "001", SEX: "F", AGE: "34" },
  { SUBJID: "002", SEX: "m", AGE: "7" },
  { SUBJID: "003", SEX: "X", AGE: "50" }, // not in the pick list
];
// prettier-ignore
const AE: Record<string, string>[] = [
  {
    SUBJID: "001",
    AESPID: "1",
    AETERM: "Cytokine release",
    AESTDAT: "2024-03-15",
    AESTTIM: "10:00",
    AESEV: "MODERATE",
  },
  { SUBJID: "001", AESPID: "2", AETERM: "Fever, low", AESTDAT: "2024-03-16" },
  { SUBJID: "002", AESPID: "1", AETERM: "Nausea", AESTDAT: "2024-02-30" }, // impossible date
  { SUBJID: "003", AESPID: "1", AETERM: "Rash", AESTDAT: "2024-03-20" }, // subject rejected in DM
  { SUBJID: "009", AESPID: "1", AETERM: "Cough", AESTDAT: "2024-03-21" }, // never enrolled
];

async function writeRaw(dir: string): Promise<void> {
  mkdirSync(join(dir, "edc"), { recursive: true });
  mkdirSync(join(dir, "vendor"), { recursive: true });
  writeFileSync(join(dir, "edc/dm.csv"), toCsv(DM_FORM, DM));
  writeFileSync(join(dir, "edc/ae.csv"), toCsv(AE_FORM, AE));
  writeFileSync(
    join(dir, "edc/odm.xml"),
    toOdm("TEST01", [
      { form: DM_FORM, records: DM },
      { form: AE_FORM, records: AE },
    ]),
  );
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Results");
  ws.addRow(LB_FORM.fields.map((f) => f.name));
  ws.addRow([
    "001",
    new Date(Date.UTC(2024, 2, 15, 8, 0)),
    new Date(Date.UTC(2024, 2, 15)),
    "HGB",
    12.5,
    "g/dL",
  ]);
  ws.addRow(["002", new Date(Date.UTC(2024, 2, 15, 8, 0)), null, "HGB", 11, "g/dL"]);
  ws.addRow(["009", new Date(Date.UTC(2024, 2, 15, 8, 0)), null, "HGB", 10, "g/dL"]);
  await wb.xlsx.writeFile(join(dir, "vendor/central_lab.xlsx"));
}

describe("ingestStudy", () => {
  const dir = join(root, "raw");
  beforeAll(() => writeRaw(dir));

  it("reads every form; CSV and ODM exports of the EDC give identical tables and rejections", async () => {
    const fromCsv = await ingestStudy(study, dir);
    const fromOdm = await ingestStudy(study, dir, { edc: "odm" });
    expect([...fromCsv.tables.keys()].sort()).toEqual(["AE", "DM", "LB_CENTRAL"]);
    for (const id of ["AE", "DM", "LB_CENTRAL"]) {
      const a = fromCsv.tables.get(id)!;
      const b = fromOdm.tables.get(id)!;
      expect(b.data.toRows()).toEqual(a.data.toRows());
      expect([b.read, b.accepted, b.rejected]).toEqual([a.read, a.accepted, a.rejected]);
    }
    expect(fromOdm.tables.get("AE")!.file).toBe("edc/odm.xml");
    const strip = fromOdm.rejections.map((r) => ({ ...r, file: r.form === "LB_CENTRAL" ? r.file : "edc/" }));
    expect(strip).toEqual(
      fromCsv.rejections.map((r) => ({ ...r, file: r.form === "LB_CENTRAL" ? r.file : "edc/" })),
    );
    const ae = fromCsv.tables.get("AE")!;
    expect([ae.read, ae.accepted, ae.rejected]).toEqual([5, 4, 1]);
    expect(fromCsv.rejections.map((r) => [r.form, r.row, r.code])).toEqual([
      ["AE", 3, "INGEST.BAD_DATE"],
      ["DM", 3, "INGEST.NOT_IN_LIST"],
    ]);
    expect(fromCsv.tables.get("LB_CENTRAL")!.data.toRows()[0]).toEqual({
      SUBJECT: "001",
      COLLDTC: "2024-03-15T08:00",
      COLLDATE: "2024-03-15",
      TESTCD: "HGB",
      RESULT: "12.5",
      UNIT: "g/dL",
      SOURCEROW: 1,
    });
  });

  it("forms whose spec says format: odm are read from the ODM file they name (one file, several forms)", async () => {
    writeFileSync(
      join(dir, "edc/export.xml"),
      toOdm("TEST01", [
        { form: DM_FORM, records: DM },
        { form: AE_FORM, records: AE },
      ]),
    );
    const odmStudy = {
      forms: [
        LB_FORM,
        { ...AE_FORM, format: "odm" as const, file: "edc/export.xml" },
        { ...DM_FORM, format: "odm" as const, file: "edc/export.xml" },
      ],
    };
    const fromCsv = await ingestStudy(study, dir);
    const fromSpec = await ingestStudy(odmStudy, dir);
    for (const id of ["AE", "DM"]) {
      expect(fromSpec.tables.get(id)!.file).toBe("edc/export.xml");
      expect(fromSpec.tables.get(id)!.data.toRows()).toEqual(fromCsv.tables.get(id)!.data.toRows());
    }
    expect(fromSpec.rejections.map((r) => [r.form, r.file, r.row, r.column, r.code])).toEqual([
      ["AE", "edc/export.xml", 3, "AESTDAT", "INGEST.BAD_DATE"],
      ["DM", "edc/export.xml", 3, "SEX", "INGEST.NOT_IN_LIST"],
    ]);
  });

  it("rejects records of subjects missing from the subject form", async () => {
    const diagnostics = new Diagnostics();
    const { tables, rejections } = await ingestStudy(study, dir, { subjectForm: "DM", diagnostics });
    const ae = tables.get("AE")!;
    expect(ae.data.toRows().map((r) => [r.SUBJID, r.AESPID, r.SOURCEROW])).toEqual([
      ["001", "1", 1],
      ["001", "2", 2],
    ]);
    expect([ae.read, ae.accepted, ae.rejected]).toEqual([5, 2, 3]);
    const lb = tables.get("LB_CENTRAL")!;
    expect([lb.read, lb.accepted, lb.rejected]).toEqual([3, 2, 1]);
    expect(rejections.map((r) => [r.file, r.row, r.code, r.reason])).toEqual([
      [
        "edc/ae.csv",
        3,
        "INGEST.BAD_DATE",
        '"2024-02-30" is not a calendar date in the declared format YYYY-MM-DD',
      ],
      ["edc/ae.csv", 4, "INGEST.UNKNOWN_SUBJECT", "subject 003 is not in form DM"],
      ["edc/ae.csv", 5, "INGEST.UNKNOWN_SUBJECT", "subject 009 is not in form DM"],
      ["edc/dm.csv", 3, "INGEST.NOT_IN_LIST", '"X" is not one of: M, F'],
      ["vendor/central_lab.xlsx", 3, "INGEST.UNKNOWN_SUBJECT", "subject 009 is not in form DM"],
    ]);
  });

  it("every bad file is named in one UserError", async () => {
    const bad = join(root, "bad");
    await writeRaw(bad);
    writeFileSync(join(bad, "edc/ae.csv"), "SUBJID,AESPID\n001,1\n");
    rmSync(join(bad, "vendor/central_lab.xlsx"));
    const e = await ingestStudy(study, bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toBe(
      [
        "2 raw files cannot be read:",
        "  edc/ae.csv column AETERM: required column AETERM is missing from the header (form AE)",
        "  vendor/central_lab.xlsx: raw file not found (needed by form LB_CENTRAL)",
      ].join("\n"),
    );
    expect((e as UserError).diagnostics.map((d) => d.code)).toEqual([
      "INGEST.MISSING_COLUMN",
      "INGEST.NO_FILE",
    ]);
  });
});
