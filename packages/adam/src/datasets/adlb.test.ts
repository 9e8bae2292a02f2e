import { describe, expect, it } from "vitest";
import { rowsWhere } from "../../test/fixtures.ts";
import { S1, S2, sdtmFixture } from "../../test/sdtm-fixture.ts";
import { buildAdam } from "../build.ts";

describe("ADLB on the hand-made study", () => {
  const input = sdtmFixture();
  const adlb = buildAdam(input).get("ADLB")!;
  const lb = (u: string, seq: number) => rowsWhere(adlb, { USUBJID: u, SRCSEQ: seq })[0]!;
  it("carries only spec parameters in their SI unit, with a warning for the other unit", () => {
    // S1 NEUT ×4 (SI) + marrow blasts + MRD level + S2 ALT ×2 + IL-6 ×2 = 10; the 10^6/L NEUT is not carried
    expect(adlb.length).toBe(10);
    expect(input.diagnostics.items.map((d) => d.code)).toContain("ADAM.LB_UNIT");
  });
  it("baseline when the last pre-dose value is missing: the day -9 neutrophils (2.5) are baseline", () => {
    expect([lb(S1, 1).ABLFL, lb(S1, 2).ABLFL, lb(S1, 3).BASE]).toEqual(["Y", "", 2.5]);
    expect([lb(S1, 1).AVISIT, lb(S1, 2).AVISIT]).toEqual(["BASELINE", "SCREENING"]);
  });
  it("day 7 neutrophils 0.4: CHG -2.1, PCHG -84, LOW, CTCAE grade 4, the worst post-baseline record", () => {
    const r = lb(S1, 3);
    expect(r.CHG).toBeCloseTo(-2.1, 10);
    expect(r.PCHG).toBeCloseTo(-84, 10);
    expect([r.ANRIND, r.BNRIND, r.ATOXGR, r.BTOXGR, r.WGRLOFL, r.ATOXDSCL, r.AVISIT]).toEqual([
      "LOW",
      "NORMAL",
      "4",
      "0",
      "Y",
      "Neutrophil count decreased",
      "DAY 7",
    ]);
    expect([lb(S1, 4).ATOXGR, lb(S1, 4).WGRLOFL]).toEqual(["1", ""]);
  });
  it("ALT with abnormal baseline 80 (ULN 40): baseline grade 1 by ULN; day 7 value 121 is grade 1 (>1.5×BASE)", () => {
    expect([lb(S2, 1).ATOXGR, lb(S2, 2).ATOXGR, lb(S2, 2).BTOXGR, lb(S2, 2).WGRHIFL]).toEqual([
      "1",
      "1",
      "1",
      "Y",
    ]);
  });
  it("cytokines: IL-6 on infusion day is baseline (pre-dose) and the day-3 peak has CHG 838", () => {
    expect([lb(S2, 3).ABLFL, lb(S2, 4).CHG, lb(S2, 4).AVISIT, lb(S2, 4).ATOXGR]).toEqual([
      "Y",
      838,
      "DAY 3",
      "",
    ]);
  });
});
