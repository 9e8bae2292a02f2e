/**
 * Progress lines: one line per stage, plain text in logs and CI; on a terminal the running stage is shown
 * with its elapsed time and replaced by its result line.
 */
import type { Manifest } from "./manifest.ts";

export interface Progress {
  line(text: string): void;
  start(i: number, n: number, stage: string): void;
  detail(text: string): void;
  tick(done: number, total: number): void;
  done(stage: string, seconds: number, status: string): void;
  summary(m: Manifest, outDir: string): void;
}

export function createProgress(quiet: boolean): Progress {
  const tty = process.stderr.isTTY === true && !process.env.CI;
  const out = (s: string) => {
    if (!quiet) process.stderr.write(`${s}\n`);
  };
  let current = "";
  let details: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let started = 0;
  let bar = "";
  return {
    line: out,
    start(i, n, stage) {
      current = `[${i}/${n}] ${stage}`;
      details = [];
      bar = "";
      started = performance.now();
      if (tty && !quiet) {
        const draw = () =>
          process.stderr.write(
            `\r\x1b[2K${current} ${bar}... ${((performance.now() - started) / 1000).toFixed(1)} s`,
          );
        draw();
        timer = setInterval(draw, 200);
        timer.unref();
      }
    },
    tick(done, total) {
      if (!tty || quiet || total <= 0) return;
      const width = 24;
      const filled = Math.round((done / total) * width);
      bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} `;
    },
    detail(text) {
      details.push(text);
    },
    done(_stage, seconds, status) {
      if (timer) clearInterval(timer);
      if (tty && !quiet) process.stderr.write("\r\x1b[2K");
      const what = status === "ran" ? "" : ` (${status})`;
      out(
        `${current.padEnd(24)} ${seconds.toFixed(2).padStart(7)} s${what}${details.length ? `  ${details.join("; ")}` : ""}`,
      );
    },
    summary(m, outDir) {
      const sdtm = Object.keys(m.datasets.sdtm).length;
      const adam = Object.keys(m.datasets.adam).length;
      const outs = Object.keys(m.outputs).length;
      const v = m.validation;
      out(
        `built ${m.study.id} into ${outDir} in ${m.totalSeconds.toFixed(1)} s: ${sdtm} SDTM and ${adam} ADaM datasets, ${outs} TLF outputs, ` +
          `${m.reconciliation.rejected} raw records rejected (see rejects/)` +
          (v ? `, validation ${v.errors} errors / ${v.warnings} warnings` : ""),
      );
      out(`report: ${outDir}/report/index.html`);
    },
  };
}
