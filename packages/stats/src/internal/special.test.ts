import { describe, expect, it } from "vitest";
import { betaIncReg, qbeta, qnorm } from "./special.ts";

describe("special functions", () => {
  it("qnorm(0.975) = 1.959963984540054", () => expect(qnorm(0.975)).toBeCloseTo(1.959963984540054, 14));
  it("qbeta inverts the regularised incomplete beta to 1e-12", () => {
    for (const [p, a, b] of [
      [0.025, 1, 999],
      [0.975, 3, 8],
      [1e-8, 0.5, 0.5],
      [0.5, 50, 50],
      [0.999, 200, 3],
    ] as const) {
      const x = qbeta(p, a, b);
      expect(Math.abs(betaIncReg(x, a, b) - p)).toBeLessThan(1e-12);
    }
  });
  it("I_x(1,1) = x and I_x(a,1) = x^a", () => {
    expect(betaIncReg(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(betaIncReg(0.3, 4, 1)).toBeCloseTo(0.3 ** 4, 14);
  });
});
