import { describe, expect, it } from "vitest";
import { computeDescriptive } from "./describe.ts";

describe("computeDescriptive", () => {
  it("n, mean, SD (n-1), median and SAS-5 quartiles of 1..4", () => {
    const d = computeDescriptive([4, 1, 3, 2]);
    expect(d).toMatchObject({ n: 4, nMiss: 0, mean: 2.5, median: 2.5, q1: 1.5, q3: 3.5, min: 1, max: 4 });
    expect(d.sd).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(d.cv).toBeCloseTo((100 * Math.sqrt(5 / 3)) / 2.5, 12);
  });
  it("R type 7 quartiles on request", () => {
    const d = computeDescriptive([1, 2, 3, 4], { quantileDefinition: "r7" });
    expect([d.q1, d.q3]).toEqual([1.75, 3.25]);
  });
  it("geometric mean and geometric CV% = 100 sqrt(exp(sd_log^2) - 1)", () => {
    const d = computeDescriptive([2, 8]);
    expect(d.geoMean).toBeCloseTo(4, 14);
    const sdLog = Math.abs(Math.log(8) - Math.log(2)) / Math.sqrt(2);
    expect(d.geoCv).toBeCloseTo(100 * Math.sqrt(Math.exp(sdLog * sdLog) - 1), 12);
  });
  it("a value <= 0 makes the geometric statistics null", () => {
    const d = computeDescriptive([0, 2, 8]);
    expect(d.geoMean).toBeNull();
    expect(d.geoCv).toBeNull();
  });
  it("missing values are counted, not used; n = 1 has no SD; empty gives nulls", () => {
    const d = computeDescriptive([null, 5, undefined, Number.NaN]);
    expect(d).toMatchObject({ n: 1, nMiss: 3, mean: 5, sd: null, median: 5, cv: null });
    expect(computeDescriptive([]).mean).toBeNull();
  });
  it("mean 0 gives CV null", () => expect(computeDescriptive([-1, 1]).cv).toBeNull());
});
