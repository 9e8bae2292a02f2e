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
  it("is blank without treatment", () => {
    expect(computeTrtemfl(TRTSDT, null)).toBe("");
    expect(computeTrtemfl(null, null)).toBe("");
  });
  it("an AE with no start date counts as emergent unless it ended before the first dose", () => {
    expect(computeTrtemfl(null, TRTSDT)).toBe("Y"); // start and end unknown: conservative
    expect(computeTrtemfl(null, TRTSDT, { aendt: TRTSDT + 3 })).toBe("Y"); // still ongoing after dosing
    expect(computeTrtemfl(null, TRTSDT, { aendt: TRTSDT })).toBe("Y"); // ended on the infusion day
    expect(computeTrtemfl(null, TRTSDT, { aendt: TRTSDT - 1 })).toBe(""); // ended the day before
  });
  it("with a window, an AE on TRTEDT + window is emergent and one day later is not", () => {
    expect(computeTrtemfl(TRTSDT + 30, TRTSDT, { trtedt: TRTSDT, windowAfterLastDoseDays: 30 })).toBe("Y");
    expect(computeTrtemfl(TRTSDT + 31, TRTSDT, { trtedt: TRTSDT, windowAfterLastDoseDays: 30 })).toBe("");
  });
});
