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
 * Analysis Results Metadata for the study's rate tables (TLF shells with binomial items).
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
 * Analysis results for the rate tables: every TLF shell with binomial items becomes a result display, one
 * analysis result per item (its where clause on the shell's dataset, the population flag on ADSL).
 */
function rateResults(ctx: BuildContext, adam: ReadonlyMap<string, Dataset>): ResultDisplayInput[] {
  if (!existsSync(join(ctx.studyDir, "tlf")) || !adam.has("ADSL")) return [];
  const out: ResultDisplayInput[] = [];
  for (const shell of loadTlfShells(ctx.studyDir)) {
    const ds = adam.get(shell.dataset);
    if (!ds || shell.layout.kind !== "summary") continue;
    const items = (shell.layout.items as unknown[]).filter(isBinomial);
    if (items.length === 0) continue;
    const adsl = adam.get("ADSL")!;
    out.push({
      id: shell.id,
      name: shell.number ?? shell.id,
      title: [shell.title, shell.subtitle].filter(Boolean).join(" — "),
      results: items.map((item, i) => {
        const where = { ...(shell.where ?? {}), ...(item.where ?? {}) };
        const conds = Object.entries(where)
          .filter(([v, value]) => ds.has(v) && (typeof value !== "object" || Array.isArray(value)))
          .map(([variable, value]) => ({
            variable,
            values: (Array.isArray(value) ? value : [value]).map(String),
          }));
        const responders = Object.keys(item.responders ?? {}).filter((v) => ds.has(v));
        return {
          id: `R${i + 1}`,
          description: `${item.label}: proportion of responders with exact 95% CI by dose level`,
          reason: "SPECIFIED IN SAP",
          purpose: "PRIMARY OUTCOME MEASURE",
          ...(ds.has("PARAMCD") && "PARAMCD" in where ? { parameterDataset: shell.dataset } : {}),
          datasets: [
            { dataset: shell.dataset, where: conds, variables: responders },
            ...(adsl.has(shell.population) && shell.dataset !== "ADSL"
              ? [{ dataset: "ADSL", where: [{ variable: shell.population, values: ["Y"] }], variables: [] }]
              : []),
          ],
          documentation: `Responders: ${Object.entries(item.responders ?? {})
            .map(([k, v]) => `${k} = ${String(v)}`)
            .join(
              ", ",
            )}; denominator: subjects with ${shell.population} = "Y". ${shell.footnotes.join(" ")}`.trim(),
        };
      }),
    });
  }
  return out;
}

interface BinomialItem {
  type: "binomial";
  label: string;
  where?: Record<string, unknown>;
  responders?: Record<string, unknown>;
}

function isBinomial(x: unknown): x is BinomialItem {
  return typeof x === "object" && x !== null && (x as { type?: unknown }).type === "binomial";
}
