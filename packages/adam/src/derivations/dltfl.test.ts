import { resolve } from "node:path";
import { loadAdamSpec } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { computeDltfl, type DltInput } from "./dltfl.ts";

const dlt = loadAdamSpec(resolve(import.meta.dirname, "../../../../specs/nct05563545")).adae!.dlt;
const TRTSDT = 23_445;
const ae = (o: Partial<DltInput>): DltInput => ({
  astdt: TRTSDT + 10,
  trtsdt: TRTSDT,
  grade: 3,
  astctGrade: null,
  aedecod: "PNEUMONIA",
  aebodsys: "INFECTIONS AND INFESTATIONS",
  related: true,
  durationDays: 5,
  investigatorFlag: "",
  ...o,
});

describe("computeDltfl (window 0..28 days after infusion)", () => {
  it("a grade 3 related non-haematological AE on day 28 is a DLT", () => {
    expect(computeDltfl(ae({ astdt: TRTSDT + 28 }), dlt)).toEqual({
      flag: "Y",
      criterion: "Grade >=3 related non-haematological toxicity",
    });
  });
  it("the same AE on day 29 is outside the window", () => {
    expect(computeDltfl(ae({ astdt: TRTSDT + 29 }), dlt).flag).toBe("");
  });
  it("on the infusion day (day 0) it is inside; the day before is not", () => {
    expect(computeDltfl(ae({ astdt: TRTSDT }), dlt).flag).toBe("Y");
    expect(computeDltfl(ae({ astdt: TRTSDT - 1 }), dlt).flag).toBe("");
  });
  it("grade 2 or an unrelated AE does not meet the non-haematological criterion", () => {
    expect(computeDltfl(ae({ grade: 2 }), dlt).flag).toBe("");
    expect(computeDltfl(ae({ related: false }), dlt).flag).toBe("");
  });
  it("CRS uses the ASTCT grade: CTCAE 3 but ASTCT 2 is not a DLT; ASTCT 3 is", () => {
    const crs = { aedecod: "CYTOKINE RELEASE SYNDROME", aebodsys: "IMMUNE SYSTEM DISORDERS", related: false };
    expect(computeDltfl(ae({ ...crs, grade: 3, astctGrade: 2 }), dlt).flag).toBe("");
    expect(computeDltfl(ae({ ...crs, grade: 2, astctGrade: 3 }), dlt)).toEqual({
      flag: "Y",
      criterion: "Grade >=3 CRS (ASTCT)",
    });
  });
  it("grade 4 neutropenia is a DLT only when it lasts 14 days or more", () => {
    const h = { aedecod: "NEUTROPHIL COUNT DECREASED", aebodsys: "INVESTIGATIONS", grade: 4 };
    expect(computeDltfl(ae({ ...h, durationDays: 13 }), dlt).flag).toBe("");
    expect(computeDltfl(ae({ ...h, durationDays: 14 }), dlt).criterion).toBe(
      "Grade 4 haematological toxicity lasting >=14 days",
    );
  });
  it("the investigator's flag makes a DLT inside the window", () => {
    expect(computeDltfl(ae({ grade: 2, investigatorFlag: "Y" }), dlt)).toEqual({
      flag: "Y",
      criterion: "Investigator assessment",
    });
  });
});
