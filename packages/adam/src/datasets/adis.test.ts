import { describe, expect, it } from "vitest";
import { rowsWhere, table } from "../../test/fixtures.ts";
import { S1, S2, sdtmFixture } from "../../test/sdtm-fixture.ts";
import { buildAdam } from "../build.ts";

describe("ADIS on the hand-made study", () => {
  const adis = buildAdam(sdtmFixture()).get("ADIS")!;
  it("S1: baseline screen-positive but confirm-negative is NEGATIVE; confirmed positive at day 28 → TREATMENT INDUCED", () => {
    expect(rowsWhere(adis, { USUBJID: S1, PARAMCD: "ADA" }).map((r) => [r.AVALC, r.SRCSEQ])).toEqual([
      ["NEGATIVE", 2],
      ["POSITIVE", 4],
    ]);
    expect(rowsWhere(adis, { USUBJID: S1, PARAMCD: "ADASTAT" })[0]!.AVALC).toBe("TREATMENT INDUCED");
  });
  it("S2: baseline titre 40, day-28 titre 160 (4-fold) → TREATMENT BOOSTED; titres joined by date", () => {
    const rows = rowsWhere(adis, { USUBJID: S2, PARAMCD: "ADA" });
    expect(rows.map((r) => [r.ABLFL, r.ATITER, r.BTITER, r.ADASTAT])).toEqual([
      ["Y", 40, 40, "TREATMENT BOOSTED"],
      ["", 160, 40, "TREATMENT BOOSTED"],
    ]);
  });

  it("a sample is POSITIVE only when every tier is: confirm NEGATIVE recorded before screen POSITIVE → NEGATIVE (demo subject 002, Day 28)", () => {
    const input = sdtmFixture();
    // biome-ignore format: aligned literal table
    input.sdtm.set("IS", table("IS", [
      { USUBJID: S1, ISSEQ: 1, ISTESTCD: "ADA_BAB", ISTSTDTL: "SCREEN",  ISSTRESC: "NEGATIVE", ISSTRESN: null, ISDTC: "2024-03-08", VISIT: "BASELINE", VISITNUM: 2 },
      { USUBJID: S1, ISSEQ: 3, ISTESTCD: "ADA_BAB", ISTSTDTL: "CONFIRM", ISSTRESC: "NEGATIVE", ISSTRESN: null, ISDTC: "2024-04-07", VISIT: "DAY 28",   VISITNUM: 8 },
      { USUBJID: S1, ISSEQ: 4, ISTESTCD: "ADA_BAB", ISTSTDTL: "SCREEN",  ISSTRESC: "POSITIVE", ISSTRESN: null, ISDTC: "2024-04-07", VISIT: "DAY 28",   VISITNUM: 8 },
      { USUBJID: S1, ISSEQ: 5, ISTESTCD: "ADA_BAB", ISTSTDTL: "SCREEN",  ISSTRESC: "POSITIVE", ISSTRESN: null, ISDTC: "2024-05-07", VISIT: "DAY 56",   VISITNUM: 9 },
      { USUBJID: S1, ISSEQ: 6, ISTESTCD: "ADA_BAB", ISTSTDTL: "CONFIRM", ISSTRESC: "POSITIVE", ISSTRESN: null, ISDTC: "2024-05-07", VISIT: "DAY 56",   VISITNUM: 9 },
    ]));
    const adis = buildAdam(input).get("ADIS")!;
    // AVALC and SRCSEQ name the deciding tier: the confirm result (ISSEQ 3) at day 28, the last tier at day 56.
    expect(
      rowsWhere(adis, { USUBJID: S1, PARAMCD: "ADA" }).map((r) => [r.AVISIT, r.AVALC, r.SRCSEQ]),
    ).toEqual([
      ["BASELINE", "NEGATIVE", 1],
      ["DAY 28", "NEGATIVE", 3],
      ["DAY 56", "POSITIVE", 6],
    ]);
    expect(rowsWhere(adis, { USUBJID: S1, PARAMCD: "ADASTAT" })[0]!.AVALC).toBe("TREATMENT INDUCED");
  });
});
