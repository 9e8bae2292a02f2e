import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Diagnostics, UserError } from "@trialforge/core";
import { afterAll, describe, expect, it } from "vitest";
import { AE_FORM, AE_HEADER } from "../test-forms.ts";
import type { Rejection } from "../types.ts";
import { readCsvForm } from "./csv.ts";
import { MAX_XML_DEPTH, MAX_XML_TOKEN_CHARS, ODM_NAMESPACE, readOdmForms } from "./odm.ts";

const dir = mkdtempSync(join(tmpdir(), "ingest-odm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");

/** An ODM 1.3.2 document in the layout CONTRACTS.md fixes, for AE records given per subject. */
function odm(subjects: [string, Record<string, string>[]][], extra = ""): string {
  const body = subjects
    .map(
      ([key, recs]) =>
        `<SubjectData SubjectKey="${esc(key)}"><StudyEventData StudyEventOID="SE.AE"><FormData FormOID="F.AE">${recs
          .map(
            (r, i) =>
              `<ItemGroupData ItemGroupOID="IG.AE" ItemGroupRepeatKey="${i + 1}">${Object.entries(r)
                .filter(([, v]) => v !== "")
                .map(([k, v]) => `<ItemData ItemOID="IT.AE.${k}" Value="${esc(v)}"/>`)
                .join("")}</ItemGroupData>`,
          )
          .join("")}</FormData></StudyEventData></SubjectData>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="F1" CreationDateTime="2024-01-01T00:00:00">
<Study OID="NCT05563545"><MetaDataVersion OID="MDV.1" Name="v1"><FormDef OID="F.AE" Name="AE" Repeating="No"/></MetaDataVersion></Study>
<ClinicalData StudyOID="NCT05563545" MetaDataVersionOID="MDV.1">
${body}${extra}
</ClinicalData>
</ODM>
`;
}

async function readOdm(content: string | Buffer) {
  const path = join(dir, `o${n++}.xml`);
  writeFileSync(path, content);
  const rejections: Rejection[] = [];
  const diagnostics = new Diagnostics();
  const tables = await readOdmForms(path, [AE_FORM], { file: "edc/odm.xml", rejections, diagnostics });
  const table = tables.get("AE")!;
  expect(table.read).toBe(table.accepted + table.rejected);
  return { table, rejections, diagnostics, rows: table.data.toRows() };
}

async function odmError(content: string | Buffer): Promise<UserError> {
  const e = await readOdm(content).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

const rec = (AESPID: string, AETERM: string, AESTDAT: string, more: Record<string, string> = {}) => ({
  AESPID,
  AETERM,
  AESTDAT,
  ...more,
});

describe("readOdmForms", () => {
  it("reads ItemGroupData as records, SUBJID from SubjectKey, SOURCEROW = ItemGroupData ordinal", async () => {
    const { rows, rejections } = await readOdm(
      odm([
        [
          "001",
          [
            rec("1", "Headache", "2024-03-15", { AESEV: "MILD" }),
            rec("2", "Rash & itch <arm>", "2024-03-16"),
          ],
        ],
        ["002", [rec("1", 'Caf\u00e9 "x"\nline', "2024-03-17", { AEDOSE: "1.5" })]],
      ]),
    );
    expect(rejections).toEqual([]);
    expect(rows).toEqual([
      {
        SUBJID: "001",
        AESPID: "1",
        AETERM: "Headache",
        AESTDAT: "2024-03-15",
        AESTTIM: "",
        AESEV: "MILD",
        AEDOSE: "",
        SOURCEROW: 1,
      },
      {
        SUBJID: "001",
        AESPID: "2",
        AETERM: "Rash & itch <arm>",
        AESTDAT: "2024-03-16",
        AESTTIM: "",
        AESEV: "",
        AEDOSE: "",
        SOURCEROW: 2,
      },
      {
        SUBJID: "002",
        AESPID: "1",
        AETERM: 'Café "x"\nline',
        AESTDAT: "2024-03-17",
        AESTTIM: "",
        AESEV: "",
        AEDOSE: "1.5",
        SOURCEROW: 3,
      },
    ]);
  });

  it("gives the same table as the CSV export of the same records", async () => {
    const records: [string, Record<string, string>][] = [
      ["001", rec("1", "Headache, severe", "2024-03-15", { AESTTIM: "08:00", AESEV: "Severe" })],
      ["001", rec("2", 'Say "hi"', "2024-03-15")],
      ["002", rec("1", "Fever", "2024-03-01")],
      ["002", rec("1", "Fever again", "2024-03-02")],
      ["002", rec("2", "Chills", "2024-02-30")],
    ];
    const { table: fromOdm, rejections: odmRej } = await readOdm(
      odm([
        ["001", records.slice(0, 2).map((r) => r[1])],
        ["002", records.slice(2).map((r) => r[1])],
      ]),
    );
    const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const csv = [
      AE_HEADER,
      ...records.map(([s, r]) =>
        AE_FORM.fields.map((f) => csvCell(f.name === "SUBJID" ? s : (r[f.name] ?? ""))).join(","),
      ),
    ].join("\n");
    const path = join(dir, "same.csv");
    writeFileSync(path, csv);
    const csvRej: Rejection[] = [];
    const fromCsv = await readCsvForm(path, AE_FORM, {
      file: "edc/ae.csv",
      rejections: csvRej,
      diagnostics: new Diagnostics(),
    });
    expect(fromOdm.data.toRows()).toEqual(fromCsv.data.toRows());
    expect([fromOdm.read, fromOdm.accepted, fromOdm.rejected]).toEqual([5, 3, 2]);
    expect([fromCsv.read, fromCsv.accepted, fromCsv.rejected]).toEqual([5, 3, 2]);
    const strip = (r: Rejection) => ({ ...r, file: "" });
    expect(odmRej.map(strip)).toEqual(csvRej.map(strip));
    expect(odmRej.map((r) => [r.row, r.code])).toEqual([
      [4, "INGEST.DUPLICATE_KEY"],
      [5, "INGEST.BAD_DATE"],
    ]);
  });

  it("skips audit records, signatures, annotations and metadata; reads typed ItemData and IsNull", async () => {
    const xml = odm([["001", []]]).replace(
      "</ClinicalData>",
      `<SubjectData SubjectKey="003">
  <AuditRecord><UserRef UserOID="U1"/><LocationRef LocationOID="L1"/><DateTimeStamp>2024-01-01T00:00:00</DateTimeStamp></AuditRecord>
  <StudyEventData StudyEventOID="SE.AE">
    <Annotation SeqNum="1"><Comment>note</Comment></Annotation>
    <FormData FormOID="F.AE">
      <Signature><UserRef UserOID="U1"/></Signature>
      <ItemGroupData ItemGroupOID="IG.AE" ItemGroupRepeatKey="1">
        <AuditRecord><UserRef UserOID="U1"/><ItemData ItemOID="IT.AE.AETERM" Value="NOT THIS"/></AuditRecord>
        <ItemData ItemOID="IT.AE.AESPID" Value="7"><AuditRecord><ReasonForChange>typo</ReasonForChange></AuditRecord></ItemData>
        <ItemDataString ItemOID="IT.AE.AETERM"> Typed &amp; text </ItemDataString>
        <ItemData ItemOID="IT.AE.AESTDAT" Value="2024-03-15"/>
        <ItemData ItemOID="IT.AE.AESEV" IsNull="Yes"/>
        <mdsol:Extra xmlns:mdsol="http://www.mdsol.com/ns/odm/metadata"><ItemData ItemOID="IT.AE.AEDOSE" Value="99"/></mdsol:Extra>
      </ItemGroupData>
    </FormData>
  </StudyEventData>
</SubjectData>
</ClinicalData>`,
    );
    const { rows, rejections, diagnostics } = await readOdm(xml);
    expect(rejections).toEqual([]);
    expect(diagnostics.items).toEqual([]);
    expect(rows).toEqual([
      {
        SUBJID: "003",
        AESPID: "7",
        AETERM: "Typed & text",
        AESTDAT: "2024-03-15",
        AESTTIM: "",
        AESEV: "",
        AEDOSE: "",
        SOURCEROW: 1,
      },
    ]);
  });

  it("rejects removed records and duplicate items; warns once about unknown forms and items", async () => {
    const xml = odm([["001", [rec("1", "Headache", "2024-03-15", { AEXYZ: "1" })]]]).replace(
      "</ClinicalData>",
      `<SubjectData SubjectKey="002"><StudyEventData StudyEventOID="SE.X">
  <FormData FormOID="F.AE"><ItemGroupData ItemGroupOID="IG.AE" TransactionType="Remove"><ItemData ItemOID="IT.AE.AESPID" Value="1"/></ItemGroupData>
  <ItemGroupData ItemGroupOID="IG.AE"><ItemData ItemOID="IT.AE.AESPID" Value="2"/><ItemData ItemOID="IT.AE.AESPID" Value="3"/></ItemGroupData></FormData>
  <FormData FormOID="F.ZZ"><ItemGroupData ItemGroupOID="IG.ZZ"/></FormData><FormData FormOID="F.ZZ"/>
</StudyEventData></SubjectData></ClinicalData>`,
    );
    const { table, rejections, diagnostics } = await readOdm(xml);
    expect([table.read, table.accepted, table.rejected]).toEqual([3, 1, 2]);
    expect(rejections.map((r) => [r.row, r.code, r.column])).toEqual([
      [2, "INGEST.REMOVED", undefined],
      [3, "INGEST.DUPLICATE_ITEM", "AESPID"],
    ]);
    expect(diagnostics.items.map((d) => [d.code, d.message])).toEqual([
      ["INGEST.UNKNOWN_FORM", "FormOID F.ZZ is not a form of this study; its 2 FormData are ignored"],
      ["INGEST.UNKNOWN_COLUMN", "ItemOID IT.AE.AEXYZ is not a field of its form; its 1 values are ignored"],
    ]);
  });

  it("warns once when ClinicalData belongs to another study", async () => {
    const path = join(dir, "other.xml");
    writeFileSync(path, odm([["001", [rec("1", "Headache", "2024-03-15")]]]));
    const diagnostics = new Diagnostics();
    const t = await readOdmForms(
      path,
      [AE_FORM],
      { file: "edc/odm.xml", rejections: [], diagnostics },
      { studyOid: "OTHER" },
    );
    expect(t.get("AE")!.accepted).toBe(1);
    expect(diagnostics.items.map((d) => d.message)).toEqual([
      'ClinicalData has StudyOID "NCT05563545", expected OTHER; its data are read all the same',
    ]);
  });

  it("a required item missing from an ItemGroupData is a REQUIRED rejection", async () => {
    const { rejections } = await readOdm(odm([["001", [{ AESPID: "1", AESTDAT: "2024-03-15" }]]]));
    expect(rejections.map((r) => [r.row, r.code, r.column])).toEqual([[1, "INGEST.REQUIRED", "AETERM"]]);
  });

  it("malformed XML is one clear error with line and column", async () => {
    const good = odm([["001", [rec("1", "Headache", "2024-03-15")]]]);
    const bad = good.replace(
      '<ItemData ItemOID="IT.AE.AESPID" Value="1"/>',
      '<ItemData ItemOID="IT.AE.AESPID" Value="1">',
    );
    const e = await odmError(bad);
    expect(e.message).toMatch(
      /^edc\/odm\.xml line 5 column \d+: XML is not well-formed: unexpected close tag/,
    );
    const e2 = await odmError(good.replace("Headache", "Head<ache"));
    expect(e2.message).toMatch(/^edc\/odm\.xml line 5 column \d+: XML is not well-formed: /);
    const e3 = await odmError(good.slice(0, good.length - 20));
    expect(e3.message).toMatch(/^edc\/odm\.xml line \d+ column \d+: XML is not well-formed: /);
  });

  it("an ODM element in another namespace, or in none, is refused", async () => {
    const good = odm([["001", [rec("1", "Headache", "2024-03-15")]]]);
    expect((await odmError(good.replace(ODM_NAMESPACE, "http://www.cdisc.org/ns/odm/v2.0"))).message).toBe(
      `edc/odm.xml: the <ODM> element is in namespace http://www.cdisc.org/ns/odm/v2.0, not the CDISC ODM 1.3 namespace ${ODM_NAMESPACE}`,
    );
    expect((await odmError(good.replace(` xmlns="${ODM_NAMESPACE}"`, ""))).message).toBe(
      `edc/odm.xml: the <ODM> element declares no namespace; CDISC ODM 1.3.2 is in ${ODM_NAMESPACE}`,
    );
    // A prefixed ODM document is read through its own prefix.
    const prefixed = good
      .replace(`xmlns="${ODM_NAMESPACE}"`, `xmlns:o="${ODM_NAMESPACE}"`)
      .replace(/<(\/?)(?=[A-Z])/g, "<$1o:");
    const { rows } = await readOdm(prefixed);
    expect(rows.map((r) => r.AETERM)).toEqual(["Headache"]);
  });

  it("a huge attribute or text is refused in bounded memory, naming the line", async () => {
    const good = odm([["001", [rec("1", "Headache", "2024-03-15")]]]);
    const huge = good.replace('Value="Headache"', `Value="${"x".repeat(MAX_XML_TOKEN_CHARS + 10)}"`);
    expect((await odmError(huge)).message).toMatch(
      /^edc\/odm\.xml: an XML tag, attribute or text runs over more than 1048576 characters after line \d+/,
    );
    const deep = good.replace("</ClinicalData>", `${"<x>".repeat(MAX_XML_DEPTH + 5)}</ClinicalData>`);
    expect((await odmError(deep)).message).toMatch(/elements nest more than 1000 deep/);
  });

  it("a file that is not ODM, or not UTF-8, is one clear error", async () => {
    expect((await odmError('<?xml version="1.0"?><Define/>')).message).toBe(
      "edc/odm.xml: the root element is <Define>, expected <ODM> (CDISC ODM 1.3.2)",
    );
    const latin1 = Buffer.from(odm([["001", [rec("1", "Céphalée", "2024-03-15")]]]), "latin1");
    expect((await odmError(latin1)).message).toMatch(
      /^edc\/odm\.xml: file is not UTF-8 \(looks like Latin-1\/Windows-1252\)/,
    );
    const declared = odm([]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    expect((await odmError(declared)).message).toBe(
      "edc/odm.xml: the file declares encoding ISO-8859-1; only UTF-8 is read",
    );
    expect((await odmError("")).message).toContain("file is empty");
  });
});
