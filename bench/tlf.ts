/**
 * TLF rendering at scale: every study shell computed from a hand-made ADaM of N subjects (default 3,000;
 * ~10 AEs, 40 lab, 5 PK, 4-6 ADA records per subject) and written as PDF, RTF, XLSX and JSON. Prints the
 * layout and render time per output and peak RSS. Never asserts. With `--pipeline`, the ADaM comes from the
 * real chain instead (synthesize → ingest → SDTM → buildAdam for N subjects).
 *
 *   pnpm exec tsx bench/tlf.ts [subjects] [--pipeline]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAdam } from "@trialforge/adam";
import { type Dataset, Diagnostics } from "@trialforge/core";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadAdamSpec, loadSdtmSpec, loadStudy, loadTlfShells } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";
import { buildOutput, writeOutputFiles } from "@trialforge/tlf";
import { makeAdamFixture } from "@trialforge/tlf/testing";

const subjects = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3000);
const pipeline = process.argv.includes("--pipeline");
const studyDir = join(import.meta.dirname, "../specs/nct05563545");

async function pipelineAdam(n: number): Promise<Map<string, Dataset>> {
  const study = loadStudy(studyDir);
  const rawDir = mkdtempSync(join(tmpdir(), "tlf-bench-raw-"));
  await synthesize(study, rawDir, { seed: 1, subjects: n });
  const raw = await ingestStudy(study, rawDir);
  const diagnostics = new Diagnostics();
  const sdtm = buildSdtm({
    study,
    spec: loadSdtmSpec(studyDir),
    raw: raw as never,
    terminology: loadTerminology(),
    diagnostics,
  });
  const out = buildAdam({ study, spec: loadAdamSpec(studyDir), sdtm: sdtm.datasets, diagnostics });
  rmSync(rawDir, { recursive: true, force: true });
  return out;
}

const t0 = performance.now();
const adam = pipeline ? await pipelineAdam(subjects) : makeAdamFixture(subjects, 11);
const tData = performance.now() - t0;
const shells = loadTlfShells(studyDir);
const dir = mkdtempSync(join(tmpdir(), "tlf-bench-"));
const stamp = { dataCut: "2025-06-30", runStamp: "2026-01-15T08:00:00Z", study: "NCT05563545" };
console.log(
  `ADaM ${pipeline ? "from the pipeline" : "fixture"}: ${subjects} subjects, ${[...adam].map(([n, d]) => `${n} ${d.length}`).join(", ")} rows (${Math.round(tData)} ms)`,
);
let total = 0;
for (const s of shells) {
  const a = performance.now();
  const o = buildOutput(s, adam);
  const b = performance.now();
  const files = await writeOutputFiles(o, stamp, dir);
  const c = performance.now();
  total += c - a;
  const rows = o.kind === "figure" ? o.data.length : o.sections.reduce((n, x) => n + x.rows.length, 0);
  const pdfKb = Math.round(statSync(files[0]!).size / 1024);
  console.log(
    `${s.id.padEnd(14)} rows ${String(rows).padStart(7)}  layout ${Math.round(b - a)
      .toString()
      .padStart(6)} ms  render ${Math.round(c - b)
      .toString()
      .padStart(7)} ms  pdf ${pdfKb} KB`,
  );
}
console.log(
  `all ${shells.length} outputs: ${(total / 1000).toFixed(1)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
rmSync(dir, { recursive: true, force: true });
