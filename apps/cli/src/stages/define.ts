import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Dataset } from "@trialforge/core";
import { buildDefine, type ResultDisplayInput } from "@trialforge/define";
import { loadSdtmSpec, loadTlfShells, type Study } from "@trialforge/spec";
import { loadTerminology, type Terminology } from "@trialforge/terminology";
import type { BuildContext, Stage } from "../context.ts";

/**
 * define.xml (Define-XML 2.1) and define.html for the SDTM and the ADaM package: `sdtm/define.{xml,html}`
 * and `adam/define.{xml,html}` beside the XPT files, from the datasets' metadata and data, the terminology
 * (with the SDTM spec's sponsor codelists and extensions) and the build timestamp. The ADaM define carries
 * Analysis Results Metadata for the study's key tables (rates, incidences, time to event).
 */
export const defineStage: Stage = async (ctx) => {
  const study = ctx.study as Study;
  const terminology = studyTerminology(ctx);
  ctx.facts.ctPackages = { ...terminology.packageDates };
  for (const [part, standard, sets] of [
    ["sdtm", "SDTM", ctx.sdtm],
    ["adam", "ADaM", ctx.adam],
  ] as const) {
    if (sets.size === 0) continue;
    const datasets = [...sets.values()];
    const analysisResults = standard === "ADaM" ? rateResults(ctx, sets) : undefined;
    const r = buildDefine({
      standard,
      datasets,
      study,
      terminology,
      timestamp: ctx.timestamp,
      ...(analysisResults && analysisResults.length > 0 ? { analysisResults } : {}),
    });
    const dir = join(ctx.workDir, part);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "define.xml"), r.xml);
    writeFileSync(join(dir, "define.html"), r.html);
    for (const issue of r.issues) ctx.diagnostics.info("DEFINE", `define ${standard}: ${issue}`);
    const vlm = r.model.valueLists.reduce((s, v) => s + v.itemRefs.length, 0);
    ctx.log(
      `${part}/define.xml: ${r.model.itemGroups.length} datasets, ${r.model.items.length - vlm} variables, ${vlm} value-level items, ${r.model.codelists.length} codelists, ${r.model.methods.length} methods${r.model.resultDisplays.length ? `, ${r.model.resultDisplays.length} analysis displays` : ""}${r.issues.length ? ` (${r.issues.length} notes)` : ""}`,
    );
    const facts = (ctx.facts.define ?? {}) as Record<string, unknown>;
    facts[part] = { issues: r.issues };
    ctx.facts.define = facts;
  }
};

/** The CDISC terminology plus the SDTM spec's sponsor codelists and extensions, when the study has an SDTM spec. */
function studyTerminology(ctx: BuildContext): Terminology {
  const base = loadTerminology();
  if (!existsSync(join(ctx.studyDir, "sdtm", "_config.yaml"))) return base;
  const { config } = loadSdtmSpec(ctx.studyDir);
  return config.codelists.length > 0 ? base.withSponsorCodelists(config.codelists) : base;
}

/**
 * Analysis results for the key tables: every summary TLF shell with rate items (binomial: responders with an
 * exact CI, e.g. CR/CRi), incidence items (hierarchy: subjects with an event by term, e.g. DLTs, TEAEs) or
 * Kaplan-Meier items becomes a result display, one analysis result per item: the item's and the shell's
 * record filter on the shell's dataset, and the population flag on ADSL. Purpose follows the phase 1
 * convention of this pipeline's study specs: incidence (safety) results are primary, rates and
 * time-to-event secondary.
 */
function rateResults(ctx: BuildContext, adam: ReadonlyMap<string, Dataset>): ResultDisplayInput[] {
  if (!existsSync(join(ctx.studyDir, "tlf")) || !adam.has("ADSL")) return [];
  const out: ResultDisplayInput[] = [];
  const adsl = adam.get("ADSL")!;
  for (const shell of loadTlfShells(ctx.studyDir)) {
    const ds = adam.get(shell.dataset);
    if (!ds || shell.layout.kind !== "summary") continue;
    const items = (shell.layout.items as unknown[]).filter(isKeyItem);
    if (items.length === 0) continue;
    const filter = (where: Record<string, unknown>) =>
      Object.entries(where)
        .filter(([v, value]) => ds.has(v) && (typeof value !== "object" || Array.isArray(value)))
        .map(([variable, value]) => ({
          variable,
          values: (Array.isArray(value) ? value : [value]).map(String),
        }));
    out.push({
      id: shell.id,
      name: shell.number ?? shell.id,
      title: [shell.title, shell.subtitle].filter(Boolean).join(" — "),
      results: items.map((item, i) => {
        const where: Record<string, unknown> = { ...(shell.where ?? {}), ...(item.where ?? {}) };
        if (item.type === "km") where.PARAMCD = item.paramcd;
        const vars =
          item.type === "binomial"
            ? Object.keys(item.responders ?? {})
            : item.type === "hierarchy"
              ? [...(item.vars ?? []), ...(item.gradeVar ? [item.gradeVar] : [])]
              : ["AVAL", "CNSR"];
        const how =
          item.type === "binomial"
            ? `Responders (${Object.entries(item.responders ?? {})
                .map(([k, v]) => `${k} = ${String(v)}`)
                .join(", ")}) as a proportion with an exact (Clopper-Pearson) confidence interval`
            : item.type === "hierarchy"
              ? `Subjects with at least one record, counted once per ${(item.vars ?? []).join(" and ")}`
              : "Kaplan-Meier estimate (CNSR = 0 is an event), median with confidence interval";
        return {
          id: `R${i + 1}`,
          description: `${item.label ?? shell.title}, by dose level`,
          reason: "SPECIFIED IN SAP",
          purpose: item.type === "hierarchy" ? "PRIMARY OUTCOME MEASURE" : "SECONDARY OUTCOME MEASURE",
          ...(ds.has("PARAMCD") && "PARAMCD" in where ? { parameterDataset: shell.dataset } : {}),
          datasets: [
            { dataset: shell.dataset, where: filter(where), variables: vars.filter((v) => ds.has(v)) },
            ...(adsl.has(shell.population) && shell.dataset !== "ADSL"
              ? [{ dataset: "ADSL", where: [{ variable: shell.population, values: ["Y"] }], variables: [] }]
              : []),
          ],
          documentation:
            `${how}; denominator: subjects with ${shell.population} = "Y". ${shell.footnotes.join(" ")}`.trim(),
        };
      }),
    });
  }
  return out;
}

interface KeyItem {
  type: "binomial" | "hierarchy" | "km";
  label?: string;
  where?: Record<string, unknown>;
  responders?: Record<string, unknown>;
  vars?: string[];
  gradeVar?: string;
  paramcd?: string;
}

function isKeyItem(x: unknown): x is KeyItem {
  const t = typeof x === "object" && x !== null ? (x as { type?: unknown }).type : undefined;
  return t === "binomial" || t === "hierarchy" || t === "km";
}
