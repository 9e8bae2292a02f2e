import fc from "fast-check";
import { describe, it } from "vitest";
import {
  computeClopperPearson,
  computeKm,
  computeWilson,
  countSubjects,
  type KmConfType,
  roundHalfAway,
} from "../src/index.ts";

const runs = { numRuns: 200 };

describe("properties", () => {
  it("percentages of a partition add to 100 within rounding (k categories at 1 decimal: |sum - 100| <= k * 0.05)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 300 }), (cats) => {
        const subjects = cats.map((_, i) => `S${i}`);
        const levels = cats.map((k) => `C${k}`);
        const rows = countSubjects({ subjects, levels, variable: "X", denominators: subjects.length });
        const ps = rows.filter((r) => r.statName === "p").map((r) => r.stat as number);
        const rounded = ps.reduce((s, p) => s + roundHalfAway(100 * p, 1), 0);
        const exact = ps.reduce((s, p) => s + p, 0);
        return Math.abs(rounded - 100) <= ps.length * 0.05 + 1e-9 && Math.abs(exact - 1) < 1e-12;
      }),
      runs,
    );
  });

  const survData = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), {
    minLength: 1,
    maxLength: 80,
  });
  const confType = fc.constantFrom<KmConfType>("log-log", "log", "plain");

  it("KM survival never increases and stays in [0, 1]; at-risk counts never increase", () => {
    fc.assert(
      fc.property(survData, confType, (data, ct) => {
        const fit = computeKm(
          data.map((d) => d[0] / 2),
          data.map((d) => d[1]),
          { confType: ct },
        );
        let prev = 1;
        let prevRisk = data.length;
        for (const s of fit.steps) {
          if (s.surv > prev || s.surv < 0 || s.nRisk > prevRisk) return false;
          prev = s.surv;
          prevRisk = s.nRisk;
        }
        return true;
      }),
      runs,
    );
  });

  it("KM confidence limits contain the estimate wherever they exist", () => {
    fc.assert(
      fc.property(survData, confType, fc.constantFrom(0.8, 0.9, 0.95, 0.99), (data, ct, level) => {
        const fit = computeKm(
          data.map((d) => d[0]),
          data.map((d) => d[1]),
          { confType: ct, confLevel: level },
        );
        return fit.steps.every(
          (s) =>
            (s.lower === null || s.lower <= s.surv + 1e-15) &&
            (s.upper === null || s.upper >= s.surv - 1e-15),
        );
      }),
      runs,
    );
  });

  const binomCase = fc
    .integer({ min: 1, max: 400 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
  const level = fc.constantFrom(0.8, 0.9, 0.95, 0.99);

  it("Clopper-Pearson and Wilson intervals contain x/n and lie in [0, 1]", () => {
    fc.assert(
      fc.property(binomCase, level, fc.boolean(), ([x, n], cl, cc) => {
        for (const ci of [
          computeClopperPearson(x, n, cl),
          computeWilson(x, n, cl, { continuityCorrection: cc }),
        ]) {
          const p = x / n;
          if ((ci.lower as number) > p + 1e-15 || (ci.upper as number) < p - 1e-15) return false;
          if ((ci.lower as number) < 0 || (ci.upper as number) > 1) return false;
        }
        return true;
      }),
      runs,
    );
  });

  it("Clopper-Pearson bounds increase with x; a higher level gives a wider interval", () => {
    fc.assert(
      fc.property(binomCase, level, ([x, n], cl) => {
        if (x === n) return true;
        const a = computeClopperPearson(x, n, cl);
        const b = computeClopperPearson(x + 1, n, cl);
        const wide = computeClopperPearson(x, n, Math.min(0.999, cl + 0.009));
        return (
          (a.lower as number) < (b.lower as number) &&
          (a.upper as number) < (b.upper as number) &&
          (wide.lower as number) <= (a.lower as number) &&
          (wide.upper as number) >= (a.upper as number)
        );
      }),
      runs,
    );
  });
});
