/**
 * Scaling table (prints figures, asserts nothing): for each subject count, a cold synthetic build of the
 * showcase study through the CLI, then a no-change rebuild, one TLF shell edit, and `validate` alone on the
 * output. Prints a Markdown table (subjects, records, time and peak RSS per stage) and the load average,
 * because the figures are only as quiet as the machine.
 *
 *   pnpm tsx bench/scale.ts                  # 300 and 3,000 subjects
 *   pnpm tsx bench/scale.ts 300 3000 10000   # any counts (10,000 needs ~8 GB and several minutes)
 *   pnpm tsx bench/scale.ts --keep DIR 3000  # keep the builds under DIR (e.g. for bench/tlf-formats.ts)
 *
 * Peak RSS per stage is the build process's peak so far at the end of that stage (manifest timings), so
 * the stage where it rises is the one that needed the memory.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const keepAt = args.indexOf("--keep");
const keep = keepAt >= 0 ? resolve(args[keepAt + 1]!) : undefined;
const counts = args.filter((a, i) => /^\d+$/.test(a) && (keepAt < 0 || i !== keepAt + 1)).map(Number);
if (counts.length === 0) counts.push(300, 3000);
const env = { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? "1767225600", CI: "1" };
const work = keep ?? mkdtempSync(join(tmpdir(), "tf-bench-scale-"));
mkdirSync(work, { recursive: true });
const STAGES = ["synth", "ingest", "sdtm", "adam", "formats", "define", "validate", "tlf"] as const;
// Reports the child's own peak RSS on exit (Node cannot give a child's rusage to its parent).
const rssHook = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nmaxRSS "+u.maxRSS+" cpu "+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;

interface Run {
  wall: number;
  /** CPU seconds (user + system) of the process, steadier than wall time on a shared machine. */
  cpu: number;
  peakMB: number;
  ok: boolean;
  err: string;
}

function cli(cliArgs: string[]): Run {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ["--import", rssHook, join(root, "apps/cli/bin/trialforge.mjs"), ...cliArgs],
    { cwd: root, env, encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const wall = (performance.now() - t) / 1000;
  const m = /maxRSS (\d+) cpu (\d+)/.exec(r.stderr ?? "");
  return {
    wall,
    cpu: m ? Number(m[2]) / 1e6 : 0,
    peakMB: m ? Math.round(Number(m[1]) / 1024) : 0,
    ok: r.status === 0,
    err: (r.stderr ?? "").slice(-1500),
  };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
const gb = (mb: number) => (mb / 1024).toFixed(2);
const fmt = (n: number) => n.toLocaleString("en-US");

console.log(
  `trialforge scaling benchmark: node ${process.version}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB RAM, ${new Date().toISOString().slice(0, 16)}Z`,
);
const head = `| subjects | SDTM records | ADaM records | build | peak RSS | ${STAGES.join(" | ")} | no-change rebuild | one TLF shell edit | validate alone |`;
const rows: string[] = [];
const notes: string[] = [];
for (const n of counts) {
  const out = join(work, `build-${n}`);
  const study = join(work, `study-${n}`);
  rmSync(study, { recursive: true, force: true });
  cpSync(join(root, "specs/nct05563545"), study, { recursive: true });
  const before = load();
  const cold = cli(["build", "--study", study, "--out", out, "--subjects", String(n), "--force"]);
  if (!cold.ok) {
    console.log(`${n} subjects: build FAILED\n${cold.err}`);
    continue;
  }
  const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  const sum = (part: Record<string, { records: number }>) =>
    Object.values(part).reduce((s, d) => s + d.records, 0);
  const stage = (name: string) => {
    const t = (m.timings as { stage: string; seconds: number; peakRssMB?: number }[]).find(
      (x) => x.stage === name,
    );
    return t ? `${t.seconds.toFixed(1)} s / ${gb(t.peakRssMB ?? 0)} GB` : "-";
  };
  const noChange = cli(["build", "--study", study, "--out", out, "--subjects", String(n)]);
  const shell = join(study, "tlf", "t-dm.yaml");
  writeFileSync(
    shell,
    readFileSync(shell, "utf8").replace(/^title: *"?([^"\n]+)"?$/m, 'title: "$1 (revised)"'),
  );
  const edit = cli(["build", "--study", study, "--out", out, "--subjects", String(n)]);
  const validate = cli(["validate", "--study", study, "--out", out, "--fail-on", "never"]);
  const after = load();
  const row = [
    fmt(n),
    fmt(sum(m.datasets.sdtm)),
    fmt(sum(m.datasets.adam)),
    `${Number(m.totalSeconds).toFixed(1)} s (${cold.cpu.toFixed(0)} s CPU)`,
    `${gb(cold.peakMB)} GB`,
    ...STAGES.map(stage),
    `${noChange.wall.toFixed(2)} s (${noChange.cpu.toFixed(2)} s CPU)`,
    `${edit.wall.toFixed(2)} s (${edit.cpu.toFixed(2)} s CPU)`,
    `${validate.wall.toFixed(1)} s (${validate.cpu.toFixed(1)} s CPU) / ${gb(validate.peakMB)} GB`,
  ];
  rows.push(`| ${row.join(" | ")} |`);
  notes.push(`${fmt(n)} subjects: load average ${before} before, ${after} after`);
  console.log(`${n} subjects done (cold build wall ${cold.wall.toFixed(1)} s; load ${before} -> ${after})`);
  if (!noChange.ok || !edit.ok) console.log(`  a rebuild failed:\n${noChange.err}\n${edit.err}`);
  if (!keep) rmSync(out, { recursive: true, force: true });
}
console.log(
  `\n${head}\n|${"---|".repeat(head.split("|").length - 2)}\n${rows.join("\n")}\n\nStage cells: wall time / peak RSS of the build so far. CPU is user + system time of the process. ${notes.join("; ")}.`,
);
if (!keep) rmSync(work, { recursive: true, force: true });
