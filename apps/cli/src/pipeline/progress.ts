/**
 * Progress lines: one line per stage, plain text in logs and CI; on a terminal the running stage is shown
 * with its elapsed time and replaced by its result line.
 */
import { type Diagnostic, formatDiagnostic } from "@trialforge/core";
import type { Manifest } from "./manifest.ts";

/** The exit policy shared by build and validate: findings at or above this severity give exit status 1. */
export type FailOn = "error" | "warning" | "never";

/** True when the build's validation findings reach the --fail-on level. */
export function failsOn(m: Pick<Manifest, "validation">, failOn: FailOn): boolean {
  const v = m.validation;
  if (!v || failOn === "never") return false;
  return v.errors > 0 || (failOn === "warning" && v.warnings > 0);
}

/** What the closing lines of a build need besides the manifest. */
export interface SummaryExtras {
  failOn: FailOn;
  /** The build's warnings (and errors that did not stop it), in the order they were raised. */
  warnings: readonly Diagnostic[];
  /** Warnings of a reused build that its manifest did not keep (counted, not listed). */
  hiddenWarnings?: number;
  /** Whether the published output has a rejects/ folder to point at. */
  rejectsFolder?: boolean;
  /** Nothing was rebuilt: the closing lines describe the existing build. */
  upToDate?: boolean;
}

/** Build warnings listed in the terminal; the rest are counted and left to the report. */
const LISTED_WARNINGS = 10;

export interface Progress {
  line(text: string): void;
  start(i: number, n: number, stage: string): void;
  detail(text: string): void;
  tick(done: number, total: number): void;
  done(stage: string, seconds: number, status: string): void;
  summary(m: Manifest, outDir: string, extras: SummaryExtras): void;
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
    summary(m, outDir, x) {
      const sdtm = Object.keys(m.datasets.sdtm).length;
      const adam = Object.keys(m.datasets.adam).length;
      const outs = Object.keys(m.outputs).length;
      const shown = outDir || ".";
      const what = `${sdtm} SDTM and ${adam} ADaM datasets, ${outs} TLF outputs`;
      out(
        x.upToDate
          ? `${m.study.id} in ${shown} (unchanged): ${what}`
          : `built ${m.study.id} into ${shown} in ${m.totalSeconds.toFixed(1)} s: ${what}`,
      );
      const rejected = m.reconciliation.rejected;
      out(
        `  rejected records: ${rejected}${rejected > 0 && x.rejectsFolder ? ` (${shown}/rejects/rejections.csv)` : ""}`,
      );
      const total = x.warnings.length + (x.hiddenWarnings ?? 0);
      out(`  build warnings:   ${total}`);
      for (const d of x.warnings.slice(0, LISTED_WARNINGS)) out(`    ${formatDiagnostic(d)}`);
      if (total > LISTED_WARNINGS)
        out(`    and ${total - LISTED_WARNINGS} more, see the report (${shown}/report/index.html)`);
      const v = m.validation;
      out(
        v
          ? `  validation:       ${v.errors} errors, ${v.warnings} warnings, ${v.notes} notices` +
              `${v.rulesChecked !== undefined ? ` from ${v.rulesChecked} rules checked` : ""} (${v.rules} rules with findings)`
          : "  validation:       not run",
      );
      out(`report: ${shown}/report/index.html`);
      if (failsOn(m, x.failOn)) {
        const n =
          x.failOn === "warning" ? `${v!.errors} errors and ${v!.warnings} warnings` : `${v!.errors} errors`;
        out(`exit status 1: validation found ${n} (--fail-on ${x.failOn}); the outputs are published`);
      }
    },
  };
}
