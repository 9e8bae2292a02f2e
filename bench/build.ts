/**
 * Build benchmark (prints figures, asserts nothing): demo cold build, no-change rebuild, and a cold
 * build of a scaled-up synthetic study. Usage: pnpm tsx bench/build.ts [--subjects 3000]
 * Targets (issue 10): demo < 5 s, no-change < 1 s, 3,000 subjects < 3 min in < 4 GB.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const argSubjects = process.argv.indexOf("--subjects");
const big = argSubjects > 0 ? Number(process.argv[argSubjects + 1]) : 3000;
const env = { ...process.env, SOURCE_DATE_EPOCH: "1767225600", CI: "1" };
const work = mkdtempSync(join(tmpdir(), "tf-bench-build-"));

function run(label: string, args: string[]): void {
  const t = performance.now();
  const r = spawnSync(join(root, "node_modules/.bin/tsx"), [join(root, "apps/cli/src/main.ts"), ...args], {
    cwd: root,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) {
    console.log(`${label}: FAILED (exit ${r.status})\n${r.stderr.slice(-2000)}`);
    return;
  }
  const out = args[args.indexOf("--out") + 1]!;
  const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  const lb = m.datasets?.sdtm?.LB?.records ?? 0;
  console.log(
    `${label.padEnd(34)} wall ${wall.toFixed(2).padStart(7)} s   build ${Number(m.totalSeconds).toFixed(2).padStart(7)} s   peak RSS ${String(m.peakRssMB ?? "?").padStart(5)} MB   LB rows ${lb}`,
  );
  if (label.includes("cold")) {
    for (const t of m.timings)
      console.log(`    ${t.stage.padEnd(10)} ${Number(t.seconds).toFixed(2).padStart(7)} s  ${t.status}`);
  }
}

console.log(`trialforge build benchmark (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
const demo = join(work, "demo");
run("demo cold build (21 subjects)", ["build", "--study", "specs/nct05563545", "--out", demo]);
run("demo no-change rebuild", ["build", "--study", "specs/nct05563545", "--out", demo]);
run(`cold build (${big} subjects)`, [
  "build",
  "--study",
  "specs/nct05563545",
  "--out",
  join(work, "big"),
  "--subjects",
  String(big),
]);
rmSync(work, { recursive: true, force: true });
