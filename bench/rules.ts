/**
 * CDISC CORE rules over a build's SDTM: reads DIR/sdtm/*.xpt (default: builds the demo into a temporary
 * folder first), runs every published rule that passes CDISC's test cases, and prints rules per second,
 * total time and the 10 slowest rules. Never asserts. Target (issue 15): all rules over the demo < 5 s.
 *
 *   pnpm exec tsx bench/rules.ts [--from DIR]      DIR = a build output folder (with sdtm/*.xpt)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Dataset } from "@trialforge/core";
import { readCoreRules, readNotPassing, runRule, Study } from "@trialforge/rules";
import { readXpt } from "@trialforge/xport";

const root = resolve(import.meta.dirname, "..");
const i = process.argv.indexOf("--from");
let from = i > 0 ? process.argv[i + 1] : undefined;
let work: string | undefined;
if (!from) {
  work = mkdtempSync(join(tmpdir(), "tf-bench-rules-"));
  from = join(work, "demo");
  console.log(`building the demo into ${from} ...`);
  const r = spawnSync(
    "node",
    [
      join(root, "apps/cli/bin/trialforge.mjs"),
      "build",
      "--study",
      join(root, "specs/nct05563545"),
      "--out",
      from,
    ],
    { cwd: root, stdio: "ignore" },
  );
  if (r.status !== 0) throw new Error("demo build failed");
}
try {
  const sdtm = new Map<string, Dataset>();
  for (const f of readdirSync(join(from, "sdtm"))
    .filter((x) => x.endsWith(".xpt"))
    .sort()) {
    const ds = await readXpt(join(from, "sdtm", f));
    sdtm.set(ds.meta.name.toUpperCase(), ds);
  }
  const rows = [...sdtm.values()].reduce((n, d) => n + d.length, 0);
  let t = performance.now();
  const rules = readCoreRules();
  const notPassing = readNotPassing();
  console.log(`${rules.length} rules read in ${(performance.now() - t).toFixed(0)} ms`);
  const study = new Study(
    [...sdtm].map(([name, data]) => ({
      name,
      label: data.meta.label,
      fileName: `${name.toLowerCase()}.xpt`,
      data,
    })),
  );
  const times: { id: string; ms: number; findings: number }[] = [];
  t = performance.now();
  for (const rule of rules) {
    if (rule.id in notPassing) continue;
    const t0 = performance.now();
    const run = runRule(rule, study, { maxPerDataset: 200 });
    const n = run.findings.length + [...run.overflow.values()].reduce((a, b) => a + b, 0);
    times.push({ id: rule.id, ms: performance.now() - t0, findings: n });
  }
  const total = performance.now() - t;
  console.log(
    `${times.length} rules over ${sdtm.size} datasets (${rows} records) in ${(total / 1000).toFixed(2)} s: ${(times.length / (total / 1000)).toFixed(0)} rules/s`,
  );
  console.log("slowest 10:");
  for (const x of [...times].sort((a, b) => b.ms - a.ms).slice(0, 10))
    console.log(`  ${x.id}  ${x.ms.toFixed(0).padStart(6)} ms  ${x.findings} findings`);
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  if (work) rmSync(work, { recursive: true, force: true });
}
