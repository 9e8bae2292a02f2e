/**
 * ADAE (OCCDS): one record per AE record, with analysis dates, TEAE, toxicity grade, DLT and CRS/ICANS variables.
 */
import type { Dataset, Diagnostics, VariableMeta } from "@trialforge/core";
import type { AdamSpec } from "@trialforge/spec";
import { computeDltfl } from "../derivations/dltfl.ts";
import { deriveExtremeFlag } from "../derivations/extreme-flag.ts";
import { computeImputedEndDate, computeImputedStartDate } from "../derivations/imputed-date.ts";
import { relativeDayRule } from "../derivations/relative-day.ts";
import { computeTrtemfl } from "../derivations/trtemfl.ts";
import { dtcSasDate } from "../internal/dtc.ts";
import { charAt, numAt } from "../internal/frame.ts";
import { type DatasetDef, datasetOf, pred, VARS, varMeta } from "../internal/meta.ts";
import type { AdamStudy } from "../internal/study.ts";
import { suppByParent, suppKey } from "../internal/supp.ts";
import { adslLookup } from "./adsl-lookup.ts";

export interface AdaeInput {
  study: AdamStudy;
  spec: AdamSpec;
  sdtm: Map<string, Dataset>;
  adsl: Dataset;
  diagnostics: Diagnostics;
}

const ADSL_KEEP = [
  "STUDYID",
  "USUBJID",
  "SUBJID",
  "SITEID",
  "AGE",
  "SEX",
  "RACE",
  "TRT01A",
  "TRT01AN",
  "TRTSDT",
  "TRTEDT",
  "SAFFL",
];
const AE_VARS = [
  "AESEQ",
  "AETERM",
  "AEDECOD",
  "AEBODSYS",
  "AESTDTC",
  "AEENDTC",
  "ASTDT",
  "ASTDTF",
  "AENDT",
  "AENDTF",
  "ASTDY",
  "AENDY",
  "ADURN",
  "ADURU",
  "TRTEMFL",
  "AESER",
  "AEREL",
  "AREL",
  "AETOXGR",
  "ATOXGR",
  "ATOXGRN",
  "AEOUT",
  "CRSFL",
  "ICANSFL",
  "ASTCTGR",
  "ASTCTGRN",
  "ONSETDY",
  "DLTFL",
  "DLTCRIT",
];

function suppMeta(qnam: string, label: string): VariableMeta {
  return VARS[qnam]
    ? varMeta(qnam)
    : { name: qnam, label, type: "Char", length: 1, origin: pred(`SUPPAE.QVAL where QNAM = "${qnam}"`) };
}

export function adaeDef(spec: AdamSpec): DatasetDef {
  const supp = (spec.adae?.supp ?? []).filter((q) => !AE_VARS.includes(q.qnam));
  return {
    name: "ADAE",
    label: "Adverse Events Analysis Dataset",
    class: "OCCURRENCE DATA STRUCTURE",
    structure: "One record per adverse event per subject",
    keys: ["STUDYID", "USUBJID", "AEBODSYS", "AEDECOD", "ASTDT", "AESEQ"],
    variables: [
      ...ADSL_KEEP.map((n) =>
        varMeta(
          n,
          n === "STUDYID" || n === "USUBJID" ? {} : { origin: pred(`ADSL.${n}`), method: undefined },
        ),
      ),
      ...AE_VARS.map((n) => varMeta(n)),
      ...supp.map((q) => suppMeta(q.qnam, q.label)),
      varMeta("AOCCFL"),
      varMeta("AOCCSFL"),
      varMeta("AOCCPFL"),
      varMeta("SRCDOM"),
      varMeta("SRCVAR"),
      varMeta("SRCSEQ"),
    ],
  };
}

const gradeNum = (s: string): number | null => {
  const m = /^\s*(\d)/.exec(s);
  return m ? Number(m[1]) : null;
};

export function buildAdae(input: AdaeInput): Dataset {
  const { sdtm, spec, adsl, diagnostics } = input;
  const s = spec.adae;
  if (!s) throw new Error("buildAdae: the ADaM spec has no adae.yaml");
  const ae = sdtm.get("AE");
  const def = adaeDef(spec);
  if (!ae) {
    diagnostics.warning("ADAM.NO_SOURCE", "SDTM AE is missing; ADAE has no records", { dataset: "ADAE" });
    return datasetOf(def, []);
  }
  const subj = adslLookup(adsl);
  const supp = suppByParent(sdtm.get("SUPPAE"));
  const relDay = relativeDayRule(spec.general.relativeDay);
  const cutoff = dtcSasDate(spec.general.dataCutoff ?? input.study.dataCutoff ?? "") ?? null;
  const extraSupp = def.variables.filter((v) => (s.supp ?? []).some((q) => q.qnam === v.name));

  const rows = [];
  for (let i = 0; i < ae.length; i++) {
    const usubjid = charAt(ae, "USUBJID", i);
    const sl = subj.get(usubjid);
    if (!sl) {
      diagnostics.warning("ADAM.NO_ADSL", `AE record of ${usubjid} has no ADSL subject; not carried`, {
        dataset: "ADAE",
        key: `USUBJID=${usubjid}`,
      });
      continue;
    }
    const aeseq = numAt(ae, "AESEQ", i);
    const q = supp.get(suppKey(usubjid, aeseq)) ?? new Map<string, string>();
    // ASTDT/ASTDTF, AENDT/AENDTF: partial-date imputation
    const trtsdt = sl.num("TRTSDT");
    const start = computeImputedStartDate(charAt(ae, "AESTDTC", i), {
      minDate: s.startImputation === "firstNotBeforeTreatment" ? trtsdt : null,
    });
    const aeendtc = charAt(ae, "AEENDTC", i);
    const end =
      s.endImputation === "last"
        ? computeImputedEndDate(aeendtc, { maxDates: [sl.num("DTHDT"), cutoff] })
        : dtcSasDate(aeendtc) !== undefined
          ? { date: dtcSasDate(aeendtc)!, flag: "" as const }
          : undefined;
    const astdt = start?.date ?? null;
    const aendt = end?.date ?? null;
    // ASTDY/AENDY, ADURN: relative to infusion
    const adurn = astdt !== null && aendt !== null ? aendt - astdt + 1 : null;
    // TRTEMFL
    const trtemfl = computeTrtemfl(astdt, trtsdt, {
      aendt,
      trtedt: sl.num("TRTEDT"),
      windowAfterLastDoseDays: s.treatmentEmergent.windowAfterLastDoseDays,
    });
    // AREL, ATOXGR (ASTCT grade for CRS/ICANS)
    const aedecod = charAt(ae, "AEDECOD", i);
    const aerel = charAt(ae, "AEREL", i);
    const related = s.relatedTerms.includes(aerel);
    const crs = s.crs.terms.includes(aedecod);
    const icans = s.icans.terms.includes(aedecod);
    const gradeQnam = crs ? s.crs.gradeQnam : icans ? s.icans.gradeQnam : undefined;
    const astctgr = gradeQnam ? (q.get(gradeQnam) ?? "") : "";
    const aetoxgr = charAt(ae, "AETOXGR", i) || String(numAt(ae, "AETOXGR", i) ?? "");
    const atoxgr = astctgr || aetoxgr;
    // DLTFL: in the DLT window and meeting a spec criterion
    const lstalvdt = sl.num("LSTALVDT");
    const ongoingTo = cutoff ?? lstalvdt;
    const durationDays =
      adurn ?? (aeendtc === "" && astdt !== null && ongoingTo !== null ? ongoingTo - astdt + 1 : null);
    const dlt = computeDltfl(
      {
        astdt,
        trtsdt,
        grade: gradeNum(aetoxgr),
        astctGrade: gradeNum(astctgr),
        aedecod,
        aebodsys: charAt(ae, "AEBODSYS", i),
        related,
        durationDays,
        investigatorFlag: s.dlt.investigatorQnam ? (q.get(s.dlt.investigatorQnam) ?? "") : "",
      },
      s.dlt,
    );
    const row: Record<string, string | number | null> = {};
    for (const v of ADSL_KEEP) row[v] = sl.get(v);
    Object.assign(row, {
      AESEQ: aeseq,
      AETERM: charAt(ae, "AETERM", i),
      AEDECOD: aedecod,
      AEBODSYS: charAt(ae, "AEBODSYS", i),
      AESTDTC: charAt(ae, "AESTDTC", i),
      AEENDTC: aeendtc,
      ASTDT: astdt,
      ASTDTF: start?.flag ?? "",
      AENDT: aendt,
      AENDTF: end?.flag ?? "",
      ASTDY: relDay(astdt, trtsdt),
      AENDY: relDay(aendt, trtsdt),
      ADURN: adurn,
      ADURU: adurn === null ? "" : "DAYS",
      TRTEMFL: trtemfl,
      AESER: charAt(ae, "AESER", i),
      AEREL: aerel,
      AREL: aerel === "" ? "" : related ? "RELATED" : "NOT RELATED",
      AETOXGR: aetoxgr,
      ATOXGR: atoxgr,
      ATOXGRN: gradeNum(atoxgr),
      AEOUT: charAt(ae, "AEOUT", i),
      CRSFL: crs ? "Y" : "",
      ICANSFL: icans ? "Y" : "",
      ASTCTGR: astctgr,
      ASTCTGRN: gradeNum(astctgr),
      ONSETDY: crs || icans ? relDay(astdt, trtsdt) : null,
      DLTFL: dlt.flag,
      DLTCRIT: dlt.criterion,
      AOCCFL: "",
      AOCCSFL: "",
      AOCCPFL: "",
      SRCDOM: "AE",
      SRCVAR: "AETERM",
      SRCSEQ: aeseq,
    });
    for (const v of extraSupp) row[v.name] = q.get(v.name) ?? "";
    rows.push(row);
  }
  let adae = datasetOf(def, rows);
  // AOCCFL/AOCCSFL/AOCCPFL: first TEAE per subject / SOC / PT by ASTDT, AESEQ
  const teae = adae.char("TRTEMFL");
  const y = teae.lookup("Y");
  const isTeae = (r: number) => teae.codes[r] === y;
  const order = ["ASTDT", "AESEQ"];
  adae = deriveExtremeFlag(adae, {
    byVars: ["USUBJID"],
    order,
    newVar: "AOCCFL",
    mode: "first",
    filter: isTeae,
  });
  adae = deriveExtremeFlag(adae, {
    byVars: ["USUBJID", "AEBODSYS"],
    order,
    newVar: "AOCCSFL",
    mode: "first",
    filter: isTeae,
  });
  adae = deriveExtremeFlag(adae, {
    byVars: ["USUBJID", "AEBODSYS", "AEDECOD"],
    order,
    newVar: "AOCCPFL",
    mode: "first",
    filter: isTeae,
  });
  return adae;
}
