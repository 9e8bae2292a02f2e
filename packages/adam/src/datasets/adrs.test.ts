import { describe, expect, it } from "vitest";
import { rowsWhere, sas } from "../../test/fixtures.ts";
import { S1, S2, sdtmFixture } from "../../test/sdtm-fixture.ts";
import { buildAdam } from "../build.ts";

describe("ADRS on the hand-made study", () => {
  const adrs = buildAdam(sdtmFixture()).get("ADRS")!;
  const p = (u: string, paramcd: string) => rowsWhere(adrs, { USUBJID: u, PARAMCD: paramcd });
  it("one BOR per infused subject", () => {
    expect(rowsWhere(adrs, { PARAMCD: "BOR" }).map((r) => r.USUBJID)).toEqual([S1, S2]);
  });
  it("S1: CR on day 28 confirmed by CR on day 56 → BOR CR dated day 28; CR at day 28 and week 12; MRD-negative CR", () => {
    expect([p(S1, "BOR")[0]!.AVALC, p(S1, "BOR")[0]!.ADT]).toEqual(["CR", sas("2024-04-07")]);
    expect([p(S1, "CRD28")[0]!.AVALC, p(S1, "CRW12")[0]!.AVALC, p(S1, "MRDNCR")[0]!.AVALC]).toEqual([
      "Y",
      "Y",
      "Y",
    ]);
    expect(p(S1, "OVRLRESP").map((r) => r.ANL01FL)).toEqual(["Y", "Y", ""]); // the last CR has nothing after it to confirm it
  });
  it("S2: CRi on day 28 followed by PD on day 39 is unconfirmed → BOR NR; CR/CRi at day 28 and MRD-negative CRi on day 28 still Y (per assessment, unconfirmed)", () => {
    expect(p(S2, "BOR")[0]!.AVALC).toBe("NR");
    expect([p(S2, "CRD28")[0]!.AVALC, p(S2, "CRW12")[0]!.AVALC, p(S2, "MRDNCR")[0]!.AVALC]).toEqual([
      "Y",
      "N",
      "Y",
    ]);
  });
  it("OVRLRESP records trace to RS", () => {
    expect(p(S2, "OVRLRESP").map((r) => [r.SRCDOM, r.SRCSEQ])).toEqual([
      ["RS", 1],
      ["RS", 3],
    ]);
  });
});
