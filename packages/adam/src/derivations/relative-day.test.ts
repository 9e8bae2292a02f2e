import { describe, expect, it } from "vitest";
import { computeRelativeDayZero, computeStudyDayNoZero } from "./relative-day.ts";

describe("relative day", () => {
  it("infusion day is day 0; lymphodepletion 5 days before is day -5", () => {
    expect(computeRelativeDayZero(100, 100)).toBe(0);
    expect(computeRelativeDayZero(95, 100)).toBe(-5);
    expect(computeRelativeDayZero(128, 100)).toBe(28);
  });
  it("SDTMIG rule has no day 0: the reference day is 1 and the day before is -1", () => {
    expect(computeStudyDayNoZero(100, 100)).toBe(1);
    expect(computeStudyDayNoZero(99, 100)).toBe(-1);
  });
  it("is null when either date is missing", () => {
    expect(computeRelativeDayZero(null, 100)).toBeNull();
    expect(computeStudyDayNoZero(100, undefined)).toBeNull();
  });
});
