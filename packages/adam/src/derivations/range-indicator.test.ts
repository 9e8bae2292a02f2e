import { describe, expect, it } from "vitest";
import { computeRangeIndicator } from "./range-indicator.ts";

describe("computeRangeIndicator", () => {
  it("a value equal to a limit is NORMAL; below LOW; above HIGH", () => {
    expect(computeRangeIndicator(4, 4, 10)).toBe("NORMAL");
    expect(computeRangeIndicator(10, 4, 10)).toBe("NORMAL");
    expect(computeRangeIndicator(3.99, 4, 10)).toBe("LOW");
    expect(computeRangeIndicator(10.01, 4, 10)).toBe("HIGH");
  });
  it("uses the one limit present and is blank without value or limits", () => {
    expect(computeRangeIndicator(11, null, 10)).toBe("HIGH");
    expect(computeRangeIndicator(null, 4, 10)).toBe("");
    expect(computeRangeIndicator(5, null, null)).toBe("");
  });
});
