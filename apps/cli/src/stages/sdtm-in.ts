import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CharColumn, Dataset, type DatasetClass, type Diagnostics, UserError } from "@trialforge/core";
import { readDatasetJson } from "@trialforge/dataset-json";
import { igDataset } from "@trialforge/terminology";
import { readXpt } from "@trialforge/xport";
import type { Stage } from "../context.ts";

/**
 * Bring-your-own SDTM: reads every dataset of the given folder (XPT v5, or Dataset-JSON .json/.ndjson when
 * there is no XPT twin) into the build, in place of ingest and SDTM mapping. XPT carries no keys or class:
 * they come from the folder's define.xml (Define 1.0 def:DomainKeys/def:Class) when there is one, else keys
 * are STUDYID, USUBJID, --SEQ and the class is the SDTMIG's.
 */
export const sdtmInStage: Stage = async (ctx) => {
  const dir = ctx.sdtmInDir!;
  const files = readdirSync(dir).sort();
  const byName = new Map<string, string>();
  for (const f of files) {
    const m = /^(.+)\.(xpt|json|ndjson)$/i.exec(f);
    if (!m) continue;
    const name = m[1]!.toUpperCase();
    const ext = m[2]!.toLowerCase();
    // XPT wins over a Dataset-JSON twin.
    if (!byName.has(name) || ext === "xpt") byName.set(name, f);
  }
  if (byName.size === 0) throw new UserError(`${dir} holds no .xpt, .json or .ndjson datasets`);
  const define = existsSync(join(dir, "define.xml"))
    ? readDefineGroups(readFileSync(join(dir, "define.xml"), "latin1"))
    : new Map<string, DefineGroup>();
  // Mixed build: the domains mapped from raw (already in ctx.sdtm) win over the delivered ones.
  const fromRaw = new Set(ctx.sdtm.keys());
  const skipped = [...byName.keys()].filter((n) => isSupersededByRaw(n, fromRaw)).sort();
  if (fromRaw.size > 0) for (const d of ctx.domains) d.source = "raw";
  for (const n of skipped) byName.delete(n);
  if (skipped.length > 0)
    ctx.log(
      `${skipped.length} delivered datasets replaced by the ones mapped from raw: ${skipped.join(", ")}`,
    );
  for (const [name, f] of [...byName].sort()) {
    const p = join(dir, f);
    let ds = f.toLowerCase().endsWith(".xpt") ? await readXpt(p) : await readDatasetJson(p);
    ds = withSdtmMeta(ds, name, define.get(name));
    ds = asciiText(ds, ctx.diagnostics, ctx.log);
    ctx.sdtm.set(name, ds);
    ctx.domains.push({
      dataset: name,
      records: ds.length,
      ...(fromRaw.size > 0 ? { source: "delivered" } : {}),
    });
  }
  warnRelrec(ctx.sdtm.get("RELREC"), fromRaw, ctx);
  ctx.log(
    `${byName.size} SDTM datasets read from ${dir}${define.size ? " (keys and classes from its define.xml)" : ""}`,
  );
};

/**
 * A delivered dataset the raw-mapped ones replace: the same domain, or its SUPP-- (whose IDVARVAL points at the
 * delivered parent's --SEQ, which the raw-mapped parent numbers anew).
 */
export function isSupersededByRaw(name: string, fromRaw: ReadonlySet<string>): boolean {
  return fromRaw.has(name) || (/^SUPP[A-Z]{2}$/.test(name) && fromRaw.has(name.slice(4)));
}

/** RELREC links records by --SEQ; links into a raw-mapped domain may point at other records now. */
function warnRelrec(relrec: Dataset | undefined, fromRaw: ReadonlySet<string>, ctx: Parameters<Stage>[0]) {
  if (!relrec || fromRaw.size === 0 || !relrec.has("RDOMAIN")) return;
  const linked = new Set<string>();
  for (let i = 0; i < relrec.length; i++) {
    const d = String(relrec.get("RDOMAIN", i) ?? "").trim();
    if (fromRaw.has(d)) linked.add(d);
  }
  if (linked.size === 0) return;
  const message = `RELREC is delivered while ${[...linked].sort().join(", ")} ${linked.size === 1 ? "is" : "are"} mapped from raw: its links into ${linked.size === 1 ? "that domain" : "those domains"} use the delivered --SEQ values`;
  ctx.diagnostics.warning("SDTM.MIXED_RELREC", message, { dataset: "RELREC" });
  ctx.log(message);
}

interface DefineGroup {
  keys: string[];
  class?: string;
  label?: string;
}

/** ItemGroupDef name → domain keys and class, from a Define 1.0 file (attributes def:DomainKeys, def:Class). */
export function readDefineGroups(xml: string): Map<string, DefineGroup> {
  const out = new Map<string, DefineGroup>();
  for (const m of xml.matchAll(/<ItemGroupDef\b([^>]*)>/g)) {
    const attrs = m[1]!;
    const attr = (n: string) => new RegExp(`\\b${n}="([^"]*)"`).exec(attrs)?.[1];
    const name = attr("Name");
    if (!name) continue;
    const keys = (attr("def:DomainKeys") ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    out.set(name.toUpperCase(), { keys, class: attr("def:Class"), label: attr("def:Label") });
  }
  return out;
}

const CLASSES: DatasetClass[] = [
  "SPECIAL PURPOSE",
  "TRIAL DESIGN",
  "INTERVENTIONS",
  "EVENTS",
  "FINDINGS",
  "FINDINGS ABOUT",
  "RELATIONSHIP",
  "STUDY REFERENCE",
];

/** SDTM metadata the file cannot carry: standard, class, keys (with each key variable's KeySequence). */
function withSdtmMeta(ds: Dataset, name: string, def: DefineGroup | undefined): Dataset {
  const has = (v: string) => ds.has(v);
  const seq = ds.meta.variables.find((v) => /^[A-Z]{2}SEQ$/.test(v.name))?.name;
  let keys = (def?.keys ?? []).filter(has);
  if (keys.length === 0) keys = ["STUDYID", "USUBJID", ...(seq ? [seq] : [])].filter(has);
  const rawClass = (def?.class ?? igDataset("SDTM", name)?.class ?? "").toUpperCase();
  const cls =
    CLASSES.find((c) => c === rawClass) ??
    (/^SUPP|RELREC/.test(name)
      ? "RELATIONSHIP"
      : name === "DM" || name === "SV" || name === "SE"
        ? "SPECIAL PURPOSE"
        : ds.meta.class);
  const variables = ds.meta.variables.map((v) => {
    const k = keys.indexOf(v.name);
    return k >= 0 ? { ...v, keySequence: k + 1 } : v;
  });
  return new Dataset(
    {
      ...ds.meta,
      name,
      label: ds.meta.label || def?.label || igDataset("SDTM", name)?.label || "",
      standard: "SDTM",
      class: cls,
      keys,
      variables,
      purpose: "Tabulation",
    },
    ds.columns,
    ds.length,
  );
}

// Typographic characters Windows-1252 files carry, and their ASCII spelling (XPT v5 is ASCII).
const ASCII: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u00a0": " ",
};

/**
 * Character values with non-ASCII (or control) characters are respelled in printable ASCII (typographic quotes and dashes; anything
 * else becomes "?"), with one warning per variable naming the values changed, so the datasets can be written
 * as XPT v5 again.
 */
function asciiText(ds: Dataset, diagnostics: Diagnostics, log: (line: string) => void): Dataset {
  let cols: Map<string, CharColumn> | undefined;
  for (const v of ds.meta.variables) {
    if (v.type !== "Char") continue;
    const col = ds.char(v.name);
    const bad = col.dict.filter((s) => /[^ -~\t\n\r]/.test(s));
    if (bad.length === 0) continue;
    const fixed = new CharColumn(col.length);
    const remap = col.dict.map((s) => fixed.codeOf(s.replace(/[^ -~\t\n\r]/g, (ch) => ASCII[ch] ?? "?")));
    for (let i = 0; i < col.length; i++) fixed.pushCode(remap[col.codes[i]!]!);
    cols ??= new Map();
    cols.set(v.name, fixed.seal());
    const message = `${ds.name}.${v.name}: ${bad.length} value(s) with non-ASCII characters respelled in ASCII for XPT v5, e.g. "${bad[0]}"`;
    diagnostics.warning("SDTM.NON_ASCII", message, { dataset: ds.name, variable: v.name });
    log(message);
  }
  if (!cols) return ds;
  return new Dataset(ds.meta, new Map([...ds.columns, ...cols]), ds.length);
}
