/**
 * SDTMIG / ADaMIG variable metadata: the CDISC Library SDTMIG 3.3 and ADaMIG 1.2 files, with the
 * SDTMIG 3.4 / ADaM additions from the committed overlay (entries marked `overlay: true`).
 */
import type { IgData, IgDatasetRow, IgVariableRow } from "./internal/data-types.ts";

export type IgStandard = "SDTM" | "ADaM";
export type IgVariable = Readonly<IgVariableRow>;
export interface IgDataset extends Omit<IgDatasetRow, "variables"> {
  variables: readonly IgVariable[];
}

type OverlayVariable = Omit<IgVariableRow, "order" | "overlay">;
export interface IgOverlay {
  SDTM: IgOverlayStandard;
  ADaM: IgOverlayStandard;
}
interface IgOverlayStandard {
  version: string;
  datasets: (Omit<IgDatasetRow, "variables" | "overlay"> & { variables: OverlayVariable[] })[];
  variables: (OverlayVariable & { dataset: string; after?: string })[];
}

export interface IgIndex {
  versions: Record<IgStandard, { base: string; overlay: string }>;
  datasets: Record<IgStandard, Map<string, IgDataset>>;
}

/** Merges the overlay into the base metadata; orders are renumbered 1..n after insertion. */
export function mergeIgOverlay(base: IgData, overlay: IgOverlay): IgIndex {
  const index: IgIndex = {
    versions: {
      SDTM: { base: base.SDTM.version, overlay: overlay.SDTM.version },
      ADaM: { base: base.ADaM.version, overlay: overlay.ADaM.version },
    },
    datasets: { SDTM: new Map(), ADaM: new Map() },
  };
  for (const std of ["SDTM", "ADaM"] as const) {
    const map = new Map<string, IgVariableRow[]>();
    const heads = new Map<string, Omit<IgDatasetRow, "variables">>();
    for (const d of base[std].datasets) {
      const { variables, ...head } = d;
      heads.set(d.name, head);
      map.set(
        d.name,
        variables.map((v) => ({ ...v })),
      );
    }
    for (const d of overlay[std].datasets) {
      if (heads.has(d.name))
        throw new Error(`IG overlay: ${std} dataset ${d.name} already exists in the base metadata`);
      const { variables, ...head } = d;
      heads.set(d.name, { ...head, overlay: true });
      map.set(
        d.name,
        variables.map((v, i) => ({ ...v, order: i + 1, overlay: true })),
      );
    }
    for (const v of overlay[std].variables) {
      const { dataset, after, ...row } = v;
      const vars = map.get(dataset);
      if (!vars) throw new Error(`IG overlay: ${std} dataset ${dataset} not found for variable ${v.name}`);
      if (vars.some((x) => x.name === v.name))
        throw new Error(`IG overlay: ${dataset}.${v.name} already exists`);
      const at = after === undefined ? vars.length : vars.findIndex((x) => x.name === after) + 1;
      if (at === 0)
        throw new Error(`IG overlay: ${dataset}.${v.name} placed after unknown variable ${after}`);
      vars.splice(at, 0, { ...row, order: 0, overlay: true });
      vars.forEach((x, i) => {
        x.order = i + 1;
      });
    }
    for (const [name, head] of heads) index.datasets[std].set(name, { ...head, variables: map.get(name)! });
  }
  return index;
}

/** ADaMIG name placeholders: xx = 01-99, y = 1-9 (or more digits), zz = 01-99, w = 1-9. */
function placeholderPattern(name: string): RegExp | undefined {
  if (!/[a-z]/.test(name)) return undefined;
  const src = name.replace(/xx|zz|y|w/g, (p) => (p === "xx" || p === "zz" ? "\\d\\d" : "\\d{1,2}"));
  return new RegExp(`^${src}$`);
}

/** The IG dataset for a name: SDTM domain ("AE"; "SUPPAE" gives SUPPQUAL), ADaM "ADSL" or a class ("BDS", "OCCDS"). */
export function findIgDataset(index: IgIndex, standard: IgStandard, dataset: string): IgDataset | undefined {
  const name = dataset.toUpperCase();
  const d = index.datasets[standard].get(name);
  if (d) return d;
  if (standard === "SDTM" && /^SUPP[A-Z0-9]{2}$/.test(name)) return index.datasets.SDTM.get("SUPPQUAL");
  return undefined;
}

/** One IG variable; ADaM placeholder names match ("TRT01P" finds "TRTxxP"). */
export function findIgVariable(
  index: IgIndex,
  standard: IgStandard,
  dataset: string,
  name: string,
): IgVariable | undefined {
  const d = findIgDataset(index, standard, dataset);
  if (!d) return undefined;
  const exact = d.variables.find((v) => v.name === name);
  if (exact) return exact;
  return d.variables.find((v) => placeholderPattern(v.name)?.test(name) ?? false);
}
