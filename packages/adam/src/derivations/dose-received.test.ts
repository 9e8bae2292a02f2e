import { describe, expect, it } from "vitest";
import {
  computeAdministrations,
  computeDoseTotal,
  computeDosingDays,
  computePercentOfPlanned,
} from "./dose-received.ts";

const rec = (dose: number | null, unit = "mg/m2", administrations: number | null = 1) => ({
  dose,
  unit,
  administrations,
});

describe("computeAdministrations: per-day count x days from start to end inclusive; ONCE is 1", () => {
  it("QD from day 100 to 102 is 3; BID on one day is 2; TID over 2 days is 6", () => {
    expect(computeAdministrations("QD", 100, 102)).toBe(3);
    expect(computeAdministrations("BID", 100, 100)).toBe(2);
    expect(computeAdministrations("TID", 100, 101)).toBe(6);
  });
  it("ONCE is 1 even across midnight; no frequency on one day is 1; end missing counts one day", () => {
    expect(computeAdministrations("ONCE", 100, 101)).toBe(1);
    expect(computeAdministrations("", 100, 100)).toBe(1);
    expect(computeAdministrations("QD", 100, undefined)).toBe(1);
  });
  it("a multi-day record without a known frequency is unknown", () => {
    expect(computeAdministrations("", 100, 102)).toBeNull();
    expect(computeAdministrations("Q2W", 100, 130)).toBeNull();
  });
});

describe("computeDoseTotal: sum of dose x administrations, all in the spec's unit", () => {
  it("fludarabine 30 + 30 + 24 mg/m2 (one day reduced) is 84 mg/m2", () => {
    expect(computeDoseTotal([rec(30), rec(30), rec(24)], "mg/m2")).toEqual({ total: 84 });
  });
  it("one QD record of 30 mg/m2 over 3 days is 90 mg/m2", () => {
    expect(computeDoseTotal([rec(30, "mg/m2", 3)], "mg/m2")).toEqual({ total: 90 });
  });
  it("decimals sum without float noise: 0.1 + 0.2 = 0.3 (plain JS gives 0.30000000000000004)", () => {
    expect(computeDoseTotal([rec(0.1, "10^7/kg"), rec(0.2, "10^7/kg")], "10^7/kg").total).toBe(0.3);
  });
  it("no records gives no total (not 0); a 0 dose counts as 0", () => {
    expect(computeDoseTotal([], "mg/m2")).toEqual({ total: null });
    expect(computeDoseTotal([rec(0)], "mg/m2")).toEqual({ total: 0 });
  });
  it("another unit, a missing dose or unknown administrations make the total unknown, with the reason", () => {
    const other = computeDoseTotal([rec(30), rec(50, "mg")], "mg/m2");
    expect(other.total).toBeNull();
    expect(other.problem).toContain('"mg"');
    expect(computeDoseTotal([rec(30), rec(null)], "mg/m2")).toEqual({
      total: null,
      problem: "a dose is missing",
    });
    expect(computeDoseTotal([rec(30, "mg/m2", null)], "mg/m2").total).toBeNull();
  });
});

describe("computePercentOfPlanned: received / planned x 100", () => {
  it("1.02 of 1.0 planned is 102%; 2.93 of 3.0 is 97.6666666667% (293/3 to 12 digits)", () => {
    expect(computePercentOfPlanned(1.02, 1)).toBe(102);
    expect(computePercentOfPlanned(2.93, 3)).toBe(97.6666666667);
  });
  it("missing when received or planned is missing, or planned is 0", () => {
    expect(computePercentOfPlanned(null, 1)).toBeNull();
    expect(computePercentOfPlanned(1, undefined)).toBeNull();
    expect(computePercentOfPlanned(1, 0)).toBeNull();
  });
});

describe("computeDosingDays: distinct days covered from start to end", () => {
  it("two drugs on each of days 100, 101, 102 are 3 days; an undated record does not count", () => {
    const spans = [100, 100, 101, 101, 102, 102].map((d) => ({ start: d, end: d }));
    expect(computeDosingDays([...spans, { start: undefined, end: 103 }])).toBe(3);
  });
  it("one record from day 100 to 102 plus one on day 101 is 3 days; an end before the start counts the start", () => {
    expect(
      computeDosingDays([
        { start: 100, end: 102 },
        { start: 101, end: undefined },
      ]),
    ).toBe(3);
    expect(computeDosingDays([{ start: 100, end: 99 }])).toBe(1);
  });
  it("no dated record gives no value", () => {
    expect(computeDosingDays([])).toBeNull();
    expect(computeDosingDays([{ start: undefined, end: undefined }])).toBeNull();
  });
});
