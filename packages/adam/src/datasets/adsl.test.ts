import { describe, expect, it } from "vitest";
import { rowsWhere, sas, table } from "../../test/fixtures.ts";
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
  it("LSTALVDT: S1 completed the study on 2024-09-10 (DS), later than the last assessment 2024-06-02", () => {
    expect(s(S1).LSTALVDT).toBe(sas("2024-09-10"));
  });
  it("LSTALVDT of a death is the death date, never earlier: S2's last assessment 2024-05-10, died 2024-05-15", () => {
    expect(s(S2).LSTALVDT).toBe(sas("2024-05-15"));
    expect(s(S2).DTHDT).toBe(sas("2024-05-15"));
  });
  it("LSTALVDT's define.xml method lists every source, DS and SV included", () => {
    const m = adsl.meta.variables.find((v) => v.name === "LSTALVDT")!.method;
    expect(m).toBe(
      "Latest complete date of EX.EXSTDTC, AE.AESTDTC, AE.AEENDTC, LB.LBDTC, RS.RSDTC, PC.PCDTC, IS.ISDTC, VS.VSDTC, DS.DSSTDTC, SV.SVSTDTC, SV.SVENDTC (each record shows the subject alive), not after the death date or the data cut-off; for a subject who died on or before the cut-off, DTHDT",
    );
  });
  it("AGEGR1 puts 17 under 18 and 45 in >=40", () => {
    expect([s(S1).AGEGR1, s(S2).AGEGR1, s(S3).AGEGR1]).toEqual(["<18", ">=40", "18-<40"]);
  });
});

describe("ADSL exposure (spec adsl.exposure) on the hand-made study", () => {
  const adsl = buildAdam(sdtmFixture()).get("ADSL")!;
  const s = (u: string) => rowsWhere(adsl, { USUBJID: u })[0]!;
  it("S1: flu 30 mg/m2 QD x 3 days = 90, cy 300 x 3 = 900, 3 days; CAR-NK 1.02 of 1.0 planned = 102%", () => {
    const r = s(S1);
    expect([r.FLUDOSE, r.CYCDOSE, r.LDDAYS]).toEqual([90, 900, 3]);
    expect([r.CARDOSE, r.CARDOSU, r.PCTPLDOS]).toEqual([1.02, "10^7/kg", 102]);
  });
  it("S2: flu 25 x 3 = 75, no cyclophosphamide record (missing, not 0); 1.9 of 2.0 planned = 95%", () => {
    const r = s(S2);
    expect([r.FLUDOSE, r.CYCDOSE, r.LDDAYS]).toEqual([75, null, 3]);
    expect([r.CARDOSE, r.PCTPLDOS]).toEqual([1.9, 95]);
  });
  it("S3 (never dosed) has no exposure values and a blank unit", () => {
    const r = s(S3);
    expect([r.CARDOSE, r.CARDOSU, r.PCTPLDOS, r.FLUDOSE, r.CYCDOSE, r.LDDAYS]).toEqual([
      null,
      "",
      null,
      null,
      null,
      null,
    ]);
  });
  it("exposure variables follow TRTEDT with labels, origin Derived and a method naming the selector", () => {
    const names = adsl.meta.variables.map((v) => v.name);
    const at = names.indexOf("TRTEDT");
    expect(names.slice(at + 1, at + 7)).toEqual([
      "CARDOSE",
      "CARDOSU",
      "PCTPLDOS",
      "FLUDOSE",
      "CYCDOSE",
      "LDDAYS",
    ]);
    const flu = adsl.meta.variables.find((v) => v.name === "FLUDOSE")!;
    expect([flu.label, flu.origin?.type, flu.type]).toEqual([
      "Total Fludarabine Dose (mg/m2)",
      "Derived",
      "Num",
    ]);
    expect(flu.method).toContain('EXTRT = "FLUDARABINE"');
  });
  it("a dose in another unit leaves the total missing with a warning naming the subject", () => {
    const input = sdtmFixture();
    const ex = input.sdtm.get("EX")!;
    const rows = ex
      .toRows()
      .map((r) =>
        r.USUBJID === S2 && r.EXCAT === "CAR-NK-CD19 INFUSION" ? { ...r, EXDOSU: "cells/kg" } : r,
      );
    input.sdtm.set("EX", table("EX", rows));
    const r = rowsWhere(buildAdam(input).get("ADSL")!, { USUBJID: S2 })[0]!;
    expect([r.CARDOSE, r.PCTPLDOS]).toEqual([null, null]);
    const w = input.diagnostics.items.filter((d) => d.code === "ADAM.DOSE_TOTAL");
    expect(w.map((d) => d.message)).toEqual([
      `CARDOSE of ${S2} is missing: dose unit "cells/kg" is not "10^7/kg"`,
    ]);
  });
});
