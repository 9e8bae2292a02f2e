import { resolve } from "node:path";
import { loadAdamSpec } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { computeToxGrade } from "./tox-grade.ts";

const spec = loadAdamSpec(resolve(import.meta.dirname, "../../../../specs/nct05563545"));
const crit = (paramcd: string) => spec.adlb!.parameters.find((p) => p.paramcd === paramcd)!.toxicity!;

describe("computeToxGrade (CTCAE v5 from the study spec)", () => {
  const neut = crit("NEUT");
  const ref = { anrlo: 2.0, anrhi: 7.5, base: null };
  it("neutrophils: 1.5 is grade 1 (<LLN-1.5), 1.49 grade 2, 1.0 grade 2, 0.99 grade 3, 0.5 grade 3, 0.49 grade 4", () => {
    expect(computeToxGrade(1.5, ref, neut)).toBe(1);
    expect(computeToxGrade(1.49, ref, neut)).toBe(2);
    expect(computeToxGrade(1.0, ref, neut)).toBe(2);
    expect(computeToxGrade(0.99, ref, neut)).toBe(3);
    expect(computeToxGrade(0.5, ref, neut)).toBe(3);
    expect(computeToxGrade(0.49, ref, neut)).toBe(4);
  });
  it("neutrophils at the LLN are grade 0 and a missing value has no grade", () => {
    expect(computeToxGrade(2.0, ref, neut)).toBe(0);
    expect(computeToxGrade(null, ref, neut)).toBeNull();
  });
  it("platelets: 75 is grade 1, 74.9 grade 2, 24.9 grade 4", () => {
    const r = { anrlo: 150, anrhi: 400, base: null };
    expect(computeToxGrade(75, r, crit("PLAT"))).toBe(1);
    expect(computeToxGrade(74.9, r, crit("PLAT"))).toBe(2);
    expect(computeToxGrade(24.9, r, crit("PLAT"))).toBe(4);
  });
  it("haemoglobin has no lab grade 4: 60 g/L is grade 3", () => {
    expect(computeToxGrade(60, { anrlo: 120, anrhi: 160, base: null }, crit("HGB"))).toBe(3);
  });
  it("ALT with normal baseline: 3×ULN is grade 1, just above is grade 2, above 20×ULN grade 4", () => {
    const r = { anrlo: 0, anrhi: 40, base: 30 };
    expect(computeToxGrade(120, r, crit("ALT"))).toBe(1);
    expect(computeToxGrade(120.1, r, crit("ALT"))).toBe(2);
    expect(computeToxGrade(801, r, crit("ALT"))).toBe(4);
  });
  it("ALT with abnormal baseline grades against baseline: BASE 80, AVAL 121 (>1.5×BASE) is grade 1, 100 is grade 0", () => {
    const r = { anrlo: 0, anrhi: 40, base: 80 };
    expect(computeToxGrade(121, r, crit("ALT"))).toBe(1);
    expect(computeToxGrade(100, r, crit("ALT"))).toBe(0);
  });
  it("creatinine takes the higher of the ULN and baseline criteria: ULN 100, BASE 50, AVAL 151 → grade 3 (>3×BASE)", () => {
    expect(computeToxGrade(151, { anrlo: 50, anrhi: 100, base: 50 }, crit("CREAT"))).toBe(3);
  });
  it("fibrinogen below 0.5 g/L is grade 4 by the absolute criterion even when 0.25×LLN is lower", () => {
    // LLN 1.8 → 0.25×LLN = 0.45; AVAL 0.48 is not < 0.45 but is < 0.5 g/L
    expect(computeToxGrade(0.48, { anrlo: 1.8, anrhi: 4, base: null }, crit("FIBRINO"))).toBe(4);
  });
  it("a grade cannot be given when the only reference (LLN) is missing and no absolute threshold exists", () => {
    expect(
      computeToxGrade(
        100,
        { anrlo: null, anrhi: null, base: null },
        { term: "x", direction: "L", thresholds: [{ grade: 1, op: "<", factor: 1, of: "LLN" }] },
      ),
    ).toBeNull();
  });
});
