/**
 * What changed between two builds: records added, removed and changed per dataset and key, new adverse
 * events and DLTs, and TLF numbers that moved. Reads only the written outputs (manifest, XPT, TLF JSON).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Dataset, UserError } from "@trialforge/core";
import { readXpt } from "@trialforge/xport";
import { type DatasetEntry, type Manifest, readBuildManifest } from "./manifest.ts";

export interface DatasetDiff {
  part: "sdtm" | "adam";
  dataset: string;
  status: "added" | "removed" | "changed";
  added: number;
  removed: number;
  changed: number;
  /** Up to 20 example keys of each kind. */
  examples: { added: string[]; removed: string[]; changed: string[] };
  /**
   * Variables that held values in the old build and hold none now (a raw column renamed or dropped in
   * an export blanks its SDTM variable without stopping the build), with the old count of values.
   */
  emptied?: { variable: string; before: number }[];
}

export interface BuildDiff {
  old: string;
  new: string;
  datasets: DatasetDiff[];
  newAdverseEvents: string[];
  newDlts: string[];
  tlfMoved: { output: string; path: string; old: number | null; new: number | null }[];
  tlfAdded: string[];
  tlfRemoved: string[];
}

function keyOf(ds: Dataset, keys: string[], i: number): string {
  const ks = keys.filter((k) => ds.has(k));
  return (ks.length ? ks : ds.meta.variables.map((v) => v.name))
    .map((k) => `${k}=${ds.get(k, i) ?? ""}`)
    .join(" ");
}

function rowText(ds: Dataset, i: number): string {
  return ds.meta.variables.map((v) => String(ds.get(v.name, i) ?? "")).join("\t");
}

/**
 * A 53-bit fingerprint of a row's text (two 32-bit FNV-1a variants): the index keeps this number instead
 * of the text, so two builds of millions of LB rows can be compared in bounded memory. Two different rows
 * match by chance with probability 2^-53 per key.
 */
function fingerprint(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** Non-missing values per variable (dictionary code 0 is the empty string; NaN is a missing number). */
function filledCounts(ds: Dataset): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of ds.meta.variables) {
    if (!ds.has(v.name)) continue;
    const col = ds.column(v.name);
    let n = 0;
    if (col.kind === "Char") {
      for (let i = 0; i < ds.length; i++) if (col.codes[i] !== 0) n++;
    } else {
      for (let i = 0; i < ds.length; i++) if (!Number.isNaN(col.values[i]!)) n++;
    }
    out.set(v.name, n);
  }
  return out;
}

function index(ds: Dataset, keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < ds.length; i++) {
    let k = keyOf(ds, keys, i);
    // Keys that are not unique still compare deterministically by occurrence.
    if (m.has(k)) {
      let n = 2;
      while (m.has(`${k} #${n}`)) n++;
      k = `${k} #${n}`;
    }
    m.set(k, fingerprint(rowText(ds, i)));
  }
  return m;
}

async function diffDataset(
  oldDir: string,
  newDir: string,
  part: "sdtm" | "adam",
  name: string,
  o: DatasetEntry | undefined,
  n: DatasetEntry | undefined,
): Promise<{ diff: DatasetDiff; added: Dataset | undefined; addedKeys: Set<string> }> {
  const empty = { added: [] as string[], removed: [] as string[], changed: [] as string[] };
  const keys = n?.keys ?? o?.keys ?? [];
  // One build's dataset in memory at a time: the old one is indexed and dropped before the new one is read.
  let oi = new Map<string, number>();
  let oldFilled = new Map<string, number>();
  if (o && existsSync(join(oldDir, o.file))) {
    const oldDs = await readXpt(join(oldDir, o.file));
    oi = index(oldDs, keys);
    oldFilled = filledCounts(oldDs);
  }
  const newDs = n && existsSync(join(newDir, n.file)) ? await readXpt(join(newDir, n.file)) : undefined;
  const ni = newDs ? index(newDs, keys) : new Map<string, number>();
  const emptied: { variable: string; before: number }[] = [];
  if (newDs && oldFilled.size > 0) {
    const newFilled = filledCounts(newDs);
    for (const [variable, before] of oldFilled) {
      if (before > 0 && newDs.length > 0 && newFilled.get(variable) === 0) emptied.push({ variable, before });
    }
  }
  const d: DatasetDiff = {
    part,
    dataset: name,
    status: !o ? "added" : !n ? "removed" : "changed",
    added: 0,
    removed: 0,
    changed: 0,
    examples: empty,
    ...(emptied.length > 0 ? { emptied } : {}),
  };
  const addedKeys = new Set<string>();
  for (const [k, v] of ni) {
    const ov = oi.get(k);
    if (ov === undefined) {
      d.added++;
      addedKeys.add(k);
      if (d.examples.added.length < 20) d.examples.added.push(k);
    } else if (ov !== v) {
      d.changed++;
      if (d.examples.changed.length < 20) d.examples.changed.push(k);
    }
  }
  for (const k of oi.keys()) {
    if (!ni.has(k)) {
      d.removed++;
      if (d.examples.removed.length < 20) d.examples.removed.push(k);
    }
  }
  return { diff: d, added: newDs, addedKeys };
}

/** Leaves of a JSON value that are numbers, keyed by their path (iterative: the depth is the file's). */
function numberLeaves(root: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const stack: [unknown, string][] = [[root, ""]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === "number") out.set(path, v);
    else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        stack.push([x, path ? `${path}.${k}` : k]);
      }
    }
  }
  return out;
}

/** Numbers of a TLF QC JSON keyed by their row/column keys when the cells carry them. */
function tlfNumbers(file: string): Map<string, number> {
  const json = JSON.parse(readFileSync(file, "utf8")) as unknown;
  const cells = (json as { cells?: unknown[] }).cells;
  if (Array.isArray(cells)) {
    const out = new Map<string, number>();
    for (const c of cells as Record<string, unknown>[]) {
      if (typeof c.value !== "number") continue;
      const key = ["row", "rowKey", "column", "columnKey", "stat", "statName"]
        .filter((k) => c[k] !== undefined)
        .map((k) => `${k}=${typeof c[k] === "object" ? JSON.stringify(c[k]) : String(c[k])}`)
        .join(" ");
      out.set(key, c.value);
    }
    return out;
  }
  return numberLeaves(json);
}

export async function diffBuilds(oldDir: string, newDir: string): Promise<BuildDiff> {
  const om = readBuildManifest(oldDir);
  const nm = readBuildManifest(newDir);
  if (!om)
    throw new UserError(`${oldDir} is not a trialforge build (no manifest.json written by trialforge)`);
  if (!nm)
    throw new UserError(`${newDir} is not a trialforge build (no manifest.json written by trialforge)`);
  const result: BuildDiff = {
    old: oldDir,
    new: newDir,
    datasets: [],
    newAdverseEvents: [],
    newDlts: [],
    tlfMoved: [],
    tlfAdded: [],
    tlfRemoved: [],
  };
  for (const part of ["sdtm", "adam"] as const) {
    const names = [...new Set([...Object.keys(om.datasets[part]), ...Object.keys(nm.datasets[part])])].sort();
    for (const name of names) {
      const o = om.datasets[part][name];
      const n = nm.datasets[part][name];
      if (o && n && o.sha256 === n.sha256) continue;
      const { diff, added, addedKeys } = await diffDataset(oldDir, newDir, part, name, o, n);
      if (diff.added + diff.removed + diff.changed === 0 && !diff.emptied && o && n) continue;
      result.datasets.push(diff);
      if (added && addedKeys.size > 0) collectEvents(result, part, name, added, n?.keys ?? [], addedKeys);
    }
  }
  diffTlf(result, oldDir, newDir, om, nm);
  return result;
}

function collectEvents(
  r: BuildDiff,
  part: string,
  name: string,
  ds: Dataset,
  keys: string[],
  added: Set<string>,
) {
  const describe = (i: number) =>
    ["USUBJID", "AEDECOD", "AETERM", "AESTDTC", "ASTDT", "AETOXGR", "ATOXGR"]
      .filter((v) => ds.has(v) && ds.get(v, i) !== "" && ds.get(v, i) !== null)
      .map((v) => String(ds.get(v, i)))
      .join(" ");
  for (let i = 0; i < ds.length; i++) {
    if (!added.has(keyOf(ds, keys, i))) continue;
    if (part === "sdtm" && name === "AE") r.newAdverseEvents.push(describe(i));
    if (part === "adam" && ds.has("DLTFL") && ds.get("DLTFL", i) === "Y") r.newDlts.push(describe(i));
  }
}

/** True when both paths are one file (an output the newer build carried over as a hard link). */
function sameFile(a: string, b: string): boolean {
  const sa = statSync(a, { bigint: true });
  const sb = statSync(b, { bigint: true });
  return sa.ino === sb.ino && sa.dev === sb.dev;
}

function diffTlf(r: BuildDiff, oldDir: string, newDir: string, om: Manifest, nm: Manifest) {
  const ids = [...new Set([...Object.keys(om.outputs), ...Object.keys(nm.outputs)])].sort();
  for (const id of ids) {
    const oFile = join(oldDir, "tlf", `${id}.json`);
    const nFile = join(newDir, "tlf", `${id}.json`);
    if (!om.outputs[id]) {
      r.tlfAdded.push(id);
      continue;
    }
    if (!nm.outputs[id]) {
      r.tlfRemoved.push(id);
      continue;
    }
    if (!existsSync(oFile) || !existsSync(nFile)) continue;
    if (sameFile(oFile, nFile) || readFileSync(oFile).equals(readFileSync(nFile))) continue;
    const on = tlfNumbers(oFile);
    const nn = tlfNumbers(nFile);
    for (const k of new Set([...on.keys(), ...nn.keys()])) {
      const a = on.get(k);
      const b = nn.get(k);
      if (a !== b) r.tlfMoved.push({ output: id, path: k, old: a ?? null, new: b ?? null });
    }
  }
}

/** Plain-text rendering for `trialforge diff`. */
export function formatDiff(d: BuildDiff): string {
  const lines: string[] = [];
  if (d.datasets.length === 0 && d.tlfMoved.length === 0 && !d.tlfAdded.length && !d.tlfRemoved.length) {
    return "no differences in datasets or TLF numbers";
  }
  for (const x of d.datasets) {
    lines.push(
      `${x.part}/${x.dataset}: ${x.status}; ${x.added} added, ${x.removed} removed, ${x.changed} changed records`,
    );
    for (const k of x.examples.added.slice(0, 5)) lines.push(`  + ${k}`);
    for (const k of x.examples.removed.slice(0, 5)) lines.push(`  - ${k}`);
    for (const k of x.examples.changed.slice(0, 5)) lines.push(`  ~ ${k}`);
    for (const e of x.emptied ?? [])
      lines.push(
        `  ! ${x.dataset}.${e.variable} has no values now (${e.before} before): a renamed or missing raw column?`,
      );
  }
  // One push per line: a spread of thousands of new records into push() can overflow the stack.
  if (d.newAdverseEvents.length) {
    lines.push(`new adverse events (${d.newAdverseEvents.length}):`);
    for (const s of d.newAdverseEvents) lines.push(`  ${s}`);
  }
  if (d.newDlts.length) {
    lines.push(`new DLTs (${d.newDlts.length}):`);
    for (const s of d.newDlts) lines.push(`  ${s}`);
  }
  if (d.tlfAdded.length) lines.push(`TLF outputs added: ${d.tlfAdded.join(", ")}`);
  if (d.tlfRemoved.length) lines.push(`TLF outputs removed: ${d.tlfRemoved.join(", ")}`);
  if (d.tlfMoved.length) {
    lines.push(`TLF numbers that moved (${d.tlfMoved.length}):`);
    for (const m of d.tlfMoved.slice(0, 50))
      lines.push(`  ${m.output} ${m.path}: ${m.old ?? "-"} -> ${m.new ?? "-"}`);
  }
  return lines.join("\n");
}
