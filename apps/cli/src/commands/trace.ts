/**
 * `trialforge trace --out DIR --dataset NAME --key VAR=VALUE ...`: a dataset record down the chain to what
 * was collected. An ADaM record follows SRCDOM/SRCSEQ (ADaMIG 3.3.9 traceability variables) to its SDTM
 * record, or to ADSL; an SDTM record follows the build's trace/sdtm-origin.csv to its raw file and row,
 * whose collected values are printed (CSV exports). A build from delivered SDTM ends at the delivered file.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { type Dataset, UserError } from "@trialforge/core";
import type { Command } from "commander";
import { findSdtmOrigins, SDTM_ORIGIN_FILE, TRACE_DIR } from "../pipeline/trace.ts";

interface TraceOptions {
  out: string;
  dataset: string;
  key?: string[];
  raw?: string;
}

const abs = (p: string) => (isAbsolute(p) ? p : resolve(process.cwd(), p));

export function registerTrace(program: Command): void {
  program
    .command("trace")
    .description("trace a dataset record to its SDTM source and raw file row")
    .requiredOption("--out <dir>", "output folder of a build")
    .requiredOption("--dataset <name>", "SDTM or ADaM dataset, e.g. ADAE or AE")
    .option(
      "--key <var=value...>",
      "record selection, e.g. USUBJID=NCT05563545-01-001 AESEQ=3 (repeat or comma-separate)",
    )
    .option("--raw <dir>", "raw folder of the build (default: DIR/raw when the build synthesised its data)")
    .action(async (o: TraceOptions) => {
      const out = abs(o.out);
      if (!existsSync(join(out, "manifest.json")))
        throw new UserError(
          `${o.out} is not a trialforge build (no manifest.json): run trialforge build --out ${o.out} first`,
        );
      const where = parseKeys(o.key ?? []);
      const rawDir = o.raw ? abs(o.raw) : join(out, "raw");
      const tracer = new Tracer(out, rawDir);
      const name = o.dataset.toUpperCase();
      const ds = await tracer.dataset(name);
      const rows = matching(ds, where);
      if (rows.length === 0)
        throw new UserError(
          `${name}: no record with ${[...where].map(([k, v]) => `${k}=${v}`).join(", ") || "(no key)"}`,
        );
      if (rows.length > 50)
        throw new UserError(`${name}: ${rows.length} records match; give more --key variables`);
      for (const i of rows) await tracer.print(ds, i, "");
    });
}

function parseKeys(keys: string[]): Map<string, string> {
  const where = new Map<string, string>();
  for (const part of keys.flatMap((k) => k.split(","))) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new UserError(`--key ${part}: expected VARIABLE=VALUE`);
    where.set(part.slice(0, eq).trim().toUpperCase(), part.slice(eq + 1).trim());
  }
  return where;
}

const text = (v: string | number | null): string => (v === null ? "" : String(v));

function matching(ds: Dataset, where: Map<string, string>): number[] {
  for (const k of where.keys()) if (!ds.has(k)) throw new UserError(`${ds.name} has no variable ${k}`);
  const out: number[] = [];
  for (let i = 0; i < ds.length; i++) {
    let ok = true;
    for (const [k, v] of where) {
      const x = ds.get(k, i);
      if (typeof x === "number" ? x !== Number(v) : text(x) !== v) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(i);
  }
  return out;
}

/** Walks one record down the chain, printing a line per level. */
class Tracer {
  private readonly cache = new Map<string, Dataset>();
  constructor(
    private readonly out: string,
    private readonly rawDir: string,
  ) {}

  async dataset(name: string): Promise<Dataset> {
    const hit = this.cache.get(name);
    if (hit) return hit;
    const { readXpt } = await import("@trialforge/xport");
    for (const part of ["adam", "sdtm"]) {
      const file = join(this.out, part, `${name.toLowerCase()}.xpt`);
      if (existsSync(file)) {
        const ds = await readXpt(file);
        this.cache.set(name, ds);
        return ds;
      }
    }
    throw new UserError(`no dataset ${name} in ${this.out}/adam or ${this.out}/sdtm`);
  }

  private isAdam(name: string): boolean {
    return existsSync(join(this.out, "adam", `${name.toLowerCase()}.xpt`));
  }

  async print(ds: Dataset, i: number, indent: string): Promise<void> {
    const subj = ds.has("USUBJID") ? text(ds.get("USUBJID", i)) : "";
    const seqVar = ds.meta.variables.find(
      (v) => v.name === `${ds.name}SEQ` || (ds.name.startsWith("AD") && v.name === "ASEQ"),
    );
    const id = [subj && `USUBJID=${subj}`, seqVar && `${seqVar.name}=${text(ds.get(seqVar.name, i))}`].filter(
      Boolean,
    );
    const shown = [
      "PARAMCD",
      "AVISIT",
      "AVAL",
      "AVALC",
      "AETERM",
      "AEDECOD",
      `${ds.name}TESTCD`,
      `${ds.name}ORRES`,
      `${ds.name}DTC`,
    ]
      .filter((v) => ds.has(v) && text(ds.get(v, i)) !== "")
      .map((v) => `${v}=${text(ds.get(v, i))}`);
    const part = this.isAdam(ds.name) ? "ADaM" : "SDTM";
    process.stdout.write(`${indent}${part} ${ds.name} record ${i + 1}: ${[...id, ...shown].join(" ")}\n`);
    const next = `${indent}  `;
    if (part === "ADaM") {
      const srcdom = ds.has("SRCDOM") ? text(ds.get("SRCDOM", i)) : "";
      if (!srcdom) {
        process.stdout.write(
          `${next}derived from several source records (no SRCDOM); see the define.xml method of ${ds.name}\n`,
        );
        return;
      }
      const srcvar = ds.has("SRCVAR") ? text(ds.get("SRCVAR", i)) : "";
      const srcseq = ds.has("SRCSEQ") ? ds.get("SRCSEQ", i) : null;
      const src = await this.dataset(srcdom);
      const where = new Map([["USUBJID", subj]]);
      const seq = src.name.startsWith("AD") ? "ASEQ" : `${src.name}SEQ`;
      if (srcseq !== null && src.has(seq)) where.set(seq, text(srcseq));
      const rows = matching(src, where);
      process.stdout.write(
        `${next}source: SRCDOM=${srcdom} SRCVAR=${srcvar}${srcseq !== null ? ` SRCSEQ=${text(srcseq)}` : ""}\n`,
      );
      for (const r of rows) await this.print(src, r, next);
      return;
    }
    await this.printRaw(ds, i, subj, next);
  }

  private async printRaw(ds: Dataset, i: number, subj: string, indent: string): Promise<void> {
    if (!existsSync(join(this.out, TRACE_DIR, SDTM_ORIGIN_FILE))) {
      process.stdout.write(
        `${indent}delivered SDTM (sdtm/${ds.name.toLowerCase()}.xpt): this build did not map it from raw\n`,
      );
      return;
    }
    const seqVar = `${ds.name}SEQ`;
    const origins = await findSdtmOrigins(this.out, {
      dataset: ds.name,
      usubjid: subj,
      ...(ds.has(seqVar) ? { idvar: seqVar, idvarval: text(ds.get(seqVar, i)) } : {}),
    });
    if (origins.length === 0) {
      process.stdout.write(
        `${indent}derived by the build (no raw record), see the define.xml origin of ${ds.name}\n`,
      );
      return;
    }
    const { readCsvRecord } = await import("@trialforge/ingest");
    for (const o of origins) {
      const path = join(this.rawDir, o.file);
      let values = "";
      if (o.file.toLowerCase().endsWith(".csv") && existsSync(path)) {
        const rec = await readCsvRecord(path, o.row);
        if (rec) values = `: ${rec.header.map((h, k) => `${h}=${rec.values[k] ?? ""}`).join(" ")}`;
      } else if (!existsSync(path)) values = ` (raw folder ${this.rawDir} not found: pass --raw)`;
      process.stdout.write(`${indent}raw ${o.file} row ${o.row}${values}\n`);
    }
  }
}
