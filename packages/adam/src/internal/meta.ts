/**
 * ADaM variable metadata: one library entry per variable (label, type, origin, method, codelist), and helpers
 * that turn a builder's variable list plus its rows/columns into a Dataset with complete metadata. Character
 * lengths are the longest value actually present (at least 1), so XPT files carry no padding.
 */
import {
  type CellValue,
  type Column,
  Dataset,
  type DatasetClass,
  type DatasetMeta,
  datasetFromRows,
  fitCharLengths,
  type InputValue,
  type Origin,
  type VariableMeta,
} from "@trialforge/core";

export type VarDef = Omit<VariableMeta, "name" | "length"> & { length?: number };

export const pred = (source: string): Origin => ({ type: "Predecessor", description: source });
export const derivedOrigin: Origin = { type: "Derived" };
export const assigned: Origin = { type: "Assigned" };

const c = (label: string, origin: Origin, extra: Partial<VarDef> = {}): VarDef => ({
  label,
  type: "Char",
  origin,
  ...extra,
});
const n = (label: string, origin: Origin, extra: Partial<VarDef> = {}): VarDef => ({
  label,
  type: "Num",
  origin,
  dataType: "integer",
  ...extra,
});
const f = (label: string, origin: Origin, extra: Partial<VarDef> = {}): VarDef => ({
  label,
  type: "Num",
  origin,
  dataType: "float",
  ...extra,
});
const dt = (label: string, method: string): VarDef => ({
  label,
  type: "Num",
  origin: derivedOrigin,
  dataType: "integer",
  displayFormat: "DATE9.",
  method,
});
const dtm = (label: string, method: string): VarDef => ({
  label,
  type: "Num",
  origin: derivedOrigin,
  dataType: "integer",
  displayFormat: "E8601DT19.",
  method,
});
const d = (label: string, method: string, extra: Partial<VarDef> = {}): VarDef =>
  c(label, derivedOrigin, { method, ...extra });
const dn = (label: string, method: string, extra: Partial<VarDef> = {}): VarDef =>
  n(label, derivedOrigin, { method, ...extra });
const df = (label: string, method: string, extra: Partial<VarDef> = {}): VarDef =>
  f(label, derivedOrigin, { method, ...extra });
const YN = { codelist: "NY" };

/** The variable library; builders pick from it and may override the method text. */
export const VARS: Record<string, VarDef> = {
  STUDYID: c("Study Identifier", pred("DM.STUDYID")),
  USUBJID: c("Unique Subject Identifier", pred("DM.USUBJID")),
  SUBJID: c("Subject Identifier for the Study", pred("DM.SUBJID")),
  SITEID: c("Study Site Identifier", pred("DM.SITEID")),
  AGE: n("Age", pred("DM.AGE")),
  AGEU: c("Age Units", pred("DM.AGEU"), { codelist: "C66781" }),
  AGEGR1: d(
    "Pooled Age Group 1",
    "Age group from AGE by the spec's age groups (lower bound inclusive, upper exclusive)",
  ),
  AGEGR1N: dn("Pooled Age Group 1 (N)", "Order of AGEGR1 in the spec's age groups"),
  SEX: c("Sex", pred("DM.SEX"), { codelist: "C66731" }),
  RACE: c("Race", pred("DM.RACE"), { codelist: "C74457" }),
  ETHNIC: c("Ethnicity", pred("DM.ETHNIC"), { codelist: "C66790" }),
  COUNTRY: c("Country", pred("DM.COUNTRY")),
  ARM: c("Description of Planned Arm", pred("DM.ARM")),
  ARMCD: c("Planned Arm Code", pred("DM.ARMCD")),
  ACTARM: c("Description of Actual Arm", pred("DM.ACTARM")),
  ACTARMCD: c("Actual Arm Code", pred("DM.ACTARMCD")),
  TRT01P: d("Planned Treatment for Period 01", "Dose-level group of DM.ARMCD"),
  TRT01PN: dn("Planned Treatment for Period 01 (N)", "Dose level of DM.ARMCD"),
  TRT01A: d("Actual Treatment for Period 01", "Dose-level group of DM.ACTARMCD; blank when not infused"),
  TRT01AN: dn("Actual Treatment for Period 01 (N)", "Dose level of DM.ACTARMCD; missing when not infused"),
  TRTSDT: dt(
    "Date of First Exposure to Treatment",
    "Date of the first dose of study treatment (EX.EXSTDTC of the spec's treatment selector)",
  ),
  TRTSDTM: dtm(
    "Datetime of First Exposure to Treatment",
    "Datetime of the first dose of study treatment when its time is collected",
  ),
  TRTEDT: dt(
    "Date of Last Exposure to Treatment",
    "Date of the last dose of study treatment (EXENDTC, else EXSTDTC)",
  ),
  LDSTDT: dt("Lymphodepletion Start Date", "First EX.EXSTDTC of the lymphodepletion selector"),
  BMBLAST: df("Baseline Bone Marrow Blasts (%)", "Last bone-marrow blast value on or before TRTSDT"),
  PRIORLN: dn("Number of Prior Lines of Therapy", "Count of distinct prior anti-cancer therapy lines"),
  PRHSCTFL: d("Prior HSCT Flag", "Y when any prior HSCT record exists, else N", YN),
  ENRLFL: d(
    "Enrolled Population Flag",
    "Y when informed consent is dated and the subject was assigned an arm",
    YN,
  ),
  SAFFL: d("Safety Population Flag", "Y when the subject received study treatment (TRTSDT not missing)", YN),
  DLTEVLFL: d(
    "DLT Evaluable Population Flag",
    "Y when SAFFL=Y and the subject had a DLT or was followed through the DLT window (LSTALVDT >= TRTSDT + window)",
    YN,
  ),
  EFFFL: d(
    "Efficacy Population Flag",
    "Y when SAFFL=Y and at least one post-treatment response assessment exists",
    YN,
  ),
  PKFL: d("PK Population Flag", "Y when SAFFL=Y and at least one post-treatment PK sample exists", YN),
  EOSSTT: d(
    "End of Study Status",
    "COMPLETED/DISCONTINUED from the last end-of-study DS record; ONGOING when none",
  ),
  EOSDT: dt("End of Study Date", "DSSTDTC of the last end-of-study DS record"),
  DCSREAS: d(
    "Reason for Discontinuation from Study",
    "DS.DSDECOD of the end-of-study record when not completed",
  ),
  DTHFL: c("Subject Death Flag", pred("DM.DTHFL"), YN),
  DTHDT: dt("Date of Death", "DM.DTHDTC as a date (imputed to the first day when partial)"),
  DTHDTF: d("Date of Death Imputation Flag", "D/M when the death date day/month was imputed"),
  DTHCAUS: d("Cause of Death", "DS.DSTERM of the death record"),
  LSTALVDT: dt(
    "Date Last Known Alive",
    "Latest complete date across the spec's last-alive sources, not after death or cut-off",
  ),
  // OCCDS
  AESEQ: n("Sequence Number", pred("AE.AESEQ")),
  AETERM: c("Reported Term for the Adverse Event", pred("AE.AETERM")),
  AEDECOD: c("Dictionary-Derived Term", pred("AE.AEDECOD")),
  AEBODSYS: c("Body System or Organ Class", pred("AE.AEBODSYS")),
  AESTDTC: c("Start Date/Time of Adverse Event", pred("AE.AESTDTC"), { dataType: "datetime" }),
  AEENDTC: c("End Date/Time of Adverse Event", pred("AE.AEENDTC"), { dataType: "datetime" }),
  ASTDT: dt(
    "Analysis Start Date",
    "AESTDTC imputed: missing day to the 1st, missing month to January, but not before TRTSDT when the partial date contains it",
  ),
  ASTDTF: d(
    "Analysis Start Date Imputation Flag",
    "D when the day was imputed, M when month and day, Y when the year",
  ),
  AENDT: dt(
    "Analysis End Date",
    "AEENDTC imputed to the last possible date, capped at death date and data cut-off",
  ),
  AENDTF: d("Analysis End Date Imputation Flag", "D when the day was imputed, M when month and day"),
  ASTDY: dn(
    "Analysis Start Relative Day",
    "ASTDT - TRTSDT, day 0 or no day 0 per the spec's general.relativeDay",
  ),
  AENDY: dn(
    "Analysis End Relative Day",
    "AENDT - TRTSDT, day 0 or no day 0 per the spec's general.relativeDay",
  ),
  ADURN: dn("Analysis Duration (N)", "AENDT - ASTDT + 1"),
  ADURU: d("Analysis Duration Units", "DAYS when ADURN is present"),
  TRTEMFL: d(
    "Treatment Emergent Analysis Flag",
    "Y when ASTDT >= TRTSDT (and within the spec's window after the last dose); Y when ASTDT is missing unless AENDT < TRTSDT",
    YN,
  ),
  AESER: c("Serious Event", pred("AE.AESER"), YN),
  AEREL: c("Causality", pred("AE.AEREL")),
  AREL: d("Analysis Causality", "RELATED when AEREL is one of the spec's related terms, else NOT RELATED"),
  AETOXGR: c("Standard Toxicity Grade", pred("AE.AETOXGR")),
  ATOXGR: d(
    "Analysis Toxicity Grade",
    "AETOXGR; for CRS/ICANS the ASTCT consensus grade from SUPPAE (ADAE); CTCAE grade of AVAL by the spec's criteria (ADLB)",
  ),
  ATOXGRN: dn("Analysis Toxicity Grade (N)", "ATOXGR as a number"),
  AEOUT: c("Outcome of Adverse Event", pred("AE.AEOUT")),
  DLTFL: d(
    "Dose Limiting Toxicity Flag",
    "Y when 0 <= ASTDT - TRTSDT <= DLT window and a DLT criterion of the spec holds or the investigator flagged it",
    YN,
  ),
  DLTCRIT: d("DLT Criterion Met", "Description of the first DLT criterion that holds"),
  CRSFL: d("Cytokine Release Syndrome Flag", "Y when AEDECOD is a CRS term of the spec", YN),
  ICANSFL: d("ICANS Flag", "Y when AEDECOD is an ICANS term of the spec", YN),
  ASTCTGR: d("ASTCT Consensus Grade", "SUPPAE QNAM ASTCTGR for CRS/ICANS events"),
  ASTCTGRN: dn("ASTCT Consensus Grade (N)", "ASTCTGR as a number"),
  ONSETDY: dn("Time to Onset from First Dose (Days)", "ASTDT - TRTSDT for the spec's CRS/ICANS events"),
  AOCCFL: d("1st Occurrence within Subject Flag", "Y on the first TEAE of the subject by ASTDT, AESEQ", YN),
  AOCCSFL: d(
    "1st Occurrence of SOC Flag",
    "Y on the first TEAE of the subject within AEBODSYS by ASTDT, AESEQ",
    YN,
  ),
  AOCCPFL: d(
    "1st Occurrence of Preferred Term Flag",
    "Y on the first TEAE of the subject within AEBODSYS/AEDECOD by ASTDT, AESEQ",
    YN,
  ),
  SRCDOM: d("Source Data", "SDTM domain of the source record"),
  SRCVAR: d("Source Variable", "SDTM variable of the source value"),
  SRCSEQ: dn("Source Sequence Number", "--SEQ of the source record"),
  // BDS
  PARAMCD: d("Parameter Code", "From the spec's parameter table"),
  PARAM: d("Parameter", "From the spec's parameter table"),
  PARAMN: dn("Parameter (N)", "From the spec's parameter table"),
  PARCAT1: d("Parameter Category 1", "From the spec's parameter table"),
  AVAL: f("Analysis Value", derivedOrigin, { method: "Standard numeric result in SI units" }),
  AVALC: d("Analysis Value (C)", "Standard character result"),
  AVALU: d("Analysis Value Unit", "Standard unit"),
  ADT: dt("Analysis Date", "Date part of the --DTC of the source record"),
  ADTM: dtm("Analysis Datetime", "The --DTC of the source record when the time is collected"),
  ADY: dn("Analysis Relative Day", "ADT - TRTSDT, day 0 or no day 0 per the spec's general.relativeDay"),
  AVISIT: d("Analysis Visit", "Analysis window of ADY from the spec; BASELINE for the baseline record"),
  AVISITN: dn("Analysis Visit (N)", "Window order from the spec; 0 for the baseline record"),
  VISIT: c("Visit Name", pred("VISIT")),
  VISITNUM: f("Visit Number", pred("VISITNUM")),
  ABLFL: d(
    "Baseline Record Flag",
    "Y on the last record with non-missing AVAL on or before TRTSDT per subject and parameter",
    YN,
  ),
  BASE: df("Baseline Value", "AVAL of the record with ABLFL = Y"),
  CHG: df("Change from Baseline", "AVAL - BASE, post-baseline records only"),
  PCHG: df("Percent Change from Baseline", "100 * (AVAL - BASE) / BASE; missing when BASE is 0"),
  ANRLO: f("Analysis Normal Range Lower Limit", pred("LB.LBSTNRLO")),
  ANRHI: f("Analysis Normal Range Upper Limit", pred("LB.LBSTNRHI")),
  ANRIND: d(
    "Analysis Reference Range Indicator",
    "LOW when AVAL < ANRLO, HIGH when AVAL > ANRHI, else NORMAL",
  ),
  BNRIND: d("Baseline Reference Range Indicator", "ANRIND of the baseline record"),
  ATOXDSCL: d(
    "Analysis Toxicity Description Low",
    "CTCAE term of the parameter's low-direction grading criteria",
  ),
  ATOXDSCH: d(
    "Analysis Toxicity Description High",
    "CTCAE term of the parameter's high-direction grading criteria",
  ),
  BTOXGR: d("Baseline Toxicity Grade", "ATOXGR of the baseline record"),
  BTOXGRN: dn("Baseline Toxicity Grade (N)", "ATOXGRN of the baseline record"),
  ONTRTFL: d("On Treatment Record Flag", "Y when ADT >= TRTSDT and the record is not the baseline", YN),
  WGRLOFL: d(
    "Worst Low Grade Flag",
    "Y on the post-baseline record with the highest grade (earliest on ties) for low-direction criteria",
    YN,
  ),
  WGRHIFL: d(
    "Worst High Grade Flag",
    "Y on the post-baseline record with the highest grade (earliest on ties) for high-direction criteria",
    YN,
  ),
  ANL01FL: d(
    "Analysis Flag 01",
    "Y on the record closest to the window target per subject, parameter and AVISIT (later on ties)",
    YN,
  ),
  // ADPC / ADPP
  NRRELTM: df(
    "Nominal Relative Time from Reference",
    "Planned time from the reference dose (PCELTM) in RRLTU",
  ),
  ARELTM: df("Analysis Relative Time", "(PCDTC - TRTSDTM) in RRLTU; dates only when time missing"),
  RRLTU: d("Relative Time Unit", "From the spec"),
  BLQFL: d("Below Lower Limit of Quantitation Flag", "Y when the result is below LLOQ", YN),
  ALLOQ: f("Analysis Lower Limit of Quantitation", pred("PC.PCLLOQ")),
  PCTPT: c("Planned Time Point Name", pred("PC.PCTPT")),
  PCSPEC: c("Specimen Material Type", pred("PC.PCSPEC")),
  ABLFLPC: d("Baseline Record Flag", "Y on the last pre-dose sample"),
  PPSTRESU: d("Parameter Unit", "Unit of the NCA parameter"),
  // ADRS / ADTTE / ADIS
  AVALN: dn("Analysis Value (N)", "Position of AVALC in the response hierarchy"),
  CNSR: dn("Censor", "0 = event, 1 = censored"),
  STARTDT: dt("Time-to-Event Origin Date for Subject", "TRTSDT (OS, PFS) or the first response date (DOR)"),
  EVNTDESC: d("Event or Censoring Description", "Per the spec's event/censoring descriptions"),
  CNSDTDSC: d("Censor Date Description", "Per the spec's censoring descriptions"),
  ISTESTCD: c("Immunogenicity Test/Exam Short Name", pred("IS.ISTESTCD")),
  ADASTAT: d(
    "ADA Status of Subject",
    "BASELINE POSITIVE / TREATMENT INDUCED / TREATMENT BOOSTED / NEGATIVE per the spec",
  ),
  ATITER: df("ADA Titre", "Titre from the IS titre record on the same date"),
  BTITER: df("Baseline ADA Titre", "ATITER of the baseline record"),
};

/** One variable's full metadata: the library entry (with overrides) and the name. */
export function varMeta(name: string, override: Partial<VarDef> = {}): VariableMeta {
  const def = VARS[name];
  if (!def) throw new Error(`ADaM variable ${name} is not in the variable library`);
  const v = { ...def, ...override };
  return { name, length: v.type === "Num" ? 8 : 1, ...v };
}

export interface DatasetDef {
  name: string;
  label: string;
  class: DatasetClass;
  structure: string;
  keys: string[];
  variables: VariableMeta[];
}

function datasetMeta(def: DatasetDef): DatasetMeta {
  const variables = def.variables.map((v) => {
    const k = def.keys.indexOf(v.name);
    return k >= 0 ? { ...v, keySequence: k + 1 } : v;
  });
  return {
    name: def.name,
    label: def.label,
    standard: "ADaM",
    class: def.class,
    structure: def.structure,
    keys: def.keys,
    variables,
    purpose: "Analysis",
  };
}

/** Sets each character variable's length to its longest value in bytes (at least 1). */
export function fitLengths(ds: Dataset): Dataset {
  // XPT v5 holds at most 200 bytes per character value.
  return fitCharLengths(ds, 200);
}

/** A dataset from row objects with the def's metadata; lengths fitted. */
export function datasetOf(def: DatasetDef, rows: Iterable<Record<string, InputValue>>): Dataset {
  return fitLengths(datasetFromRows(datasetMeta(def), rows));
}

/** A dataset from ready columns, reordering/selecting the def's variables; lengths fitted. */
export function datasetFromColumns(
  def: DatasetDef,
  columns: ReadonlyMap<string, Column>,
  length: number,
): Dataset {
  return fitLengths(new Dataset(datasetMeta(def), columns, length));
}

export type { CellValue };

/** A variable copied from ADSL: its metadata with origin Predecessor ADSL.<source>. */
export function fromAdsl(name: string, source = name): VariableMeta {
  return varMeta(name, { origin: pred(`ADSL.${source}`), method: undefined });
}
