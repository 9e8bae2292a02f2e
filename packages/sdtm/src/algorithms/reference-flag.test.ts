import { describe, expect, it } from "vitest";
import { col, frameOf } from "../internal/testing.ts";
import { computeReferenceFlag, deriveReferenceFlag } from "./reference-flag.ts";
import { formatStandard } from "./standardize.ts";
import { computeFormSubjectDates } from "./subject-refs.ts";

describe("deriveReferenceFlag (e.g. treatment emergent: AESTDTC on or after RFSTDTC)", () => {
  it("is Y on or after the reference, N before, compared at the common precision of partial dates", () => {
    expect(computeReferenceFlag("2014-01-02", "2014-01-02", "Y")).toBe("Y");
    expect(computeReferenceFlag("2014-01-01", "2014-01-02", "Y")).toBe("N");
    expect(computeReferenceFlag("2014-01", "2014-01-02", "Y")).toBe("Y");
    expect(computeReferenceFlag("2013", "2014-01-02", "Y")).toBe("N");
    expect(computeReferenceFlag("2014-01-03T08:00", "2014-01-02", "Y")).toBe("Y");
  });

  it("a missing record date gives whenMissing; a subject without a reference date gets no flag", () => {
    expect(computeReferenceFlag("", "2014-01-02", "Y")).toBe("Y");
    expect(computeReferenceFlag("", "2014-01-02", "N")).toBe("N");
    expect(computeReferenceFlag("2014-01-05", "", "Y")).toBe("");
  });

  it("sets the column per record from the subject's reference", () => {
    // prettier-ignore
    const f = frameOf(
      "AE",
      ["USUBJID", "AESTDTC", "FL"],
      [
        { USUBJID: "S1", AESTDTC: "2014-01-01" },
        { USUBJID: "S1", AESTDTC: "2014-01-02" },
        { USUBJID: "S2", AESTDTC: "2014-01-02" },
      ],
    );
    deriveReferenceFlag(f, "FL", "AESTDTC", new Map([["S1", "2014-01-02"]]), "Y");
    expect(col(f, "FL")).toEqual(["N", "Y", ""]);
  });
});

describe("formatStandard (unit conversions)", () => {
  it("applies offset then factor (F to C), rounds half away from zero, and trims zeros when asked", () => {
    const f2c = {
      testcd: "TEMP",
      from: "F",
      to: "C",
      factor: 5 / 9,
      offset: -32,
      decimals: 2,
      trimZeros: true,
    };
    expect(formatStandard(96.9, f2c)).toBe("36.06");
    expect(formatStandard(98.6, f2c)).toBe("37");
    const in2cm = { testcd: "HEIGHT", from: "IN", to: "cm", factor: 2.54, decimals: 2 };
    expect(formatStandard(70, in2cm)).toBe("177.80");
    expect(formatStandard(70, { ...in2cm, trimZeros: true })).toBe("177.8");
    expect(formatStandard(57, undefined)).toBe("57");
  });
});

describe("computeFormSubjectDates (DTHDTC from a raw death date)", () => {
  it("takes the first or last valid raw date per subject, keyed by prefix + subject", () => {
    const subj = ["701-1", "701-1", "701-2", "701-3"];
    const dates = ["01/14/2013", "01/10/2013", "", "not a date"];
    const get = (a: string[]) => ({ get: (i: number) => a[i]! });
    const first = computeFormSubjectDates(get(subj), get(dates), 4, "01-", "first");
    expect([...first]).toEqual([["01-701-1", "2013-01-10"]]);
    const last = computeFormSubjectDates(get(subj), get(dates), 4, "01-", "last");
    expect([...last]).toEqual([["01-701-1", "2013-01-14"]]);
  });
});
