import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ibmToIeee, ieeeToIbm } from "./ibm.ts";

const hex = (x: number) => {
  const b = new Uint8Array(8);
  expect(ieeeToIbm(x, b, 0)).toBe(true);
  return Buffer.from(b).toString("hex");
};
const back = (h: string) => ibmToIeee(Buffer.from(h, "hex"), 0);

describe("IEEE double -> IBM 370 double", () => {
  // Expected bytes worked out by hand: value = 0.F x 16^(E-64), F the 56-bit fraction.
  it("writes known values with the textbook bit patterns", () => {
    expect(hex(1)).toBe("4110000000000000"); // 1 = 0.1(hex) x 16^1
    expect(hex(-118.625)).toBe("c276a00000000000"); // -0x76.A = -0.76A x 16^2
    expect(hex(0.1)).toBe("401999999999999a"); // 53-bit 0x1999999999999A, exponent 16^0
    expect(hex(100)).toBe("4264000000000000");
    expect(hex(0.5)).toBe("4080000000000000");
    expect(hex(0)).toBe("0000000000000000");
    expect(hex(-0)).toBe("8000000000000000");
  });

  it("reads zero as exactly 0 (not 5.4e-79) and keeps the sign of -0", () => {
    expect(back("0000000000000000")).toBe(0);
    expect(Object.is(back("8000000000000000"), -0)).toBe(true);
  });

  it("round-trips 0.1, integers, and values at both ends of IBM's range exactly", () => {
    for (const x of [
      0.1,
      1 / 3,
      123456789,
      -987654321012,
      2 ** 53 - 1,
      1e-78,
      5.4e-79,
      7.2e75,
      -7.2e75,
      Math.PI,
    ]) {
      expect(back(hex(x))).toBe(x);
    }
  });

  it("refuses magnitudes IBM cannot hold (>= 16^63) and non-finite values", () => {
    const b = new Uint8Array(8);
    expect(ieeeToIbm(16 ** 63, b, 0)).toBe(false);
    expect(ieeeToIbm(1e76, b, 0)).toBe(false);
    expect(ieeeToIbm(Number.POSITIVE_INFINITY, b, 0)).toBe(false);
    expect(ieeeToIbm(Number.NaN, b, 0)).toBe(false);
    expect(ieeeToIbm(16 ** 63 * (1 - 2 ** -53), b, 0)).toBe(true);
  });

  it("underflow below 16^-65 keeps what an unnormalized fraction can, then goes to signed zero", () => {
    // 2^-300 = 2^12 x 2^-312: exponent byte 0, fraction 0x1000 exactly
    expect(hex(2 ** -300)).toBe("0000000000001000");
    expect(back(hex(2 ** -300))).toBe(2 ** -300);
    // 1e-80 is rounded to a multiple of 2^-312 (relative error < 2^-51 at this size)
    const y = back(hex(1e-80));
    expect(Math.abs(y - 1e-80) / 1e-80).toBeLessThan(2 ** -40);
    expect(hex(1e-100)).toBe("0000000000000000");
    expect(hex(-1e-100)).toBe("8000000000000000");
  });

  it("any double in IBM's normal range survives IEEE -> IBM -> IEEE unchanged (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -7e75, max: 7e75, noNaN: true }), (x) => {
        if (Math.abs(x) < 5.4e-79) return true;
        return Object.is(back(hex(x)), x);
      }),
      { numRuns: 20000 },
    );
  });
});

describe("IBM 370 double -> IEEE double", () => {
  it("missing values: '.' and special missing bytes with a zero fraction give NaN", () => {
    for (const b0 of [0x2e, 0x41, 0x5a, 0x5f]) {
      const buf = Buffer.alloc(8);
      buf[0] = b0;
      expect(Number.isNaN(ibmToIeee(buf, 0))).toBe(true);
    }
  });

  it("rounds a 56-bit fraction to the nearest double, ties to even", () => {
    // F = 0xFFFFFFFFFFFFFF (56 bits) x 16^-14 = 1 - 2^-56 -> rounds up to 1
    expect(back("40ffffffffffffff")).toBe(1);
    // F = 0x10000000000001 x 16^(1-14): the last bit is 2^-52 of 1, exactly representable
    expect(back("4110000000000001")).toBe(1 + 2 ** -52);
    // 0.5 + 2^-56: less than half an ulp of 0.5 (2^-53) -> 0.5
    expect(back("4080000000000001")).toBe(0.5);
    // (2^53 + 1) x 2^-56 = 0.125 + 2^-56 is exactly half an ulp (2^-55): tie, to even -> 0.125
    expect(back("4020000000000001")).toBe(0.125);
    // (2^53 + 3) x 2^-56: tie between 2^53+2 (odd significand) and 2^53+4 (even) -> 0.125 + 2^-54
    expect(back("4020000000000003")).toBe(0.125 + 2 ** -54);
  });

  it("reads numerics shorter than 8 bytes (SAS LENGTH 3-7) as the leading bytes", () => {
    expect(ibmToIeee(Buffer.from("4264000000000000", "hex").subarray(0, 3), 0, 3)).toBe(100);
  });
});
