/**
 * TLF render cost per output and per format, from a kept build's ADaM (DIR/adam/*.xpt): layout, PDF, RTF,
 * XLSX and JSON timed separately, in this thread. Prints figures, never asserts. For profiling:
 *
 *   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/tlf-formats.ts DIR [--only l-pk-conc] [--formats pdf,rtf]
 *
 * With `--parallel N`, renders every output as the build's TLF stage does instead (writeOutputsParallel, one
 * thread per core) with at most N heavy jobs at once, and prints the stage's wall and CPU time.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dataset } from "@trialforge/core";
import { loadTlfShells } from "@trialforge/spec";
import {
  ALL_FORMATS,
  buildOutput,
  type OutputFormat,
  writeOutputFiles,
  writeOutputsParallel,
} from "@trialforge/tlf";
import { readXpt } from "@trialforge/xport";

const from = process.argv[2];
if (!from) throw new Error("usage: bench/tlf-formats.ts BUILD_DIR [--only ID,ID] [--formats pdf,rtf]");
const opt = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const only = opt("--only")?.split(",");
const formats = (opt("--formats")?.split(",") ?? ALL_FORMATS) as OutputFormat[];
const studyDir = join(import.meta.dirname, "../specs/nct05563545");
const adam = new Map<string, Dataset>();
for (const f of readdirSync(join(from, "adam")).filter((x) => x.endsWith(".xpt"))) {
  const ds = await readXpt(join(from, "adam", f));
  adam.set(ds.meta.name, ds);
}
const stamp = { dataCut: "2025-06-30", runStamp: "2026-01-01T00:00:00Z", study: "NCT05563545" };
const dir = mkdtempSync(join(tmpdir(), "tlf-formats-"));
const parallel = opt("--parallel");
if (parallel !== undefined) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const shells = loadTlfShells(studyDir).filter((s) => !only || only.includes(s.id));
  const outputs = shells.map((s) => buildOutput(s, adam));
  const tLayout = performance.now() - t0;
  await writeOutputsParallel(outputs.splice(0), stamp, dir, {
    formats,
    release: true,
    heavyAtOnce: Number(parallel),
  });
  const c = process.cpuUsage(c0);
  console.log(
    `${shells.length} outputs, heavy jobs at once ${parallel}: layout ${(tLayout / 1000).toFixed(1)} s, all ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((c.user + c.system) / 1e6).toFixed(1)} s CPU (all threads); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const totals: Record<string, number> = { layout: 0 };
const cpu0 = process.cpuUsage();
const cpuSeconds = () => {
  const u = process.cpuUsage(cpu0);
  return (u.user + u.system) / 1e6;
};
for (const s of loadTlfShells(studyDir)) {
  if (only && !only.includes(s.id)) continue;
  let t = performance.now();
  const o = buildOutput(s, adam);
  const parts = [`layout ${Math.round(performance.now() - t)}`];
  totals.layout! += performance.now() - t;
  for (const f of formats) {
    t = performance.now();
    await writeOutputFiles(o, stamp, dir, [f]);
    const ms = performance.now() - t;
    totals[f] = (totals[f] ?? 0) + ms;
    parts.push(`${f} ${Math.round(ms)}`);
  }
  console.log(`${s.id.padEnd(14)} ${parts.join("  ")} ms`);
}
console.log(
  `totals: ${Object.entries(totals)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`)
    .join(
      ", ",
    )}; ${cpuSeconds().toFixed(2)} s CPU; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
rmSync(dir, { recursive: true, force: true });
