import { describe, expect, it } from "vitest";
import { computeTrtemfl } from "./trtemfl.ts";

describe("computeTrtemfl", () => {
  const TRTSDT = 23_445; // any day number
  it("an AE starting on the infusion day is treatment-emergent", () => {
    expect(computeTrtemfl(TRTSDT, TRTSDT)).toBe("Y");
  });
  it("an AE starting the day before infusion (during lymphodepletion) is not", () => {
    expect(computeTrtemfl(TRTSDT - 1, TRTSDT)).toBe("");
  });
  it("is blank without a start date or without treatment", () => {
    expect(computeTrtemfl(null, TRTSDT)).toBe("");
    expect(computeTrtemfl(TRTSDT, null)).toBe("");
  });
  it("with a window, an AE on TRTEDT + window is emergent and one day later is not", () => {
    expect(computeTrtemfl(TRTSDT + 30, TRTSDT, { trtedt: TRTSDT, windowAfterLastDoseDays: 30 })).toBe("Y");
    expect(computeTrtemfl(TRTSDT + 31, TRTSDT, { trtedt: TRTSDT, windowAfterLastDoseDays: 30 })).toBe("");
  });
});
