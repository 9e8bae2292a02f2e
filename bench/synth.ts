/**
 * Synthetic raw data at scale: time and peak RSS for `synth --subjects N` (default 3000).
 * Run: pnpm tsx bench/synth.ts [subjects] [outDir]. Prints figures only; never asserts.
 */
import { rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadStudy } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";

const subjects = Number(process.argv[2] ?? 3000);
const out = resolve(process.argv[3] ?? join(import.meta.dirname, "..", "out", "bench-synth"));
rmSync(out, { recursive: true, force: true });
const study = loadStudy(join(import.meta.dirname, "..", "specs", "nct05563545"));

let peak = process.memoryUsage().rss;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const s = await synthesize(study, out, { subjects, seed: 1 });
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSecs = (cpu.user + cpu.system) / 1e6;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

let bytes = 0;
for (const f of s.files) bytes += statSync(join(out, f.path)).size;
const lab = s.files.find((f) => f.form === "LB_CENTRAL");
console.log(`synth ${subjects} treated + ${s.screenFailures} screen failures -> ${out}`);
for (const f of s.files)
  console.log(
    `  ${f.path.padEnd(28)} ${String(f.records).padStart(10)} records  ${(statSync(join(out, f.path)).size / 1e6).toFixed(1).padStart(8)} MB`,
  );
console.log(
  `time ${secs.toFixed(1)} s wall (${cpuSecs.toFixed(1)} s CPU), peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB, ${(bytes / 1e6).toFixed(0)} MB written, central lab ${lab?.records ?? 0} rows (${((lab?.records ?? 0) / secs / 1e3).toFixed(0)}k rows/s overall)`,
);
