import { describe, expect, it } from "vitest";
import { computeNca } from "./nca.ts";

// biome-ignore format: aligned fixture table
const t = [0, 1,  2, 4, 8, 12];
// biome-ignore format: aligned fixture table
const c = [0, 10, 8, 4, 2, 1 ];

describe("computeNca", () => {
  it("linear trapezoid AUClast: 5 + 9 + 12 + 12 + 6 = 44", () => {
    const r = computeNca(t, c, { aucMethod: "linear" });
    expect(r).toMatchObject({ cmax: 10, tmax: 1, clast: 1, tlast: 12 });
    expect(r.aucLast).toBeCloseTo(44, 12);
  });
  it("linear-up/log-down uses dt (C1 - C2) / ln(C1/C2) on falling segments", () => {
    const r = computeNca(t, c);
    const log = (dt: number, c1: number, c2: number) => (dt * (c1 - c2)) / Math.log(c1 / c2);
    expect(r.aucLast).toBeCloseTo(5 + log(1, 10, 8) + log(2, 8, 4) + log(4, 4, 2) + log(4, 2, 1), 12);
  });
  it("lambda_z: the last 3 points lie on a line (adj R2 = 1) and win; half-life 4", () => {
    const r = computeNca(t, c, { aucMethod: "linear" });
    expect(r.lambdaZPoints).toBe(3);
    expect(r.lambdaZ).toBeCloseTo(Math.LN2 / 4, 12);
    expect(r.halfLife).toBeCloseTo(4, 12);
    expect(r.aucInfObs).toBeCloseTo(44 + 4 / Math.LN2, 12);
    expect(r.aucPctExtrapObs).toBeCloseTo((100 * (4 / Math.LN2)) / (44 + 4 / Math.LN2), 12);
  });
  it("partial AUC interpolates inside the profile and extrapolates with lambda_z after Tlast", () => {
    const lin = computeNca(t, c, {
      aucMethod: "linear",
      intervals: [
        [3, 10],
        [0, 16],
      ],
    });
    expect(lin.aucIntervals[0]?.auc).toBeCloseTo((6 + 4) / 2 + 12 + ((2 + 1.5) / 2) * 2, 12);
    expect(lin.aucIntervals[1]?.auc).toBeCloseTo(44 + (1 - 0.5) / (Math.LN2 / 4), 12);
    const log = computeNca(t, c, { intervals: [[3, 10]] });
    const seg = (dt: number, c1: number, c2: number) => (dt * (c1 - c2)) / Math.log(c1 / c2);
    expect(log.aucIntervals[0]?.auc).toBeCloseTo(
      seg(1, 8 / Math.SQRT2, 4) + seg(4, 4, 2) + seg(2, 2, Math.SQRT2),
      12,
    );
  });
  it("partial AUC past Tlast is null without lambda_z", () => {
    const r = computeNca([0, 1, 2], [0, 5, 3], { intervals: [[0, 4]] });
    expect(r.lambdaZ).toBeNull();
    expect(r.aucIntervals[0]?.auc).toBeNull();
  });
  it("BLQ defaults: leading BLQ = 0, BLQ between measurable values dropped, trailing BLQ ends AUClast at Tlast", () => {
    const time = [0, 1, 2, 3, 4, 5];
    const conc = [0, 5, 0.05, 3, 1, 0.02];
    const r = computeNca(time, conc, { lloq: 0.1, aucMethod: "linear" });
    expect(r).toMatchObject({ tlast: 4, clast: 1 });
    expect(r.aucLast).toBeCloseTo(2.5 + 8 + 2, 12);
    const zero = computeNca(time, conc, { lloq: 0.1, aucMethod: "linear", blqRule: { between: "zero" } });
    expect(zero.aucLast).toBeCloseTo(2.5 + 2.5 + 1.5 + 2, 12);
    const half = computeNca(time, conc, { lloq: 0.1, aucMethod: "linear", blqRule: { between: "lloqHalf" } });
    expect(half.aucLast).toBeCloseTo(2.5 + (5 + 0.05) / 2 + (0.05 + 3) / 2 + 2, 12);
  });
  it("explicit BLQ flags and a missing dose-time sample (0 assumed at dose time)", () => {
    const r = computeNca([1, 2, 3], [4, 2, 9], { blq: [false, false, true], aucMethod: "linear" });
    expect(r.aucLast).toBeCloseTo(2 + 3, 12);
    expect(r.tlast).toBe(2);
  });
  it("all BLQ: Cmax 0, AUClast 0, no Tmax", () => {
    const r = computeNca([0, 1, 2], [0, 0, 0]);
    expect(r).toMatchObject({ cmax: 0, tmax: null, aucLast: 0, lambdaZ: null });
  });
  it("duplicate times and negative concentrations are refused", () => {
    expect(() => computeNca([0, 1, 1], [0, 1, 2])).toThrow(/two concentrations at time 1/);
    expect(() => computeNca([0, 1], [0, -1])).toThrow(/negative/);
  });
});
