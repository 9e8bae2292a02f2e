import { Diagnostics } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { col, frameOf } from "../internal/testing.ts";
import { deriveLastObsBeforeExposureFlag } from "./baseline-flag.ts";
import { computeElapsed, deriveElapsed } from "./elapsed.ts";
import { deriveEpoch, epochAt } from "./epoch.ts";
import { deriveLookup } from "./lookup.ts";
import { deriveSeq } from "./seq.ts";
import {
  computeLimitNrind,
  computeRound,
  deriveNrind,
  deriveStandardResults,
  formatResult,
} from "./standardize.ts";
import { deriveStudyDays } from "./study-day.ts";
import { computeSubjectDates } from "./subject-refs.ts";
import { deriveVisits } from "./visit.ts";

describe("deriveSeq", () => {
  it("numbers records 1..n within USUBJID in the spec's order, ties broken by source row", () => {
    // prettier-ignore
    const f = frameOf(
      "AE",
      ["USUBJID", "AESTDTC", ["AESEQ", "Num"]],
      [
        { USUBJID: "S2", AESTDTC: "2024-01-05" },
        { USUBJID: "S1", AESTDTC: "2024-02-01" },
        { USUBJID: "S1", AESTDTC: "2024-01-01" },
        { USUBJID: "S1", AESTDTC: "" },
      ],
    );
    deriveSeq(f, "AESEQ", ["AESTDTC"]);
    expect(col(f, "USUBJID")).toEqual(["S1", "S1", "S1", "S2"]);
    expect(col(f, "AESTDTC")).toEqual(["", "2024-01-01", "2024-02-01", "2024-01-05"]);
    expect(col(f, "AESEQ")).toEqual([1, 2, 3, 1]);
    expect(col(f, "__ROW")).toEqual([4, 3, 2, 1]);
  });
});

describe("deriveStudyDays", () => {
  it("--DY from RFSTDTC with no day 0; missing for partial dates or no reference", () => {
    // prettier-ignore
    const f = frameOf(
      "LB",
      ["USUBJID", "LBDTC", ["LBDY", "Num"], "AESTDTC", ["AESTDY", "Num"]],
      [
        { USUBJID: "S1", LBDTC: "2024-03-15T08:00", AESTDTC: "2024-03-14" },
        { USUBJID: "S1", LBDTC: "2024-03-16", AESTDTC: "2024-03" },
        { USUBJID: "S2", LBDTC: "2024-03-16", AESTDTC: "2024-03-16" },
      ],
    );
    const done = deriveStudyDays(f, new Map([["S1", "2024-03-15T10:40"]]));
    expect(done).toEqual(["LBDY", "AESTDY"]);
    expect(col(f, "LBDY")).toEqual([1, 2, null]);
    expect(col(f, "AESTDY")).toEqual([-1, null, null]);
  });
});

describe("deriveEpoch", () => {
  const spans = [
    { start: "2024-01-01", end: "2024-01-20T09:00", epoch: "SCREENING" },
    { start: "2024-01-20T09:00", end: "2024-01-25T12:00", epoch: "LYMPHODEPLETION" },
    { start: "2024-01-25T12:00", end: "", epoch: "TREATMENT" },
  ];
  it("takes the element holding the date; the later element wins on its start day; open last element", () => {
    expect(epochAt(spans, "2023-12-31")).toBe("");
    expect(epochAt(spans, "2024-01-19")).toBe("SCREENING");
    expect(epochAt(spans, "2024-01-20T07:00")).toBe("LYMPHODEPLETION");
    expect(epochAt(spans, "2024-01-25")).toBe("TREATMENT");
    expect(epochAt(spans, "2025-06-01")).toBe("TREATMENT");
    expect(epochAt(spans, "2024-01")).toBe("");
  });
  it("fills EPOCH per subject", () => {
    const f = frameOf(
      "AE",
      ["USUBJID", "AESTDTC", "EPOCH"],
      [
        { USUBJID: "S1", AESTDTC: "2024-01-22" },
        { USUBJID: "S9", AESTDTC: "2024-01-22" },
      ],
    );
    deriveEpoch(f, "AESTDTC", new Map([["S1", spans]]));
    expect(col(f, "EPOCH")).toEqual(["LYMPHODEPLETION", ""]);
  });
});

describe("deriveVisits", () => {
  // prettier-ignore
  const visits = [
    { VISITNUM: 1, VISIT: "SCREENING", day: -20, windowLow: -10, windowHigh: 14 },
    { VISITNUM: 3, VISIT: "DAY 0", day: 0, windowLow: 0, windowHigh: 0 },
    { VISITNUM: 6, VISIT: "DAY 7", day: 7, windowLow: -1, windowHigh: 1 },
  ];
  it("keeps a collected planned visit (flagging it when out of window), windows the rest, numbers unscheduled x.01, x.02", () => {
    // prettier-ignore
    const f = frameOf(
      "LB",
      ["USUBJID", "LBDTC", ["VISITNUM", "Num"], "VISIT"],
      [
        { USUBJID: "S1", LBDTC: "2024-02-01T08:00", VISIT: "day 0" }, // nominal, in window
        { USUBJID: "S1", LBDTC: "2024-02-10", VISIT: "DAY 7" }, // nominal, day 9: out of window
        { USUBJID: "S1", LBDTC: "2024-02-07", VISIT: "" }, // day 6: DAY 7 window
        { USUBJID: "S1", LBDTC: "2024-02-04", VISIT: "UNSCHED" }, // day 3: unscheduled after DAY 0
        { USUBJID: "S1", LBDTC: "2024-02-03", VISIT: "" }, // day 2: unscheduled, earlier date
        { USUBJID: "S1", LBDTC: "2024-02-04", VISIT: "" }, // day 3 again: same number
        { USUBJID: "S2", LBDTC: "2024-02-04", VISIT: "SCREENING" }, // no anchor: nominal
        { USUBJID: "S2", LBDTC: "2024-02-04", VISIT: "" }, // no anchor, no visit: missing
      ],
    );
    const late = deriveVisits(f, "LBDTC", new Map([["S1", "2024-02-01T13:00"]]), visits, 0.01);
    expect(col(f, "VISITNUM")).toEqual([3, 6, 6, 3.02, 3.01, 3.02, 1, null]);
    expect(col(f, "VISIT")).toEqual([
      "DAY 0",
      "DAY 7",
      "DAY 7",
      "UNSCHEDULED 3.02",
      "UNSCHEDULED 3.01",
      "UNSCHEDULED 3.02",
      "SCREENING",
      "",
    ]);
    expect(late).toEqual([{ row: 1, visit: "DAY 7", protocolDay: 9 }]);
  });
});

describe("deriveStandardResults / deriveNrind", () => {
  // prettier-ignore
  const f = frameOf(
    "LB",
    [
      "LBTESTCD",
      "LBORRES",
      "LBORRESU",
      "LBORNRLO",
      "LBORNRHI",
      "LBSTRESC",
      ["LBSTRESN", "Num"],
      "LBSTRESU",
      ["LBSTNRLO", "Num"],
      ["LBSTNRHI", "Num"],
      "LBNRIND",
    ],
    [
      { LBTESTCD: "CREAT", LBORRES: "0.76", LBORRESU: "mg/dL", LBORNRLO: "0.6", LBORNRHI: "1.2" },
      { LBTESTCD: "CREAT", LBORRES: "<0.1", LBORRESU: "mg/dL", LBORNRLO: "0.6", LBORNRHI: "1.2" },
      { LBTESTCD: "HGB", LBORRES: "17.25", LBORRESU: "g/dL", LBORNRLO: "12", LBORNRHI: "16" },
      { LBTESTCD: "BLAST", LBORRES: "negative", LBORRESU: "", LBORNRLO: "", LBORNRHI: "" },
      { LBTESTCD: "K", LBORRES: "3.1", LBORRESU: "mmol/L", LBORNRLO: "3.5", LBORNRHI: "5.1" },
      { LBTESTCD: "CREAT", LBORRES: "", LBORRESU: "", LBORNRLO: "", LBORNRHI: "" },
    ],
  );
  const diagnostics = new Diagnostics();
  deriveStandardResults(
    f,
    "LB",
    [
      { testcd: "CREAT", from: "mg/dL", to: "umol/L", factor: 88.42, decimals: 0 },
      { testcd: "HGB", from: "g/dL", to: "g/L", factor: 10, decimals: 0 },
    ],
    true,
    diagnostics,
  );
  deriveNrind(f, "LB");
  it("converts numeric results and ranges by the factor, keeps limit results as converted text, copies text results", () => {
    expect(col(f, "LBSTRESC")).toEqual(["67", "<9", "173", "NEGATIVE", "3.1", ""]);
    expect(col(f, "LBSTRESN")).toEqual([67, null, 173, null, 3.1, null]);
    expect(col(f, "LBSTRESU")).toEqual(["umol/L", "umol/L", "g/L", "", "mmol/L", ""]);
    expect(col(f, "LBSTNRLO")).toEqual([53, 53, 120, null, 3.5, null]);
    expect(col(f, "LBSTNRHI")).toEqual([106, 106, 160, null, 5.1, null]);
  });
  it("warns once per test/unit without a conversion and copies the value", () => {
    expect(diagnostics.items.map((d) => d.value)).toEqual(["K/mmol/L"]);
  });
  it("LBNRIND: LOW/HIGH/NORMAL against the standard range, LOW for a limit under the low end", () => {
    expect(col(f, "LBNRIND")).toEqual(["NORMAL", "LOW", "HIGH", "", "LOW", ""]);
  });
  it("LBNRIND of a limit result where the bound decides it (the demo's 452 blanks): <1.7 vs 0-5.1 NORMAL, <10 vs 30-200 LOW", () => {
    expect(computeLimitNrind("<", 1.7, 0, 5.1)).toBe("NORMAL"); // BILDIR: 0 <= value < 1.7 <= 5.1
    expect(computeLimitNrind("<", 0.01, 0, 0.1)).toBe("NORMAL"); // BASO
    expect(computeLimitNrind("<", 1.7, null, 5.1)).toBe("NORMAL"); // upper limit only
    expect(computeLimitNrind("<", 10, 30, 200)).toBe("LOW"); // CK
    expect(computeLimitNrind("<", 2, 2, 21)).toBe("LOW"); // BILI: value < 2 = low end
    expect(computeLimitNrind(">", 500, 10, 400)).toBe("HIGH");
    expect(computeLimitNrind(">", 50, 10, null)).toBe("NORMAL");
  });
  it("LBNRIND stays blank when the value could fall either side of a limit", () => {
    expect(computeLimitNrind("<", 0.5, 0, 0)).toBe(""); // BLAST: 0.3 would be HIGH, 0 NORMAL
    expect(computeLimitNrind("<", 0.1, 0.05, 1)).toBe(""); // could be below 0.05 or within
    expect(computeLimitNrind(">", 50, 10, 400)).toBe(""); // could be within or above 400
  });
  it("rounds half away from zero", () => {
    expect(computeRound(2.5, 0)).toBe(3);
    expect(computeRound(-2.5, 0)).toBe(-3);
    expect(computeRound(1.005, 2)).toBe(1.01);
    expect(formatResult(0.1 + 0.2)).toBe("0.3");
  });
});

describe("deriveLastObsBeforeExposureFlag", () => {
  it("flags the last non-missing result on or before the reference per subject and test", () => {
    // prettier-ignore
    const f = frameOf(
      "LB",
      ["USUBJID", "LBTESTCD", "LBDTC", "LBSTRESC", "LBLOBXFL"],
      [
        { USUBJID: "S1", LBTESTCD: "HGB", LBDTC: "2024-01-10", LBSTRESC: "120" },
        { USUBJID: "S1", LBTESTCD: "HGB", LBDTC: "2024-01-20T07:00", LBSTRESC: "118" },
        { USUBJID: "S1", LBTESTCD: "HGB", LBDTC: "2024-01-20T11:00", LBSTRESC: "110" },
        { USUBJID: "S1", LBTESTCD: "K", LBDTC: "2024-01-19", LBSTRESC: "" },
        { USUBJID: "S1", LBTESTCD: "K", LBDTC: "2024-01-18", LBSTRESC: "4.0" },
        { USUBJID: "S2", LBTESTCD: "HGB", LBDTC: "2024-01-10", LBSTRESC: "99" },
      ],
    );
    deriveLastObsBeforeExposureFlag(
      f,
      "LBLOBXFL",
      "LBDTC",
      "LBSTRESC",
      ["LBTESTCD"],
      new Map([["S1", "2024-01-20T10:40"]]),
    );
    expect(col(f, "LBLOBXFL")).toEqual(["", "Y", "", "", "Y", ""]);
  });
});

describe("computeElapsed / deriveElapsed", () => {
  it("hours and minutes when both have times, days otherwise, negative before the anchor", () => {
    expect(computeElapsed("2024-02-02T15:30", "2024-02-01T13:00")).toBe("PT26H30M");
    expect(computeElapsed("2024-02-01T11:00", "2024-02-01T13:00")).toBe("-PT2H");
    expect(computeElapsed("2024-02-01T13:00", "2024-02-01T13:00")).toBe("PT0H");
    expect(computeElapsed("2024-02-08", "2024-02-01T13:00")).toBe("P7D");
    expect(computeElapsed("2024-01-29", "2024-02-01")).toBe("-P3D");
    expect(computeElapsed("2024-02", "2024-02-01")).toBe("");
  });
  it("sets --ELTM, --TPTREF and --RFTDTC from the subject's anchor", () => {
    const f = frameOf(
      "PC",
      ["USUBJID", "PCDTC", "PCELTM", "PCTPTREF", "PCRFTDTC"],
      [
        { USUBJID: "S1", PCDTC: "2024-02-01T14:00" },
        { USUBJID: "S2", PCDTC: "2024-02-01" },
      ],
    );
    deriveElapsed(
      f,
      "PCDTC",
      "PCELTM",
      "PCTPTREF",
      "PCRFTDTC",
      new Map([["S1", "2024-02-01T13:00"]]),
      "INFUSION",
    );
    expect(col(f, "PCELTM")).toEqual(["PT1H", ""]);
    expect(col(f, "PCTPTREF")).toEqual(["INFUSION", ""]);
    expect(col(f, "PCRFTDTC")).toEqual(["2024-02-01T13:00", ""]);
  });
  it("planned --ELTM only for subjects with the anchor event (CORE-000028: --ELTM needs --TPTREF)", () => {
    const f = frameOf(
      "PC",
      ["USUBJID", "PCDTC", ["PCTPTNUM", "Num"], "PCELTM", "PCTPTREF", "PCRFTDTC"],
      [
        { USUBJID: "S1", PCDTC: "2024-02-01T14:00", PCTPTNUM: 4 },
        { USUBJID: "S2", PCDTC: "2024-01-12", PCTPTNUM: -480 },
      ],
    );
    deriveElapsed(
      f,
      "PCDTC",
      "PCELTM",
      "PCTPTREF",
      "PCRFTDTC",
      new Map([["S1", "2024-02-01T10:00"]]),
      "INFUSION",
      "PCTPTNUM",
    );
    expect(col(f, "PCELTM")).toEqual(["PT4H", ""]);
    expect(col(f, "PCTPTREF")).toEqual(["INFUSION", ""]);
  });
});

describe("computeSubjectDates / deriveLookup", () => {
  // prettier-ignore
  const ex = frameOf(
    "EX",
    ["USUBJID", "EXCAT", "EXSTDTC"],
    [
      { USUBJID: "S1", EXCAT: "LD", EXSTDTC: "2024-01-21T09:00" },
      { USUBJID: "S1", EXCAT: "LD", EXSTDTC: "2024-01-20T09:00" },
      { USUBJID: "S1", EXCAT: "INF", EXSTDTC: "2024-01-25T13:00" },
      { USUBJID: "S2", EXCAT: "LD", EXSTDTC: "" },
    ],
  );
  it("first/last date per subject among matching records", () => {
    expect(computeSubjectDates(ex, "EXSTDTC", "first")).toEqual(new Map([["S1", "2024-01-20T09:00"]]));
    expect(computeSubjectDates(ex, "EXSTDTC", "last", [{ variable: "EXCAT", equals: "ld" }])).toEqual(
      new Map([["S1", "2024-01-21T09:00"]]),
    );
  });
  it("looks a value up in another domain by a shared variable", () => {
    const ti = frameOf("TI", ["IETESTCD", "IETEST"], [{ IETESTCD: "INCL01", IETEST: "Age >= 3" }]);
    const ie = frameOf("IE", ["IETESTCD", "IETEST"], [{ IETESTCD: "INCL01" }, { IETESTCD: "EXCL99" }]);
    deriveLookup(ie, "IETEST", "IETESTCD", ti, "IETEST");
    expect(col(ie, "IETEST")).toEqual(["Age >= 3", ""]);
  });
});
