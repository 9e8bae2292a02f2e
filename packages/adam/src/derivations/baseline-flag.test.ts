import { describe, expect, it } from "vitest";
import { col, table } from "../../test/fixtures.ts";
import { deriveBaselineFlag } from "./baseline-flag.ts";

const T = 100; // TRTSDT (infusion day 0)
const opts = { byVars: ["USUBJID", "PARAMCD"], order: ["ADT", "SRCSEQ"], onTreatmentDay: true };

describe("deriveBaselineFlag", () => {
  it("the last non-missing value on or before infusion is baseline; a missing last pre-dose value is skipped", () => {
    // prettier-ignore
    const ds = table("ADLB", [
      { USUBJID: "1", PARAMCD: "NEUT", ADT: T - 3, SRCSEQ: 1, AVAL: 5, TRTSDT: T }, // ← baseline: last non-missing
      { USUBJID: "1", PARAMCD: "NEUT", ADT: T, SRCSEQ: 2, AVAL: null, TRTSDT: T }, // day 0 but missing
      { USUBJID: "1", PARAMCD: "NEUT", ADT: T + 7, SRCSEQ: 3, AVAL: 4, TRTSDT: T },
      { USUBJID: "1", PARAMCD: "PLAT", ADT: T, SRCSEQ: 4, AVAL: 150, TRTSDT: T }, // ← day-0 pre-dose sample is baseline
      { USUBJID: "2", PARAMCD: "NEUT", ADT: T + 1, SRCSEQ: 1, AVAL: 3, TRTSDT: T }, // no pre-dose value: no baseline
    ]);
    expect(col(deriveBaselineFlag(ds, opts), "ABLFL")).toEqual(["Y", "", "", "Y", ""]);
  });
  it("with onTreatmentDay false a day-0 sample is not baseline", () => {
    // prettier-ignore
    const ds = table("ADLB", [
      { USUBJID: "1", PARAMCD: "NEUT", ADT: T - 1, SRCSEQ: 1, AVAL: 5, TRTSDT: T }, // ← baseline
      { USUBJID: "1", PARAMCD: "NEUT", ADT: T, SRCSEQ: 2, AVAL: 6, TRTSDT: T },
    ]);
    expect(col(deriveBaselineFlag(ds, { ...opts, onTreatmentDay: false }), "ABLFL")).toEqual(["Y", ""]);
  });
  it("two samples on the same day: the later sequence is baseline", () => {
    // prettier-ignore
    const ds = table("ADLB", [
      { USUBJID: "1", PARAMCD: "NEUT", ADT: T - 1, SRCSEQ: 7, AVAL: 5, TRTSDT: T }, // ← later SRCSEQ
      { USUBJID: "1", PARAMCD: "NEUT", ADT: T - 1, SRCSEQ: 6, AVAL: 6, TRTSDT: T },
    ]);
    expect(col(deriveBaselineFlag(ds, opts), "ABLFL")).toEqual(["Y", ""]);
  });
  it("names the missing required variable", () => {
    expect(() =>
      deriveBaselineFlag(table("ADLB", [{ USUBJID: "1", PARAMCD: "X", AVAL: 1, ADT: 1 }]), opts),
    ).toThrow(/required variable TRTSDT/);
  });
});
