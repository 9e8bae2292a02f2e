import { describe, expect, it } from "vitest";
import { igDataset, igDatasetNames, igVariable, igVariables, igVersions, mergeIgOverlay } from "./index.ts";
import type { IgData } from "./internal/data-types.ts";

describe("SDTMIG metadata (CDISC Library SDTMIG 3.3)", () => {
  it("AE.AETERM: label, type, core, role and order", () => {
    expect(igVariable("SDTM", "AE", "AETERM")).toEqual({
      name: "AETERM",
      label: "Reported Term for the Adverse Event",
      type: "Char",
      core: "Req",
      order: 8,
      role: "Topic",
    });
  });

  it("variables come in IG order with codelists", () => {
    const dm = igVariables("SDTM", "DM")!;
    expect(dm.slice(0, 4).map((v) => v.name)).toEqual(["STUDYID", "DOMAIN", "USUBJID", "SUBJID"]);
    expect(dm.map((v) => v.order)).toEqual(dm.map((_, i) => i + 1));
    expect(dm.find((v) => v.name === "SEX")).toMatchObject({ codelist: "C66731", core: "Req", label: "Sex" });
    expect(dm.find((v) => v.name === "DOMAIN")).toMatchObject({ codelist: "C66734", values: ["DM"] });
    expect(igVariable("SDTM", "AE", "AESEV")).toMatchObject({ codelist: "C66769", core: "Perm" });
    expect(igVariable("SDTM", "AE", "AESTDTC")).toMatchObject({ valueDomain: "ISO 8601", role: "Timing" });
  });

  it("DSDECOD names both NCOMPLT and PROTMLST", () => {
    const v = igVariable("SDTM", "DS", "DSDECOD")!;
    expect([v.codelist, ...(v.altCodelists ?? [])].sort()).toEqual(["C114118", "C66727"]);
  });

  it("dataset labels and classes; SUPP-- resolves to SUPPQUAL", () => {
    expect(igDataset("SDTM", "AE")).toMatchObject({ label: "Adverse Events", class: "EVENTS" });
    expect(igDataset("SDTM", "suppae")?.name).toBe("SUPPQUAL");
    expect(igDataset("SDTM", "XX")).toBeUndefined();
    expect(igVariables("SDTM", "XX")).toBeUndefined();
  });
});

describe("SDTMIG 3.4 overlay", () => {
  it("adds the CP domain, marked as overlay", () => {
    const cp = igDataset("SDTM", "CP")!;
    expect(cp).toMatchObject({ label: "Cell Phenotype Findings", class: "FINDINGS", overlay: true });
    expect(cp.variables.every((v) => v.overlay)).toBe(true);
    expect(igVariable("SDTM", "CP", "CPTESTCD")).toMatchObject({
      codelist: "C181173",
      core: "Req",
      order: 10,
    });
    expect(igDatasetNames("SDTM")).toContain("CP");
  });

  it("inserts SV 3.4 variables after VISITDY and renumbers the order", () => {
    const names = igVariables("SDTM", "SV")!.map((v) => v.name);
    expect(names.slice(5, 12)).toEqual([
      "VISITDY",
      "SVPRESP",
      "SVOCCUR",
      "SVREASOC",
      "SVCNTMOD",
      "SVEPCHGI",
      "SVSTDTC",
    ]);
    expect(igVariable("SDTM", "SV", "SVCNTMOD")).toMatchObject({
      overlay: true,
      codelist: "C171445",
      order: 10,
    });
    expect(igVariable("SDTM", "SV", "SVSTDTC")?.overlay).toBeUndefined();
    expect(igVariable("SDTM", "SE", "SESTDY")?.overlay).toBe(true);
  });

  it("reports base and overlay versions", () => {
    expect(igVersions()).toEqual({
      SDTM: { base: "3.3", overlay: "3.4" },
      ADaM: { base: "1.2", overlay: "1.3" },
    });
  });

  it("rejects an overlay that repeats a base variable or names an unknown anchor", () => {
    const base: IgData = {
      SDTM: {
        version: "3.3",
        source: "t",
        datasets: [
          {
            name: "SV",
            label: "Subject Visits",
            class: "SPECIAL PURPOSE",
            structure: "",
            variables: [{ name: "VISIT", label: "Visit Name", type: "Char", core: "Req", order: 1 }],
          },
        ],
      },
      ADaM: { version: "1.2", source: "t", datasets: [] },
    };
    const v = { name: "VISIT", label: "x", type: "Char" as const, core: "Perm" };
    const overlay = (vars: object[]) => ({
      SDTM: { version: "3.4", datasets: [], variables: vars },
      ADaM: { version: "1.3", datasets: [], variables: [] },
    });
    expect(() => mergeIgOverlay(base, overlay([{ ...v, dataset: "SV" }]) as never)).toThrow(
      /SV.VISIT already exists/,
    );
    expect(() =>
      mergeIgOverlay(base, overlay([{ ...v, name: "SVX", dataset: "SV", after: "NOPE" }]) as never),
    ).toThrow(/unknown variable NOPE/);
    expect(() => mergeIgOverlay(base, overlay([{ ...v, name: "SVX", dataset: "ZZ" }]) as never)).toThrow(
      /ZZ not found/,
    );
  });
});

describe("ADaMIG metadata", () => {
  it("ADSL and BDS come from ADaMIG 1.2, with placeholder names resolved", () => {
    expect(igVariable("ADaM", "ADSL", "TRT01P")).toMatchObject({
      name: "TRTxxP",
      label: "Planned Treatment for Period xx",
      core: "Req",
    });
    expect(igVariable("ADaM", "ADSL", "SAFFL")).toMatchObject({ type: "Char" });
    expect(igVariable("ADaM", "BDS", "ANL01FL")).toMatchObject({ name: "ANLzzFL", values: ["Y"] });
    expect(igVariable("ADaM", "BDS", "AVAL")).toMatchObject({ label: "Analysis Value", type: "Num" });
    expect(igVariable("ADaM", "BDS", "TRT01PX")).toBeUndefined();
  });

  it("OCCDS comes from the overlay", () => {
    expect(igVariable("ADaM", "OCCDS", "TRTEMFL")).toMatchObject({
      label: "Treatment Emergent Analysis Flag",
      overlay: true,
    });
  });
});
