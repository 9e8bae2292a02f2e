/**
 * The rule catalogue: every check this package runs, with its id, severity, one-line reason and source.
 * References name the FDA Validator Rules / FDA Technical Rejection Criteria (TRC) where a rule mirrors one,
 * otherwise the SDTMIG 3.4 / ADaMIG 1.3 section, the SAS XPORT v5 limits (FDA Study Data Technical
 * Conformance Guide, TCG) or Define-XML 2.1.
 */
import { coreRuleDefs } from "./checks/core.ts";
import type { RuleDef } from "./types.ts";

const R = (
  id: string,
  severity: RuleDef["severity"],
  group: RuleDef["group"],
  message: string,
  reference: string,
): RuleDef => ({ id, severity, group, message, reference });

// biome-ignore format: one rule per line
export const RULES: readonly RuleDef[] = [
  // Structure
  R("TF-STR01", "error", "Structure", "Dataset name is not 1-8 letters/digits starting with a letter", "FDA TCG 3.3.1; SAS XPORT v5"),
  R("TF-STR02", "error", "Structure", "Dataset label is missing or longer than 40 characters", "FDA TCG 3.3.1; SAS XPORT v5"),
  R("TF-STR03", "error", "Structure", "Variable name is not 1-8 letters/digits/underscore starting with a letter", "FDA TCG 3.3.1; SAS XPORT v5"),
  R("TF-STR04", "error", "Structure", "Variable label is missing or longer than 40 characters", "FDA TCG 3.3.1; SAS XPORT v5"),
  R("TF-STR05", "error", "Structure", "Character variable length is outside 1-200", "FDA TCG 3.3.1; SAS XPORT v5"),
  R("TF-STR06", "error", "Structure", "Value is longer than the variable's declared length", "SAS XPORT v5 (value would be truncated)"),
  R("TF-STR07", "warning", "Structure", "Character value holds non-ASCII characters", "FDA TCG 3.3.1 (ASCII text in XPORT)"),
  R("TF-STR08", "error", "Structure", "Variable type differs from the IG (Char/Num)", "SDTMIG 3.4 / ADaMIG 1.3 variable metadata"),
  R("TF-STR09", "error", "Structure", "Required variable is missing from the dataset", "SDTMIG 3.4 4.1.5 (Core=Req); ADaMIG 1.3 3.1"),
  R("TF-STR10", "error", "Structure", "Required variable has a missing value", "SDTMIG 3.4 4.1.5 (Req variables are always populated)"),
  R("TF-STR11", "warning", "Structure", "Expected variable is missing from the dataset", "SDTMIG 3.4 4.1.5 (Core=Exp)"),
  R("TF-STR12", "warning", "Structure", "Variable order differs from the IG order", "SDTMIG 3.4 2.6 (variable order as in the domain model)"),
  R("TF-STR13", "error", "Structure", "DOMAIN (or RDOMAIN) value does not match the dataset", "SDTMIG 3.4 4.1.2.2; CT C66734"),
  R("TF-STR14", "warning", "Structure", "Variable label differs from the IG label", "SDTMIG 3.4 domain models (variable labels)"),
  R("TF-STR15", "notice", "Structure", "Dataset has no records", "FDA TCG 4.1.1.3 (no empty datasets)"),
  // Terminology
  R("TF-CT01", "error", "Terminology", "Value is not in the non-extensible codelist", "SDTMIG 3.4 4.3; CDISC CT (non-extensible codelist)"),
  R("TF-CT02", "warning", "Terminology", "Value is not in the extensible codelist and not listed as an extended value in define.xml", "Define-XML 2.1 def:ExtendedValue; SDTMIG 3.4 4.3"),
  R("TF-CT03", "error", "Terminology", "--TESTCD / PARAMCD is longer than 8 characters, starts with a digit or holds other than A-Z, 0-9, _", "SDTMIG 3.4 4.5.3.1; ADaMIG 1.3 3.3.4"),
  R("TF-CT04", "error", "Terminology", "--TEST / PARAM is too long (--TEST > 40, PARAM > 200)", "SDTMIG 3.4 4.5.3.1; ADaMIG 1.3 3.3.4"),
  R("TF-CT05", "error", "Terminology", "--TESTCD and --TEST are not one-to-one", "SDTMIG 3.4 4.5.3.1"),
  R("TF-CT06", "error", "Terminology", "Flag variable holds a value other than Y, N or null", "ADaMIG 1.3 3.1.4 (*FL = Y/N/null, *FN = 1/0/null); SDTMIG 3.4 (--BLFL/--LOBXFL = Y or null)"),
  // Dates
  R("TF-DT01", "error", "Dates", "Date/time is not valid ISO 8601", "SDTMIG 3.4 4.4.1-4.4.2"),
  R("TF-DT02", "error", "Dates", "Start date is after end date", "SDTMIG 3.4 4.4.7; ADaMIG 1.3 3.3.3"),
  R("TF-DT03", "error", "Dates", "--DY is not consistent with --DTC and DM.RFSTDTC", "SDTMIG 3.4 4.4.4 (study day, no day 0)"),
  R("TF-DT04", "error", "Dates", "Study day is 0", "SDTMIG 3.4 4.4.4 (there is no day 0)"),
  R("TF-DT05", "error", "Dates", "Date is after the data cut-off", "FDA TCG 4.1.4.8 (data cut-off); study data cut-off date"),
  R("TF-DT06", "error", "Dates", "Duration is not valid ISO 8601", "SDTMIG 3.4 4.4.3"),
  // Keys and cross-domain
  R("TF-KEY01", "error", "Keys and cross-domain", "Natural key is not unique", "SDTMIG 3.4 3.2.1.1 (natural keys); Define-XML 2.1 KeySequence"),
  R("TF-KEY02", "error", "Keys and cross-domain", "--SEQ is not unique within USUBJID", "SDTMIG 3.4 4.1.2.8 (--SEQ unique per subject within a domain)"),
  R("TF-KEY03", "error", "Keys and cross-domain", "USUBJID is not in DM", "SDTMIG 3.4 5.2 (DM holds every subject)"),
  R("TF-KEY04", "warning", "Keys and cross-domain", "USUBJID/VISITNUM is not in SV", "SDTMIG 3.4 5.4 (SV records every visit with data)"),
  R("TF-KEY05", "warning", "Keys and cross-domain", "Planned (whole-number) VISITNUM is not in TV", "SDTMIG 3.4 7.3.1 (TV holds the planned visits)"),
  R("TF-KEY06", "error", "Keys and cross-domain", "VISITNUM has more than one VISIT", "SDTMIG 3.4 4.4.5 (one VISIT per VISITNUM); FDA Validator SD0051"),
  R("TF-KEY07", "warning", "Keys and cross-domain", "EPOCH does not match the subject's SE element at that date", "SDTMIG 3.4 5.3 (SE), 4.1.3.1 (EPOCH)"),
  R("TF-KEY08", "error", "Keys and cross-domain", "SUPP-- record points at no parent record", "SDTMIG 3.4 8.4.1 (RDOMAIN/USUBJID/IDVAR/IDVARVAL)"),
  R("TF-KEY09", "error", "Keys and cross-domain", "RELREC record points at no record", "SDTMIG 3.4 8.2.1 (RELREC)"),
  R("TF-KEY11", "warning", "Keys and cross-domain", "VISIT has more than one VISITNUM (e.g. one UNSCHEDULED label for several unplanned visits)", "SDTMIG 3.4 4.4.5 (VISIT and VISITNUM one-to-one)"),
  R("TF-KEY10", "error", "Keys and cross-domain", "ARMCD/ACTARMCD is not in TA and not a null-arm code", "SDTMIG 3.4 5.2 (DM ARMCD), 7.2.1 (TA)"),
  // Trial design and technical rejection criteria
  R("TF-TD01", "error", "Trial design and rejection criteria", "TS dataset is missing", "FDA TRC 1734; FDA Validator SD1115"),
  R("TF-TD02", "error", "Trial design and rejection criteria", "TS has no study start date (TSPARMCD=SSTDTC with a valid date)", "FDA TRC 1734"),
  R("TF-TD03", "warning", "Trial design and rejection criteria", "TS lacks a trial summary parameter FDA expects", "FDA TCG Appendix (Trial Summary parameters); SDTMIG 3.4 7.6.1"),
  R("TF-TD04", "error", "Trial design and rejection criteria", "DM dataset is missing", "FDA TRC 1735; FDA Validator SD1020"),
  R("TF-TD05", "error", "Trial design and rejection criteria", "ADSL dataset is missing", "FDA TRC 1736"),
  // Define-XML
  R("TF-DEF01", "error", "Define-XML", "define.xml is missing", "FDA TRC 1789"),
  R("TF-DEF02", "error", "Define-XML", "define.xml cannot be read", "Define-XML 2.1 schema"),
  R("TF-DEF03", "error", "Define-XML", "Dataset in define.xml is missing from the data", "FDA Validator SD0061"),
  R("TF-DEF04", "error", "Define-XML", "Dataset is not described in define.xml", "Define-XML 2.1 ItemGroupDef"),
  R("TF-DEF05", "error", "Define-XML", "Variable is not described in define.xml", "Define-XML 2.1 ItemRef/ItemDef"),
  R("TF-DEF06", "error", "Define-XML", "Variable in define.xml is missing from the dataset", "Define-XML 2.1 ItemRef/ItemDef"),
  R("TF-DEF07", "error", "Define-XML", "Variable type in define.xml does not match the data", "Define-XML 2.1 ItemDef/@DataType"),
  R("TF-DEF08", "warning", "Define-XML", "Variable label in define.xml does not match the data", "Define-XML 2.1 ItemDef/Description"),
  R("TF-DEF09", "error", "Define-XML", "Variable length in define.xml is shorter than the data", "Define-XML 2.1 ItemDef/@Length"),
  // ADaM
  R("TF-AD01", "error", "ADaM", "ADSL has more than one record for a subject", "ADaMIG 1.3 3.2 (ADSL: one record per subject)"),
  R("TF-AD02", "error", "ADaM", "ADSL subject is not in SDTM DM", "ADaMIG 1.3 3.2 (ADSL subjects come from DM)"),
  R("TF-AD03", "error", "ADaM", "Subject is not in ADSL", "ADaMIG 1.3 4 (every ADaM subject is in ADSL)"),
  R("TF-AD04", "error", "ADaM", "PARAMCD and PARAM are not one-to-one", "ADaMIG 1.3 3.3.4"),
  R("TF-AD05", "error", "ADaM", "BASE differs from AVAL of the baseline record (ABLFL=Y)", "ADaMIG 1.3 3.3.5"),
  R("TF-AD06", "error", "ADaM", "More than one baseline record (ABLFL=Y) per subject, parameter and BASETYPE", "ADaMIG 1.3 3.3.5"),
  R("TF-AD07", "error", "ADaM", "CHG is not AVAL - BASE", "ADaMIG 1.3 3.3.5 (CHG)"),
  R("TF-AD08", "error", "ADaM", "PCHG is not (AVAL - BASE) / BASE * 100", "ADaMIG 1.3 3.3.5 (PCHG)"),
  R("TF-AD09", "error", "ADaM", "TRTEMFL is not consistent with the start date and TRTSDT", "ADaM OCCDS 1.1 (TRTEMFL); ICH E9 treatment-emergent"),
  R("TF-AD10", "error", "ADaM", "CNSR is not 0 or 1", "ADaMIG 1.3 3.3.8 (ADaM BDS for TTE: CNSR)"),
  R("TF-AD11", "error", "ADaM", "Analysis date is after the data cut-off", "ADaMIG 1.3 3.3.3 (ADT within the study period)"),
  R("TF-SYS01", "notice", "Structure", "A check could not run on this dataset (a variable has an unexpected type)", "trialforge validate (robustness)"),
  R("TF-AD12", "error", "ADaM", "ADSL population flag is null", "ADaMIG 1.3 3.2.3 (population flags are Y or N)"),
];

export const RULE_BY_ID: ReadonlyMap<string, RuleDef> = new Map(RULES.map((r) => [r.id, r]));

/**
 * Our rules that a CDISC CORE rule covers for SDTM: with CORE on, they report only on ADaM datasets and
 * the CORE rule reports the SDTM findings, so each check exists once.
 */
export const RETIRED_BY_CORE: Readonly<Record<string, string>> = {
  "TF-STR14": "CORE-000398",
  "TF-KEY03": "CORE-000201",
};

/** A rule of the catalogue: ours (TF-*) or CDISC CORE's (CORE-*). */
export function ruleDef(id: string): RuleDef | undefined {
  return RULE_BY_ID.get(id) ?? (id.startsWith("CORE-") ? coreRuleDefs().get(id) : undefined);
}
