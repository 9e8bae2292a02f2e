import { describe, expect, it } from "vitest";
import { rowsWhere } from "../../test/fixtures.ts";
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
});
