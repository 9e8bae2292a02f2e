import { describe, expect, it } from "vitest";
import { rowsWhere, sas } from "../../test/fixtures.ts";
import { S1, S2, sdtmFixture } from "../../test/sdtm-fixture.ts";
import { buildAdam } from "../build.ts";

describe("ADTTE on the hand-made study", () => {
  const adtte = buildAdam(sdtmFixture()).get("ADTTE")!;
  const p = (u: string, paramcd: string) => rowsWhere(adtte, { USUBJID: u, PARAMCD: paramcd })[0];
  it("S1 OS is censored at last known alive, study completion 2024-09-10 (184 days after 10 March → AVAL 185); PFS at the last assessment 2024-06-02 → AVAL 85", () => {
    expect([p(S1, "OS")!.CNSR, p(S1, "OS")!.AVAL, p(S1, "OS")!.ADT]).toEqual([1, 185, sas("2024-09-10")]);
    expect([p(S1, "PFS")!.CNSR, p(S1, "PFS")!.AVAL, p(S1, "PFS")!.CNSDTDSC]).toEqual([
      1,
      85,
      "LAST ADEQUATE RESPONSE ASSESSMENT",
    ]);
  });
  it("S1 DOR from the first CR 2024-04-07 to the last assessment 2024-06-02 → 57 days, censored", () => {
    expect([p(S1, "DOR")!.STARTDT, p(S1, "DOR")!.AVAL, p(S1, "DOR")!.CNSR]).toEqual([
      sas("2024-04-07"),
      57,
      1,
    ]);
  });
  it("S2: PD on 2024-05-10 (day 39 → AVAL 40) is the PFS event; death 2024-05-15 the OS event (AVAL 45); no DOR", () => {
    expect([p(S2, "PFS")!.CNSR, p(S2, "PFS")!.AVAL, p(S2, "PFS")!.EVNTDESC, p(S2, "PFS")!.SRCSEQ]).toEqual([
      0,
      40,
      "DISEASE PROGRESSION OR RELAPSE",
      3, // RSSEQ of the PD assessment
    ]);
    expect([p(S2, "OS")!.CNSR, p(S2, "OS")!.AVAL, p(S2, "OS")!.EVNTDESC]).toEqual([0, 45, "DEATH"]);
    expect(p(S2, "DOR")).toBeUndefined();
  });
});
