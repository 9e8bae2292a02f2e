/**
 * Analysis Results Metadata (arm:ResultDisplay): checks that every dataset and variable a result names
 * exists, and adds the results' where clauses.
 */
import { type Dataset, UserError } from "@trialforge/core";
import type { DefineInput } from "../input.ts";
import type { AnalysisResultDef, ResultDisplayDef, WhereClauseDef } from "../model.ts";
import { oidPart } from "./oid.ts";

/** Analysis Results Metadata: checks every dataset and variable named exists, adds the where clauses. */
export function buildResultDisplays(
  input: DefineInput,
  byName: Map<string, Dataset>,
  whereClauses: WhereClauseDef[],
): ResultDisplayDef[] {
  const displays = input.analysisResults ?? [];
  if (displays.length === 0) return [];
  if (input.standard !== "ADaM")
    throw new UserError("define: analysis results metadata belongs in the ADaM define");
  const need = (ds: string, v: string | undefined, where: string) => {
    const d = byName.get(ds);
    if (!d) throw new UserError(`define: ${where} names dataset ${ds}, which is not in the ADaM package`);
    if (v !== undefined && !d.has(v))
      throw new UserError(`define: ${where} names ${ds}.${v}, which ${ds} does not have`);
  };
  return displays.map((disp) => ({
    oid: `RD.${oidPart(disp.id)}`,
    name: disp.name,
    title: disp.title,
    results: disp.results.map((r): AnalysisResultDef => {
      const rid = `${oidPart(disp.id)}.${oidPart(r.id)}`;
      const where = `analysis result ${disp.id}/${r.id}`;
      if (r.parameterDataset) need(r.parameterDataset, "PARAMCD", where);
      const out: AnalysisResultDef = {
        oid: `AR.${rid}`,
        description: r.description,
        reason: r.reason,
        purpose: r.purpose,
        datasets: r.datasets.map((d) => {
          need(d.dataset, undefined, where);
          for (const w of d.where) need(d.dataset, w.variable, where);
          for (const v of d.variables) need(d.dataset, v, where);
          if (d.where.length === 0) {
            return {
              itemGroupOid: `IG.${d.dataset}`,
              variableOids: d.variables.map((v) => `IT.${d.dataset}.${v}`),
            };
          }
          const wc = `WC.${rid}.${d.dataset}`;
          whereClauses.push({
            oid: wc,
            checks: d.where.map((w) => ({
              itemOid: `IT.${d.dataset}.${w.variable}`,
              comparator: w.values.length === 1 ? "EQ" : "IN",
              values: w.values,
            })),
          });
          return {
            itemGroupOid: `IG.${d.dataset}`,
            whereClauseOid: wc,
            variableOids: d.variables.map((v) => `IT.${d.dataset}.${v}`),
          };
        }),
        documentation: r.documentation,
      };
      if (r.parameterDataset) out.parameterOid = `IT.${r.parameterDataset}.PARAMCD`;
      if (r.code) out.code = r.code;
      return out;
    }),
  }));
}
