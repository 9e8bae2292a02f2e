/**
 * FDA Technical Rejection Criteria for Study Data, as far as the datasets of one study decide them (the
 * eCTD validations the gateway runs; a failure means the submission is rejected automatically):
 * - 1734: a Trial Summary dataset (ts.xpt) with the study start date (TSPARMCD = SSTDTC, an ISO 8601 date);
 * - 1735: datasets and define.xml tagged correctly in the study tagging file (STF). The STF is the publishing
 *   tool's; here: each standard's folder holds its define.xml;
 * - 1736: DM (SDTM) and ADSL (ADaM, when ADaM is submitted) present, with define.xml;
 * - 1789 (STF present for study sections) is the publishing tool's and not checked here.
 * Also checked: eCTD file names (lower case, ≤ 8 characters, letters and digits).
 */
import { checkDatasetFileName } from "./agency.ts";

export interface StudyDataInventory {
  /** File names in tabulations/sdtm (datasets and define.xml). */
  sdtmFiles: readonly string[];
  /** File names in analysis/adam/datasets; empty when no ADaM is submitted. */
  adamFiles: readonly string[];
  /** TS rows (TSPARMCD, TSVAL), when ts.xpt could be read. */
  ts?: readonly { TSPARMCD: string; TSVAL: string }[];
}

export interface CriterionResult {
  id: string;
  title: string;
  passed: boolean;
  /** What was found (for a failure: what is missing). */
  detail: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The criteria in the order the gateway checks them. */
export function checkRejectionCriteria(inv: StudyDataInventory): CriterionResult[] {
  const sdtm = new Set(inv.sdtmFiles);
  const adam = new Set(inv.adamFiles);
  const hasAdam = inv.adamFiles.some((f) => f.endsWith(".xpt"));
  const out: CriterionResult[] = [];

  const sstdtc = inv.ts?.find((r) => r.TSPARMCD === "SSTDTC")?.TSVAL ?? "";
  out.push({
    id: "1734",
    title: "Trial Summary (TS) dataset with the study start date (TSPARMCD = SSTDTC)",
    passed: sdtm.has("ts.xpt") && ISO_DATE.test(sstdtc),
    detail: !sdtm.has("ts.xpt")
      ? "ts.xpt is missing from tabulations/sdtm"
      : sstdtc === ""
        ? "ts.xpt has no SSTDTC record"
        : ISO_DATE.test(sstdtc)
          ? `SSTDTC = ${sstdtc}`
          : `SSTDTC = "${sstdtc}" is not a complete ISO 8601 date`,
  });

  const missingDefine = [
    ...(sdtm.has("define.xml") ? [] : ["tabulations/sdtm/define.xml"]),
    ...(hasAdam && !adam.has("define.xml") ? ["analysis/adam/datasets/define.xml"] : []),
  ];
  out.push({
    id: "1735",
    title: "define.xml beside the datasets of each standard (STF tags are the publishing tool's)",
    passed: missingDefine.length === 0,
    detail: missingDefine.length === 0 ? "define.xml present" : `missing: ${missingDefine.join(", ")}`,
  });

  const missingCore = [
    ...(sdtm.has("dm.xpt") ? [] : ["dm.xpt"]),
    ...(hasAdam && !adam.has("adsl.xpt") ? ["adsl.xpt"] : []),
    ...(sdtm.has("define.xml") ? [] : ["define.xml (SDTM)"]),
  ];
  out.push({
    id: "1736",
    title: "DM dataset, ADSL dataset (when ADaM is submitted) and define.xml present",
    passed: missingCore.length === 0,
    detail:
      missingCore.length === 0
        ? `dm.xpt${hasAdam ? ", adsl.xpt" : ""} and define.xml present`
        : `missing: ${missingCore.join(", ")}`,
  });

  const badNames = [...inv.sdtmFiles, ...inv.adamFiles]
    .filter((f) => f.endsWith(".xpt") || !/\.(xml|html|pdf|txt)$/.test(f))
    .map(checkDatasetFileName)
    .filter((m): m is string => m !== undefined);
  out.push({
    id: "names",
    title: "Dataset file names: lower case, at most 8 characters, letters and digits, .xpt",
    passed: badNames.length === 0,
    detail: badNames.length === 0 ? "all dataset file names conform" : badNames.join("; "),
  });
  return out;
}
