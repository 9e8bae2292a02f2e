import { describe, expect, it } from "vitest";
import { computeKm, computeKmAtTimes, computeKmQuantiles } from "./km.ts";

describe("computeKm", () => {
  it("events come before censorings at a tied time: the censored subject is still at risk", () => {
    // time 2: one event and one censoring among 4 at risk -> S = 3/4 * 2/3 = 1/2
    const fit = computeKm([1, 2, 2, 3], [0, 1, 0, 1]);
    expect(fit.steps.map((s) => [s.time, s.nRisk, s.nEvent, s.nCensor])).toEqual([
      [1, 4, 0, 1],
      [2, 3, 1, 1],
      [3, 1, 1, 0],
    ]);
    const surv = fit.steps.map((s) => s.surv);
    expect(surv[0]).toBe(1);
    expect(surv[1]).toBeCloseTo(2 / 3, 15);
    expect(surv[2]).toBe(0);
  });
  it("Greenwood: Var(log S) = sum d / (n (n - d))", () => {
    const fit = computeKm([1, 2, 3, 4, 5], [1, 1, 0, 1, 0]);
    const v = 1 / (5 * 4) + 1 / (4 * 3) + 1 / (2 * 1);
    expect(fit.steps[3]?.stdErrLog).toBeCloseTo(Math.sqrt(v), 14);
    expect(fit.steps[3]?.stdErr).toBeCloseTo(0.8 * 0.75 * 0.5 * Math.sqrt(v), 14);
  });
  it("log-log limits follow exp(-exp(log(-log S) -+ z se / log S))", () => {
    const fit = computeKm([1, 2, 3, 4, 5], [1, 1, 0, 1, 0], { confType: "log-log", confLevel: 0.95 });
    const s = 0.8;
    const se = Math.sqrt(1 / 20);
    const z = 1.959963984540054;
    expect(fit.steps[0]?.lower).toBeCloseTo(
      Math.exp(-Math.exp(Math.log(-Math.log(s)) - (z * se) / Math.log(s))),
      12,
    );
    expect(fit.steps[0]?.upper).toBeCloseTo(
      Math.exp(-Math.exp(Math.log(-Math.log(s)) + (z * se) / Math.log(s))),
      12,
    );
  });
  it("bad input is refused with a message", () => {
    expect(() => computeKm([1, Number.NaN], [1, 1])).toThrow(/time 2/);
    expect(() => computeKm([1], [1, 0])).toThrow(/1 times but 2/);
  });
});

describe("computeKmQuantiles", () => {
  it("median on a flat step at exactly 0.5 is the midpoint of the step", () => {
    const q = computeKmQuantiles(computeKm([1, 2, 3, 4], [1, 1, 1, 1]), [0.5]);
    expect(q[0]?.quantile).toBe(2.5);
  });
  it("median not reached when S stays above 0.5", () => {
    const q = computeKmQuantiles(computeKm([1, 2, 3, 4, 5], [1, 0, 0, 0, 0]), [0.5]);
    expect(q[0]?.quantile).toBeNull();
  });
});

describe("computeKmAtTimes", () => {
  it("6-month rate: S of the last step at or before t, at risk = subjects with time >= t", () => {
    const fit = computeKm([2, 4, 6, 8, 10], [1, 0, 1, 1, 0]);
    const [a, b, c] = computeKmAtTimes(fit, [1, 6, 7]);
    expect(a).toMatchObject({ surv: 1, nRisk: 5, lower: 1, upper: 1 });
    expect(b?.nRisk).toBe(3);
    expect(b?.surv).toBeCloseTo(0.8 * (2 / 3), 15);
    expect(c?.nRisk).toBe(2);
    expect(c?.surv).toBeCloseTo(0.8 * (2 / 3), 15);
  });
});
