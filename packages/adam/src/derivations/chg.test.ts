import { describe, expect, it } from "vitest";
import { col, table } from "../../test/fixtures.ts";
import { computePchg, deriveChg, derivePchg } from "./chg.ts";

describe("deriveChg / derivePchg", () => {
  // prettier-ignore
  const ds = table("ADLB", [
    { AVAL: 5, BASE: 5, ONTRTFL: "" }, // baseline: no change
    { AVAL: 7, BASE: 5, ONTRTFL: "Y" }, // CHG 2, PCHG 40
    { AVAL: 3, BASE: 0, ONTRTFL: "Y" }, // CHG 3, PCHG missing (BASE 0)
  ]);
  it("CHG = AVAL - BASE on post-baseline records only", () => {
    expect(col(deriveChg(ds), "CHG")).toEqual([null, 2, 3]);
  });
  it("PCHG is null when BASE is 0", () => {
    expect(col(derivePchg(deriveChg(ds)), "PCHG")).toEqual([null, 40, null]);
    expect(computePchg(-1, 4)).toBe(-25);
  });
});
