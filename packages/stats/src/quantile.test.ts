import { describe, expect, it } from "vitest";
import { computeQuantile } from "./quantile.ts";

describe("quantile definitions", () => {
  it("SAS 5 averages at integer np, otherwise takes the next order statistic", () => {
    expect(computeQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.3, "sas5")).toBe(3.5); // np = 3 exactly despite 10*0.3 = 3.0000000000000004
    expect(computeQuantile([1, 2, 3, 4, 5], 0.3, "sas5")).toBe(2);
  });
  it("SAS 2 takes the even order statistic at a half", () => {
    expect(computeQuantile([10, 20, 30, 40], 0.375, "sas2")).toBe(20); // np = 1.5 -> j = 1 odd -> x(2)
    expect(computeQuantile([10, 20, 30, 40], 0.625, "sas2")).toBe(20); // np = 2.5 -> j = 2 even -> x(2)
  });
  it("empty input gives null; p outside [0,1] is refused", () => {
    expect(computeQuantile([], 0.5)).toBeNull();
    expect(() => computeQuantile([1], 1.5)).toThrow(RangeError);
  });
});
