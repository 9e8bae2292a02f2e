/**
 * `trialforge convert` against R haven and pandas, in the same run (issue 20): a 1,000,000-row x
 * 25-column LB-like XPT (about 480 MB) taken XPT -> NDJSON -> XPT and XPT -> JSON -> XPT with two
 * `pnpm trialforge convert` calls each (launcher included), and with `node apps/cli/bin/trialforge.mjs`,
 * against haven's read_xpt + write_xpt of the same file; pandas.read_sas alone (pandas has no XPT
 * writer). Runs are interleaved (haven, ours, haven, ours ...) so load on the shared machine hits both
 * alike; each figure is the best of BENCH_REPEAT runs (default 2). Then: the round-tripped XPT is
 * byte-identical to the original, and haven and pandas read it equal to the original; a folder of 4
 * files converted with 1 and with 2 processes; peak RSS of every convert call. Never asserts.
 *
 *   pnpm exec tsx bench/convert.ts [rows]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { writeXpt } from "@trialforge/xport";
import { makeLb } from "./lb-table.ts";

const ROOT = join(import.meta.dirname, "..");
const N = Number(process.argv[2] ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 2);
const env: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: "1767225600" };
delete env.TRIALFORGE_FROM_SOURCE;
const dir = mkdtempSync(join(tmpdir(), "bench-convert-"));
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en-US")} rows/s`;

interface Timed {
  seconds: number;
  cpu: number;
  maxRSS: number;
  out: string;
}
/** Runs a command under /usr/bin/time when installed: wall seconds, CPU seconds, peak RSS. */
function timed(cmd: string, args: string[]): Timed {
  const t0 = performance.now();
  const time = existsSync("/usr/bin/time");
  const r = time
    ? spawnSync("/usr/bin/time", ["-f", "TIME %M %U %S", cmd, ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env,
        maxBuffer: 1 << 24,
      })
    : spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", env, maxBuffer: 1 << 24 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  const m = /TIME (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? "");
  return {
    seconds,
    cpu: m ? Number(m[2]) + Number(m[3]) : Number.NaN,
    maxRSS: m ? Number(m[1]) * 1024 : Number.NaN,
    out: r.stdout,
  };
}

const say = (s: string) => console.log(s);
say(
  `bench/convert: ${N.toLocaleString("en-US")} rows x 25 columns (LB-like), node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}, best of ${REPEAT}`,
);
const xpt = join(dir, "lb.xpt");
await writeXpt(makeLb(N), xpt, { timestamp: "2026-01-01T00:00:00Z" });
say(`  input: ${mb(statSync(xpt).size)} XPT`);
// the launcher runs the bundle only when it is newer than every source: make sure it is
execFileSync(process.execPath, [join(ROOT, "apps/cli/scripts/bundle.mjs"), "--quiet"], { cwd: ROOT });

const hasR = spawnSync("Rscript", ["-e", "library(haven)"], { stdio: "ignore" }).status === 0;
const py = ["/usr/bin/python3", "python3"].find(
  (p) => spawnSync(p, ["-c", "import pandas"], { stdio: "ignore" }).status === 0,
);
const havenR = join(dir, "haven.R");
writeFileSync(
  havenR,
  `suppressMessages(library(haven)); a <- commandArgs(TRUE)
   d <- read_xpt(a[1]); write_xpt(d, a[2], version = 5); cat(nrow(d), "\\n")`,
);

type Launch = { name: string; cmd: string; pre: string[] };
const launchers: Launch[] = [
  { name: "pnpm trialforge", cmd: "pnpm", pre: ["-s", "trialforge"] },
  {
    name: "node apps/cli/bin/trialforge.mjs",
    cmd: process.execPath,
    pre: [join(ROOT, "apps/cli/bin/trialforge.mjs")],
  },
];
const best = new Map<string, Timed & { legs: string }>();
const keep = (key: string, t: Timed, legs = "") => {
  const b = best.get(key);
  if (!b || t.seconds < b.seconds) best.set(key, { ...t, legs });
};

for (let i = 0; i < REPEAT; i++) {
  if (hasR) keep("haven", timed("Rscript", [havenR, xpt, join(dir, "haven.xpt")]));
  for (const l of launchers) {
    for (const via of ["ndjson", "json"]) {
      const mid = join(dir, `lb.${via}`);
      const back = join(dir, `rt-${via}.xpt`);
      const a = timed(l.cmd, [...l.pre, "convert", "-q", xpt, mid]);
      const b = timed(l.cmd, [...l.pre, "convert", "-q", mid, back]);
      keep(
        `${l.name} ${via}`,
        { seconds: a.seconds + b.seconds, cpu: a.cpu + b.cpu, maxRSS: Math.max(a.maxRSS, b.maxRSS), out: "" },
        `XPT->${via.toUpperCase()} ${a.seconds.toFixed(2)} s (peak RSS ${mb(a.maxRSS)}), ${via.toUpperCase()}->XPT ${b.seconds.toFixed(2)} s (peak RSS ${mb(b.maxRSS)})`,
      );
    }
  }
}

const haven = best.get("haven");
if (haven)
  say(
    `  haven read_xpt + write_xpt   ${haven.seconds.toFixed(2)} s (cpu ${haven.cpu.toFixed(2)} s, peak RSS ${mb(haven.maxRSS)})  ${rate(N, haven.seconds)}`,
  );
else say("  haven: Rscript with haven not installed, skipped");
for (const l of launchers)
  for (const via of ["ndjson", "json"]) {
    const b = best.get(`${l.name} ${via}`)!;
    const ratio = haven ? `  ${(haven.seconds / b.seconds).toFixed(2)}x haven` : "";
    say(
      `  ${l.name} convert XPT->${via.toUpperCase()}->XPT ${b.seconds.toFixed(2)} s (cpu ${b.cpu.toFixed(2)} s)  ${rate(N, b.seconds)}${ratio}\n      ${b.legs}`,
    );
  }

// values survive exactly
for (const via of ["ndjson", "json"]) {
  const back = join(dir, `rt-${via}.xpt`);
  const same = spawnSync("cmp", ["-s", xpt, back]).status === 0;
  let havenSame = "n/a";
  if (hasR)
    havenSame =
      spawnSync(
        "Rscript",
        [
          "-e",
          `suppressMessages(library(haven)); a <- commandArgs(TRUE); cat(identical(read_xpt(a[1]), read_xpt(a[2])))`,
          xpt,
          back,
        ],
        { encoding: "utf8" },
      ).stdout.trim() || "failed";
  let pandasSame = "n/a";
  if (py)
    pandasSame =
      spawnSync(
        py,
        [
          "-c",
          `import pandas,sys\na=pandas.read_sas(sys.argv[1],format="xport");b=pandas.read_sas(sys.argv[2],format="xport");print(a.equals(b) and list(a.columns)==list(b.columns))`,
          xpt,
          back,
        ],
        { encoding: "utf8" },
      ).stdout.trim() || "failed";
  say(
    `  round trip via ${via}: identical bytes ${same}; haven reads it identical ${havenSame}; pandas reads it equal ${pandasSame}`,
  );
}

if (py) {
  const r = timed(py, [
    "-c",
    `import pandas,sys\ndf=pandas.read_sas(sys.argv[1],format="xport");print(len(df))`,
    xpt,
  ]);
  say(
    `  pandas.read_sas (read only) ${r.seconds.toFixed(2)} s (cpu ${r.cpu.toFixed(2)} s, peak RSS ${mb(r.maxRSS)})  ${rate(N, r.seconds)}`,
  );
} else say("  pandas: no python3 with pandas, skipped");

// a folder: 4 quarter-size files, one process and two
const folder = join(dir, "folder");
mkdirSync(folder);
const q = Math.floor(N / 4);
for (const n of ["lb1", "lb2", "lb3", "lb4"])
  await writeXpt(makeLb(q), join(folder, `${n}.xpt`), { timestamp: "2026-01-01T00:00:00Z" });
for (const jobs of ["1", "2"]) {
  const out = join(dir, `folder-${jobs}`);
  const r = timed(process.execPath, [
    join(ROOT, "apps/cli/bin/trialforge.mjs"),
    "convert",
    folder,
    "--to",
    "json",
    "--out",
    out,
    "-j",
    jobs,
    "-q",
  ]);
  say(
    `  folder of 4 x ${q.toLocaleString("en-US")} rows XPT -> JSON, ${jobs} process${jobs === "1" ? "" : "es"}: ${r.seconds.toFixed(2)} s (cpu ${r.cpu.toFixed(2)} s)  ${rate(4 * q, r.seconds)}`,
  );
}
say(`  load average at the end: ${loadavg()[0]!.toFixed(1)}`);
rmSync(dir, { recursive: true, force: true });
