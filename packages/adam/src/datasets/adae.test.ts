import { describe, expect, it } from "vitest";
import { rowsWhere, sas } from "../../test/fixtures.ts";
import { S1, S2, sdtmFixture } from "../../test/sdtm-fixture.ts";
import { buildAdam } from "../build.ts";

describe("ADAE on the hand-made study", () => {
  const adae = buildAdam(sdtmFixture()).get("ADAE")!;
  const ae = (u: string, seq: number) => rowsWhere(adae, { USUBJID: u, AESEQ: seq })[0]!;
  it("every record traces to one AE record", () => {
    expect(adae.length).toBe(6);
    expect(adae.toRows().every((r) => r.SRCDOM === "AE" && r.SRCSEQ === r.AESEQ)).toBe(true);
  });
  it("a fever during lymphodepletion (day -4) is not treatment-emergent", () => {
    expect([ae(S1, 1).TRTEMFL, ae(S1, 1).ASTDY]).toEqual(["", -4]);
  });
  it("CRS started '2024-03' is imputed to the infusion date 2024-03-10 (flag D) and is treatment-emergent", () => {
    const crs = ae(S1, 2);
    expect([crs.ASTDT, crs.ASTDTF, crs.ASTDY, crs.TRTEMFL]).toEqual([sas("2024-03-10"), "D", 0, "Y"]);
  });
  it("CRS: ATOXGR is the ASTCT grade 2 (not CTCAE 3), so no DLT; onset day 0, duration 6 days (10..15 March)", () => {
    const crs = ae(S1, 2);
    expect([crs.CRSFL, crs.ASTCTGR, crs.ATOXGR, crs.DLTFL, crs.ONSETDY, crs.ADURN]).toEqual([
      "Y",
      "2",
      "2",
      "",
      0,
      6,
    ]);
  });
  it("DLT window edges: grade 3 possibly-related pneumonia on day 28 is a DLT; grade 3 related fever on day 29 is not", () => {
    expect([ae(S1, 3).ASTDY, ae(S1, 3).AREL, ae(S1, 3).DLTFL]).toEqual([28, "RELATED", "Y"]);
    expect([ae(S1, 4).ASTDY, ae(S1, 4).DLTFL]).toEqual([29, ""]);
  });
  it("an end date '2024-04' is imputed to 30 April (flag D)", () => {
    expect([ae(S1, 4).AENDT, ae(S1, 4).AENDTF]).toEqual([sas("2024-04-30"), "D"]);
  });
  it("ICANS ASTCT grade 3 on day 4 is a DLT (the spec criterion wins over the investigator flag); unresolved, so no end date", () => {
    const icans = ae(S2, 1);
    expect([icans.ICANSFL, icans.ATOXGR, icans.ONSETDY, icans.DLTFL, icans.DLTCRIT, icans.AENDT]).toEqual([
      "Y",
      "3",
      4,
      "Y",
      "Grade >=3 ICANS (ASTCT)",
      null,
    ]);
  });
  it("first-occurrence flags count TEAEs only: S1's first TEAE Pyrexia is AESEQ 4 (AESEQ 1 was before infusion)", () => {
    expect([ae(S1, 1).AOCCPFL, ae(S1, 4).AOCCPFL]).toEqual(["", "Y"]);
    expect([ae(S1, 2).AOCCFL, ae(S1, 3).AOCCFL]).toEqual(["Y", ""]);
    // S2: fever (02 Apr) precedes ICANS (05 Apr)
    expect([ae(S2, 2).AOCCFL, ae(S2, 1).AOCCFL, ae(S2, 1).AOCCSFL]).toEqual(["Y", "", "Y"]);
  });
});
