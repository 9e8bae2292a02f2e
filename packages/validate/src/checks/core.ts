/**
 * CDISC CORE: the published SDTMIG conformance rules (via @trialforge/rules) over the build's SDTM. Each
 * finding carries the CORE id, the CDISC conformance rule ids (CGnnnn) and the cited guidance, the
 * dataset, the record (USUBJID, --SEQ, record number), the variables and their values. Rules that do not
 * pass CDISC's own test cases, or cannot run on this data, are reported as not run with the reason.
 */
import type { Dataset } from "@trialforge/core";
import {
  type CoreRule,
  conformanceIds,
  NOT_IN_DATASET,
  type RuleFinding,
  readCoreRules,
  readNotPassing,
  runRule,
  Study,
} from "@trialforge/rules";
import type { Finding, RuleDef, RuleNotRun } from "../types.ts";

/** Fully executable rules report errors; partially executable ones (possible over/under-reporting) warnings. */
function severityOf(rule: CoreRule): RuleDef["severity"] {
  return rule.executability === "Fully Executable" ? "error" : "warning";
}

function citation(rule: CoreRule): string {
  const ref =
    rule.references.find((r) => r.standard === "SDTMIG" && r.version === "3.4") ??
    rule.references.find((r) => r.standard === "SDTMIG") ??
    rule.references[0];
  const c = ref?.citations[0];
  if (!c) return "";
  const where = [c.document, c.section ? `Section ${c.section}` : "", c.item]
    .filter((x) => x !== "")
    .join(", ");
  return `${where}: ${c.guidance}`;
}

let defs: Map<string, RuleDef> | undefined;

/** The CORE rules as catalogue entries (id, severity, message, reference). */
export function coreRuleDefs(): ReadonlyMap<string, RuleDef> {
  defs ??= new Map(
    readCoreRules().map((r) => [
      r.id,
      {
        id: r.id,
        severity: severityOf(r),
        group: "CDISC CORE",
        message: r.message || r.description,
        reference: `CDISC CORE ${r.id} (${conformanceIds(r).join(", ")})`,
      } satisfies RuleDef,
    ]),
  );
  return defs;
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

function toFinding(rule: CoreRule, def: RuleDef, f: RuleFinding, seqName: string): Finding {
  const present = f.variables.map((v, k) => [v, f.values[k]] as const);
  const out: Finding = {
    rule: rule.id,
    severity: def.severity,
    dataset: f.dataset,
    message: f.message || def.message,
    reference: def.reference,
    cdiscIds: conformanceIds(rule).join(", "),
    guidance: citation(rule),
  };
  if (f.variables.length > 0) out.variable = f.variables.join(", ");
  if (present.length > 0)
    out.value = present
      .map(([v, x]) => `${v}=${x === NOT_IN_DATASET ? "(not in dataset)" : text(x)}`)
      .join("; ");
  const key: string[] = [];
  if (f.usubjid) {
    out.usubjid = f.usubjid;
    key.push(`USUBJID=${f.usubjid}`);
  }
  if (f.seq !== null) {
    out.seq = String(f.seq);
    key.push(`${seqName}=${f.seq}`);
  }
  if (f.record !== null) {
    out.record = String(f.record);
    if (key.length === 0) key.push(`record ${f.record}`);
  }
  if (key.length > 0) out.key = key.join(" ");
  return out;
}

export interface CoreResult {
  findings: Finding[];
  notRun: RuleNotRun[];
  /** Rules run (passing CDISC's test cases and runnable on this data). */
  ran: number;
}

/**
 * Runs every published CORE rule over the SDTM datasets; at most `maxPerRule` findings per rule and dataset
 * are listed (explained and unexplained ones each), the rest are counted in a closing finding.
 */
export function checkCore(
  sdtm: ReadonlyMap<string, Dataset>,
  maxPerRule: number,
  explain: (f: Finding) => string | undefined = () => undefined,
): CoreResult {
  const study = new Study(
    [...sdtm].map(([name, data]) => ({
      name,
      label: data.meta.label,
      fileName: `${name.toLowerCase()}.xpt`,
      data,
    })),
  );
  const notPassing = readNotPassing();
  const findings: Finding[] = [];
  const notRun: RuleNotRun[] = [];
  let ran = 0;
  for (const rule of readCoreRules()) {
    const listed = notPassing[rule.id];
    if (listed !== undefined) {
      notRun.push({ rule: rule.id, reason: listed });
      continue;
    }
    const def = coreRuleDefs().get(rule.id)!;
    let run: ReturnType<typeof runRule>;
    try {
      run = runRule(rule, study);
    } catch (e) {
      notRun.push({ rule: rule.id, reason: `could not run on this data: ${(e as Error).message}` });
      continue;
    }
    if (run.status === "not run") {
      notRun.push({ rule: rule.id, reason: run.reason ?? "" });
      continue;
    }
    ran++;
    // explained and unexplained findings are capped separately, so a closing "N more" finding is either
    const stored = new Map<string, number>();
    const extra = new Map<string, { dataset: string; explanation?: string; n: number }>();
    for (const f of run.findings) {
      const ds = study.datasets.find((d) => d.name === f.dataset);
      const finding = toFinding(rule, def, f, `${ds?.domain ?? ""}SEQ`);
      const why = explain(finding);
      if (why !== undefined) finding.explanation = why;
      const k = `${f.dataset}\u0000${why ?? ""}`;
      const n = stored.get(k) ?? 0;
      if (n < maxPerRule) {
        stored.set(k, n + 1);
        findings.push(finding);
      } else {
        const e = extra.get(k) ?? {
          dataset: f.dataset,
          n: 0,
          ...(why !== undefined ? { explanation: why } : {}),
        };
        e.n++;
        extra.set(k, e);
      }
    }
    for (const e of extra.values()) {
      const more: Finding = {
        rule: rule.id,
        severity: def.severity,
        dataset: e.dataset,
        message: `${def.message}: ${e.n} more records not listed`,
        reference: def.reference,
        cdiscIds: conformanceIds(rule).join(", "),
      };
      if (e.explanation !== undefined) more.explanation = e.explanation;
      findings.push(more);
    }
  }
  return { findings, notRun, ran };
}
