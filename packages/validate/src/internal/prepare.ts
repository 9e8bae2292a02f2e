/**
 * What a check needs to know about a dataset beyond its columns: standard, IG dataset, class, natural keys,
 * its define.xml entry, and each variable's codelist. Datasets read back from XPT carry no class, keys or
 * codelists, so these come from the define.xml when given, then from the dataset metadata, then from the IG.
 */
import type { Dataset, VariableMeta } from "@trialforge/core";
import {
  type IgDataset,
  type IgStandard,
  type IgVariable,
  igDataset,
  igVariable,
} from "@trialforge/terminology";
import type { DefineCodelist, DefineDataset } from "../define-xml.ts";
import { domainPrefix } from "./columns.ts";

export interface Prepared {
  ds: Dataset;
  name: string;
  standard: IgStandard;
  /** IG dataset this one follows: an SDTM domain (split datasets use their DOMAIN), "ADSL", "BDS" or "OCCDS". */
  ig?: IgDataset;
  igName?: string;
  /** SDTM variable prefix (the domain code); "" for ADaM. */
  prefix: string;
  keys: string[];
  /** Variables that identify a record in the report: USUBJID and --SEQ/ASEQ when present, else the keys. */
  reportKeys: string[];
  define?: DefineDataset;
  isSupp: boolean;
}

export function prepare(ds: Dataset, standard: IgStandard, define: DefineDataset | undefined): Prepared {
  const name = ds.name.toUpperCase();
  const isSupp = standard === "SDTM" && /^SUPP[A-Z0-9]{2,4}$/.test(name);
  let prefix = "";
  let igName: string | undefined;
  if (standard === "SDTM") {
    prefix = isSupp ? "" : domainPrefix(ds);
    igName = igDataset("SDTM", name) ? name : igDataset("SDTM", prefix) ? prefix : undefined;
  } else {
    igName = adamIgName(ds, define);
  }
  const ig = igName ? igDataset(standard, igName) : undefined;
  const present = (k: string) => ds.has(k);
  let keys = (define?.keys.length ? define.keys : ds.meta.keys).filter(present);
  if (keys.length === 0 && isSupp)
    keys = ["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "QNAM"].filter(present);
  const seq = standard === "SDTM" ? `${prefix}SEQ` : "ASEQ";
  const reportKeys =
    ds.has("USUBJID") && ds.has(seq)
      ? ["USUBJID", seq]
      : keys.length
        ? keys
        : ["USUBJID", "PARAMCD"].filter(present);
  const p: Prepared = { ds, name, standard, prefix, keys, reportKeys, isSupp };
  if (ig) p.ig = ig;
  if (igName) p.igName = igName;
  if (define) p.define = define;
  return p;
}

function adamIgName(ds: Dataset, define: DefineDataset | undefined): string | undefined {
  const name = ds.name.toUpperCase();
  if (name === "ADSL") return "ADSL";
  const cls = (define?.class ?? ds.meta.class).toUpperCase();
  if (cls.includes("BASIC DATA STRUCTURE") || cls === "BDS") return "BDS";
  if (cls.includes("OCCURRENCE")) return "OCCDS";
  if (cls.includes("SUBJECT LEVEL")) return "ADSL";
  // XPT read-back: no class recorded, so use the ADaMIG structure variables.
  if (ds.has("PARAMCD")) return "BDS";
  if (ds.has("TRTEMFL") || [...ds.columns.keys()].some((k) => /^(AE|CM|MH)DECOD$/.test(k))) return "OCCDS";
  return undefined;
}

export function igVar(p: Prepared, name: string): IgVariable | undefined {
  if (!p.igName) return undefined;
  const v = igVariable(p.standard, p.igName, name);
  if (v?.name.startsWith("*")) return undefined;
  return v;
}

export function varMeta(p: Prepared, name: string): VariableMeta | undefined {
  return p.ds.meta.variables.find((v) => v.name === name);
}

/** The codelist a variable is checked against: define.xml, then dataset metadata, then the IG. */
export function codelistOf(p: Prepared, name: string): { id?: string; define?: DefineCodelist } {
  const dv = p.define?.variables.find((v) => v.name === name);
  const out: { id?: string; define?: DefineCodelist } = {};
  if (dv?.codelist && !dv.codelist.external) out.define = dv.codelist;
  const id = varMeta(p, name)?.codelist ?? dv?.codelist?.nciCode ?? igVar(p, name)?.codelist;
  if (id) out.id = id;
  return out;
}
