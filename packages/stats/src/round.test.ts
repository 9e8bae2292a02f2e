import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computePercent, formatCountPercent, formatNumber, formatPercent, roundHalfAway } from "./round.ts";

describe("roundHalfAway rounds the decimal value half away from zero", () => {
  it("1.005 to 2 decimals is 1.01 (toFixed gives 1.00)", () => {
    expect((1.005).toFixed(2)).toBe("1.00");
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
  });
  it("halves go away from zero on both sides", () => {
    expect(roundHalfAway(2.5, 0)).toBe(3);
    expect(roundHalfAway(-2.5, 0)).toBe(-3);
    expect(roundHalfAway(0.125, 2)).toBe(0.13);
    expect(roundHalfAway(-0.125, 2)).toBe(-0.13);
    expect(roundHalfAway(14.45, 1)).toBe(14.5);
  });
  it("binary noise from arithmetic does not change the decimal result (0.145*100 = 14.499999999999998)", () => {
    expect(0.145 * 100).toBe(14.499999999999998);
    expect(roundHalfAway(0.145 * 100, 1)).toBe(14.5);
  });
  it("carries into a new digit and handles negative digits, zero and tiny values", () => {
    expect(roundHalfAway(9.995, 2)).toBe(10);
    expect(roundHalfAway(1250, -2)).toBe(1300);
    expect(roundHalfAway(0.04, 1)).toBe(0);
    expect(Object.is(roundHalfAway(-0.04, 1), 0)).toBe(true);
    expect(roundHalfAway(0.5, 0)).toBe(1);
    expect(roundHalfAway(1e-20, 2)).toBe(0);
  });
  it("property: d.ddd5 written as decimal text rounds up in magnitude", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        (m, d, neg) => {
          const sign = neg ? "-" : "";
          const scaled = (k: number): string =>
            d === 0 ? String(k) : `${Math.floor(k / 10 ** d)}.${String(k % 10 ** d).padStart(d, "0")}`;
          const text = `${sign}${scaled(m)}${d === 0 ? "." : ""}5`; // m/10^d followed by a 5
          const expected = Number(`${sign}${scaled(m + 1)}`);
          const got = roundHalfAway(Number(text), d);
          return got === (expected === 0 ? 0 : expected);
        },
      ),
    );
  });
});

describe("formatting for table cells", () => {
  it("formatNumber pads to the digits and shows missing as empty", () => {
    expect(formatNumber(1.005, 2)).toBe("1.01");
    expect(formatNumber(2, 1)).toBe("2.0");
    expect(formatNumber(-0.04, 1)).toBe("0.0");
    expect(formatNumber(null, 1)).toBe("");
    expect(formatNumber(undefined, 1)).toBe("");
    expect(formatNumber(Number.NaN, 1)).toBe("");
  });
  it("percent 0 shows as 0 and 100 as 100", () => {
    expect(formatPercent(0)).toBe("0");
    expect(formatPercent(100)).toBe("100");
    expect(formatPercent(99.96)).toBe("100.0");
    expect(formatPercent(33.333333)).toBe("33.3");
  });
  it("n (xx.x): n = 0 shows only 0, n = N shows (100)", () => {
    expect(formatCountPercent(0, 12)).toBe("0");
    expect(formatCountPercent(12, 12)).toBe("12 (100)");
    expect(formatCountPercent(29, 200)).toBe("29 (14.5)");
    expect(formatCountPercent(1, 3, { percentSign: true })).toBe("1 (33.3%)");
    expect(formatCountPercent(1, 8, { digits: 0 })).toBe("1 (13)"); // 12.5 rounds away from zero
    expect(computePercent(1, 0)).toBeNull();
  });
});
