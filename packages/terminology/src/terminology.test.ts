import { existsSync, readFileSync } from "node:fs";
import { UserError } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { loadTerminology, type Terminology } from "./index.ts";

const ct: Terminology = loadTerminology();

describe("codelists by NCI code or short name", () => {
  it("SEX C66731 holds F, INTERSEX (formerly UNDIFFERENTIATED, same code C45908), M and U with their C-codes", () => {
    const sex = ct.codelist("SEX")!;
    expect(sex.code).toBe("C66731");
    expect(ct.codelist("C66731")).toBe(sex);
    expect(sex.extensible).toBe(false);
    expect(sex.terms.map((t) => [t.value, t.code])).toEqual([
      ["F", "C16576"],
      ["INTERSEX", "C45908"],
      ["M", "C20197"],
      ["U", "C17998"],
    ]);
  });

  it("short names are case-insensitive and unknown codelists give undefined", () => {
    expect(ct.codelist("ny")?.code).toBe("C66742");
    expect(ct.codelist("C00000")).toBeUndefined();
    expect(ct.codelist("NOSUCH")).toBeUndefined();
  });

  it("NY C66742: N, NA, U, Y", () => {
    expect(ct.codelist("NY")!.terms.map((t) => `${t.code}=${t.value}`)).toEqual([
      "C49487=N",
      "C48660=NA",
      "C17998=U",
      "C49488=Y",
    ]);
  });

  it("AESEV C66769 is not extensible and its terms carry grade synonyms", () => {
    const aesev = ct.codelist("AESEV")!;
    expect(aesev.code).toBe("C66769");
    expect(ct.isExtensible("AESEV")).toBe(false);
    expect(aesev.terms.find((t) => t.value === "MODERATE")).toMatchObject({
      code: "C41339",
      synonyms: ["2", "Grade 2"],
    });
  });

  it("package dates come from the CT files", () => {
    expect(ct.packageDates).toEqual({ sdtm: "2025-03-28", adam: "2025-09-26", define: "2025-09-26" });
  });

  it("ADaM and Define-XML CT are included", () => {
    expect(ct.codelist("DATEFL")).toMatchObject({ code: "C81223", standard: "ADaM", extensible: false });
    expect(ct.codelist("DATEFL")!.terms.map((t) => t.value)).toEqual(["D", "M", "Y"]);
    expect(ct.codelist("C165635")?.standard).toBe("Define-XML");
  });
});

describe("lookup", () => {
  it("matches the submission value exactly first", () => {
    const m = ct.lookup("UNIT", "10^9/L")!;
    expect(m).toMatchObject({ match: "exact", term: { code: "C67255", value: "10^9/L" } });
    expect(m.codelist.code).toBe("C71620");
  });

  it("finds the PC unit DNA copies/ug (C170632) in UNIT and PKUNIT", () => {
    expect(ct.lookup("C71620", "DNA copies/ug")?.term.code).toBe("C170632");
    expect(ct.lookup("PKUNIT", "DNA copies/ug")?.term.code).toBe("C170632");
    expect(ct.lookup("PKUNIT", "DNA copies/ug")?.codelist.code).toBe("C85494");
  });

  it("ignores case and spacing when the exact value is absent", () => {
    expect(ct.lookup("UNIT", "ml")).toMatchObject({
      match: "normalized",
      term: { value: "mL", code: "C28254" },
    });
    expect(ct.lookup("AESEV", "  mild ")).toMatchObject({ match: "normalized", term: { value: "MILD" } });
    expect(ct.lookup("ETHNIC", "Not  Hispanic or latino")).toMatchObject({
      match: "normalized",
      term: { code: "C41222" },
    });
  });

  it("falls back to synonyms", () => {
    expect(ct.lookup("SEX", "Female")).toMatchObject({ match: "synonym", term: { value: "F" } });
    expect(ct.lookup("SEX", "male")).toMatchObject({ match: "synonym", term: { value: "M" } });
    expect(ct.lookup("NY", "Yes")).toMatchObject({ match: "synonym", term: { value: "Y" } });
    expect(ct.lookup("AESEV", "Grade 3")).toMatchObject({ match: "synonym", term: { value: "SEVERE" } });
    expect(ct.lookup("OUT", "Grade 5")).toMatchObject({
      match: "synonym",
      term: { value: "FATAL", code: "C48275" },
    });
  });

  it("falls back to the NCI preferred term", () => {
    // NCI EVS: INTLK6 (C74834) has synonym "Interleukin 6" and preferred term "Interleukin 6 Measurement".
    expect(ct.lookup("LBTESTCD", "Interleukin 6")).toMatchObject({
      match: "synonym",
      term: { value: "INTLK6" },
    });
    expect(ct.lookup("LBTESTCD", "interleukin 6 measurement")).toMatchObject({
      match: "preferredTerm",
      term: { code: "C74834" },
    });
    // INTERSEX has no synonym; its preferred term is "Intersex".
    expect(ct.lookup("SEX", "Intersex")).toMatchObject({ match: "normalized", term: { value: "INTERSEX" } });
    expect(ct.lookup("SEX", "Unknown")).toMatchObject({ match: "synonym", term: { value: "U" } });
  });

  it("returns undefined for no match, blank values and unknown codelists", () => {
    expect(ct.lookup("SEX", "X")).toBeUndefined();
    expect(ct.lookup("SEX", "  ")).toBeUndefined();
    expect(ct.lookup("NOSUCH", "F")).toBeUndefined();
  });

  it("termByCode pairs TESTCD and TEST codelists through the NCI code", () => {
    const m = ct.lookup("LBTEST", "Interleukin 6")!;
    expect(m.match).toBe("exact");
    expect(ct.termByCode("LBTESTCD", m.term.code)?.value).toBe("INTLK6");
    expect(ct.termByCode("ISTEST", ct.lookup("ISTESTCD", "ADA_BAB")!.term.code)?.value).toBe(
      "Binding Antidrug Antibody",
    );
  });

  it("finds the ALL response terms for RS (ONCRSR C96785, ONCRTSCD C96782, ONCRSCAT C124298)", () => {
    expect(ct.lookup("C96785", "Complete Remission")).toMatchObject({
      match: "synonym",
      term: { value: "CR", code: "C4870" },
    });
    expect(ct.lookup("ONCRSR", "CRi")?.term.code).toBe("C103385");
    expect(ct.lookup("ONCRSR", "Quantifiable Minimal Residual Disease Positivity")?.term.value).toBe(
      "QUANTIFIABLE MRD POSITIVITY",
    );
    expect(ct.lookup("ONCRTSCD", "Minimal Residual Disease Response")).toMatchObject({
      match: "synonym",
      term: { value: "MRDRESP", code: "C124433" },
    });
    expect(ct.lookup("ONCRTSCD", "MRDIND")?.term.code).toBe("C172578");
    expect(ct.lookup("ONCRSCAT", "NCCN ALL MRD 2014")?.term.code).toBe("C126034");
    expect(ct.lookup("ONCRTS", "Overall Response")?.term.code).toBe("C96613");
  });
});

describe("extensible codelists and sponsor codelists", () => {
  it("knows extensible from non-extensible", () => {
    expect(ct.isExtensible("UNIT")).toBe(true);
    expect(ct.isExtensible("C71620")).toBe(true);
    expect(ct.isExtensible("SEX")).toBe(false);
    expect(ct.isExtensible("NOSUCH")).toBe(false);
  });

  const sponsor = ct.withSponsorCodelists([
    {
      id: "ASTCTCRS",
      name: "ASTCT CRS Consensus Grade",
      terms: [
        { value: "GRADE 1", synonyms: ["1"] },
        { value: "GRADE 2", synonyms: ["2"] },
        { value: "GRADE 3", synonyms: ["3"] },
        { value: "GRADE 4", synonyms: ["4"] },
      ],
    },
    {
      id: "UNIT",
      name: "Unit",
      extends: true,
      terms: [{ value: "10^7 cells/kg", decode: "10^7 Cells per Kilogram" }],
    },
  ]);

  it("adds a sponsor codelist with no CDISC counterpart", () => {
    const cl = sponsor.codelist("ASTCTCRS")!;
    expect(cl).toMatchObject({ standard: "Sponsor", extensible: false, shortName: "ASTCTCRS" });
    expect(sponsor.lookup("ASTCTCRS", "3")).toMatchObject({
      match: "synonym",
      term: { value: "GRADE 3", code: "" },
    });
    expect(ct.codelist("ASTCTCRS")).toBeUndefined(); // the base terminology is unchanged
  });

  it("extends an extensible CDISC codelist and marks the sponsor terms", () => {
    const unit = sponsor.codelist("C71620")!;
    expect(unit.extended).toBe(true);
    expect(unit.terms.length).toBe(ct.codelist("UNIT")!.terms.length + 1);
    expect(sponsor.lookup("UNIT", "10^7 cells/kg")?.term).toMatchObject({
      extended: true,
      preferredTerm: "10^7 Cells per Kilogram",
    });
    expect(sponsor.lookup("UNIT", "10^9/L")?.term.extended).toBeUndefined();
    expect(ct.lookup("UNIT", "10^7 cells/kg")).toBeUndefined();
  });

  it("keeps earlier extensions when a codelist is extended again", () => {
    const twice = sponsor.withSponsorCodelists([
      { id: "UNIT", extends: true, terms: [{ value: "10^8 cells/kg" }] },
    ]);
    const unit = twice.codelist("UNIT")!;
    expect(unit.terms.filter((t) => t.extended).map((t) => t.value)).toEqual([
      "10^7 cells/kg",
      "10^8 cells/kg",
    ]);
    expect(twice.codelist("ASTCTCRS")).toBeDefined();
  });

  it("refuses to extend a non-extensible codelist, unknown codelists, colliding ids and existing terms", () => {
    expect(() => ct.withSponsorCodelists([{ id: "SEX", extends: true, terms: [{ value: "X" }] }])).toThrow(
      /C66731 \(SEX\) is not extensible/,
    );
    expect(() => ct.withSponsorCodelists([{ id: "NOSUCH", extends: true, terms: [{ value: "X" }] }])).toThrow(
      UserError,
    );
    expect(() => ct.withSponsorCodelists([{ id: "NY", name: "x", terms: [] }])).toThrow(
      /collides with CDISC codelist C66742/,
    );
    expect(() =>
      ct.withSponsorCodelists([{ id: "C71620", extends: true, terms: [{ value: "ML" }] }]),
    ).toThrow(/already has the term "ML"/);
    expect(() =>
      ct.withSponsorCodelists([{ id: "X1", name: "x", terms: [{ value: "A" }, { value: "a" }] }]),
    ).toThrow(/repeats/);
  });
});

// Whole-file check against the reference download; skipped in a fresh clone without ../shared.
const ctFile = [
  "../shared/reference/ct/SDTM Terminology 2025-03-28.txt",
  "/work/shared/reference/ct/SDTM Terminology 2025-03-28.txt",
].find((f) => existsSync(f));
describe("against the NCI EVS file", () => {
  it.skipIf(!ctFile)(
    "every SDTM codelist and term of the source file is in the compact data (needs ../shared/reference)",
    () => {
      const lines = readFileSync(ctFile!, "utf8")
        .split(/\r?\n/)
        .slice(1)
        .filter((l) => l !== "");
      let terms = 0;
      let codelists = 0;
      for (const line of lines) {
        const [code, clCode, ext, , value, syn, , pt] = line.split("\t") as string[];
        if (clCode === "") {
          codelists++;
          expect(ct.codelist(code!)?.extensible).toBe(ext === "Yes");
        } else {
          terms++;
          const t = ct.codelist(clCode!)!.terms.find((x) => x.code === code && x.value === value);
          expect(t?.preferredTerm).toBe(pt);
          expect(t?.synonyms.join("; ")).toBe(
            syn!
              .split(";")
              .map((s) => s.trim())
              .filter((s) => s !== "")
              .join("; "),
          );
        }
      }
      expect(codelists).toBe(1158);
      expect(terms).toBe(43698);
    },
  );
});
