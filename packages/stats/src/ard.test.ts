import { describe, expect, it } from "vitest";
import { toArd } from "./ard.ts";
import { computeDescriptive } from "./describe.ts";

describe("toArd", () => {
  it("one row per statistic with the keys; NaN and undefined become null", () => {
    const rows = toArd(
      { group: "TRT01A", groupLevel: "A", variable: "AGE" },
      { n: 2, mean: 30, sd: undefined, cv: Number.NaN },
    );
    expect(rows).toEqual([
      { group: "TRT01A", groupLevel: "A", variable: "AGE", variableLevel: null, statName: "n", stat: 2 },
      { group: "TRT01A", groupLevel: "A", variable: "AGE", variableLevel: null, statName: "mean", stat: 30 },
      { group: "TRT01A", groupLevel: "A", variable: "AGE", variableLevel: null, statName: "sd", stat: null },
      { group: "TRT01A", groupLevel: "A", variable: "AGE", variableLevel: null, statName: "cv", stat: null },
    ]);
  });
  it("takes a computeDescriptive result directly", () => {
    const rows = toArd({ variable: "AGE" }, computeDescriptive([30, 40]));
    expect(rows.find((r) => r.statName === "median")?.stat).toBe(35);
    expect(rows[0]?.group).toBeNull();
  });
});
