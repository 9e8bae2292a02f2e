import { describe, expect, it } from "vitest";
import { rowsWhere, sas } from "../../test/fixtures.ts";
import { S1, S2, S3, sdtmFixture } from "../../test/sdtm-fixture.ts";
import { buildAdam } from "../build.ts";

describe("ADSL on the hand-made study", () => {
  const adsl = buildAdam(sdtmFixture()).get("ADSL")!;
  const s = (u: string) => rowsWhere(adsl, { USUBJID: u })[0]!;
  it("has one record per DM subject", () => {
    expect(adsl.length).toBe(3);
  });
  it("TRT01P/TRT01PN come from the study arms; TRT01A is blank for a subject never infused", () => {
    expect([s(S1).TRT01P, s(S1).TRT01PN, s(S2).TRT01AN]).toEqual(["CAR-NK-CD19 1.0x10^7 cells/kg", 1, 2]);
    expect([s(S3).TRT01A, s(S3).TRT01AN]).toEqual(["", null]);
  });
  it("TRTSDT is the infusion date and TRTSDTM its datetime; LDSTDT the first lymphodepletion date", () => {
    expect(s(S1).TRTSDT).toBe(sas("2024-03-10"));
    // 2024-03-10T10:30 = SAS date × 86400 + 10.5 h
    expect(s(S1).TRTSDTM).toBe(sas("2024-03-10") * 86_400 + 10.5 * 3600);
    expect(s(S1).LDSTDT).toBe(sas("2024-03-05"));
    expect(s(S2).TRTSDTM).toBeNull(); // infusion time not collected
  });
  it("baseline disease: marrow blasts 45%, prior lines 2 (distinct CMGRPID 1, 2), prior HSCT only for S2", () => {
    expect([s(S1).BMBLAST, s(S1).PRIORLN, s(S1).PRHSCTFL]).toEqual([45, 2, "N"]);
    expect([s(S2).PRIORLN, s(S2).PRHSCTFL]).toEqual([1, "Y"]);
  });
  it("populations: S3 enrolled-but-screen-failed is excluded from ENRLFL and SAFFL; only S1 has PK samples", () => {
    expect([s(S1).ENRLFL, s(S1).SAFFL, s(S1).EFFFL, s(S1).PKFL]).toEqual(["Y", "Y", "Y", "Y"]);
    expect([s(S2).SAFFL, s(S2).EFFFL, s(S2).PKFL]).toEqual(["Y", "Y", "N"]);
    expect([s(S3).ENRLFL, s(S3).SAFFL, s(S3).EFFFL]).toEqual(["N", "N", "N"]);
  });
  it("DLTEVLFL: S1 and S2 each had a DLT; S3 was not infused", () => {
    expect([s(S1).DLTEVLFL, s(S2).DLTEVLFL, s(S3).DLTEVLFL]).toEqual(["Y", "Y", "N"]);
  });
  it("disposition and death: S2 discontinued by death 2024-05-15 of disease progression", () => {
    expect([s(S1).EOSSTT, s(S1).DCSREAS]).toEqual(["COMPLETED", ""]);
    expect([s(S2).EOSSTT, s(S2).DCSREAS, s(S2).DTHDT, s(S2).DTHCAUS]).toEqual([
      "DISCONTINUED",
      "DEATH",
      sas("2024-05-15"),
      "DISEASE PROGRESSION",
    ]);
  });
  it("LSTALVDT: S1's last assessment 2024-06-02; S2's last date before death is the PD assessment 2024-05-10", () => {
    expect(s(S1).LSTALVDT).toBe(sas("2024-06-02"));
    expect(s(S2).LSTALVDT).toBe(sas("2024-05-10"));
  });
  it("AGEGR1 puts 17 under 18 and 45 in >=40", () => {
    expect([s(S1).AGEGR1, s(S2).AGEGR1, s(S3).AGEGR1]).toEqual(["<18", ">=40", "18-<40"]);
  });
});
