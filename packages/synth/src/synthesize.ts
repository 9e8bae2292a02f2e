/**
 * Seeded synthetic raw exports for a study, in the raw folder layout of CONTRACTS.md: `edc/<form>.csv`,
 * `edc/odm.xml` (the same EDC data), `vendor/<file>.{csv,xlsx}` and `synth-manifest.json`.
 * Subjects are generated and written one at a time, so memory stays flat for thousands of subjects.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { stableStringify, UserError } from "@trialforge/core";
import type { Study } from "@trialforge/spec";
import { isoToDay } from "./internal/dates.ts";
import { buildEdcRecords, type EdcRecord } from "./internal/edc.ts";
import { MessyPlan, type MessyRecord } from "./internal/messy.ts";
import { buildProfile, type Profile, type ProfileContext } from "./internal/subject.ts";
import {
  type RowSink,
  writeAda,
  writeCentralLab,
  writeCytokines,
  writeFlow,
  writePk,
} from "./internal/vendor.ts";
import type { Rng } from "./prng.ts";
import { forkRng } from "./prng.ts";
import { CsvWriter } from "./write/csv.ts";
import { OdmWriter } from "./write/odm.ts";
import { XlsxWriter } from "./write/xlsx.ts";

export interface SynthOptions {
  /** Treated subjects (screen failures come on top, about 1 in 10). Default: the study's planned enrolment. */
  subjects?: number;
  /** Default 1. */
  seed?: number;
  /** Inject the real-world defects listed in the manifest (default true). */
  messy?: boolean;
  /** ODM CreationDateTime and XLSX timestamps, e.g. from SOURCE_DATE_EPOCH; default: the data cutoff at 00:00:00. */
  creationDateTime?: string;
}

export interface SynthFile {
  /** Relative to the output folder. */
  path: string;
  /** Form id, or "ODM" for the ODM export. */
  form: string;
  format: "csv" | "xlsx" | "xml";
  records: number;
}

export interface SynthSummary {
  studyId: string;
  seed: number;
  messy: boolean;
  subjects: number;
  screenFailures: number;
  byArm: Record<string, number>;
  deaths: number;
  dltSubjects: number;
  creationDateTime: string;
  files: SynthFile[];
  messyRecords: MessyRecord[];
  /** Forms in the study that this generator does not know: written with a header only. */
  headerOnlyForms: string[];
}

type VendorGenerator = (rng: Rng, p: Profile, study: Study, sink: RowSink) => number;

/** Vendor generators by form id; EDC forms are all drawn by `buildEdcRecords`. */
const VENDOR: Record<string, VendorGenerator> = {
  LB_CENTRAL: writeCentralLab,
  CYTOKINE: writeCytokines,
  PK_QPCR: writePk,
  FLOW: writeFlow,
  ADA: writeAda,
};
const EDC_KNOWN = new Set([
  "DM",
  "IE",
  "DH",
  "CM_PRIOR",
  "MH",
  "EX_LD",
  "EX_INF",
  "AE",
  "RS",
  "VS",
  "DS",
  "DD",
]);

type Writer = (CsvWriter | XlsxWriter) & RowSink;

function checkOptions(
  study: Study,
  opts: SynthOptions,
): { subjects: number; seed: number; messy: boolean; creationDateTime: string } {
  const subjects = opts.subjects ?? study.plannedEnrolment;
  if (!Number.isInteger(subjects) || subjects < 1 || subjects > 100000)
    throw new UserError(`synth: subjects must be a whole number from 1 to 100000, got ${opts.subjects}`);
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new UserError(`synth: seed must be a whole number from 0 to 4294967295, got ${opts.seed}`);
  const creationDateTime = opts.creationDateTime ?? `${study.dataCutoff}T00:00:00`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(creationDateTime))
    throw new UserError(
      `synth: creationDateTime must look like 2026-07-31T00:00:00, got ${creationDateTime}`,
    );
  return { subjects, seed, messy: opts.messy ?? true, creationDateTime };
}

/** Splits `n` treated subjects over the arms in escalation order; the top dose takes the expansion share. */
export function computeArmCounts(n: number, arms: number): number[] {
  const weights = Array.from({ length: arms }, (_, i) => (i === arms - 1 ? 3 : 2));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((n * w) / total));
  counts[arms - 1]! += n - counts.reduce((a, b) => a + b, 0);
  return counts;
}

/**
 * Writes synthetic raw data for `study` to `outDir` and returns what was written.
 * @example
 *   const s = await synthesize(loadStudy("specs/nct05563545"), "out/raw", { seed: 7 });
 *   s.files.find((f) => f.form === "LB_CENTRAL")?.records; // 17 visits x 45 tests per treated subject, fewer after dropout
 */
export async function synthesize(
  study: Study,
  outDir: string,
  opts: SynthOptions = {},
): Promise<SynthSummary> {
  const o = checkOptions(study, opts);
  const master = forkRng(o.seed, 0);
  const arms = [...study.arms].sort((a, b) => a.doseLevel - b.doseLevel);
  const counts = computeArmCounts(o.subjects, arms.length);
  const nSf = Math.max(1, Math.round(o.subjects / 10));
  const total = o.subjects + nSf;
  // Screening order: treated subjects by dose level, screen failures at seeded positions.
  const sfPos = new Set<number>();
  while (sfPos.size < nSf) sfPos.add(master.int(1, total - 1));
  const plan: number[] = [];
  let armI = 0;
  let inArm = 0;
  for (let i = 0; i < total; i++) {
    if (sfPos.has(i)) {
      plan.push(-1);
      continue;
    }
    while (inArm >= counts[armI]!) {
      armI++;
      inArm = 0;
    }
    plan.push(armI);
    inArm++;
  }
  const ctx: ProfileContext = {
    study,
    cutoffDay: isoToDay(study.dataCutoff),
    studyStartDay: isoToDay(study.studyStart),
    enrolSpanDays: 536,
    totalScreened: total,
  };
  const treated = plan.flatMap((a, i) => (a >= 0 ? [i] : []));
  const messy = o.messy ? new MessyPlan(forkRng(o.seed, 0x6d657373), study, treated) : undefined;

  const edcForms = study.forms.filter((f) => f.source === "edc");
  const vendorForms = study.forms.filter((f) => f.source === "vendor");
  const writers = new Map<string, Writer>();
  await mkdir(outDir, { recursive: true });
  const created = new Date(`${o.creationDateTime}Z`);
  // A form read from an ODM export (format odm) still gets its CSV twin, edc/<id>.csv, beside the ODM file.
  const csvFile = (f: (typeof study.forms)[number]) =>
    f.format === "odm" ? `edc/${f.id.toLowerCase()}.csv` : f.file;
  for (const f of study.forms) {
    const path = join(outDir, csvFile(f));
    await mkdir(dirname(path), { recursive: true });
    const w: Writer =
      f.format === "xlsx"
        ? new XlsxWriter(path, f, f.id.toLowerCase(), created)
        : new CsvWriter(
            path,
            f.fields.map((x) => x.name),
          );
    writers.set(f.id, w);
  }
  const odmFile = study.forms.find((f) => f.format === "odm")?.file ?? "edc/odm.xml";
  const odmPath = join(outDir, odmFile);
  await mkdir(dirname(odmPath), { recursive: true });
  const odm = new OdmWriter(odmPath, study, edcForms, {
    creationDateTime: o.creationDateTime,
    fileOid: `ODM.${study.studyId}.SYNTH.${o.seed}`,
  });

  const messyRecords: MessyRecord[] = [];
  const byArm: Record<string, number> = Object.fromEntries(arms.map((a) => [a.armcd, 0]));
  let deaths = 0;
  let dltSubjects = 0;
  for (let i = 0; i < total; i++) {
    const rng = forkRng(o.seed, i + 1);
    const arm = plan[i]! >= 0 ? arms[plan[i]!] : undefined;
    const p = buildProfile(rng, i, arm === undefined, arm, ctx);
    if (arm) byArm[arm.armcd]!++;
    if (p.deathDay !== undefined) deaths++;
    if (p.aes.some((e) => e.dlt)) dltSubjects++;
    if (messy) messy.applyToProfile(p);
    const recs: Map<string, EdcRecord[]> = buildEdcRecords(rng, p, study);
    if (messy) {
      for (const m of messy.applyToRecords(p, recs)) {
        const w = writers.get(m.form);
        if (w instanceof CsvWriter) m.row = w.records + m.recordIndex + 1;
        messyRecords.push(m);
      }
    }
    for (const f of edcForms) {
      const w = writers.get(f.id)!;
      for (const r of recs.get(f.id) ?? []) {
        if (w instanceof CsvWriter) w.emitRecord(r);
        else writeRecord(w, r);
      }
    }
    odm.writeSubject(p.subjid, recs);
    for (const f of vendorForms) {
      const gen = VENDOR[f.id];
      if (gen) gen(rng, p, study, writers.get(f.id)!);
    }
    for (const w of writers.values()) await w.drain();
    await odm.drain();
  }
  if (messy) messyRecords.push(...messy.applied);

  const files: SynthFile[] = [];
  for (const f of study.forms) {
    const w = writers.get(f.id)!;
    await w.close();
    files.push({
      path: csvFile(f),
      form: f.id,
      format: f.format === "odm" ? "csv" : f.format,
      records: w.records,
    });
  }
  await odm.close();
  files.push({
    path: odmFile,
    form: "ODM",
    format: "xml",
    records: files.filter((f) => edcForms.some((e) => e.id === f.form)).reduce((a, f) => a + f.records, 0),
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const headerOnlyForms = study.forms
    .filter((f) => (f.source === "edc" ? !EDC_KNOWN.has(f.id) : !VENDOR[f.id]))
    .map((f) => f.id);

  const summary: SynthSummary = {
    studyId: study.studyId,
    seed: o.seed,
    messy: o.messy,
    subjects: o.subjects,
    screenFailures: nSf,
    byArm,
    deaths,
    dltSubjects,
    creationDateTime: o.creationDateTime,
    files,
    messyRecords,
    headerOnlyForms,
  };
  await writeFile(
    join(outDir, "synth-manifest.json"),
    `${stableStringify({ generator: "@trialforge/synth", ...summary }, 2)}\n`,
  );
  return summary;
}

function writeRecord(w: RowSink, rec: Record<string, string>): void {
  for (const [k, v] of Object.entries(rec)) {
    const i = w.col(k);
    if (i >= 0) w.row[i] = v;
  }
  w.emit();
}
