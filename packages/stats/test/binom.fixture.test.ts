import { describe, expect, it } from "vitest";
import { computeClopperPearson, computeWilson, formatNumber } from "../src/index.ts";
import { readFixture } from "./helpers.ts";

interface BinomFixture {
  cases: {
    x: number;
    n: number;
    confLevel: number;
    clopperPearson: number[];
    wilson: number[];
    wilsonCc: number[];
    wilsonCcApplies: boolean;
  }[];
}
const fx = readFixture<BinomFixture>("binom.json");

describe("binomial CIs agree with R binom.test / prop.test", () => {
  it("covers 0/n, n/n, n = 1 and several confidence levels", () => {
    expect(fx.cases.length).toBeGreaterThanOrEqual(10);
    expect(fx.cases.some((c) => c.x === 0)).toBe(true);
    expect(fx.cases.some((c) => c.x === c.n)).toBe(true);
    expect(fx.cases.some((c) => c.n === 1)).toBe(true);
    expect(new Set(fx.cases.map((c) => c.confLevel)).size).toBeGreaterThanOrEqual(3);
  });
  for (const c of fx.cases) {
    it(`${c.x}/${c.n} at ${c.confLevel}`, () => {
      const cp = computeClopperPearson(c.x, c.n, c.confLevel);
      expect(Math.abs((cp.lower as number) - (c.clopperPearson[0] as number))).toBeLessThanOrEqual(1e-9);
      expect(Math.abs((cp.upper as number) - (c.clopperPearson[1] as number))).toBeLessThanOrEqual(1e-9);
      for (const d of [1, 2, 3, 4]) {
        expect([formatNumber(cp.lower, d), formatNumber(cp.upper, d)]).toEqual(
          c.clopperPearson.map((v) => formatNumber(v, d)),
        );
      }
      const w = computeWilson(c.x, c.n, c.confLevel);
      expect(Math.abs((w.lower as number) - (c.wilson[0] as number))).toBeLessThanOrEqual(1e-9);
      expect(Math.abs((w.upper as number) - (c.wilson[1] as number))).toBeLessThanOrEqual(1e-9);
      if (c.wilsonCcApplies) {
        const wc = computeWilson(c.x, c.n, c.confLevel, { continuityCorrection: true });
        expect(Math.abs((wc.lower as number) - (c.wilsonCc[0] as number))).toBeLessThanOrEqual(1e-9);
        expect(Math.abs((wc.upper as number) - (c.wilsonCc[1] as number))).toBeLessThanOrEqual(1e-9);
      }
    });
  }
});
