import { computeNca } from "@trialforge/stats";
import { describe, expect, it } from "vitest";
import { col, rowsWhere } from "../../test/fixtures.ts";
import { S1, sdtmFixture } from "../../test/sdtm-fixture.ts";
import { buildAdam } from "../build.ts";

describe("ADPC / ADPP on the hand-made study", () => {
  const adam = buildAdam(sdtmFixture());
  const adpc = adam.get("ADPC")!;
  const adpp = adam.get("ADPP")!;
  it("BLQ: the pre-infusion BLQ is 0, the day-14 BLQ after measurable values is missing", () => {
    expect(col(adpc, "AVAL")).toEqual([0, 100, 500, null, 50]);
    expect(col(adpc, "BLQFL")).toEqual(["Y", "", "", "Y", ""]);
  });
  it("actual time from the 10:30 infusion in days: 08:00 → -2.5 h, 14:30 → 4 h; nominal from PCELTM", () => {
    const t = col(adpc, "ARELTM") as number[];
    expect(t[0]).toBeCloseTo(-2.5 / 24, 12);
    expect(t[1]).toBeCloseTo(4 / 24, 12);
    expect(t.slice(2)).toEqual([7, 14, 28]);
    expect(col(adpc, "NRRELTM")).toEqual([-2 / 24, 4 / 24, 7, 14, 28]);
  });
  it("ADPP: CMAX 500 at day 7, CLAST 50 at day 28, AUC by linear-up/log-down = 6162.416 (worked out below)", () => {
    const v = (p: string) => rowsWhere(adpp, { USUBJID: S1, PARAMCD: p })[0]!.AVAL as number;
    expect([v("CMAX"), v("TMAX"), v("CLAST"), v("TLAST")]).toEqual([500, 7, 50, 28]);
    // 0→4h: (1/6)(0+100)/2 = 8.3333; 4h→7d: (7-1/6)(100+500)/2 = 2050; 7→28 (day-14 BLQ dropped) log-down 21·450/ln 10 = 4104.0830
    expect(v("AUCLST")).toBeCloseTo(8.333333 + 2050 + 4104.083, 2);
    expect(v("AUC028D")).toBeCloseTo(v("AUCLST"), 9);
  });
  it("ADPP equals stats NCA on the subject's ADPC profile", () => {
    const post = adpc.toRows().filter((r) => (r.ARELTM as number) >= 0);
    const nca = computeNca(
      post.map((r) => r.ARELTM as number),
      post.map((r) => r.AVAL as number | null),
      { doseTime: 0, intervals: [[0, 28]] },
    );
    expect(rowsWhere(adpp, { PARAMCD: "AUCLST" })[0]!.AVAL).toBe(nca.aucLast);
  });
});
