import { describe, expect, it } from "vitest";
import { computeAgeGroup } from "./age-group.ts";

const groups = [
  { label: "<18", below: 18 },
  { label: "18-<40", min: 18, below: 40 },
  { label: ">=40", min: 40 },
];

describe("computeAgeGroup", () => {
  it("lower bounds are inclusive and upper bounds exclusive: 17 → <18, 18 → 18-<40, 40 → >=40", () => {
    expect(computeAgeGroup(17, groups)).toEqual({ label: "<18", n: 1 });
    expect(computeAgeGroup(18, groups)).toEqual({ label: "18-<40", n: 2 });
    expect(computeAgeGroup(40, groups)).toEqual({ label: ">=40", n: 3 });
  });
  it("missing age has no group", () => {
    expect(computeAgeGroup(null, groups)).toEqual({ label: "", n: null });
  });
});
