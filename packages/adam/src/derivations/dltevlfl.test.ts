import { describe, expect, it } from "vitest";
import { computeDltevlfl } from "./dltevlfl.ts";

describe("computeDltevlfl (window 28 days)", () => {
  it("followed to day 28 (TRTSDT + 28) is evaluable; to day 27 is not", () => {
    expect(computeDltevlfl({ trtsdt: 100, lstalvdt: 128, hadDlt: false }, 28)).toBe("Y");
    expect(computeDltevlfl({ trtsdt: 100, lstalvdt: 127, hadDlt: false }, 28)).toBe("N");
  });
  it("a DLT makes a subject evaluable whatever the follow-up; not infused is not evaluable", () => {
    expect(computeDltevlfl({ trtsdt: 100, lstalvdt: 105, hadDlt: true }, 28)).toBe("Y");
    expect(computeDltevlfl({ trtsdt: null, lstalvdt: 105, hadDlt: false }, 28)).toBe("N");
  });
});
