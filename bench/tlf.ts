/**
 * TLF rendering at scale: every study shell computed from a hand-made ADaM of N subjects (default 3,000;
 * ~10 AEs, 40 lab, 5 PK, 4-6 ADA records per subject) and written as PDF, RTF, XLSX and JSON. Prints the
 * layout and render time per output, pages of the biggest listing, and peak RSS. Never asserts.
 *
 *   pnpm exec tsx bench/tlf.ts [subjects]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTlfShells } from "@trialforge/spec";
import { buildOutput, writeOutputFiles } from "@trialforge/tlf";
import { makeAdamFixture } from "../packages/tlf/test/adam-fixture.ts";

const subjects = Number(process.argv[2] ?? 3000);
const t0 = performance.now();
const adam = makeAdamFixture(subjects, 11);
const tData = performance.now() - t0;
const shells = loadTlfShells(join(import.meta.dirname, "../specs/nct05563545"));
const dir = mkdtempSync(join(tmpdir(), "tlf-bench-"));
const stamp = { dataCut: "2025-06-30", runStamp: "2026-01-15T08:00:00Z", study: "NCT05563545" };
console.log(
  `ADaM fixture: ${subjects} subjects, ${[...adam].map(([n, d]) => `${n} ${d.length}`).join(", ")} rows (${Math.round(tData)} ms)`,
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
