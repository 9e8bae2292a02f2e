import { Diagnostics } from "@trialforge/core";
import { loadSdtmSpec, loadStudy } from "@trialforge/spec";
import { loadTerminology } from "@trialforge/terminology";
import { describe, expect, it } from "vitest";
import { buildSdtm } from "./build.ts";
import { rawTable } from "./internal/testing.ts";
import type { RawInput } from "./internal/types.ts";

// The showcase study and its SDTM spec, fed a few literal raw records per form.
const root = new URL("../../../specs/nct05563545", import.meta.url).pathname;
const study = loadStudy(root);
const spec = loadSdtmSpec(root);

function table(id: string, rows: Record<string, string>[]) {
  const form = study.forms.find((f) => f.id === id)!;
  const blank = Object.fromEntries(form.fields.map((f) => [f.name, ""]));
  const t = rawTable(
    id,
    rows.map((r) => ({ ...blank, ...r })),
    form.subjectField,
  );
  return { ...t, form, file: form.file };
}

// prettier-ignore
const raw: RawInput = {
  rejections: [],
  tables: new Map([
    [
      "DM",
      table("DM", [
        {
          SUBJID: "01-001",
          SITEID: "01",
          ICDAT: "02-JAN-2024",
          AGE: "34",
          SEX: "f",
          RACE: "ASIAN",
          DOSELVL: "DL2",
        },
        { SUBJID: "01-002", SITEID: "01", ICDAT: "05-JAN-2024", AGE: "12", SEX: "M", DOSELVL: "DL1" },
        { SUBJID: "01-003", SITEID: "01", ICDAT: "06-JAN-2024", AGE: "40", SEX: "M" },
      ]),
    ],
    [
      "EX_LD",
      table("EX_LD", [
        {
          SUBJID: "01-001",
          EXTRT: "FLUDARABINE",
          LDDAY: "-5",
          EXSTDAT: "20-JAN-2024",
          EXSTTIM: "09:00",
          EXDOSE: "30",
        },
        {
          SUBJID: "01-001",
          EXTRT: "CYCLOPHOSPHAMIDE",
          LDDAY: "-3",
          EXSTDAT: "22-JAN-2024",
          EXSTTIM: "10:00",
          EXDOSE: "300",
        },
      ]),
    ],
    [
      "EX_INF",
      table("EX_INF", [
        {
          SUBJID: "01-001",
          EXSTDAT: "25-JAN-2024",
          EXSTTIM: "13:00",
          EXENTIM: "13:20",
          EXDOSE: "2.1",
          WEIGHT: "60",
        },
        { SUBJID: "01-999", EXSTDAT: "25-JAN-2024", EXSTTIM: "13:00", EXDOSE: "2", WEIGHT: "60" },
      ]),
    ],
    [
      "AE",
      table("AE", [
        {
          SUBJID: "01-001",
          AESPID: "1",
          AETERM: "Cytokine release syndrome",
          AEDECOD: "Cytokine release syndrome",
          AESTDAT: "26-JAN-2024",
          AETOXGR: "2",
          AESER: "N",
          AEREL: "related",
          CRSICANS: "CRS",
          ASTCTGR: "2",
          AEDLT: "N",
        },
        {
          SUBJID: "01-001",
          AESPID: "2",
          AETERM: "Fever",
          AESTDAT: "UN-FEB-2024",
          AETOXGR: "1",
          AESER: "N",
          AEREL: "NOT RELATED",
          AEOUT: "RESOLVED",
        },
      ]),
    ],
    [
      "DS",
      table("DS", [
        { SUBJID: "01-003", DSCAT: "DISPOSITION EVENT", DSSTDAT: "10-JAN-2024", DSDECOD: "Screen Failure " },
      ]),
    ],
    ["IE", table("IE", [{ SUBJID: "01-001", IESPID: "1", IEDAT: "03-JAN-2024", IEYN: "Y" }])],
    ["RS", table("RS", [{ SUBJID: "01-001", VISIT: "DAY 28", RSDAT: "22-FEB-2024" }])],
  ]),
};

const diagnostics = new Diagnostics();
const r = buildSdtm({ study, spec, raw, terminology: loadTerminology(), diagnostics });
const rows = (name: string) => r.datasets.get(name)!.toRows();

describe("buildSdtm on literal raw records", () => {
  it("DM: one record per subject with reference dates, arms by the infused dose, ARMNRS otherwise", () => {
    const dm = rows("DM");
    expect(dm.map((x) => [x.USUBJID, x.ARMCD, x.ACTARMCD, x.ARMNRS])).toEqual([
      ["NCT05563545-01-001", "DL2", "DL2", ""],
      ["NCT05563545-01-002", "DL1", "", "ASSIGNED, NOT TREATED"],
      ["NCT05563545-01-003", "", "", "SCREEN FAILURE"],
    ]);
    expect(dm[0]).toMatchObject({
      SEX: "F",
      RFSTDTC: "2024-01-20T09:00",
      RFXSTDTC: "2024-01-20T09:00",
      RFXENDTC: "2024-01-25T13:20",
      RFICDTC: "2024-01-02",
      COUNTRY: "CHN",
      AGEU: "YEARS",
    });
  });

  it("rejects records of subjects not in DM and terms outside non-extensible codelists, with file and row", () => {
    const byCode = r.rejections.map((x) => [x.form, x.row, x.code]);
    expect(byCode).toContainEqual(["EX_INF", 2, "SDTM.SUBJECT_NOT_IN_DM"]);
    expect(byCode).toContainEqual(["AE", 2, "SDTM.CT_UNKNOWN_TERM"]);
    expect(byCode).toContainEqual(["RS", 1, "SDTM.NOT_MAPPED"]);
    expect(r.rejections.find((x) => x.form === "AE")).toMatchObject({
      column: "AEOUT",
      value: "RESOLVED",
      file: "edc/ae.csv",
    });
  });

  it("reconciles every form: raw in = carried + rejected + not tabulated", () => {
    for (const s of r.sources) expect(s.rawIn).toBe(s.carried + s.rejected + s.notTabulated);
    expect(r.sources.find((s) => s.form === "EX_INF")).toMatchObject({ rawIn: 2, carried: 1, rejected: 1 });
    expect(r.sources.find((s) => s.form === "IE")).toMatchObject({ rawIn: 1, carried: 0, notTabulated: 1 });
    expect(r.notTabulated[0]?.reason).toMatch(/criteria not met/);
  });

  it("SE: elements from the data, the treatment element from the actual arm, follow-up 29 days after infusion", () => {
    const se = rows("SE").filter((x) => x.USUBJID === "NCT05563545-01-001");
    expect(se.map((x) => [x.ETCD, x.SESTDTC, x.SEENDTC, x.EPOCH])).toEqual([
      ["SCRN", "2024-01-02", "2024-01-20T09:00", "SCREENING"],
      ["LD", "2024-01-20T09:00", "2024-01-25T13:00", "LYMPHODEPLETION"],
      ["CARNK2", "2024-01-25T13:00", "2024-02-23", "TREATMENT"],
      ["FU", "2024-02-23", "", "FOLLOW-UP"],
    ]);
    expect(
      rows("SE")
        .filter((x) => x.USUBJID === "NCT05563545-01-003")
        .map((x) => x.ETCD),
    ).toEqual(["SCRN"]);
  });

  it("AE: --DY from RFSTDTC, EPOCH from SE, CRS graded by ASTCT in SUPPAE", () => {
    const ae = rows("AE");
    expect(ae).toHaveLength(1);
    expect(ae[0]).toMatchObject({
      AESEQ: 1,
      AESTDTC: "2024-01-26",
      AESTDY: 7,
      EPOCH: "TREATMENT",
      AEREL: "RELATED",
      AETOXGR: "2",
    });
    const supp = rows("SUPPAE").map((x) => [x.IDVAR, x.IDVARVAL, x.QNAM, x.QVAL]);
    expect(supp).toEqual([
      ["AESEQ", "1", "IECSTYP", "CRS"],
      ["AESEQ", "1", "ASTCTGR", "2"],
      ["AESEQ", "1", "AETOXSCL", "ASTCT CONSENSUS 2019"],
      ["AESEQ", "1", "AEDLT", "N"],
    ]);
  });
  it("SUPPAE: every character length is its longest value (FDA TCG), so USUBJID is 18 as in AE, not 200", () => {
    const lengths = Object.fromEntries(
      r.datasets.get("SUPPAE")!.meta.variables.map((v) => [v.name, v.length]),
    );
    // Longest values: "NCT05563545" 11, "NCT05563545-01-001" 18, "AESEQ" 5, "1" 1, "AETOXSCL" 8,
    // "ASTCT CONSENSUS 2019" 20; QEVAL is empty everywhere (length 1, the XPT minimum).
    expect(lengths).toMatchObject({
      STUDYID: 11,
      RDOMAIN: 2,
      USUBJID: 18,
      IDVAR: 5,
      IDVARVAL: 1,
      QNAM: 8,
      QVAL: 20,
      QEVAL: 1,
    });
    const ae = r.datasets.get("AE")!.meta.variables.find((v) => v.name === "USUBJID")!;
    expect(ae.length).toBe(lengths.USUBJID);
  });

  it("DS: consent milestone from the DM form plus the disposition event, stray case mapped to CT", () => {
    const ds = rows("DS").filter((x) => x.USUBJID === "NCT05563545-01-003");
    expect(ds.map((x) => [x.DSSEQ, x.DSCAT, x.DSDECOD, x.DSSTDTC])).toEqual([
      [1, "PROTOCOL MILESTONE", "INFORMED CONSENT OBTAINED", "2024-01-06"],
      [2, "DISPOSITION EVENT", "SCREEN FAILURE", "2024-01-10"],
    ]);
  });

  it("trial design from the study: TA per arm and element, TS with SSTDTC, TI text in ASCII", () => {
    expect(rows("TA")).toHaveLength(12);
    expect(rows("TS").find((x) => x.TSPARMCD === "SSTDTC")?.TSVAL).toBe("2023-01-09");
    expect(rows("TI").find((x) => x.IETESTCD === "INCL01")?.IETEST).toMatch(/^Age >=12 years/);
    expect(rows("TV").find((x) => x.VISIT === "DAY 0")?.VISITDY).toBe(6);
  });

  it("metadata: labels, keys and Char lengths from the data", () => {
    const dm = r.datasets.get("DM")!.meta;
    expect(dm.keys).toEqual(["STUDYID", "USUBJID"]);
    expect(dm.variables.find((v) => v.name === "USUBJID")).toMatchObject({
      label: "Unique Subject Identifier",
      length: 18,
      keySequence: 2,
      core: "Req",
    });
    for (const ds of r.datasets.values()) {
      for (const v of ds.meta.variables) {
        expect(v.label.length).toBeLessThanOrEqual(40);
        expect(v.name.length).toBeLessThanOrEqual(8);
        if (v.origin?.type === "Derived") expect(v.method, `${ds.name}.${v.name} method`).toBeTruthy();
      }
    }
    expect(r.datasets.get("AE")!.meta.variables.find((v) => v.name === "AESTDY")?.method).toMatch(
      /AESTDTC minus DM.RFSTDTC/,
    );
  });
});
