import { Diagnostics } from "@trialforge/core";
import { AdamParallel, type AdamSpec } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { rowsWhere, sas, table } from "../../test/fixtures.ts";
import { buildAdam } from "../build.ts";
import { computeStartDateMissingDay } from "./parallel.ts";

const parallel = AdamParallel.parse({
  adsl: {
    excludeArmcd: ["Scrnfail"],
    treatments: [
      { armcd: "Pbo", trt: "Placebo", trtn: 0 },
      { armcd: "Xan_Hi", trt: "Xanomeline High Dose", trtn: 81 },
    ],
    actual: "planned",
    treatmentStart: { domain: "SV", where: { VISITNUM: ["3"] }, date: "SVSTDTC", pick: "first" },
    treatmentEnd: { domain: "EX", date: "EXENDTC", pick: "lastRecord", order: "EXSTDTC" },
    treatmentEndFallback: "RFENDTC",
    ageGroups: [
      { label: "<65", below: 65 },
      { label: "65-80", min: 65, below: 81 },
      { label: ">80", min: 81 },
    ],
    endDate: "RFENDTC",
    completers: [{ flag: "COMP8FL", label: "Completers of Week 8 Population Flag", visitnum: 8 }],
  },
  adae: {
    startImputation: "missingDay",
    endImputation: "none",
    occurrenceFlags: [
      { flag: "AOCCFL", label: "1st Occurrence within Subject Flag", where: { TRTEMFL: ["Y"] } },
      {
        flag: "AOCCPFL",
        label: "1st Occurrence of PT",
        byVars: ["AEBODSYS", "AEDECOD"],
        where: { TRTEMFL: ["Y"] },
      },
    ],
    customQueries: [
      {
        name: "CQ01NAM",
        label: "Customized Query 01 Name",
        value: "DERMATOLOGIC EVENTS",
        decodContains: ["ERYTHEMA"],
        soc: ["SKIN AND SUBCUTANEOUS TISSUE DISORDERS"],
        excludeDecod: ["ALOPECIA"],
      },
    ],
  },
  adtte: {
    parameters: [
      {
        paramcd: "TTDE",
        param: "Time to First Dermatologic Event",
        event: { CQ01NAM: ["DERMATOLOGIC EVENTS"], TRTEMFL: ["Y"] },
        censorDate: "RFENDT",
        eventDesc: "Event",
        censorDesc: "Censored",
      },
    ],
  },
});

// prettier-ignore
const sdtm = new Map([
  [
    "DM",
    table("DM", [
      {
        STUDYID: "S",
        USUBJID: "A",
        ARMCD: "Pbo",
        ACTARMCD: "Pbo",
        AGE: 64,
        RFSTDTC: "2013-01-01",
        RFENDTC: "2013-03-31",
      },
      {
        STUDYID: "S",
        USUBJID: "B",
        ARMCD: "Xan_Hi",
        ACTARMCD: "Xan_Lo",
        AGE: 81,
        RFSTDTC: "2013-01-10",
        RFENDTC: "2013-02-20",
      },
      {
        STUDYID: "S",
        USUBJID: "C",
        ARMCD: "Scrnfail",
        ACTARMCD: "Scrnfail",
        AGE: 70,
        RFSTDTC: "",
        RFENDTC: "",
      },
    ]),
  ],
  [
    "SV",
    table("SV", [
      { USUBJID: "A", VISITNUM: 3, SVSTDTC: "2013-01-01" },
      { USUBJID: "A", VISITNUM: 8, SVSTDTC: "2013-02-26" },
      { USUBJID: "B", VISITNUM: 3, SVSTDTC: "2013-01-10" },
      { USUBJID: "B", VISITNUM: 8, SVSTDTC: "2013-03-01" },
    ]),
  ],
  [
    "EX",
    table("EX", [
      { USUBJID: "A", EXSTDTC: "2013-01-01", EXENDTC: "2013-03-30" },
      { USUBJID: "B", EXSTDTC: "2013-01-10", EXENDTC: "2013-01-24" },
      { USUBJID: "B", EXSTDTC: "2013-01-25", EXENDTC: "" },
    ]),
  ],
  [
    "AE",
    table("AE", [
      {
        STUDYID: "S",
        USUBJID: "A",
        AESEQ: 1,
        AEDECOD: "APPLICATION SITE ERYTHEMA",
        AEBODSYS: "GENERAL",
        AESTDTC: "2013-01",
        AEENDTC: "2013-01-20",
      },
      {
        STUDYID: "S",
        USUBJID: "A",
        AESEQ: 2,
        AEDECOD: "HEADACHE",
        AEBODSYS: "NERVOUS",
        AESTDTC: "2012-12-30",
        AEENDTC: "",
      },
      {
        STUDYID: "S",
        USUBJID: "A",
        AESEQ: 3,
        AEDECOD: "ALOPECIA",
        AEBODSYS: "SKIN AND SUBCUTANEOUS TISSUE DISORDERS",
        AESTDTC: "2013-01-05",
        AEENDTC: "",
      },
      {
        STUDYID: "S",
        USUBJID: "B",
        AESEQ: 1,
        AEDECOD: "HEADACHE",
        AEBODSYS: "NERVOUS",
        AESTDTC: "2013",
        AEENDTC: "",
      },
    ]),
  ],
]);

const spec = {
  dir: "x",
  general: { treatment: { domain: "EX", where: {} }, relativeDay: "noDayZero" },
  parallel,
} as AdamSpec;
const adam = buildAdam({ study: { studyId: "S" }, spec, sdtm, diagnostics: new Diagnostics() });
const adsl = (u: string) => rowsWhere(adam.get("ADSL")!, { USUBJID: u })[0]!;
const adae = (u: string, seq: number) => rowsWhere(adam.get("ADAE")!, { USUBJID: u, AESEQ: seq })[0]!;

describe("parallel-group ADSL", () => {
  it("screen failures (excluded ARMCD) are not in ADSL", () => {
    expect(adam.get("ADSL")!.length).toBe(2);
  });
  it("TRT01A is TRT01P when actual = planned, even when ACTARMCD differs", () => {
    expect([adsl("B").TRT01P, adsl("B").TRT01A, adsl("B").TRT01AN]).toEqual([
      "Xanomeline High Dose",
      "Xanomeline High Dose",
      81,
    ]);
  });
  it("TRTEDT is the last EX record's end date, else DM.RFENDTC when that record is open", () => {
    expect([adsl("A").TRTEDT, adsl("A").TRTDUR]).toEqual([sas("2013-03-30"), 89]);
    expect(adsl("B").TRTEDT).toBe(sas("2013-02-20"));
  });
  it("AGEGR1: 64 is <65, 81 is >80", () => {
    expect([adsl("A").AGEGR1, adsl("B").AGEGR1, adsl("B").AGEGR1N]).toEqual(["<65", ">80", 3]);
  });
  it("COMP8FL is Y only when the visit happened on or before the subject's end date", () => {
    expect([adsl("A").COMP8FL, adsl("B").COMP8FL]).toEqual(["Y", "N"]);
  });
});

describe("parallel-group ADAE and ADTTE", () => {
  it("a missing day is imputed as 01 (ASTDTF D); a year-only date is not imputed", () => {
    expect(computeStartDateMissingDay("2013-07")).toEqual({ date: sas("2013-07-01"), flag: "D" });
    expect(computeStartDateMissingDay("2013")).toEqual({ date: null, flag: "" });
    expect([adae("A", 1).ASTDT, adae("A", 1).ASTDTF]).toEqual([sas("2013-01-01"), "D"]);
  });
  it("TRTEMFL is Y when ASTDT >= TRTSDT, N before treatment or without ASTDT", () => {
    expect([adae("A", 1).TRTEMFL, adae("A", 2).TRTEMFL, adae("B", 1).TRTEMFL]).toEqual(["Y", "N", "N"]);
  });
  it("ASTDY has no day 0: 1 on TRTSDT, -2 two days before", () => {
    expect([adae("A", 1).ASTDY, adae("A", 2).ASTDY]).toEqual([1, -2]);
  });
  it("AOCCFL flags the first TEAE by ASTDT, AESEQ; non-TEAEs are blank", () => {
    expect([adae("A", 1).AOCCFL, adae("A", 3).AOCCFL, adae("A", 2).AOCCFL]).toEqual(["Y", "", ""]);
    expect(adae("A", 3).AOCCPFL).toBe("Y");
  });
  it("CQ01NAM: a decod substring matches; an excluded decod of the SOC does not", () => {
    expect([adae("A", 1).CQ01NAM, adae("A", 3).CQ01NAM]).toEqual(["DERMATOLOGIC EVENTS", ""]);
  });
  it("TTDE: A's event on 2013-01-01 (AVAL 1, SRCSEQ 1); B censored at RFENDT (AVAL 42)", () => {
    const t = (u: string) => rowsWhere(adam.get("ADTTE")!, { USUBJID: u })[0]!;
    expect([t("A").CNSR, t("A").AVAL, t("A").SRCSEQ]).toEqual([0, 1, 1]);
    expect([t("B").CNSR, t("B").AVAL, t("B").SRCDOM, t("B").SRCVAR]).toEqual([1, 42, "ADSL", "RFENDT"]);
  });
});
