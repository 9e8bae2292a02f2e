import { describe, expect, it } from "vitest";
import { computeClopperPearson, computeWilson } from "./binom.ts";
import { betaIncReg, qbeta, qnorm } from "./internal/special.ts";

describe("Clopper-Pearson", () => {
  it("closed forms at the edges: x = 0 upper is 1 - (alpha/2)^(1/n), x = n lower is (alpha/2)^(1/n)", () => {
    const a = computeClopperPearson(0, 10, 0.95);
    expect(a.lower).toBe(0);
    expect(a.upper).toBeCloseTo(1 - 0.025 ** (1 / 10), 13);
    const b = computeClopperPearson(10, 10, 0.9);
    expect(b.upper).toBe(1);
    expect(b.lower).toBeCloseTo(0.05 ** (1 / 10), 13);
  });
  it("n = 1, x = 1 at 95%: [0.025, 1]", () => {
    const c = computeClopperPearson(1, 1);
    expect(c.lower).toBeCloseTo(0.025, 14);
    expect(c.upper).toBe(1);
  });
  it("n = 0 gives no estimate; bad input is refused", () => {
    expect(computeClopperPearson(0, 0).estimate).toBeNull();
    expect(() => computeClopperPearson(3, 2)).toThrow(/0..n/);
    expect(() => computeClopperPearson(1, 2, 95)).toThrow(/confLevel/);
  });
});

describe("Wilson", () => {
  it("x = n/2 is symmetric around 0.5", () => {
    const w = computeWilson(5, 10);
    expect((w.lower as number) + (w.upper as number)).toBeCloseTo(1, 14);
  });
  it("continuity correction widens the interval", () => {
    const w = computeWilson(3, 10);
    const c = computeWilson(3, 10, 0.95, { continuityCorrection: true });
    expect(c.lower as number).toBeLessThan(w.lower as number);
    expect(c.upper as number).toBeGreaterThan(w.upper as number);
  });
});

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
