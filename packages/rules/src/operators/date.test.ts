/** Date operators, with the examples of CORE's Operator.md. */
import { describe, expect, it } from "vitest";
import { compareDates, isCompleteDate, isValidDate, isValidDuration } from "./date.ts";
import { hits } from "./testing.ts";

describe("is_complete_date / invalid_date / invalid_duration", () => {
  it("DM.RFSTDTC = complete date: year, month and day (a time is optional)", () => {
    const r = [
      { RFSTDTC: "2023-01-09" },
      { RFSTDTC: "2023-01" },
      { RFSTDTC: "2023-01-09T10:40" },
      { RFSTDTC: null },
    ];
    expect(hits(r, { name: "RFSTDTC", operator: "is_complete_date" })).toEqual([0, 2]);
    expect(hits(r, { name: "RFSTDTC", operator: "is_incomplete_date" })).toEqual([1, 3]);
    expect(isCompleteDate("2023-02-30")).toBe(false);
  });
  it("BRTHDTC invalid: partial and uncertain dates are valid, impossible ones are not", () => {
    expect(
      ["2003", "2003-12", "2003-12-15T10:00", "2003---15", "2003-12-15/2003-12-20"].map(isValidDate),
    ).toEqual([true, true, true, true, true]);
    expect(["2003-13", "2003-02-30", "15/12/2003", ""].map(isValidDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    const r = [{ BRTHDTC: "1970-02-31" }, { BRTHDTC: "1970-02" }];
    expect(hits(r, { name: "BRTHDTC", operator: "invalid_date" })).toEqual([0]);
  });
  it("DURVAR invalid, negative durations disallowed", () => {
    expect(isValidDuration("P2Y3M", false)).toBe(true);
    expect(isValidDuration("PT1.5H", false)).toBe(true);
    expect(isValidDuration("P1.5DT2H", false)).toBe(false);
    expect(isValidDuration("-P2D", false)).toBe(false);
    expect(isValidDuration("-P2D", true)).toBe(true);
    const r = [{ AEDUR: "P2D" }, { AEDUR: "-P2D" }, { AEDUR: "2 days" }];
    expect(hits(r, { name: "--DUR", operator: "invalid_duration", negative: false })).toEqual([1, 2]);
  });
});

describe("date comparisons", () => {
  it("AEENDTC < AESTDTC", () => {
    const r = [
      { AESTDTC: "2023-01-10", AEENDTC: "2023-01-09" },
      { AESTDTC: "2023-01-10", AEENDTC: "2023-01-10" },
      { AESTDTC: "2023-01-10", AEENDTC: "" },
    ];
    expect(hits(r, { name: "AEENDTC", operator: "date_less_than", value: "AESTDTC" })).toEqual([0]);
    expect(hits(r, { name: "AEENDTC", operator: "date_less_than_or_equal_to", value: "AESTDTC" })).toEqual([
      0, 1,
    ]);
  });
  it("year part of BRTHDTC > 2021 (date_component)", () => {
    const r = [{ BRTHDTC: "2022-05" }, { BRTHDTC: "2021-12-31" }];
    expect(
      hits(r, { name: "BRTHDTC", operator: "date_greater_than", date_component: "year", value: "2021" }),
    ).toEqual([0]);
    expect(
      hits(r, {
        name: "BRTHDTC",
        operator: "date_greater_than_or_equal_to",
        date_component: "year",
        value: "2021",
      }),
    ).toEqual([0, 1]);
  });
  it("without date_component, missing parts count as their earliest value (CDISC's cases for CG0172/CG0173)", () => {
    expect(compareDates("2018-04-17", "2018-04", "gt")).toBe(true);
    expect(compareDates("2018-11-06T12:00", "2018-11-06", "gt")).toBe(true);
    expect(compareDates("2023-01", "2023-01-15", "eq")).toBe(false);
  });
  it("date_component auto compares at the precision both share", () => {
    expect(compareDates("2023-01", "2023-01-15", "eq", "auto")).toBe(true);
    expect(compareDates("2023-01-15T10:00", "2023-01-15T09:00", "gt", "auto")).toBe(true);
  });
});
