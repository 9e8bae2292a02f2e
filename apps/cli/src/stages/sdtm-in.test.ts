import { describe, expect, it } from "vitest";
import { isSupersededByRaw, readDefineGroups } from "./sdtm-in.ts";

describe("readDefineGroups (Define 1.0 keys and class for bring-your-own SDTM)", () => {
  it("reads def:DomainKeys in order, def:Class and def:Label per ItemGroupDef Name", () => {
    // prettier-ignore
    const xml = `<ItemGroupDef OID="CM" Name="CM" Repeating="Yes" def:Label="Concomitant Medications"
      def:Class="INTERVENTIONS" def:DomainKeys="STUDYID, USUBJID, CMTRT, CMSTDTC">
      <ItemRef ItemOID="CM.STUDYID"/></ItemGroupDef>
      <ItemGroupDef OID="suppae" Name="suppae" def:Class="RELATIONSHIP">`;
    const g = readDefineGroups(xml);
    expect(g.get("CM")).toEqual({
      keys: ["STUDYID", "USUBJID", "CMTRT", "CMSTDTC"],
      class: "INTERVENTIONS",
      label: "Concomitant Medications",
    });
    expect(g.get("SUPPAE")).toEqual({ keys: [], class: "RELATIONSHIP", label: undefined });
  });
});

describe("isSupersededByRaw (mixed builds: domains mapped from raw win)", () => {
  it("drops a delivered domain mapped from raw and its SUPP--, keeps the others", () => {
    const raw = new Set(["DM", "AE", "SUPPAE"]);
    expect(
      ["AE", "SUPPAE", "DM", "SUPPDM", "CM", "SUPPDS", "SV"].filter((n) => isSupersededByRaw(n, raw)),
    ).toEqual(["AE", "SUPPAE", "DM", "SUPPDM"]);
  });
});
