/**
 * CDISC CORE inside validate: findings carry the CORE id, the CG id, the cited guidance, the record and the
 * values; rules that cannot run are listed with the reason; a study explanation marks findings as explained
 * and they are not counted.
 */
import { type DatasetMeta, datasetFromRows, type VariableMeta } from "@trialforge/core";
import { loadTerminology } from "@trialforge/terminology";
import { describe, expect, it } from "vitest";
import { summarizeFindings } from "../summary.ts";
import { validateStudy } from "../validate-build.ts";

const c = (name: string, label: string, length = 40): VariableMeta => ({ name, label, type: "Char", length });
const n = (name: string, label: string): VariableMeta => ({ name, label, type: "Num", length: 8 });
const meta = (
  name: string,
  label: string,
  cls: DatasetMeta["class"],
  variables: VariableMeta[],
): DatasetMeta => ({
  name,
  label,
  standard: "SDTM",
  class: cls,
  structure: "",
  keys: ["STUDYID", "USUBJID"],
  variables,
});

// prettier-ignore
const dm = datasetFromRows(
  meta("DM", "Demographics", "SPECIAL PURPOSE", [
    c("STUDYID", "Study Identifier"),
    c("DOMAIN", "Domain Abbreviation", 2),
    c("USUBJID", "Unique Subject Identifier"),
    c("RFENDTC", "Subject Reference End Date/Time"),
    c("ARMNRS", "Reason Arm and/or Actual Arm is Null"),
  ]),
  [
    { STUDYID: "S", DOMAIN: "DM", USUBJID: "S-1", RFENDTC: "2024-01-10", ARMNRS: "" },
    { STUDYID: "S", DOMAIN: "DM", USUBJID: "S-2", RFENDTC: "2024-01-12", ARMNRS: "SCREEN FAILURE" },
  ],
);
// prettier-ignore
const ae = datasetFromRows(
  meta("AE", "Adverse Events", "EVENTS", [
    c("STUDYID", "Study Identifier"),
    c("DOMAIN", "Domain Abbreviation", 2),
    c("USUBJID", "Unique Subject Identifier"),
    n("AESEQ", "Sequence Number"),
    c("AETERM", "Reported Term for the Adverse Event"),
  ]),
  [
    { STUDYID: "S", DOMAIN: "AE", USUBJID: "S-1", AESEQ: 1, AETERM: "HEADACHE" },
    { STUDYID: "S", DOMAIN: "AE", USUBJID: "S-9", AESEQ: 1, AETERM: "NAUSEA" },
  ],
);
const input = {
  sdtm: new Map([
    ["DM", dm],
    ["AE", ae],
  ]),
  adam: new Map(),
  terminology: loadTerminology(),
  core: true,
};

describe("CDISC CORE in validate", () => {
  const { findings, notRun } = validateStudy(input);

  it("RFENDTC of a screen failure: CORE-000192 (CG0530) on DM record 2, with the values", () => {
    const f = findings.find((x) => x.rule === "CORE-000192")!;
    expect(f).toMatchObject({
      dataset: "DM",
      usubjid: "S-2",
      record: "2",
      severity: "error",
      cdiscIds: "CG0530, TIG0623",
    });
    expect(f.variable).toBe("ARMNRS, RFENDTC");
    expect(f.value).toBe("ARMNRS=SCREEN FAILURE; RFENDTC=2024-01-12");
    expect(f.guidance).toMatch(/null for screen failures/);
  });

  it("an AE subject not in DM: CORE-000201 (CG0029) with USUBJID and AESEQ", () => {
    const f = findings.find((x) => x.rule === "CORE-000201")!;
    expect(f).toMatchObject({ dataset: "AE", usubjid: "S-9", seq: "1", key: "USUBJID=S-9 AESEQ=1" });
  });

  it("TF-KEY03 (retired for SDTM in favour of CORE-000201) is not reported twice", () => {
    expect(findings.filter((x) => x.rule === "TF-KEY03")).toEqual([]);
  });

  it("rules that cannot run are listed with the reason, never as passed", () => {
    const r = notRun.find((x) => x.rule === "CORE-000550");
    expect(r?.reason).toMatch(/SDTM model/);
    expect(notRun.length).toBe(27);
  });

  it("a study explanation marks the finding explained; explained findings are not counted", () => {
    const explained = validateStudy({
      ...input,
      explanations: [
        { rule: "CORE-000192", dataset: "DM", value: "ARMNRS=SCREEN FAILURE", reason: "by design" },
      ],
    });
    const f = explained.findings.find((x) => x.rule === "CORE-000192")!;
    expect(f.explanation).toBe("by design");
    const before = summarizeFindings(findings, notRun);
    const after = summarizeFindings(explained.findings, explained.notRun);
    expect(after.errors).toBe(before.errors - 1);
    expect(after.explained).toBe(1);
  });
});
