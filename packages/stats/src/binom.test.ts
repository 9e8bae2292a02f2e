import { describe, expect, it } from "vitest";
import { computeClopperPearson, computeWilson } from "./binom.ts";

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
