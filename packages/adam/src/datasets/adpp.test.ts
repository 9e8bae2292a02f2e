/**
 * ADPP parameters from computeNca: the terminal phase (expected values from base R,
 * test/fixtures/adpp-terminal.R), the planned-window partial AUC and the all-BLQ rule.
 */
import { computeNca } from "@trialforge/stats";
import { describe, expect, it } from "vitest";
import { rowsWhere } from "../../test/fixtures.ts";
import { S1, sdtmFixture } from "../../test/sdtm-fixture.ts";
import { buildAdam } from "../build.ts";
import { computePlannedWindowEnd, computePpValues } from "./adpc.ts";

describe("computePpValues", () => {
  it("terminal phase: best adjusted R² over ≥3 points after Cmax (Cmax excluded) → last 3 points; values from R lm()", () => {
    const v = computePpValues(computeNca([0, 1, 2, 4, 6, 8, 12, 24], [0, 50, 80, 60, 45, 33, 20, 5]));
    expect(v.LAMZNPT).toBe(3);
    expect(v.LAMZ).toBeCloseTo(0.117384009302, 10);
    expect(v.R2ADJ).toBeCloseTo(0.999458122843, 10);
    expect(v.LAMZHL).toBeCloseTo(5.9049540451, 8);
    expect(v.AUCLST).toBeCloseTo(644.3863906215, 8);
    expect(v.AUCIFO).toBeCloseTo(686.9816302093, 8);
    expect(v.AUCPEO).toBeCloseTo(6.2003462269, 8);
  });
  it("fewer than 3 measurable points after Cmax: LAMZ, LAMZHL, AUCIFO, AUCPEO, LAMZNPT, R2ADJ missing", () => {
    const v = computePpValues(computeNca([0, 1, 7, 28], [0, 100, 500, 50]));
    expect([v.LAMZ, v.LAMZHL, v.AUCIFO, v.AUCPEO, v.LAMZNPT, v.R2ADJ]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(v.CMAX).toBe(500);
  });
  it("every sample BLQ: CMAX and AUCLST are missing, not 0", () => {
    const v = computePpValues(computeNca([0, 1, 7, 28], [0, 0, 0, 0], { intervals: [[0, 28]] }));
    expect([v.CMAX, v.TMAX, v.AUCLST, v.AUC028D, v.CLAST]).toEqual([null, null, null, null, null]);
  });
});

describe("computePlannedWindowEnd", () => {
  it("the day-28 sample drawn at day 26.8 closes the day 0-28 window at 26.8; week 8 (nominal 56) is outside", () => {
    expect(computePlannedWindowEnd([0.08, 1, 14.9, 26.8, 56.9], [0.08, 1, 14, 28, 56], 28)).toBe(26.8);
  });
  it("no sample planned in the window: null (AUC028D not estimable)", () => {
    expect(computePlannedWindowEnd([56.9, 81.8], [56, 84], 28)).toBeNull();
  });
});

describe("ADPP on the hand-made study", () => {
  const adpp = buildAdam(sdtmFixture()).get("ADPP")!;
  const rows = rowsWhere(adpp, { USUBJID: S1 });
  it("has the twelve parameters in order with their units", () => {
    expect(rows.map((r) => [r.PARAMCD, r.AVALU])).toEqual([
      ["CMAX", "copies/ug"],
      ["TMAX", "DAYS"],
      ["CLAST", "copies/ug"],
      ["TLAST", "DAYS"],
      ["AUCLST", "copies/ug*DAYS"],
      ["AUC028D", "copies/ug*DAYS"],
      ["LAMZ", "1/DAYS"],
      ["LAMZHL", "DAYS"],
      ["AUCIFO", "copies/ug*DAYS"],
      ["AUCPEO", "%"],
      ["LAMZNPT", ""],
      ["R2ADJ", ""],
    ]);
  });
  it("S1 has one measurable value after Cmax (day 28), so the terminal phase is not estimable", () => {
    const v = (p: string) => rows.find((r) => r.PARAMCD === p)!.AVAL;
    expect([v("LAMZ"), v("AUCIFO"), v("LAMZNPT")]).toEqual([null, null, null]);
  });
  it("the define.xml method of AVAL states the lambda z selection rule", () => {
    const m = adpp.meta.variables.find((v) => v.name === "AVAL")!.method!;
    expect(m).toContain("last k >= 3 measurable concentrations after Cmax (Cmax excluded)");
    expect(m).toContain("largest adjusted R-squared");
    expect(m).toContain("nominal time (NRRELTM) is at most 28 days");
  });
});
