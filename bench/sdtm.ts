/**
 * Raw → SDTM → XPT at scale: synthesizes N treated subjects (default 3,000) of NCT05563545, ingests
 * them, builds SDTM and writes every domain as XPT, printing time and peak RSS per stage and the
 * record counts (wall and CPU time: CPU time is the steadier figure on a shared machine). Never asserts (target: under 60 s and 3 GB on a 2-core machine).
 *
 *   pnpm exec tsx bench/sdtm.ts [subjects] [--keep DIR]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Diagnostics } from "@trialforge/core";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadSdtmSpec, loadStudy } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";
import { writeXpt } from "@trialforge/xport";

const subjects = Number(process.argv[2] ?? 3000);
const keepIdx = process.argv.indexOf("--keep");
const dir = keepIdx > 0 ? process.argv[keepIdx + 1]! : mkdtempSync(join(tmpdir(), "bench-sdtm-"));

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
async function stage<T>(name: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await f();
  const c = process.cpuUsage(c0);
  peak = Math.max(peak, process.memoryUsage().rss);
  const cpu = ((c.user + c.system) / 1e6).toFixed(2);
  console.log(
    `${name.padEnd(8)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s wall  ${cpu.padStart(7)} s cpu   peak RSS so far ${mb(peak)}`,
  );
  return r;
}

const t0 = performance.now();
const study = loadStudy("specs/nct05563545");
const spec = loadSdtmSpec("specs/nct05563545");
const rawDir = join(dir, "raw");
const summary = await stage("synth", () => synthesize(study, rawDir, { subjects, seed: 1, messy: true }));
const raw = await stage("ingest", () => ingestStudy(study, rawDir, { edc: "csv" }));
const terminology = loadTerminology();
const diagnostics = new Diagnostics();
const sdtm = await stage("sdtm", () => buildSdtm({ study, spec, raw, terminology, diagnostics }));
await stage("xpt", async () => {
  for (const ds of sdtm.datasets.values())
    await writeXpt(ds, join(dir, `${ds.name.toLowerCase()}.xpt`), {
      timestamp: "2026-07-31T00:00:00Z",
      encoding: "windows-1252",
    });
});
clearInterval(sampler);
const total = (performance.now() - t0) / 1000;
const counts = sdtm.counts.map((c) => `${c.dataset}=${c.records}`).join(" ");
console.log(
  `subjects ${subjects} (+ screen failures), raw files ${summary.files.length}, raw rejected ${raw.rejections.length}, sdtm rejected ${sdtm.rejections.length}`,
);
console.log(`records: ${counts}`);
console.log(`total ${total.toFixed(1)} s, peak RSS ${mb(peak)}`);
if (keepIdx < 0) rmSync(dir, { recursive: true, force: true });
