import { type DatasetMeta, datasetFromRows, type VariableMeta } from "@trialforge/core";
import { loadTerminology } from "@trialforge/terminology";
import { describe, expect, it } from "vitest";
import { validateBuild } from "./validate-build.ts";

const v = (name: string, type: "Char" | "Num" = "Char", length = 20): VariableMeta => ({
  name,
  label: name,
  type,
  length: type === "Num" ? 8 : length,
});
const meta = (
  name: string,
  standard: "SDTM" | "ADaM",
  vars: VariableMeta[],
  keys: string[] = [],
): DatasetMeta => ({
  name,
  label: name,
  standard,
  class: standard === "SDTM" ? "FINDINGS" : "BASIC DATA STRUCTURE",
  structure: "",
  keys,
  variables: vars,
});

// biome-ignore format: aligned fixture table
const dm = datasetFromRows(meta("DM", "SDTM", [v("STUDYID"), v("DOMAIN"), v("USUBJID"), v("RFSTDTC"), v("SEX")]), [
  { STUDYID: "S", DOMAIN: "DM", USUBJID: "S1", RFSTDTC: "2024-03-15", SEX: "F" },
  { STUDYID: "S", DOMAIN: "DM", USUBJID: "S2", RFSTDTC: "2024-04-01", SEX: "U" },
]);
// biome-ignore format: aligned fixture table
const lb = datasetFromRows(meta("LB", "SDTM", [v("STUDYID"), v("DOMAIN"), v("USUBJID"), v("LBSEQ", "Num"), v("LBDTC"), v("LBDY", "Num")]), [
  { STUDYID: "S", DOMAIN: "LB", USUBJID: "S1", LBSEQ: 1, LBDTC: "2024-03-14",       LBDY: -1 },
  { STUDYID: "S", DOMAIN: "LB", USUBJID: "S1", LBSEQ: 2, LBDTC: "2024-03-15T08:00", LBDY: 1 },
  { STUDYID: "S", DOMAIN: "LB", USUBJID: "S1", LBSEQ: 3, LBDTC: "2024-03-20",       LBDY: 5 },
  { STUDYID: "S", DOMAIN: "LB", USUBJID: "S2", LBSEQ: 1, LBDTC: "2024-04-01",       LBDY: 0 },
  { STUDYID: "S", DOMAIN: "LB", USUBJID: "S2", LBSEQ: 2, LBDTC: "2024-13-01",       LBDY: null },
  { STUDYID: "S", DOMAIN: "LB", USUBJID: "S2", LBSEQ: 2, LBDTC: "2024-2",           LBDY: null },
]);
// biome-ignore format: aligned fixture table
const adlb = datasetFromRows(meta("ADLB", "ADaM", [v("STUDYID"), v("USUBJID"), v("PARAMCD"), v("PARAM"), v("AVAL", "Num"), v("ABLFL"), v("BASE", "Num"), v("CHG", "Num"), v("PCHG", "Num")]), [
  { STUDYID: "S", USUBJID: "S1", PARAMCD: "ALT", PARAM: "ALT (U/L)", AVAL: 10, ABLFL: "Y", BASE: 10, CHG: null, PCHG: null },
  { STUDYID: "S", USUBJID: "S1", PARAMCD: "ALT", PARAM: "ALT (U/L)", AVAL: 15, ABLFL: "",  BASE: 10, CHG: 5,    PCHG: 50 },
  { STUDYID: "S", USUBJID: "S1", PARAMCD: "ALT", PARAM: "ALT (U/L)", AVAL: 12, ABLFL: "",  BASE: 10, CHG: 3,    PCHG: 20 },
  { STUDYID: "S", USUBJID: "S2", PARAMCD: "ALT", PARAM: "ALT (U/L)", AVAL: 0,  ABLFL: "Y", BASE: 0,  CHG: null, PCHG: null },
  { STUDYID: "S", USUBJID: "S2", PARAMCD: "ALT", PARAM: "ALT (U/L)", AVAL: 4,  ABLFL: "",  BASE: 0,  CHG: 4,    PCHG: 10 },
  { STUDYID: "S", USUBJID: "S2", PARAMCD: "AST", PARAM: "AST (U/L)", AVAL: 4,  ABLFL: "",  BASE: 7,  CHG: -3,   PCHG: null },
]);
// biome-ignore format: aligned fixture table
const adsl = datasetFromRows(meta("ADSL", "ADaM", [v("STUDYID"), v("USUBJID")]), [{ STUDYID: "S", USUBJID: "S1" }, { STUDYID: "S", USUBJID: "S2" }]);

const findings = validateBuild({
  sdtm: new Map([
    ["DM", dm],
    ["LB", lb],
  ]),
  adam: new Map([
    ["ADSL", adsl],
    ["ADLB", adlb],
  ]),
  defineXml: {},
  terminology: loadTerminology(),
});
const of = (rule: string) => findings.filter((f) => f.rule === rule);

describe("validateBuild on a hand-made build", () => {
  it("--DY: date - RFSTDTC + 1 on or after it, date - RFSTDTC before it (2024-03-20 vs 2024-03-15 is day 6)", () => {
    expect(of("TF-DT03").map((f) => [f.key, f.value])).toEqual([
      ["USUBJID=S1 LBSEQ=3", "5"],
      ["USUBJID=S2 LBSEQ=1", "0"],
    ]);
    expect(of("TF-DT04").map((f) => f.key)).toEqual(["USUBJID=S2 LBSEQ=1"]);
  });
  it("ISO 8601: month 13 and a one-digit month are invalid, a datetime to the minute is valid", () => {
    expect(
      of("TF-DT01")
        .map((f) => f.value)
        .sort(),
    ).toEqual(["2024-13-01", "2024-2"]);
  });
  it("--SEQ repeated within a subject", () => {
    expect(of("TF-KEY02").map((f) => f.key)).toEqual(["USUBJID=S2 LBSEQ=2"]);
  });
  it("SEX U is in the non-extensible SEX codelist (C66731), so no terminology finding", () => {
    expect(of("TF-CT01")).toEqual([]);
  });
  it("CHG = AVAL - BASE (12 - 10 is 2, not 3); PCHG is null when BASE is 0; BASE without a baseline record", () => {
    expect(of("TF-AD07").map((f) => f.value)).toEqual(["3"]);
    expect(of("TF-AD08").map((f) => f.value)).toEqual(["10"]);
    expect(of("TF-AD05").map((f) => [f.key, f.value])).toEqual([["USUBJID=S2 PARAMCD=AST", "7"]]);
  });
  it("reports the missing define.xml (FDA TRC 1789) and TS (TRC 1734) as errors", () => {
    expect(
      of("TF-DEF01")
        .map((f) => f.dataset)
        .sort(),
    ).toEqual(["define.xml (ADaM)", "define.xml (SDTM)"]);
    expect(of("TF-TD01")).toHaveLength(1);
  });
});
