import { describe, expect, it } from "vitest";
import { computeDescriptive, computeQuantile, type QuantileDefinition } from "../src/index.ts";
import { arr, readFixture } from "./helpers.ts";

interface QFixture {
  sets: {
    x: number | number[];
    probs: number[];
    byType: { type: number; q: number[] }[];
    mean: number;
    sd: number | null;
    geoMean: number;
    sdLog: number | null;
  }[];
}
const fx = readFixture<QFixture>("quantile.json");
// Hyndman & Fan: SAS definitions 1..5 are R types 4, 3, 1, 6, 2
const byRType: Record<number, QuantileDefinition> = {
  4: "sas1",
  3: "sas2",
  1: "sas3",
  6: "sas4",
  2: "sas5",
  7: "r7",
};

describe("quantiles and descriptive statistics agree with R", () => {
  fx.sets.forEach((s, k) => {
    const x = arr(s.x);
    it(`set ${k + 1} (n=${x.length}): SAS 1-5 and R 7 quantiles`, () => {
      for (const { type, q } of s.byType) {
        const def = byRType[type];
        if (!def) continue;
        s.probs.forEach((p, i) => {
          expect(computeQuantile(x, p, def), `${def} p=${p}`).toBeCloseTo(q[i] as number, 12);
        });
      }
    });
    it(`set ${k + 1}: mean, SD, geometric mean and CV`, () => {
      const d = computeDescriptive(x);
      expect(d.mean).toBeCloseTo(s.mean, 12);
      if (s.sd === null) expect(d.sd).toBeNull();
      else expect(d.sd).toBeCloseTo(s.sd, 12);
      expect(d.geoMean).toBeCloseTo(s.geoMean, 12);
      if (s.sdLog !== null) expect(d.geoCv).toBeCloseTo(100 * Math.sqrt(Math.exp(s.sdLog ** 2) - 1), 10);
      const sas5 = s.byType.find((t) => t.type === 2)?.q ?? [];
      expect(d.q1).toBeCloseTo(sas5[1] as number, 12);
      expect(d.median).toBeCloseTo(sas5[2] as number, 12);
      expect(d.q3).toBeCloseTo(sas5[3] as number, 12);
    });
  });
});
