import { describe, expect, it } from "vitest";
import { sdtmFixture } from "../test/sdtm-fixture.ts";
import { buildAdam } from "./build.ts";

describe("buildAdam on the hand-made SDTM study", () => {
  const input = sdtmFixture();
  const adam = buildAdam(input);
  it("builds every dataset of the spec, ADSL first", () => {
    expect([...adam.keys()]).toEqual(["ADSL", "ADAE", "ADIS", "ADLB", "ADPC", "ADPP", "ADRS", "ADTTE"]);
  });
  it("every dataset and variable has complete metadata: names <= 8, labels <= 40, lengths, origins; derived ones a method", () => {
    for (const ds of adam.values()) {
      expect(ds.meta.label.length).toBeLessThanOrEqual(40);
      expect(ds.meta.keys.length).toBeGreaterThan(0);
      for (const v of ds.meta.variables) {
        expect(v.name, `${ds.name}.${v.name}`).toMatch(/^[A-Z][A-Z0-9_]{0,7}$/);
        expect(v.label.length, `${ds.name}.${v.name} label`).toBeLessThanOrEqual(40);
        expect(v.length, `${ds.name}.${v.name} length`).toBeGreaterThan(0);
        expect(v.origin, `${ds.name}.${v.name} origin`).toBeDefined();
        if (v.origin?.type === "Derived") expect(v.method, `${ds.name}.${v.name} method`).toBeTruthy();
      }
    }
  });
  it("reports no errors", () => {
    expect(input.diagnostics.errors).toEqual([]);
  });
});
