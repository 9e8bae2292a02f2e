import { describe, expect, it } from "vitest";
import { computeBlqValues } from "./blq.ts";

const blq = { value: null, blq: true, lloq: 10 };
const v = (value: number) => ({ value, blq: false, lloq: 10 });

describe("computeBlqValues", () => {
  it("BLQ before the first measurable value is 0, after it missing", () => {
    expect(
      computeBlqValues([blq, v(50), blq, v(20)], {
        beforeFirstMeasurable: "zero",
        afterFirstMeasurable: "missing",
      }),
    ).toEqual([0, 50, null, 20]);
  });
  it("half LLOQ after the first measurable when the spec says so", () => {
    expect(
      computeBlqValues([blq, v(50), blq], {
        beforeFirstMeasurable: "missing",
        afterFirstMeasurable: "halfLloq",
      }),
    ).toEqual([null, 50, 5]);
  });
});
