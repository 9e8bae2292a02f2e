import { describe, expect, it } from "vitest";
import {
  computeKm,
  computeKmAtTimes,
  computeKmQuantiles,
  formatNumber,
  type KmConfType,
} from "../src/index.ts";
import { arr, expectAllClose, readFixture } from "./helpers.ts";

type N = number | null;
interface KmFixture {
  datasets: {
    name: string;
    time: number | number[];
    status: number | number[];
    fits: {
      confType: KmConfType;
      confLevel: number;
      curve: Record<
        "time" | "nRisk" | "nEvent" | "nCensor" | "surv" | "stdErrLog" | "lower" | "upper",
        N | N[]
      >;
      quantiles: { probs: number[]; quantile: N[]; lower: N[]; upper: N[] };
      atTimes: Record<"time" | "nRisk" | "surv" | "stdErr" | "lower" | "upper", N | N[]>;
    }[];
  }[];
}

const fx = readFixture<KmFixture>("km.json");

describe("Kaplan-Meier agrees with R survival::survfit", () => {
  it("has at least ten data sets including the edge cases the issue names", () => {
    expect(fx.datasets.length).toBeGreaterThanOrEqual(10);
    const names = fx.datasets.map((d) => d.name);
    for (const n of ["all censored", "no censoring", "events and censorings tied", "n=1 event", "heavy ties"])
      expect(names).toContain(n);
  });
  for (const ds of fx.datasets) {
    for (const f of ds.fits) {
      it(`${ds.name}: ${f.confType} ${f.confLevel}`, () => {
        const fit = computeKm(arr(ds.time), arr(ds.status), { confType: f.confType, confLevel: f.confLevel });
        const c = f.curve;
        const col = <K extends keyof (typeof fit.steps)[number]>(k: K) => fit.steps.map((s) => s[k] as N);
        expect(col("time")).toEqual(arr(c.time));
        expect(col("nRisk")).toEqual(arr(c.nRisk));
        expect(col("nEvent")).toEqual(arr(c.nEvent));
        expect(col("nCensor")).toEqual(arr(c.nCensor));
        expectAllClose(col("surv"), arr(c.surv), 1e-12, "surv");
        expectAllClose(col("stdErrLog"), arr(c.stdErrLog), 1e-9, "std.err");
        expectAllClose(col("lower"), arr(c.lower), 1e-9, "lower");
        expectAllClose(col("upper"), arr(c.upper), 1e-9, "upper");
        // displayed digits: 4 decimals for survival probabilities, identical strings
        for (const k of ["surv", "lower", "upper"] as const) {
          expect(
            col(k).map((v) => formatNumber(v, 4)),
            k,
          ).toEqual(arr(c[k]).map((v) => formatNumber(v, 4)));
        }
        const q = computeKmQuantiles(fit, f.quantiles.probs);
        expectAllClose(
          q.map((r) => r.quantile),
          arr(f.quantiles.quantile),
          1e-9,
          "quantile",
        );
        expectAllClose(
          q.map((r) => r.lower),
          arr(f.quantiles.lower),
          1e-9,
          "quantile lower",
        );
        expectAllClose(
          q.map((r) => r.upper),
          arr(f.quantiles.upper),
          1e-9,
          "quantile upper",
        );
        const shown = (v: N[]) => v.map((x) => formatNumber(x, 1));
        expect(shown(q.flatMap((r) => [r.quantile, r.lower, r.upper]))).toEqual(
          shown(
            f.quantiles.probs.flatMap(
              (_, i) => [f.quantiles.quantile[i], f.quantiles.lower[i], f.quantiles.upper[i]] as N[],
            ),
          ),
        );
        const at = computeKmAtTimes(fit, arr(f.atTimes.time) as number[]);
        expect(at.map((r) => r.nRisk)).toEqual(arr(f.atTimes.nRisk));
        expectAllClose(
          at.map((r) => r.surv),
          arr(f.atTimes.surv),
          1e-12,
          "surv at times",
        );
        expectAllClose(
          at.map((r) => r.stdErr),
          arr(f.atTimes.stdErr),
          1e-9,
          "se at times",
        );
        expectAllClose(
          at.map((r) => r.lower),
          arr(f.atTimes.lower),
          1e-9,
          "lower at times",
        );
        expectAllClose(
          at.map((r) => r.upper),
          arr(f.atTimes.upper),
          1e-9,
          "upper at times",
        );
      });
    }
  }
});

describe("SAS LIFETEST quantile-limit rule (rule: 'sas') against R", () => {
  it("gives R's limits, except that an interval still open when S drops to 0 closes at that event time", () => {
    let compared = 0;
    for (const ds of fx.datasets) {
      for (const f of ds.fits) {
        const fit = computeKm(arr(ds.time), arr(ds.status), { confType: f.confType, confLevel: f.confLevel });
        const r = computeKmQuantiles(fit);
        const s = computeKmQuantiles(fit, [0.25, 0.5, 0.75], { rule: "sas" });
        const zeroAt = fit.steps.find((st) => st.surv === 0)?.time ?? null;
        r.forEach((q, i) => {
          const sq = s[i];
          expect(sq?.quantile).toBe(q.quantile);
          expect(sq?.lower, `${ds.name} ${f.confType} p=${q.prob}`).toBe(q.lower);
          if (q.upper === null && sq?.upper !== null) expect(sq?.upper).toBe(zeroAt);
          else expect(sq?.upper, `${ds.name} ${f.confType} p=${q.prob}`).toBe(q.upper);
          compared++;
        });
      }
    }
    expect(compared).toBe(fx.datasets.length * 6 * 3);
  });
});
