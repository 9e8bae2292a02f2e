import { describe, expect, it } from "vitest";
import { computeDoseTotal, computeDosingDays, computePercentOfPlanned } from "./dose-received.ts";

describe("computeDoseTotal: sum of the doses of the subject's records, all in the spec's unit", () => {
  it("fludarabine 30 + 30 + 24 mg/m2 (one day reduced) is 84 mg/m2", () => {
    const recs = [30, 30, 24].map((dose) => ({ dose, unit: "mg/m2" }));
    expect(computeDoseTotal(recs, "mg/m2")).toEqual({ total: 84 });
  });
  it("decimals sum without float noise: 0.1 + 0.2 = 0.3 (plain JS gives 0.30000000000000004)", () => {
    const recs = [0.1, 0.2].map((dose) => ({ dose, unit: "10^7/kg" }));
    expect(computeDoseTotal(recs, "10^7/kg").total).toBe(0.3);
  });
  it("no records gives no total (not 0); a 0 dose counts as 0", () => {
    expect(computeDoseTotal([], "mg/m2")).toEqual({ total: null });
    expect(computeDoseTotal([{ dose: 0, unit: "mg/m2" }], "mg/m2")).toEqual({ total: 0 });
  });
  it("another unit or a missing dose makes the total unknown, with the reason", () => {
    const other = computeDoseTotal(
      [
        { dose: 30, unit: "mg/m2" },
        { dose: 50, unit: "mg" },
      ],
      "mg/m2",
    );
    expect(other.total).toBeNull();
    expect(other.problem).toContain('"mg"');
    const missing = computeDoseTotal(
      [
        { dose: 30, unit: "mg/m2" },
        { dose: null, unit: "mg/m2" },
      ],
      "mg/m2",
    );
    expect(missing).toEqual({ total: null, problem: "a dose is missing" });
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

describe("computeDosingDays: distinct complete dates", () => {
  it("two drugs on each of days 100, 101, 102 are 3 days; an undated record does not count", () => {
    expect(computeDosingDays([100, 100, 101, 101, 102, 102, undefined])).toBe(3);
  });
  it("no dated record gives no value", () => {
    expect(computeDosingDays([])).toBeNull();
    expect(computeDosingDays([undefined])).toBeNull();
  });
});
