/** Define-XML present and consistent with the datasets: datasets, variables, types, labels, lengths. */
import type { Dataset } from "@trialforge/core";
import type { DefineDocument } from "../define-xml.ts";
import type { Collector } from "../internal/collector.ts";
import { usedCodes } from "../internal/columns.ts";

const NUMERIC_TYPES = new Set(["integer", "float"]);
// Numeric SAS dates are sometimes declared with a date data type in older defines.
const NUM_OK = new Set(["integer", "float", "date", "datetime", "time"]);

export function checkDefine(
  standard: "SDTM" | "ADaM",
  datasets: Map<string, Dataset>,
  doc: DefineDocument,
  out: Collector,
): void {
  for (const name of doc.datasets.keys())
    if (!datasets.has(name))
      out.report("TF-DEF03", name, {
        message: `define.xml (${standard}) describes ${name}, which is not in the data`,
      });
  for (const [name, ds] of datasets) {
    const d = doc.datasets.get(name);
    if (!d) {
      out.report("TF-DEF04", name, { message: `${name} is not described in the ${standard} define.xml` });
      continue;
    }
    const defVars = new Map(d.variables.map((v) => [v.name, v]));
    for (const v of ds.meta.variables) {
      const dv = defVars.get(v.name);
      if (!dv) {
        out.report("TF-DEF05", name, { variable: v.name });
        continue;
      }
      const col = ds.column(v.name);
      const typeOk = col.kind === "Num" ? NUM_OK.has(dv.dataType) : !NUMERIC_TYPES.has(dv.dataType);
      if (!typeOk)
        out.report("TF-DEF07", name, {
          variable: v.name,
          value: dv.dataType,
          message: `define.xml DataType ${dv.dataType} but ${v.name} is ${col.kind}`,
        });
      if (dv.label && dv.label.trim() !== (v.label ?? "").trim())
        out.report("TF-DEF08", name, {
          variable: v.name,
          value: dv.label,
          message: `define.xml label "${dv.label}" but the dataset label is "${v.label}"`,
        });
      if (col.kind === "Char" && dv.length !== undefined) {
        let max = 0;
        const used = usedCodes(col);
        for (let c = 1; c < col.dict.length; c++)
          if (used[c]) max = Math.max(max, Buffer.byteLength(col.dict[c]!, "utf8"));
        if (max > dv.length)
          out.report("TF-DEF09", name, {
            variable: v.name,
            value: String(dv.length),
            message: `define.xml Length ${dv.length} but values are up to ${max} bytes long`,
          });
      }
    }
    for (const dv of d.variables) if (!ds.has(dv.name)) out.report("TF-DEF06", name, { variable: dv.name });
  }
}
