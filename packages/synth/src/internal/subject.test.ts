import { resolve } from "node:path";
import { loadStudy } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { forkRng } from "../prng.ts";
import { isoToDay } from "./dates.ts";
import {
  buildProfile,
  computeCarLevel,
  computeCytopeniaGrade,
  computeDip,
  type ProfileContext,
} from "./subject.ts";

const study = loadStudy(resolve(import.meta.dirname, "../../../../specs/nct05563545"));

describe("computeCytopeniaGrade (CTCAE v5.0)", () => {
  it("neutrophils: <0.5 is grade 4, 0.5 to <1.0 grade 3, 1.0 to <1.5 grade 2", () => {
    expect([0.49, 0.5, 0.99, 1.0, 1.49, 1.5, 2].map((v) => computeCytopeniaGrade("anc", v))).toEqual([
      4, 3, 3, 2, 2, 1, 0,
    ]);
  });
  it("platelets: <25 grade 4, <50 grade 3, <75 grade 2, <LLN 150 grade 1", () => {
    expect([24, 25, 49, 50, 74, 75, 149, 150].map((v) => computeCytopeniaGrade("plt", v))).toEqual([
      4, 3, 3, 2, 2, 1, 1, 0,
    ]);
  });
  it("haemoglobin: <8 g/dL grade 3, <10 grade 2", () => {
    expect([7.9, 8, 9.9, 10, 12].map((v) => computeCytopeniaGrade("hgb", v))).toEqual([3, 2, 2, 1, 0]);
  });
});

describe("kinetic shapes", () => {
  it("the lymphodepletion dip is 0 before day -4, 1 at the nadir and 0 again at recovery", () => {
    expect(computeDip(-5, 5, 20)).toBe(0);
    expect(computeDip(5, 5, 20)).toBe(1);
    expect(computeDip(20, 5, 20)).toBe(0);
    expect(computeDip(0, 5, 20)).toBeCloseTo(4 / 9, 10);
  });
  it("CAR level is 0 before infusion, peaks at tmax and halves every half-life after it", () => {
    const pk = { cmax: 8000, tmax: 7, thalf: 3 };
    expect(computeCarLevel(-0.01, pk)).toBe(0);
    expect(computeCarLevel(7, pk)).toBeCloseTo(8000, 6);
    expect(computeCarLevel(10, pk)).toBeCloseTo(4000, 6);
    expect(computeCarLevel(28, pk)).toBeCloseTo(8000 / 2 ** 7, 6);
    expect(computeCarLevel(3, pk)).toBeLessThan(8000);
  });
});

describe("buildProfile", () => {
  const ctx: ProfileContext = {
    study,
    cutoffDay: isoToDay(study.dataCutoff),
    studyStartDay: isoToDay(study.studyStart),
    enrolSpanDays: 536,
    totalScreened: 3000,
  };
  const cohort = (armIndex: number) =>
    Array.from({ length: 1000 }, (_, i) =>
      buildProfile(forkRng(99, armIndex, i), i, false, study.arms[armIndex], ctx),
    );
  const dl1 = cohort(0);
  const dl3 = cohort(2);
  const rate = (ps: typeof dl1, f: (p: (typeof dl1)[number]) => boolean) => ps.filter(f).length / ps.length;

  it("CRS, ICANS and response grow with dose", () => {
    expect(rate(dl3, (p) => p.crs !== undefined)).toBeGreaterThan(
      rate(dl1, (p) => p.crs !== undefined) + 0.1,
    );
    expect(rate(dl3, (p) => p.icans !== undefined)).toBeGreaterThan(rate(dl1, (p) => p.icans !== undefined));
    expect(rate(dl3, (p) => p.responder)).toBeGreaterThan(rate(dl1, (p) => p.responder) + 0.1);
  });

  it("DLTs start inside the 28-day window and are grade 3 or more", () => {
    for (const p of [...dl1, ...dl3]) {
      for (const e of p.aes.filter((x) => x.dlt)) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.start).toBeLessThanOrEqual(study.dltWindowDays);
        expect(e.grade).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("a death ends the course: disposition DEATH on the death day, no visit after it", () => {
    const dead = dl3.filter((p) => p.deathDay !== undefined);
    expect(dead.length).toBeGreaterThan(0);
    for (const p of dead) {
      expect(p.disposition).toEqual(expect.objectContaining({ decod: "DEATH", day: p.deathDay }));
      for (const d of p.visitDays.values()) expect(d).toBeLessThanOrEqual(p.deathDay!);
    }
  });

  it("ages respect the protocol minimum of 3 years; paediatric subjects are enrolled", () => {
    expect(Math.min(...dl1.map((p) => p.age))).toBeGreaterThanOrEqual(study.ageMin);
    expect(dl1.some((p) => p.age < 18)).toBe(true);
  });
});
