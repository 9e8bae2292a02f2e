import { RawForm, SdtmDomainSpec, type Study } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { annotateForms, formMatchesAssessment } from "./annotate.ts";
import { sdtm, study } from "./fixture.ts";

const forms = annotateForms(study, sdtm);
const field = (form: string, name: string) =>
  forms.find((f) => f.id === form)!.fields.find((f) => f.name === name)!.annotations;

describe("annotateForms", () => {
  it("keeps each form's fields in the form's order, scheduled forms first", () => {
    expect(forms.map((f) => f.id)).toEqual(["VS", "AE"]);
    expect(forms[0]!.fields.map((f) => f.name)).toEqual([
      "SUBJID",
      "VISIT",
      "VSDAT",
      "TEMP",
      "PULSE",
      "COMMENT",
    ]);
  });

  it("gives each form its domain box and the visits whose schedule collects it", () => {
    expect(forms[0]!.domains).toEqual([{ domain: "VS", label: "Vital Signs" }]);
    expect(forms[0]!.visits).toEqual(["SCREENING", "DAY 1"]);
    expect(forms[1]!.visits).toEqual([]);
  });

  it("annotates a field with the SDTM variable it fills", () => {
    expect(field("AE", "AETERM")).toEqual([{ text: "AETERM", kind: "variable", targets: ["AE.AETERM"] }]);
    expect(field("VS", "VSDAT")).toEqual([{ text: "VSDTC", kind: "variable", targets: ["VS.VSDTC"] }]);
  });

  it("a findings row: `VSORRES when VSTESTCD = TEMP`, keyed for the value-level item", () => {
    expect(field("VS", "TEMP")).toEqual([
      { text: "VSORRES when VSTESTCD = TEMP", kind: "variable", targets: ["VS.VSORRES.TEMP"] },
    ]);
  });

  it("a supplemental qualifier: `QNAM in SUPPxx`", () => {
    expect(field("AE", "AEDLT")).toEqual([
      { text: "AEDLT in SUPPAE", kind: "supp", targets: ["SUPPAE.QVAL.AEDLT"] },
    ]);
  });

  it("a conditional mapping: `when … then …` on the field the condition tests", () => {
    expect(field("AE", "AEONGO")).toEqual([
      { text: "when AEONGO = Y then AEENRTPT = ONGOING", kind: "condition", targets: ["AE.AEENRTPT"] },
    ]);
  });

  it("[NOT SUBMITTED] for a field no mapping reads; the subject field is USUBJID", () => {
    expect(field("VS", "COMMENT")).toEqual([{ text: "[NOT SUBMITTED]", kind: "not-submitted", targets: [] }]);
    expect(field("VS", "SUBJID")[0]!.text).toMatch(/^USUBJID/);
  });

  it("lists hard-coded values the form implies (pre-printed unit, the test of a row)", () => {
    const vs = forms[0]!.constants.map((c) => `${c.text} ${c.targets.join(",")}`);
    expect(vs).toEqual([
      "VSTESTCD = TEMP VS.VSTESTCD",
      "VSORRESU = C VS.VSORRESU.TEMP",
      "VSTESTCD = PULSE VS.VSTESTCD",
    ]);
  });
});

describe("formMatchesAssessment", () => {
  it("matches the id, a prefix or a `_CODE` suffix", () => {
    expect(formMatchesAssessment("VS", "VS")).toBe(true);
    expect(formMatchesAssessment("CYTOKINES", "CYTO")).toBe(true);
    expect(formMatchesAssessment("EX_INF", "INF")).toBe(true);
    expect(formMatchesAssessment("DM", "DS")).toBe(false);
    expect(formMatchesAssessment("PK_QPCR", "PK_BLOOD")).toBe(false);
  });
});

describe("annotateForms: a findings record without --TESTCD", () => {
  const ada = RawForm.parse({
    id: "ADA",
    label: "Anti-drug antibodies",
    source: "vendor",
    file: "vendor/ada.csv",
    format: "csv",
    keys: ["SUBJID"],
    fields: [
      { name: "SUBJID", label: "Subject", type: "text" },
      { name: "ADASCRN", label: "Screening result", type: "text" },
      { name: "ADATITER", label: "Titre", type: "integer" },
    ],
  });
  const is = SdtmDomainSpec.parse({
    domain: "IS",
    label: "Immunogenicity Specimen Assessments",
    class: "FINDINGS",
    structure: "One record per test per sample",
    keys: ["STUDYID", "USUBJID"],
    variables: [
      { name: "STUDYID", label: "Study Identifier", type: "Char", core: "Req", origin: "Assigned" },
      { name: "USUBJID", label: "Unique Subject Identifier", type: "Char", core: "Req", origin: "Derived" },
      { name: "ISTSTDTL", label: "Test Detail", type: "Char", core: "Perm", origin: "Assigned" },
      { name: "ISORRES", label: "Result", type: "Char", core: "Exp", origin: "Collected" },
      { name: "ISORRESU", label: "Unit", type: "Char", core: "Exp", origin: "Assigned" },
    ],
    sources: [
      {
        form: "ADA",
        records: [
          {
            map: {
              ISTSTDTL: { algorithm: "hardcode_ct", value: "SCREEN", codelist: "C189267" },
              ISORRES: { algorithm: "assign_no_ct", field: "ADASCRN" },
            },
          },
          {
            when: [{ field: "ADATITER", notEmpty: true }],
            map: {
              ISTSTDTL: { algorithm: "hardcode_ct", value: "TITER", codelist: "C189267" },
              ISORRES: { algorithm: "assign_no_ct", field: "ADATITER" },
              ISORRESU: { algorithm: "hardcode_ct", value: "titer", codelist: "C71620" },
            },
          },
        ],
      },
    ],
  });
  const [form] = annotateForms({ ...study, forms: [ada] } as Study, { ...sdtm, domains: [is] });

  it("names the record by the first value it hard-codes (MSG: ISORRES when ISTSTDTL = TITER)", () => {
    const ann = (name: string) => form!.fields.find((f) => f.name === name)!.annotations.map((a) => a.text);
    expect(ann("ADASCRN")).toEqual(["ISORRES when ISTSTDTL = SCREEN"]);
    expect(ann("ADATITER")).toEqual(["ISORRES when ISTSTDTL = TITER"]);
    expect(form!.constants.map((c) => c.text)).toContain("ISORRESU = titer");
  });
});
