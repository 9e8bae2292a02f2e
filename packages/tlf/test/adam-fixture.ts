/**
 * Small hand-made ADaM datasets (standard ADaMIG names) for layout tests: 14 subjects in 3 dose levels,
 * generated from a seeded PRNG so the data are varied but fixed. Tests recompute their expectations
 * from these rows by plain loops; nothing here is an expected result.
 */
import { type Dataset, type DatasetMeta, datasetFromRows, type VariableMeta } from "@trialforge/core";

type R = Record<string, string | number | null>;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeDataset(name: string, rows: R[], numeric: string[]): Dataset {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const variables: VariableMeta[] = names.map((n) =>
    numeric.includes(n)
      ? { name: n, label: n, type: "Num", length: 8 }
      : { name: n, label: n, type: "Char", length: 200 },
  );
  const meta: DatasetMeta = {
    name,
    label: name,
    standard: "ADaM",
    class: "ADAM OTHER",
    structure: "",
    keys: ["USUBJID"],
    variables,
  };
  return datasetFromRows(meta, rows);
}

const SOCS: [string, string[]][] = [
  [
    "Blood and lymphatic system disorders",
    ["Neutropenia", "Anaemia", "Thrombocytopenia", "Febrile neutropenia"],
  ],
  ["Immune system disorders", ["Cytokine release syndrome"]],
  ["Nervous system disorders", ["Headache", "Immune effector cell-associated neurotoxicity syndrome"]],
  ["Gastrointestinal disorders", ["Nausea", "Diarrhoea"]],
  ["Infections and infestations", ["Pneumonia"]],
];

export interface AdamFixture {
  adam: Map<string, Dataset>;
}

export function makeAdamFixture(nSubjects = 14, seed = 7): Map<string, Dataset> {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const dls = [
    ["DL1 1x10^7 cells/kg", 1],
    ["DL2 1x10^8 cells/kg", 2],
    ["DL3 3x10^8 cells/kg", 3],
  ] as const;
  const adsl: R[] = [];
  const adae: R[] = [];
  const adlb: R[] = [];
  const adpc: R[] = [];
  const adpp: R[] = [];
  const adis: R[] = [];
  const adrs: R[] = [];
  const adtte: R[] = [];
  for (let k = 0; k < nSubjects; k++) {
    const USUBJID = `NCT05563545-01-${String(k + 1).padStart(3, "0")}`;
    const [TRT01A, TRT01AN] = dls[k % 3]!;
    const saf = k !== 13 ? "Y" : "N"; // one enrolled subject never infused
    const dlt = saf === "Y" && k !== 4 ? "Y" : "N";
    adsl.push({
      STUDYID: "NCT05563545",
      USUBJID,
      SUBJID: String(k + 1),
      TRT01A,
      TRT01AN,
      ENRLFL: "Y",
      SAFFL: saf,
      DLTEVLFL: dlt,
      EFFFL: saf,
      PKFL: saf,
      AGE: 18 + Math.floor(rnd() * 50),
      SEX: pick(["F", "M"]),
      RACE: pick(["WHITE", "ASIAN", "BLACK OR AFRICAN AMERICAN"]),
      ETHNIC: pick(["HISPANIC OR LATINO", "NOT HISPANIC OR LATINO"]),
      WEIGHTBL: Math.round((50 + rnd() * 40) * 10) / 10,
      AGEGR1: "",
      BMBLAST: Math.round(rnd() * 900) / 10,
      PRIORLN: 1 + Math.floor(rnd() * 4),
      PRHSCTFL: rnd() < 0.4 ? "Y" : "N",
      LDSTDT: saf === "Y" || rnd() < 0.5 ? 23000 + k : null,
      TRTSDT: saf === "Y" ? 23005 + k : null,
      EOSSTT: pick(["COMPLETED", "DISCONTINUED", "ONGOING"]),
      DCSREAS: "",
      DTHFL: rnd() < 0.3 ? "Y" : "",
      // exposure (t-ex), without drawing from rnd so the other variables keep their values
      LDDAYS: saf === "Y" ? 3 : null,
      FLUDOSE: saf === "Y" ? (k % 5 === 0 ? 84 : 90) : null,
      CYCDOSE: saf === "Y" ? (k % 7 === 0 ? 840 : 900) : null,
      CARDOSE: saf === "Y" ? Math.round(TRT01AN * (97 + (k % 7))) / 100 : null,
      PCTPLDOS: saf === "Y" ? 97 + (k % 7) : null,
    });
    const sl = adsl[adsl.length - 1]!;
    sl.AGEGR1 = (sl.AGE as number) < 40 ? "18-<40" : ">=40";
    if (sl.EOSSTT === "DISCONTINUED")
      sl.DCSREAS = pick(["DEATH", "PROGRESSIVE DISEASE", "WITHDRAWAL BY SUBJECT"]);
    if (saf !== "Y") continue;
    const nAe = Math.floor(rnd() * 6);
    for (let a = 0; a < nAe; a++) {
      const [soc, pts] = pick(SOCS);
      const pt = pick(pts);
      const gr = 1 + Math.floor(rnd() * 4);
      const ASTDY = Math.floor(rnd() * 40) - 3;
      adae.push({
        USUBJID,
        TRT01A,
        AEBODSYS: soc,
        AEDECOD: pt,
        TRTEMFL: ASTDY >= 0 ? "Y" : "",
        ATOXGR: String(gr),
        ATOXGRN: gr,
        AESER: rnd() < 0.3 ? "Y" : "N",
        AREL: rnd() < 0.5 ? "RELATED" : "NOT RELATED",
        DLTFL: gr >= 3 && ASTDY >= 0 && ASTDY <= 28 && rnd() < 0.6 ? "Y" : "",
        ASTDY,
        ADURN: 1 + Math.floor(rnd() * 20),
        CRSFL: pt === "Cytokine release syndrome" ? "Y" : "",
        ICANSFL: pt.startsWith("Immune effector") ? "Y" : "",
        ASTCTGRN:
          pt === "Cytokine release syndrome" || pt.startsWith("Immune effector") ? Math.min(gr, 4) : null,
        ONSETDY:
          pt === "Cytokine release syndrome" || pt.startsWith("Immune effector") ? Math.max(ASTDY, 0) : null,
      });
    }
    for (const [PARAMCD, PARAM, PARCAT1] of [
      ["NEUT", "Neutrophils (10^9/L)", "HEMATOLOGY"],
      ["ALT", "Alanine Aminotransferase (U/L)", "CHEMISTRY"],
      ["IL6", "Interleukin 6 (ng/L)", "CYTOKINES"],
    ] as const) {
      const b = Math.floor(rnd() * 2);
      for (const [AVISITN, AVISIT] of [
        [0, "Baseline"],
        [7, "Day 7"],
        [14, "Day 14"],
        [28, "Day 28"],
      ] as const) {
        adlb.push({
          USUBJID,
          PARAMCD,
          PARAM,
          PARCAT1,
          AVISIT,
          AVISITN,
          ADY: AVISITN,
          ABLFL: AVISITN === 0 ? "Y" : "",
          AVAL: Math.round(rnd() * 1000) / 100,
          BTOXGRN: b,
          ATOXGRN: AVISITN === 0 ? b : Math.floor(rnd() * 5),
          ANL01FL: "Y",
        });
        // A repeat IL-6 result at day 7 that is not the analysis record (no PRNG draw: the rest stays fixed).
        if (PARAMCD === "IL6" && AVISITN === 7)
          adlb.push({
            ...adlb[adlb.length - 1]!,
            ADY: 8,
            AVAL: 999,
            ATOXGRN: 0,
            ANL01FL: "",
          });
      }
    }
    const peak = TRT01AN * 1000 * (0.5 + rnd());
    for (const NFRLT of [0, 1, 7, 14, 28]) {
      const v = NFRLT === 0 ? null : Math.round(peak * Math.exp(-0.15 * NFRLT) * (0.7 + 0.6 * rnd()));
      const blq = v !== null && v < 200;
      adpc.push({
        USUBJID,
        PARAMCD: "CARNKB",
        PARAM: "CAR-NK-CD19 transgene, blood (copies/ug DNA)",
        PCSPEC: "BLOOD",
        VISIT: `Day ${NFRLT}`,
        PCTPT: `DAY ${NFRLT}`,
        NRRELTM: NFRLT,
        ARELTM: NFRLT + Math.round(rnd() * 20) / 100,
        AVAL: blq || v === null ? null : v,
        AVALC: v === null || blq ? "BLQ" : String(v),
        BLQFL: v === null || blq ? "Y" : "",
      });
    }
    const PARCAT1 = "CAR-NK-CD19 transgene, blood (copies/ug DNA)";
    adpp.push({
      USUBJID,
      PARCAT1,
      PARAMCD: "CMAX",
      PARAM: "Cmax",
      PARAMN: 1,
      AVAL: Math.round(peak),
      AVALU: "copies/ug",
    });
    adpp.push({
      USUBJID,
      PARCAT1,
      PARAMCD: "TMAX",
      PARAM: "Tmax",
      PARAMN: 2,
      AVAL: pick([1, 7]),
      AVALU: "DAYS",
    });
    // A terminal-phase parameter that is not estimable for this subject (missing AVAL, shown NE).
    adpp.push({
      USUBJID,
      PARCAT1,
      PARAMCD: "LAMZ",
      PARAM: "Lambda z",
      PARAMN: 7,
      AVAL: null,
      AVALU: "1/DAYS",
    });
    const res: boolean[] = [];
    for (const [AVISIT, ADY] of [
      ["Baseline", 0],
      ["Day 28", 28],
      ["Day 90", 90],
    ] as const) {
      const pos = rnd() < 0.25;
      res.push(pos);
      adis.push({
        USUBJID,
        PARAMCD: "ADA",
        PARAM: "Anti-CAR Antibody Result",
        AVISIT,
        ADY,
        ABLFL: ADY === 0 ? "Y" : "",
        AVALC: pos ? "POSITIVE" : "NEGATIVE",
        ATITER: pos ? 2 ** (1 + Math.floor(rnd() * 6)) : null,
        ADASTAT: "",
      });
    }
    const status = res[0]
      ? "BASELINE POSITIVE"
      : res.slice(1).some(Boolean)
        ? "TREATMENT INDUCED"
        : "NEGATIVE";
    adis.push({
      USUBJID,
      PARAMCD: "ADASTAT",
      PARAM: "Subject ADA Status",
      AVISIT: "",
      ADY: null,
      ABLFL: "",
      AVALC: status,
      ATITER: null,
      ADASTAT: status,
    });
    const bor = pick(["CR", "CRi", "MLFS", "NR", "PD", "NE"]);
    adrs.push({ USUBJID, PARAMCD: "BOR", PARAM: "Best Overall Response", AVALC: bor });
    adrs.push({ USUBJID, PARAMCD: "CRD28", PARAM: "CR/CRi at Day 28", AVALC: rnd() < 0.4 ? "Y" : "N" });
    adrs.push({ USUBJID, PARAMCD: "CRW12", PARAM: "CR/CRi at Week 12", AVALC: rnd() < 0.3 ? "Y" : "N" });
    adrs.push({ USUBJID, PARAMCD: "MRDNCR", PARAM: "MRD-Negative CR/CRi", AVALC: rnd() < 0.3 ? "Y" : "N" });
    for (const PARAMCD of ["OS", "PFS"])
      adtte.push({
        USUBJID,
        PARAMCD,
        PARAM: PARAMCD,
        AVAL: 10 + Math.floor(rnd() * 400),
        CNSR: rnd() < 0.5 ? 0 : 1,
      });
    if (bor === "CR" || bor === "CRi")
      adtte.push({
        USUBJID,
        PARAMCD: "DOR",
        PARAM: "DOR",
        AVAL: 5 + Math.floor(rnd() * 300),
        CNSR: rnd() < 0.5 ? 0 : 1,
      });
  }
  return new Map([
    [
      "ADSL",
      makeDataset("ADSL", adsl, [
        "TRT01AN",
        "AGE",
        "BMBLAST",
        "PRIORLN",
        "LDSTDT",
        "TRTSDT",
        "LDDAYS",
        "FLUDOSE",
        "CYCDOSE",
        "CARDOSE",
        "PCTPLDOS",
      ]),
    ],
    ["ADAE", makeDataset("ADAE", adae, ["ATOXGRN", "ASTDY", "ADURN", "ASTCTGRN", "ONSETDY"])],
    ["ADLB", makeDataset("ADLB", adlb, ["AVISITN", "ADY", "AVAL", "BTOXGRN", "ATOXGRN"])],
    ["ADPC", makeDataset("ADPC", adpc, ["NRRELTM", "ARELTM", "AVAL"])],
    ["ADPP", makeDataset("ADPP", adpp, ["AVAL", "PARAMN"])],
    ["ADIS", makeDataset("ADIS", adis, ["ADY", "ATITER"])],
    ["ADRS", makeDataset("ADRS", adrs, [])],
    ["ADTTE", makeDataset("ADTTE", adtte, ["AVAL", "CNSR"])],
  ]);
}
