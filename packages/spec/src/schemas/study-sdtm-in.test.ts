import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAdamSpec } from "./adam.ts";
import { loadStudy } from "./study.ts";

const pilot = resolve(import.meta.dirname, "../../../../specs/cdiscpilot01");

describe("the CDISC pilot study (specs/cdiscpilot01): SDTM brought in or mapped from its raw CRF exports", () => {
  it("loads its five raw forms (dotted EDC headers as `column`); a placebo arm has dose 0 and a mixed-case ARMCD", () => {
    const s = loadStudy(pilot);
    expect(s.forms.map((f) => f.id)).toEqual(["AE", "DM", "DS", "EC", "VS"]);
    expect(s.forms.find((f) => f.id === "AE")?.fields.find((f) => f.name === "AETERM")?.column).toBe(
      "IT.AETERM",
    );
    expect(s.forms.find((f) => f.id === "AE")?.keys).toEqual([]);
    expect(s.arms.map((a) => [a.armcd, a.dose])).toEqual([
      ["Pbo", 0],
      ["Xan_Lo", 54],
      ["Xan_Hi", 81],
    ]);
  });
  it("its ADaM spec is parallel.yaml: three treatments, three completers flags, one TTE parameter", () => {
    const a = loadAdamSpec(pilot);
    expect(a.adsl).toBeUndefined();
    expect(a.parallel?.adsl.treatments.map((t) => t.trtn)).toEqual([0, 54, 81]);
    expect(a.parallel?.adsl.completers.map((c) => c.visitnum)).toEqual([8, 10, 12]);
    expect(a.parallel?.adtte?.parameters.map((p) => p.paramcd)).toEqual(["TTDE"]);
  });
});
