import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Dataset, datasetFromRows, UserError } from "@trialforge/core";
import { loadTerminology } from "@trialforge/terminology";
import { describe, expect, it } from "vitest";
import { adamFixtures, fixtureStudy, sdtmFixtures } from "../test/fixtures.ts";
import { buildDefine, type ResultDisplayInput } from "./index.ts";

const here = dirname(fileURLToPath(import.meta.url));
const schemas = resolve(here, "../../../reference/schemas");
const hasXmllint = (() => {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasXmllint)
  console.warn("xmllint not found (Debian libxml2-utils): define.xml schema validation tests are skipped");

/** xmllint's verdict on a file against a schema: "" when valid, else the error lines. */
function xmllint(file: string, schema: string): string {
  try {
    execFileSync("xmllint", ["--nonet", "--noout", "--schema", schema, file], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return "";
  } catch (e) {
    const err = e as { stderr?: string };
    return (err.stderr ?? String(e))
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.includes("Skipping import"))
      .join("\n");
  }
}

const DEFINE_XSD = join(schemas, "cdisc-define-2.1/define2-1-0.xsd");
const ARM_XSD = join(schemas, "cdisc-arm-1.0/arm1-0-0.xsd");
const TS = "2026-07-31T12:00:00Z";
const terminology = loadTerminology();

const arm: ResultDisplayInput[] = [
  {
    id: "T-DLT",
    name: "Table 14.3.1",
    title: "Dose-limiting toxicities by dose level (DLT-evaluable population)",
    results: [
      {
        id: "R1",
        description: "DLT rate with exact 95% CI per dose level",
        reason: "SPECIFIED IN SAP",
        purpose: "PRIMARY OUTCOME MEASURE",
        datasets: [
          {
            dataset: "ADSL",
            where: [{ variable: "DLTEVLFL", values: ["Y"] }],
            variables: ["TRT01P", "DLTEVLFL"],
          },
        ],
        documentation: "Clopper-Pearson exact interval of the proportion of subjects with a DLT.",
        code: { context: "trialforge stats", text: "computeClopperPearson(x, n, 0.95)" },
      },
    ],
  },
];

function tmp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "define-"));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe("buildDefine SDTM", () => {
  const r = buildDefine({
    standard: "SDTM",
    datasets: sdtmFixtures(),
    study: fixtureStudy,
    terminology,
    timestamp: TS,
  });
  const m = r.model;

  it.skipIf(!hasXmllint)("CDISC's example define.xml validates with the same harness", () => {
    expect(xmllint(join(schemas, "examples/defineV21-SDTM.xml"), DEFINE_XSD)).toBe("");
    expect(xmllint(join(schemas, "examples/defineV21-ADaM.xml"), ARM_XSD)).toBe("");
  });

  it.skipIf(!hasXmllint)("validates against define2-1-0.xsd", () => {
    expect(xmllint(tmp("define.xml", r.xml), DEFINE_XSD)).toBe("");
  });

  it.skipIf(!hasXmllint)(
    "the harness rejects a broken define (an ItemRef without OrderNumber's type)",
    () => {
      const bad = r.xml.replace('OrderNumber="1"', 'OrderNumber="first"');
      expect(xmllint(tmp("bad.xml", bad), DEFINE_XSD)).toMatch(/OrderNumber/);
    },
  );

  it("has the ODM root, study and standards", () => {
    expect(r.xml).toContain('FileType="Snapshot"');
    expect(r.xml).toContain(`CreationDateTime="${TS}"`);
    expect(r.xml).toContain('def:Context="Submission"');
    expect(r.xml).toContain('ODMVersion="1.3.2"');
    expect(m.standards.map((s) => `${s.name} ${s.type} ${s.publishingSet ?? ""} ${s.version}`)).toEqual([
      "SDTMIG IG  3.4",
      `CDISC/NCI CT SDTM ${terminology.packageDates.sdtm}`,
    ]);
  });

  it("orders datasets by SDTM class, then name, and describes them", () => {
    expect(m.itemGroups.map((g) => g.name)).toEqual(["TS", "DM", "AE", "LB", "SUPPAE"]);
    const dm = m.itemGroups.find((g) => g.name === "DM")!;
    expect(dm).toMatchObject({
      repeating: "No",
      isReferenceData: "No",
      className: "SPECIAL PURPOSE",
      domain: "DM",
    });
    expect(dm.leaf.href).toBe("dm.xpt");
    const ts = m.itemGroups.find((g) => g.name === "TS")!;
    expect(ts).toMatchObject({ repeating: "No", isReferenceData: "Yes" });
    const supp = m.itemGroups.find((g) => g.name === "SUPPAE")!;
    expect(supp).toMatchObject({
      domain: "AE",
      domainDescription: "Adverse Events",
      className: "RELATIONSHIP",
    });
    const lb = m.itemGroups.find((g) => g.name === "LB")!;
    const keys = lb.itemRefs.filter((x) => x.keySequence).map((x) => `${x.itemOid}:${x.keySequence}`);
    expect(keys).toEqual([
      "IT.LB.STUDYID:1",
      "IT.LB.USUBJID:2",
      "IT.LB.LBTESTCD:3",
      "IT.LB.LBSPEC:4",
      "IT.LB.VISITNUM:5",
    ]);
    expect(lb.itemRefs.find((x) => x.itemOid === "IT.LB.LBSTRESN")).toMatchObject({
      mandatory: "No",
      methodOid: "MT.LB.LBSTRESN",
      role: "Result Qualifier",
    });
  });

  it("types and sizes items from the metadata and the data", () => {
    const item = (oid: string) => m.items.find((i) => i.oid === oid)!;
    expect(item("IT.DM.AGE")).toMatchObject({ dataType: "integer", length: 2 });
    // Float Length is SAS w.d style without the point: integer digits of the largest value (44) + most decimals (5.42).
    expect(item("IT.LB.LBSTRESN")).toMatchObject({ dataType: "float", length: 4, significantDigits: 2 });
    expect(item("IT.LB.VISITNUM")).toMatchObject({ dataType: "float", significantDigits: 1 }); // 3.5
    expect(item("IT.DM.RFSTDTC").length).toBeUndefined(); // datetime: no Length
    expect(item("IT.LB.LBORRES").length).toBe(8); // "NEGATIVE"
    expect(item("IT.DM.SUBJID").origin).toEqual({
      type: "Collected",
      source: "Investigator",
      description: "Enrolment form",
    });
    expect(item("IT.DM.AGE").origin).toEqual({ type: "Derived", source: "Sponsor" });
  });

  it("derives value-level metadata per test code, split by specimen only where a test has several", () => {
    const vl = m.valueLists.find((v) => v.oid === "VL.LB.LBORRES")!;
    const conds = vl.itemRefs.map((ref) => {
      const wc = m.whereClauses.find((w) => w.oid === ref.whereClauseOid)!;
      return wc.checks.map((c) => `${c.itemOid.split(".")[2]}=${c.values.join("|")}`).join("&");
    });
    expect(conds).toEqual([
      "LBTESTCD=ALT",
      "LBTESTCD=GLUC&LBSPEC=SERUM",
      "LBTESTCD=GLUC&LBSPEC=URINE",
      "LBTESTCD=WBC",
    ]);
    const t = (oid: string) => m.items.find((i) => i.oid === oid)!;
    expect(t("IT.LB.LBORRES.ALT")).toMatchObject({ dataType: "integer", length: 2 });
    expect(t("IT.LB.LBORRES.GLUC.SERUM")).toMatchObject({
      dataType: "float",
      length: 4,
      significantDigits: 2,
    });
    expect(t("IT.LB.LBORRES.GLUC.URINE")).toMatchObject({ dataType: "text", length: 8 });
    // LBSTRESN is missing for urine glucose: no value-level entry there.
    expect(m.valueLists.find((v) => v.oid === "VL.LB.LBSTRESN")!.itemRefs.map((x) => x.itemOid)).toEqual([
      "IT.LB.LBSTRESN.ALT",
      "IT.LB.LBSTRESN.GLUC.SERUM",
      "IT.LB.LBSTRESN.WBC",
    ]);
    // SUPPAE: QVAL by QNAM, origin from QORIG.
    expect(t("IT.SUPPAE.QVAL.AEDLT").origin).toEqual({ type: "Derived", source: "Sponsor" });
    expect(t("IT.SUPPAE.QVAL.AECRSGR").origin).toEqual({ type: "Collected", source: "Investigator" });
    expect(r.xml).toContain('<RangeCheck Comparator="EQ" SoftHard="Soft" def:ItemOID="IT.LB.LBSPEC">');
  });

  it("lists small codelists whole and large ones as the values in the data, with NCI codes", () => {
    const cl = (oid: string) => m.codelists.find((c) => c.oid === oid)!;
    const sex = cl("CL.SEX");
    expect(sex.coverage).toBe("all");
    expect(sex.items.map((i) => i.value).sort()).toEqual(
      terminology
        .codelist("SEX")!
        .terms.map((t) => t.value)
        .sort(),
    );
    expect(sex.nciCode).toBe("C66731");
    expect(sex.items.find((i) => i.value === "F")).toMatchObject({ nciCode: "C16576", decode: "Female" });
    const unit = cl("CL.UNIT");
    expect(unit.coverage).toBe("data");
    expect(unit.items.map((i) => i.value).sort()).toEqual(["10^9/L", "U/L", "mmol/L"]);
    // LBTESTCD decodes come from LBTEST in the data.
    expect(cl("CL.LBTESTCD").items.map((i) => `${i.value}=${i.decode}`)).toEqual([
      "ALT=Alanine Aminotransferase",
      "GLUC=Glucose",
      "WBC=Leukocytes",
    ]);
    expect(r.xml).toContain('<Alias Context="nci:ExtCodeID" name="C66731"/>'.replace("name", "Name"));
    // A codelist unknown to the terminology is listed from the data and reported.
    expect(r.issues).toEqual(["DM.COUNTRY: codelist C66786 is not in the terminology; listed from the data"]);
  });

  it("marks sponsor extensions of an extensible codelist", () => {
    const ext = terminology.withSponsorCodelists([
      { id: "C71620", extends: true, terms: [{ value: "10^6 CAR+ cells/kg" }] },
    ]);
    const ds = sdtmFixtures();
    const lb = ds.find((d) => d.name === "LB")!;
    lb.char("LBSTRESU").dict[lb.char("LBSTRESU").codes[6]!] = "10^6 CAR+ cells/kg"; // WBC row's unit becomes the sponsor term
    const x = buildDefine({
      standard: "SDTM",
      datasets: ds,
      study: fixtureStudy,
      terminology: ext,
      timestamp: TS,
    });
    const unit = x.model.codelists.find((c) => c.oid === "CL.UNIT")!;
    expect(unit.items.find((i) => i.value === "10^6 CAR+ cells/kg")).toMatchObject({ extended: true });
    expect(x.xml).toMatch(/CodedValue="10\^6 CAR\+ cells\/kg" OrderNumber="\d+" def:ExtendedValue="Yes"/);
  });

  it("dedupes identical methods and comments", () => {
    const seq = m.methods.filter((x) => x.description === "Sequential number per subject in key order");
    expect(seq).toHaveLength(1);
    expect(seq[0]!.usedBy).toEqual(["IT.AE.AESEQ", "IT.LB.LBSEQ"]);
    const usubjid = m.methods.find((x) => x.oid === "MT.USUBJID")!;
    expect(usubjid.usedBy).toHaveLength(4);
    expect(m.comments.map((c) => c.oid)).toEqual(["COM.DM", "COM.DM.ARMCD", "COM.AE.AEDECOD"]);
  });

  it("escapes markup in values", () => {
    // DM's comment is 'Screen failures are <b>not</b> included & "excluded".'
    expect(r.xml).toContain('Screen failures are &lt;b&gt;not&lt;/b&gt; included &amp; "excluded".');
    expect(r.html).toContain(
      "Screen failures are &lt;b&gt;not&lt;/b&gt; included &amp; &quot;excluded&quot;.",
    );
    expect(r.html).not.toContain("<b>not</b>");
  });

  it("is deterministic", () => {
    const again = buildDefine({
      standard: "SDTM",
      datasets: sdtmFixtures(),
      study: fixtureStudy,
      terminology,
      timestamp: TS,
    });
    expect(again.xml).toBe(r.xml);
    expect(again.html).toBe(r.html);
  });

  it("references the study's documents only when given", () => {
    expect(r.xml).not.toContain("def:AnnotatedCRF");
    const withDocs = buildDefine({
      standard: "SDTM",
      datasets: sdtmFixtures(),
      study: fixtureStudy,
      terminology,
      timestamp: TS,
      documents: {
        annotatedCrf: { href: "acrf.pdf", title: "Annotated CRF" },
        supplemental: [{ href: "csdrg.pdf", title: "Reviewer's Guide" }],
      },
    });
    expect(withDocs.xml).toContain('<def:AnnotatedCRF>\n        <def:DocumentRef leafID="LF.acrf"/>');
    expect(withDocs.xml).toContain('<def:leaf ID="LF.doc1" xlink:href="csdrg.pdf">');
    // Collected variables refer to the aCRF.
    const sex = withDocs.xml.slice(withDocs.xml.indexOf('<ItemDef OID="IT.DM.SEX"'));
    expect(sex.slice(0, sex.indexOf("</ItemDef>"))).toContain(
      '<def:Origin Type="Collected" Source="Investigator">\n          <def:DocumentRef leafID="LF.acrf"/>',
    );
    expect(withDocs.html).toContain('Collected (Investigator) <a href="#LF.acrf">aCRF</a>');
    if (hasXmllint) expect(xmllint(tmp("docs.xml", withDocs.xml), DEFINE_XSD)).toBe("");
  });

  it("writes no where clause for a test without any result", () => {
    const lb = sdtmFixtures().find((d) => d.name === "LB")!;
    const rows = [
      ...lb.toRows(),
      {
        ...lb.getRow(0),
        LBTESTCD: "HCG",
        LBTEST: "Choriogonadotropin Beta",
        LBORRES: "",
        LBSTRESC: "",
        LBSTRESN: null,
      },
    ];
    const x = buildDefine({
      standard: "SDTM",
      datasets: [datasetFromRows(lb.meta, rows)],
      study: fixtureStudy,
      terminology,
      timestamp: TS,
    });
    expect(x.model.whereClauses.map((w) => w.oid)).toEqual([
      "WC.LB.ALT",
      "WC.LB.GLUC.SERUM",
      "WC.LB.GLUC.URINE",
      "WC.LB.WBC",
    ]);
    expect(x.xml).not.toContain("HCG</CheckValue>");
  });

  it("marks a domain the SDTMIG does not define as non-standard", () => {
    const lb = sdtmFixtures().find((d) => d.name === "LB")!;
    const custom = new Dataset(
      { ...lb.meta, name: "ZL", label: "Sponsor Lab Findings" },
      lb.columns,
      lb.length,
    );
    const x = buildDefine({
      standard: "SDTM",
      datasets: [custom],
      study: fixtureStudy,
      terminology,
      timestamp: TS,
    });
    expect(x.model.itemGroups[0]).toMatchObject({ name: "ZL", isNonStandard: true });
    expect(x.model.itemGroups[0]!.standardOid).toBeUndefined();
    expect(x.xml).toContain('Purpose="Tabulation" def:IsNonStandard="Yes" def:ArchiveLocationID="LF.ZL"');
    if (hasXmllint) expect(xmllint(tmp("custom.xml", x.xml), DEFINE_XSD)).toBe("");
  });

  it("states a numeric variable with decimals as float even when the metadata says integer", () => {
    const ds = sdtmFixtures();
    const lb = ds.find((d) => d.name === "LB")!;
    const meta = {
      ...lb.meta,
      variables: lb.meta.variables.map((v) =>
        v.name === "VISITNUM" ? { ...v, dataType: "integer" as const } : v,
      ),
    };
    const x = buildDefine({
      standard: "SDTM",
      datasets: [new Dataset(meta, lb.columns, lb.length)],
      study: fixtureStudy,
      terminology,
      timestamp: TS,
    });
    expect(x.model.items.find((i) => i.oid === "IT.LB.VISITNUM")).toMatchObject({
      dataType: "float",
      significantDigits: 1,
    });
    expect(x.issues).toContain(
      "LB.VISITNUM: metadata says integer but the data have decimals; written as float",
    );
  });

  it("refuses a timestamp that is not ISO 8601", () => {
    expect(() =>
      buildDefine({
        standard: "SDTM",
        datasets: [],
        study: fixtureStudy,
        terminology,
        timestamp: "yesterday",
      }),
    ).toThrow(UserError);
  });
});

describe("buildDefine ADaM", () => {
  const r = buildDefine({
    standard: "ADaM",
    datasets: adamFixtures(),
    study: fixtureStudy,
    terminology,
    timestamp: TS,
    analysisResults: arm,
  });
  const m = r.model;

  it.skipIf(!hasXmllint)("validates against define2-1-0.xsd with ARM (arm1-0-0.xsd)", () => {
    expect(xmllint(tmp("define.xml", r.xml), ARM_XSD)).toBe("");
    const noArm = buildDefine({
      standard: "ADaM",
      datasets: adamFixtures(),
      study: fixtureStudy,
      terminology,
      timestamp: TS,
    });
    expect(noArm.xml).not.toContain("arm:");
    expect(xmllint(tmp("define.xml", noArm.xml), DEFINE_XSD)).toBe("");
  });

  it("has ADaMIG 1.3 and both CT packages, ADSL first, subclasses", () => {
    expect(m.standards.map((s) => `${s.name} ${s.version}`)).toEqual([
      "ADaMIG 1.3",
      `CDISC/NCI ${terminology.packageDates.sdtm}`,
      `CDISC/NCI ${terminology.packageDates.adam}`,
    ]);
    expect(m.itemGroups.map((g) => g.name)).toEqual(["ADSL", "ADAE", "ADLB", "ADTTE"]);
    expect(m.itemGroups.find((g) => g.name === "ADAE")!.subClassName).toBe("ADVERSE EVENT");
    expect(m.itemGroups.find((g) => g.name === "ADTTE")!.subClassName).toBe("TIME-TO-EVENT");
    expect(m.itemGroups.every((g) => g.domain === undefined && g.purpose === "Analysis")).toBe(true);
  });

  it("derives AVAL/AVALC value-level metadata per PARAMCD and a PARAMCD codelist decoded by PARAM", () => {
    const refs = (oid: string) => m.valueLists.find((v) => v.oid === oid)!.itemRefs.map((x) => x.itemOid);
    expect(refs("VL.ADLB.AVAL")).toEqual(["IT.ADLB.AVAL.ALT", "IT.ADLB.AVAL.GLUC"]);
    expect(refs("VL.ADLB.AVALC")).toEqual(["IT.ADLB.AVALC.UGLUC"]);
    const p = m.codelists.find((c) => c.oid === "CL.ADLB.PARAMCD")!;
    expect(p.items.map((i) => `${i.value}=${i.decode}`)).toEqual([
      "ALT=Alanine Aminotransferase (U/L)",
      "GLUC=Glucose (mmol/L)",
      "UGLUC=Urine Glucose",
    ]);
    expect(m.items.find((i) => i.oid === "IT.ADSL.TRTSDT")).toMatchObject({
      dataType: "integer",
      displayFormat: "DATE9.",
      length: 5,
    });
    expect(m.items.find((i) => i.oid === "IT.ADLB.CHG")).toMatchObject({
      dataType: "float",
      significantDigits: 2,
    });
    expect(m.items.find((i) => i.oid === "IT.ADSL.AGE")!.origin).toEqual({
      type: "Predecessor",
      description: "DM.AGE",
    });
    expect(m.methods.find((x) => /imputed/.test(x.description))!.type).toBe("Imputation");
  });

  it("writes analysis results with their where clauses", () => {
    expect(r.xml).toContain('<arm:ResultDisplay OID="RD.T-DLT" Name="Table 14.3.1">');
    expect(m.whereClauses.find((w) => w.oid === "WC.T-DLT.R1.ADSL")!.checks).toEqual([
      { itemOid: "IT.ADSL.DLTEVLFL", comparator: "EQ", values: ["Y"] },
    ]);
    expect(() =>
      buildDefine({
        standard: "ADaM",
        datasets: adamFixtures(),
        study: fixtureStudy,
        terminology,
        timestamp: TS,
        analysisResults: [
          {
            ...arm[0]!,
            results: [
              { ...arm[0]!.results[0]!, datasets: [{ dataset: "ADSL", where: [], variables: ["NOPE"] }] },
            ],
          },
        ],
      }),
    ).toThrow(/ADSL\.NOPE/);
  });

  it("ignores datasets of the other standard", () => {
    const mixed = buildDefine({
      standard: "ADaM",
      datasets: [...sdtmFixtures(), ...adamFixtures()],
      study: fixtureStudy,
      terminology,
      timestamp: TS,
    });
    expect(mixed.model.itemGroups.map((g) => g.name)).toEqual(["ADSL", "ADAE", "ADLB", "ADTTE"]);
  });
});

it("reference schemas are present", () => {
  expect(existsSync(DEFINE_XSD)).toBe(true);
});
