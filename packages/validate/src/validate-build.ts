/**
 * validateBuild: every rule over a build's SDTM and ADaM (and their define.xml). Pure: datasets in,
 * findings out; the report writer lives in write/.
 */
import { type Dataset, dtcEpochDay, sasDate } from "@trialforge/core";
import { checkAdam } from "./checks/adam.ts";
import { checkCore } from "./checks/core.ts";
import { checkAdamDates, checkDates } from "./checks/dates.ts";
import { checkDefine } from "./checks/define.ts";
import { checkCrossDomain, checkKeys } from "./checks/keys.ts";
import { checkStructure } from "./checks/structure.ts";
import { checkTerminology } from "./checks/terminology.ts";
import { checkTrialDesign } from "./checks/trial-design.ts";
import { type DefineDocument, parseDefineXml } from "./define-xml.ts";
import { applyExplanations, explanationFor } from "./explanations.ts";
import { Collector } from "./internal/collector.ts";
import { type Prepared, prepare } from "./internal/prepare.ts";
import { RETIRED_BY_CORE, RULES } from "./rules.ts";
import type { Finding, RuleNotRun, ValidateInput } from "./types.ts";

const byName = (m: Map<string, Dataset>) => new Map([...m].map(([k, d]) => [k.toUpperCase(), d]));

/** Runs every rule; findings come back in a deterministic order (see sortFindings). */
export function validateBuild(input: ValidateInput): Finding[] {
  return validateStudy(input).findings;
}

/**
 * Runs every rule (with `core`, CDISC's CORE rules too) and returns the findings, explained where the study
 * explains them, and the CORE rules that did not run with the reason.
 */
export function validateStudy(input: ValidateInput): {
  findings: Finding[];
  notRun: RuleNotRun[];
  /** How many rules ran: every TF rule, plus the CORE rules that ran. */
  rulesChecked: number;
} {
  const tf = validateTf(input);
  if (!input.core) {
    applyExplanations(tf, input.explanations ?? []);
    return { findings: tf, notRun: [], rulesChecked: RULES.length };
  }
  const explanations = input.explanations ?? [];
  const core = checkCore(byName(input.sdtm), input.maxPerRule ?? 200, (f) => explanationFor(f, explanations));
  // each check once: on SDTM datasets a retired TF rule's findings are CORE's to report
  const sdtmNames = new Set([...input.sdtm.keys()].map((k) => k.toUpperCase()));
  const kept = tf.filter((f) => !(f.rule in RETIRED_BY_CORE && sdtmNames.has(f.dataset)));
  const findings = sortFindings([...kept, ...core.findings]);
  applyExplanations(findings, input.explanations ?? []);
  return { findings, notRun: core.notRun, rulesChecked: RULES.length + core.ran };
}

function validateTf(input: ValidateInput): Finding[] {
  const out = new Collector(input.maxPerRule ?? 200);
  const sdtm = byName(input.sdtm);
  const adam = byName(input.adam);
  const defines: { SDTM?: DefineDocument; ADaM?: DefineDocument } = {};
  for (const [std, text, data] of [
    ["SDTM", input.defineXml?.sdtm, sdtm],
    ["ADaM", input.defineXml?.adam, adam],
  ] as const) {
    if (data.size === 0) continue;
    if (text === undefined) {
      out.report("TF-DEF01", std === "SDTM" ? "define.xml (SDTM)" : "define.xml (ADaM)", {
        message: `The ${std} datasets have no define.xml`,
      });
      continue;
    }
    try {
      defines[std] = parseDefineXml(text);
    } catch (e) {
      out.report("TF-DEF02", std === "SDTM" ? "define.xml (SDTM)" : "define.xml (ADaM)", {
        message: `${std} define.xml: ${(e as Error).message}`,
      });
    }
  }
  const sdtmP = new Map<string, Prepared>();
  for (const [k, d] of sdtm) sdtmP.set(k, prepare(d, "SDTM", defines.SDTM?.datasets.get(k)));
  const adamP = new Map<string, Prepared>();
  for (const [k, d] of adam) adamP.set(k, prepare(d, "ADaM", defines.ADaM?.datasets.get(k)));

  const dm = sdtm.get("DM");
  const isText = (d: Dataset | undefined, v: string): d is Dataset =>
    d?.has(v) === true && d.column(v).kind === "Char";
  const dmSubjects = isText(dm, "USUBJID")
    ? new Set(dm.char("USUBJID").dict.filter((s) => s !== ""))
    : undefined;
  const rfstdtc = new Map<string, number>();
  if (isText(dm, "USUBJID") && isText(dm, "RFSTDTC")) {
    const u = dm.char("USUBJID");
    const r = dm.char("RFSTDTC");
    for (let i = 0; i < dm.length; i++) {
      const d = dtcEpochDay(r.get(i));
      if (d !== undefined) rfstdtc.set(u.get(i), d);
    }
  }
  const cutoff = input.dataCutoff;
  const cutoffDay = cutoff ? dtcEpochDay(cutoff.slice(0, 10)) : undefined;
  const cutoffSas = cutoffDay === undefined ? undefined : sasDate(cutoffDay);

  // A dataset from outside (e.g. a numeric USUBJID in someone's XPT) must not stop the other checks.
  const guard = (dataset: string, check: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      out.report("TF-SYS01", dataset, { message: `${check} checks could not run: ${(e as Error).message}` });
    }
  };
  const dates = { rfstdtc, ...(cutoff ? { cutoff } : {}) };
  for (const p of sdtmP.values()) {
    guard(p.name, "Structure", () => checkStructure(p, out));
    guard(p.name, "Terminology", () => checkTerminology(p, input.terminology, out));
    guard(p.name, "Date", () => checkDates(p, dates, out));
    guard(p.name, "Key", () => checkKeys(p, out));
    guard(p.name, "Cross-domain", () =>
      checkCrossDomain(p, { sdtm: sdtmP, ...(dmSubjects ? { dmSubjects } : {}) }, out),
    );
  }
  const adsl = adam.get("ADSL");
  for (const p of adamP.values()) {
    guard(p.name, "Structure", () => checkStructure(p, out, dm));
    guard(p.name, "Terminology", () => checkTerminology(p, input.terminology, out));
    guard(p.name, "Date", () => checkDates(p, dates, out));
    guard(p.name, "ADaM date", () => checkAdamDates(p, cutoffSas, out));
    guard(p.name, "Key", () => checkKeys(p, out));
    guard(p.name, "ADaM", () =>
      checkAdam(p, { ...(dmSubjects ? { dmSubjects } : {}), ...(adsl ? { adsl } : {}) }, out),
    );
  }
  guard("TS", "Trial design", () => checkTrialDesign(sdtmP, adam.size, adam.has("ADSL"), out));
  if (defines.SDTM)
    guard("define.xml (SDTM)", "Define-XML", () => checkDefine("SDTM", sdtm, defines.SDTM!, out));
  if (defines.ADaM)
    guard("define.xml (ADaM)", "Define-XML", () => checkDefine("ADaM", adam, defines.ADaM!, out));
  return sortFindings(out.finish());
}

const SEVERITY_RANK = { error: 0, warning: 1, notice: 2 } as const;
const cmp = (a = "", b = "") => (a < b ? -1 : a > b ? 1 : 0);

/** Severity, rule, dataset, variable, key, value, message: a stable order for reports. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      cmp(a.rule, b.rule) ||
      cmp(a.dataset, b.dataset) ||
      cmp(a.variable, b.variable) ||
      cmp(a.key, b.key) ||
      cmp(a.value, b.value) ||
      cmp(a.message, b.message),
  );
}
