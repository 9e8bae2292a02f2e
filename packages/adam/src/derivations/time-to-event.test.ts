import { describe, expect, it } from "vitest";
import { computeDor, computeOs, computePfs } from "./time-to-event.ts";

const a = (date: number, response: string) => ({ date, response });
const PD = ["PD"];

describe("computeOs", () => {
  it("a death is an event: infusion day 100, death day 150 → AVAL 51, CNSR 0", () => {
    expect(computeOs({ trtsdt: 100, dthdt: 150, lstalvdt: 149 })).toEqual({
      startdt: 100,
      adt: 150,
      cnsr: 0,
      reason: "DEATH",
      aval: 51,
    });
  });
  it("alive subjects are censored on the last date known alive", () => {
    expect(computeOs({ trtsdt: 100, dthdt: null, lstalvdt: 130 })).toMatchObject({
      adt: 130,
      cnsr: 1,
      reason: "ALIVE",
      aval: 31,
    });
  });
  it("a death after the cut-off is censored at the cut-off", () => {
    expect(computeOs({ trtsdt: 100, dthdt: 300, lstalvdt: 290, cutoff: 200 })).toMatchObject({
      adt: 200,
      cnsr: 1,
    });
  });
});

describe("computePfs", () => {
  it("censors on the last adequate assessment when there is no progression or death", () => {
    // assessments day 128 CR, 156 CR, 170 NE → last adequate is 156 → AVAL 57
    expect(
      computePfs({ trtsdt: 100, dthdt: null }, [a(128, "CR"), a(156, "CR"), a(170, "NE")], PD),
    ).toMatchObject({ adt: 156, cnsr: 1, reason: "LASTASMT", aval: 57 });
  });
  it("progression before death is the event", () => {
    expect(computePfs({ trtsdt: 100, dthdt: 250 }, [a(128, "CR"), a(200, "PD")], PD)).toMatchObject({
      adt: 200,
      cnsr: 0,
      reason: "PROGRESSION",
      aval: 101,
    });
  });
  it("death without progression is the event", () => {
    expect(computePfs({ trtsdt: 100, dthdt: 140 }, [a(128, "NR")], PD)).toMatchObject({
      adt: 140,
      cnsr: 0,
      reason: "DEATH",
    });
  });
  it("no post-infusion assessment censors on day 1 (the start)", () => {
    expect(computePfs({ trtsdt: 100, dthdt: null }, [a(90, "NR")], PD)).toMatchObject({
      adt: 100,
      cnsr: 1,
      reason: "NOASMT",
      aval: 1,
    });
  });
});

describe("computeDor", () => {
  it("runs from the first response to progression: CR day 128, PD day 200 → AVAL 73", () => {
    expect(
      computeDor({ firstResponse: 128, dthdt: null }, [a(128, "CR"), a(156, "CR"), a(200, "PD")], PD),
    ).toMatchObject({ startdt: 128, adt: 200, cnsr: 0, aval: 73 });
  });
  it("is censored on the last assessment of a responder still in response", () => {
    expect(computeDor({ firstResponse: 128, dthdt: null }, [a(128, "CR"), a(156, "CR")], PD)).toMatchObject({
      adt: 156,
      cnsr: 1,
      aval: 29,
    });
  });
  it("is undefined for a non-responder", () => {
    expect(computeDor({ firstResponse: null, dthdt: null }, [], PD)).toBeUndefined();
  });
});
