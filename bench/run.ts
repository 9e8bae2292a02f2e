/**
 * Runs every benchmark in turn (each in its own process, so peak memory figures are its own) and prints
 * their figures. Benchmarks never assert; they are not part of `pnpm test`.
 *
 *   pnpm bench                 # all, at the issues' scales (3,000 subjects; 1M-row tables)
 *   pnpm bench formats build   # only these
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const ALL = [
  "cli-start",
  "formats",
  "convert",
  "ingest",
  "synth",
  "sdtm",
  "adam",
  "validate",
  "rules",
  "tlf",
  "build",
  "scale",
];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : ALL;

for (const name of chosen) {
  if (!ALL.includes(name)) {
    console.error(`unknown benchmark ${name}; choose from ${ALL.join(", ")}`);
    process.exitCode = 2;
    continue;
  }
  console.log(`\n=== bench/${name}.ts ===`);
  const t = performance.now();
  const r = spawnSync(join(root, "node_modules/.bin/tsx"), [join(root, "bench", `${name}.ts`)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? "1767225600" },
  });
  console.log(`=== ${name}: exit ${r.status}, ${((performance.now() - t) / 1000).toFixed(1)} s ===`);
}
