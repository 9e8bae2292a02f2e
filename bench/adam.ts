/**
 * SDTM → ADaM at scale: synthesizes N treated subjects (default 3,000) of NCT05563545, ingests them, builds
 * SDTM, then times buildAdam (all eight datasets) and buildAdlb alone on the millions of LB rows, printing
 * time, rows and peak RSS. Never asserts.
 * With `--generated ROWS` it skips synth/ingest/SDTM and derives ADLB from a generated SDTM LB of ROWS rows
 * (17 spec parameters, visits from screening to month 12, ranges, some missing results) for `subjects` subjects.
 *
 *   pnpm exec tsx bench/adam.ts [subjects]
 *   pnpm exec tsx bench/adam.ts 3000 --generated 3000000
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAdam, buildAdlb, buildAdsl } from "@trialforge/adam";
import { type Dataset, DatasetBuilder, Diagnostics, type VariableMeta } from "@trialforge/core";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadAdamSpec, loadSdtmSpec, loadStudy } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";

const subjects = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), "bench-adam-"));

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
async function stage<T>(name: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${name.padEnd(10)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s   peak RSS so far ${mb(peak)}`,
  );
  return r;
}

const studyDir = "specs/nct05563545";
const study = loadStudy(studyDir);
const adamSpec = loadAdamSpec(studyDir);
const genIdx = process.argv.indexOf("--generated");
if (genIdx > 0) {
  await generatedLb(Number(process.argv[genIdx + 1] ?? 3_000_000));
  process.exit(0);
}
const rawDir = join(dir, "raw");
await stage("synth", () => synthesize(study, rawDir, { subjects, seed: 1, messy: true }));
const raw = await stage("ingest", () => ingestStudy(study, rawDir, { edc: "csv", subjectForm: "DM" }));
const diagnostics = new Diagnostics();
const sdtm = await stage(
  "sdtm",
  () =>
    buildSdtm({ study, spec: loadSdtmSpec(studyDir), raw, terminology: loadTerminology(), diagnostics })
      .datasets,
);
(raw as { tables?: unknown }).tables = undefined;
global.gc?.();
const before = process.memoryUsage().rss;
peak = before;
console.log(`SDTM LB ${sdtm.get("LB")?.length.toLocaleString("en")} rows; RSS before ADaM ${mb(before)}`);

const adam = await stage("buildAdam", () => buildAdam({ study, spec: adamSpec, sdtm, diagnostics }));
const adamPeak = peak;
for (const [name, ds] of adam)
  console.log(
    `  ${name.padEnd(6)} ${ds.length.toLocaleString("en").padStart(10)} rows × ${ds.meta.variables.length} vars`,
  );
const adsl = buildAdsl({ study, spec: adamSpec, sdtm, diagnostics });
const lbRows = sdtm.get("LB")!.length;
const t0 = performance.now();
const adlb = buildAdlb({ spec: adamSpec, sdtm, adsl, diagnostics });
const sec = (performance.now() - t0) / 1000;
console.log(
  `buildAdlb alone: ${lbRows.toLocaleString("en")} LB rows → ${adlb.length.toLocaleString("en")} ADLB rows in ${sec.toFixed(2)} s ` +
    `(${Math.round(lbRows / sec).toLocaleString("en")} LB rows/s)`,
);
console.log(
  `peak RSS during buildAdam ${mb(adamPeak)} (+${mb(adamPeak - before)} over the SDTM already in memory)`,
);
clearInterval(sampler);
rmSync(dir, { recursive: true, force: true });

/** ADLB from a generated SDTM LB (no synth/ingest/SDTM in the way). */
async function generatedLb(rows: number): Promise<void> {
  const meta = (name: string, names: [string, "Char" | "Num"][]) => ({
    name,
    label: name,
    standard: "SDTM" as const,
    class: "FINDINGS" as const,
    structure: "",
    keys: [],
    variables: names.map(([n, type]): VariableMeta => ({ name: n, label: n, type, length: 8 })),
  });
  const params = adamSpec.adlb!.parameters;
  const dm = new DatasetBuilder(
    meta("DM", [
      ["STUDYID", "Char"],
      ["USUBJID", "Char"],
      ["ARMCD", "Char"],
      ["ACTARMCD", "Char"],
      ["RFICDTC", "Char"],
      ["AGE", "Num"],
    ]),
  );
  const ex = new DatasetBuilder(
    meta("EX", [
      ["USUBJID", "Char"],
      ["EXTRT", "Char"],
      ["EXCAT", "Char"],
      ["EXSTDTC", "Char"],
      ["EXENDTC", "Char"],
    ]),
  );
  const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
  const day0 = Date.UTC(2025, 0, 1) / 86_400_000;
  const infusion: number[] = [];
  for (let s = 0; s < subjects; s++) {
    const u = `NCT05563545-01-${String(s + 1).padStart(5, "0")}`;
    const arm = `DL${(s % 3) + 1}`;
    infusion.push(day0 + (s % 365));
    dm.push({
      STUDYID: "NCT05563545",
      USUBJID: u,
      ARMCD: arm,
      ACTARMCD: arm,
      RFICDTC: iso(infusion[s]! - 30),
      AGE: 20 + (s % 50),
    });
    ex.push({
      USUBJID: u,
      EXTRT: "CAR-NK-CD19 CELLS",
      EXCAT: "CAR-NK-CD19 INFUSION",
      EXSTDTC: `${iso(infusion[s]!)}T10:00`,
      EXENDTC: `${iso(infusion[s]!)}T10:30`,
    });
  }
  const days = [-14, -7, -1, 0, 1, 3, 5, 7, 10, 14, 21, 28, 42, 56, 84, 120, 180, 270, 360];
  const lb = new DatasetBuilder(
    meta("LB", [
      ["USUBJID", "Char"],
      ["LBSEQ", "Num"],
      ["LBTESTCD", "Char"],
      ["LBSPEC", "Char"],
      ["LBSTRESN", "Num"],
      ["LBSTRESC", "Char"],
      ["LBSTRESU", "Char"],
      ["LBSTNRLO", "Num"],
      ["LBSTNRHI", "Num"],
      ["LBDTC", "Char"],
      ["VISIT", "Char"],
      ["VISITNUM", "Num"],
    ]),
    rows,
  );
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const perSubject = Math.ceil(rows / subjects);
  let n = 0;
  for (let s = 0; s < subjects && n < rows; s++) {
    const u = `NCT05563545-01-${String(s + 1).padStart(5, "0")}`;
    for (let k = 0; k < perSubject && n < rows; k++, n++) {
      const p = params[k % params.length]!;
      const d = days[Math.floor(k / params.length) % days.length]!;
      const v = rand() < 0.02 ? null : Math.round(rand() * 200) / 10;
      lb.push({
        USUBJID: u,
        LBSEQ: k + 1,
        LBTESTCD: p.testcd,
        LBSPEC: p.spec ?? "BLOOD",
        LBSTRESN: v,
        LBSTRESC: v === null ? "" : String(v),
        LBSTRESU: p.unit,
        LBSTNRLO: 2,
        LBSTNRHI: 10,
        LBDTC: `${iso(infusion[s]! + d)}T08:00`,
        VISIT: `DAY ${d}`,
        VISITNUM: d,
      });
    }
  }
  const sdtmGen = new Map<string, Dataset>([
    ["DM", dm.build()],
    ["EX", ex.build()],
    ["LB", lb.build()],
  ]);
  const diagnostics = new Diagnostics();
  global.gc?.();
  const before = process.memoryUsage().rss;
  peak = before;
  console.log(
    `generated SDTM LB ${rows.toLocaleString("en")} rows for ${subjects} subjects; RSS ${mb(before)}`,
  );
  const adsl = await stage("buildAdsl", () =>
    buildAdsl({ study, spec: adamSpec, sdtm: sdtmGen, diagnostics }),
  );
  const t0 = performance.now();
  const adlb = await stage("buildAdlb", () =>
    buildAdlb({ spec: adamSpec, sdtm: sdtmGen, adsl, diagnostics }),
  );
  const sec = (performance.now() - t0) / 1000;
  console.log(
    `ADLB ${adlb.length.toLocaleString("en")} rows × ${adlb.meta.variables.length} vars in ${sec.toFixed(2)} s (${Math.round(rows / sec).toLocaleString("en")} LB rows/s)`,
  );
  console.log(`peak RSS ${mb(peak)} (+${mb(peak - before)} over the generated SDTM)`);
  clearInterval(sampler);
}
