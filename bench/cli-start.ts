/**
 * CLI start-up: `--help`, `convert --help`, `diff --help` and a real `convert` of a small XPT (CDISC pilot DM,
 * 18 rows) run through tsx on the sources (the old `pnpm trialforge`), through the launcher forced onto the
 * sources, through the esbuild bundle, and through the launcher picking the bundle. Wall time per run
 * (performance.now around spawnSync), median and min of N runs; CPU seconds (user+sys) of the child from
 * /usr/bin/time when installed. Rebuilds apps/cli/dist first. Never asserts.
 *
 *   pnpm exec tsx bench/cli-start.ts [runs=10]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const RUNS = Number(process.argv[2] ?? 10);
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const tmp = mkdtempSync(join(tmpdir(), "cli-start-"));
const env: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: "1767225600" };
delete env.TRIALFORGE_FROM_SOURCE;

const built = spawnSync(process.execPath, [join(ROOT, "apps/cli/scripts/bundle.mjs")], {
  cwd: ROOT,
  encoding: "utf8",
});
process.stdout.write(built.stderr);
if (built.status !== 0) process.exit(1);

const VARIANTS: { name: string; cmd: string[]; env?: Record<string, string> }[] = [
  { name: "tsx src/main.ts", cmd: [join(ROOT, "node_modules/.bin/tsx"), join(ROOT, "apps/cli/src/main.ts")] },
  {
    name: "launcher, sources",
    cmd: [process.execPath, join(ROOT, "apps/cli/bin/trialforge.mjs")],
    env: { TRIALFORGE_FROM_SOURCE: "1" },
  },
  { name: "bundle dist/main.js", cmd: [process.execPath, join(ROOT, "apps/cli/dist/main.js")] },
  { name: "launcher, bundle", cmd: [process.execPath, join(ROOT, "apps/cli/bin/trialforge.mjs")] },
];
const small = join(ROOT, "reference/dataset-json/sdtm-dm.xpt");
const CASES: { name: string; args: string[] }[] = [
  { name: "--help", args: ["--help"] },
  { name: "convert --help", args: ["convert", "--help"] },
  { name: "diff --help", args: ["diff", "--help"] },
  { name: "convert dm.xpt dm.json", args: ["convert", small, join(tmp, "dm.json")] },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function once(v: (typeof VARIANTS)[number], args: string[]): { wall: number; cpu: number | undefined } {
  const timeFile = join(tmp, "time.txt");
  const [cmd, ...rest] = TIME
    ? [TIME, "-f", "%U %S", "-o", timeFile, ...v.cmd, ...args]
    : [...v.cmd, ...args];
  const t0 = performance.now();
  const r = spawnSync(cmd!, rest, { cwd: ROOT, env: { ...env, ...v.env }, encoding: "utf8" });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${v.name} ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  const cpu = TIME
    ? readFileSync(timeFile, "utf8")
        .trim()
        .split(/\s+/)
        .map(Number)
        .reduce((a, b) => a + b, 0)
    : undefined;
  return { wall, cpu };
}

const f = (x: number | undefined) => (x === undefined ? "   -  " : `${x.toFixed(3)}`);
process.stdout.write(`${RUNS} runs each; wall median / min, CPU median (s)\n`);
process.stdout.write(
  `${"case".padEnd(24)}${"variant".padEnd(22)}${"wall med".padStart(9)}${"wall min".padStart(9)}${"cpu med".padStart(9)}\n`,
);
/** What the launcher picks right now (other people editing sources make the bundle stale). */
function launcherPick(v: (typeof VARIANTS)[number]): string {
  const r = spawnSync(v.cmd[0]!, [...v.cmd.slice(1), "diff", "--help"], {
    cwd: ROOT,
    env: { ...env, ...v.env, TRIALFORGE_LAUNCHER_DEBUG: "1" },
    encoding: "utf8",
  });
  return /launcher: bundle/.test(r.stderr) ? "bundle" : "sources";
}

const picks: string[] = [];
for (const c of CASES) {
  for (const v of VARIANTS) {
    if (v.name === "launcher, bundle") {
      spawnSync(process.execPath, [join(ROOT, "apps/cli/scripts/bundle.mjs"), "--quiet"], { cwd: ROOT });
      picks.push(`${c.name}: ${launcherPick(v)}`);
    }
    once(v, c.args); // warm the file cache
    const runs = Array.from({ length: RUNS }, () => once(v, c.args));
    const walls = runs.map((r) => r.wall);
    const cpus = runs.map((r) => r.cpu).filter((x): x is number => x !== undefined);
    process.stdout.write(
      `${c.name.padEnd(24)}${v.name.padEnd(22)}${f(median(walls)).padStart(9)}${f(Math.min(...walls)).padStart(9)}${f(cpus.length ? median(cpus) : undefined).padStart(9)}\n`,
    );
  }
}
process.stdout.write(`launcher picked (before each "launcher, bundle" series): ${picks.join("; ")}\n`);
const a = readFileSync(join(tmp, "dm.json"));
process.stdout.write(`convert output ${a.length} bytes\n`);
rmSync(tmp, { recursive: true, force: true });
