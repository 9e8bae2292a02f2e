/**
 * `trialforge convert`: datasets between XPT v5 and Dataset-JSON (.json, .ndjson), streaming in blocks
 * (see convert-file.ts). One file: `convert IN OUT`. Many: `convert IN... --to FORMAT --out DIR`, where
 * an IN may be a folder; the files are shared out, largest first, among child processes (one per core,
 * at most 2 by default), each converting one file at a time. Progress on a terminal, then one summary
 * line with rows/s; a file that fails is named with its reason and the others still convert (exit 1).
 */
import { type ChildProcess, fork } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, extname, join, resolve } from "node:path";
import { UserError } from "@trialforge/core";
import type { NumFacts, ValueKind } from "@trialforge/dataset-json";
import { type Command, Option } from "commander";
import {
  type ConvertResult,
  type ConvertSettings,
  convertFile,
  type Format,
  formatOf,
} from "./convert-file.ts";
import { type Helper, xptFacts, xptRowsToJson } from "./convert-xpt-json.ts";

interface ConvertOptions {
  to?: string;
  out?: string;
  jobs?: string;
  timestamp?: string;
  encoding?: string;
  studyOid?: string;
  metadataVersionOid?: string;
  quiet?: boolean;
  serve?: boolean;
}

interface Job {
  input: string;
  output: string;
  bytes: number;
}

/** Messages between the parent and a --serve child: whole files, or half of one (see convert-xpt-json.ts). */
type ToChild =
  | { job: Job; settings: ConvertSettings }
  | { facts: { input: string; from: number } }
  | {
      rows: { input: string; output: string; kinds: ValueKind[]; format: "json" | "ndjson"; from: number };
    };
type FromChild =
  | { type: "progress"; rows: number; expected?: number }
  | { type: "done"; result: ConvertResult }
  | { type: "facts"; facts: (NumFacts | null)[] | null; rows: number; end: number }
  | { type: "rows"; rows: number; pos: number }
  | { type: "error"; message: string };

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** The one-line message of a failure (a UserError's text; otherwise the error's first line). */
function messageOf(e: unknown): string {
  if (e instanceof UserError) return e.message;
  return `internal error: ${(e as Error)?.message ?? String(e)}`;
}

/** "FILE: reason", without naming the file twice when the reason starts with it. */
const failureOf = (input: string, message: string) =>
  message.startsWith(`${input}:`) ? message : `${input}: ${message}`;

/** Progress on a terminal (stderr), redrawn at most every 200 ms; nothing when not a TTY or quiet. */
class Progress {
  private last = 0;
  private readonly on: boolean;
  rows = 0;
  filesDone = 0;
  constructor(
    private readonly files: number,
    private readonly t0: number,
    quiet: boolean,
  ) {
    this.on = !quiet && process.stderr.isTTY === true;
  }
  add(rows: number, expected?: number): void {
    this.rows += rows;
    if (!this.on) return;
    const now = performance.now();
    if (now - this.last < 200) return;
    this.last = now;
    const s = (now - this.t0) / 1000;
    const part =
      this.files === 1 && expected
        ? `${Math.min(100, Math.floor((100 * this.rows) / expected))}% `
        : `${this.filesDone}/${this.files} files, `;
    process.stderr.write(`\r\x1b[Kconvert: ${part}${fmt(this.rows)} rows, ${fmt(this.rows / s)} rows/s`);
  }
  clear(): void {
    if (this.on) process.stderr.write("\r\x1b[K");
  }
}

function usage(cmd: Command, msg: string): never {
  cmd.error(`convert: ${msg}`, { exitCode: 2, code: "trialforge.usage" });
}

function settingsOf(cmd: Command, o: ConvertOptions): ConvertSettings {
  if (o.encoding !== "ascii" && o.encoding !== "windows-1252")
    usage(cmd, "--encoding must be ascii or windows-1252");
  let timestamp = o.timestamp;
  if (timestamp === undefined) {
    const sde = process.env.SOURCE_DATE_EPOCH;
    timestamp =
      sde && /^\d+$/.test(sde) ? new Date(Number(sde) * 1000).toISOString() : "1970-01-01T00:00:00Z";
  }
  if (Number.isNaN(new Date(timestamp).getTime()))
    usage(cmd, `--timestamp "${timestamp}" is not an ISO 8601 date-time`);
  const s: ConvertSettings = { timestamp, encoding: o.encoding };
  if (o.studyOid) s.studyOid = o.studyOid;
  if (o.metadataVersionOid) s.metadataVersionOid = o.metadataVersionOid;
  return s;
}

/** The (input, output) pairs of `convert IN... --to F --out DIR`: folders give their dataset files. */
function planJobs(cmd: Command, paths: string[], to: Format, outDir: string): Job[] {
  const inputs: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UserError(`convert: ${p} does not exist`);
    if (statSync(p).isDirectory()) {
      const files = readdirSync(p)
        .filter((f) => formatOf(f) && !f.startsWith("."))
        .sort();
      if (files.length === 0) usage(cmd, `${p} holds no .xpt, .json or .ndjson file`);
      for (const f of files) inputs.push(join(p, f));
    } else {
      if (!formatOf(p)) usage(cmd, `cannot tell the format of "${p}" (use .xpt, .json or .ndjson)`);
      inputs.push(p);
    }
  }
  const seen = new Map<string, string>();
  const jobs: Job[] = [];
  for (const input of inputs) {
    const output = join(outDir, `${basename(input, extname(input))}.${to}`);
    const key = resolve(output);
    if (resolve(input) === key) usage(cmd, `${input} would be converted onto itself`);
    const other = seen.get(key);
    if (other) usage(cmd, `${other} and ${input} would both be written to ${output}`);
    seen.set(key, input);
    jobs.push({ input, output, bytes: statSync(input).size });
  }
  return jobs;
}

/** Child mode: converts the jobs the parent sends, one at a time, reporting over IPC. */
function serve(): void {
  const send = (m: FromChild) => process.send?.(m);
  let queue = Promise.resolve();
  process.on("message", (m: ToChild) => {
    queue = queue.then(async () => {
      try {
        if ("facts" in m) {
          const r = await xptFacts(m.facts.input, m.facts.from);
          send({ type: "facts", facts: r.facts?.map((f) => f ?? null) ?? null, rows: r.rows, end: r.end });
        } else if ("rows" in m) {
          const { input, output, kinds, format, from } = m.rows;
          const fh = await open(output, "w");
          try {
            const r = await xptRowsToJson(input, fh, 0, kinds, format, from, undefined, (rows) =>
              send({ type: "progress", rows }),
            );
            send({ type: "rows", ...r });
          } finally {
            await fh.close();
          }
        } else {
          const result = await convertFile(m.job.input, m.job.output, m.settings, (rows, expected) =>
            send(expected === undefined ? { type: "progress", rows } : { type: "progress", rows, expected }),
          );
          send({ type: "done", result });
        }
      } catch (e) {
        send({ type: "error", message: messageOf(e) });
      }
    });
  });
  process.on("disconnect", () => {
    void queue.then(() => process.exit(0));
  });
}

/**
 * A helper process for one big file (convert-xpt-json.ts): started at once, so it is ready by the time
 * it is asked for half of the first pass; one request at a time.
 */
function forkHelper(): Helper {
  const child = fork(process.argv[1]!, ["convert", "--serve"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let waiting: { ok: (m: FromChild) => void; fail: (e: Error) => void } | undefined;
  let onRows: ((rows: number) => void) | undefined;
  child.on("message", (m: FromChild) => {
    if (m.type === "progress") {
      onRows?.(m.rows);
      return;
    }
    const w = waiting;
    waiting = undefined;
    if (m.type === "error") w?.fail(new UserError(m.message));
    else w?.ok(m);
  });
  child.on("exit", (code, signal) => {
    waiting?.fail(new UserError(`convert: the helper process stopped (${signal ?? `exit ${code}`})`));
    waiting = undefined;
  });
  const ask = (msg: ToChild) =>
    new Promise<FromChild>((ok, fail) => {
      waiting = { ok, fail };
      child.send(msg);
    });
  return {
    facts: async (input, from) => {
      const m = (await ask({ facts: { input, from } })) as Extract<FromChild, { type: "facts" }>;
      // IPC is JSON: undefined entries (character columns) came back as null
      return { facts: m.facts?.map((f) => f ?? undefined), rows: m.rows, end: m.end };
    },
    rows: async (input, output, kinds, format, from, progress) => {
      onRows = progress;
      const m = (await ask({ rows: { input, output, kinds, format, from } })) as Extract<
        FromChild,
        { type: "rows" }
      >;
      return { rows: m.rows, pos: m.pos };
    },
    close: () => {
      if (child.connected) child.disconnect();
    },
  };
}

/** Runs the jobs in `n` child processes, largest file first; returns the failures. */
async function runPool(
  jobs: Job[],
  n: number,
  settings: ConvertSettings,
  progress: Progress,
): Promise<{ failures: string[]; rows: number }> {
  const todo = [...jobs].sort((a, b) => b.bytes - a.bytes || a.input.localeCompare(b.input));
  const failures: string[] = [];
  let rows = 0;
  const launcher = process.argv[1]!;
  const one = (child: ChildProcess) =>
    new Promise<void>((done) => {
      let current: Job | undefined;
      const next = () => {
        current = todo.shift();
        if (!current) {
          child.disconnect();
          return;
        }
        child.send({ job: current, settings } satisfies ToChild);
      };
      child.on("message", (m: FromChild) => {
        if (m.type === "progress") progress.add(m.rows, m.expected);
        else {
          if (m.type === "done") rows += m.result.rows;
          else if (m.type === "error") failures.push(failureOf(current!.input, m.message));
          current = undefined;
          progress.filesDone++;
          next();
        }
      });
      child.on("exit", (code, signal) => {
        // a process that dies (killed, out of memory) fails the file it had; the others go on
        if (current)
          failures.push(`${current.input}: the converting process stopped (${signal ?? `exit ${code}`})`);
        current = undefined;
        done();
      });
      next();
    });
  const children = Array.from({ length: n }, () =>
    fork(launcher, ["convert", "--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  await Promise.all(children.map(one));
  for (const j of todo) failures.push(`${j.input}: not converted (every converting process stopped)`);
  return { failures, rows };
}

export function registerConvert(program: Command): void {
  program
    .command("convert")
    .description(
      "convert datasets between SAS XPORT v5 (.xpt) and Dataset-JSON 1.1 (.json, .ndjson), streaming in blocks",
    )
    .argument("[paths...]", "IN OUT for one dataset; or, with --to and --out, input files and folders")
    .option("--to <format>", "output format for --out: xpt, json or ndjson")
    .option("--out <dir>", "output folder (made if missing): each input becomes <name>.<format> there")
    .option("-j, --jobs <n>", "files converted at once, each in its own process (default: cores, at most 2)")
    .option(
      "--timestamp <iso>",
      "created/modified stamp to write (default: SOURCE_DATE_EPOCH, else 1970-01-01T00:00:00Z)",
    )
    .option(
      "--encoding <enc>",
      "XPT text encoding: ascii (refuses other characters) or windows-1252",
      "ascii",
    )
    .option("--study-oid <oid>", "Dataset-JSON studyOID")
    .option("--metadata-version-oid <oid>", "Dataset-JSON metaDataVersionOID")
    .option("-q, --quiet", "print nothing on success")
    .addOption(new Option("--serve", "child process mode (internal)").hideHelp())
    .action(async function (this: Command, paths: string[], o: ConvertOptions) {
      if (o.serve) return serve();
      const settings = settingsOf(this, o);
      const t0 = performance.now();
      if (o.to === undefined && o.out === undefined) {
        if (paths.length !== 2)
          usage(this, "give IN OUT for one dataset, or input files/folders with --to FORMAT --out DIR");
        const [input, output] = paths as [string, string];
        for (const p of [input, output])
          if (!formatOf(p)) usage(this, `cannot tell the format of "${p}" (use .xpt, .json or .ndjson)`);
        if (resolve(input) === resolve(output)) usage(this, "input and output are the same file");
        if (!existsSync(dirname(resolve(output))))
          throw new UserError(`convert: the folder of ${output} does not exist`);
        const progress = new Progress(1, t0, o.quiet === true);
        let r: ConvertResult;
        try {
          // one big file: a helper process takes half of it when there are two cores
          const helper = availableParallelism() >= 2 ? forkHelper : undefined;
          r = await convertFile(input, output, settings, (n, e) => progress.add(n, e), helper);
        } finally {
          progress.clear();
        }
        if (!o.quiet) {
          const s = (performance.now() - t0) / 1000;
          process.stderr.write(
            `convert: ${r.name} ${fmt(r.rows)} rows x ${r.variables} variables, ${input} -> ${output} in ${s.toFixed(2)} s (${fmt(r.rows / s)} rows/s)\n`,
          );
        }
        return;
      }
      if (!o.to || !o.out) usage(this, "--to and --out go together (convert IN... --to FORMAT --out DIR)");
      const to = o.to.toLowerCase();
      if (to !== "xpt" && to !== "json" && to !== "ndjson") usage(this, "--to must be xpt, json or ndjson");
      if (paths.length === 0) usage(this, "no input files or folders");
      if (existsSync(o.out) && !statSync(o.out).isDirectory())
        usage(this, `--out ${o.out} is a file, not a folder`);
      const jobs = planJobs(this, paths, to, o.out);
      let n = o.jobs === undefined ? Math.min(2, availableParallelism()) : Number(o.jobs);
      if (!Number.isInteger(n) || n < 1) usage(this, "--jobs must be a positive whole number");
      n = Math.min(n, jobs.length);
      mkdirSync(o.out, { recursive: true });
      const progress = new Progress(jobs.length, t0, o.quiet === true);
      let failures: string[] = [];
      let rows = 0;
      try {
        if (n <= 1) {
          for (const j of jobs) {
            try {
              rows += (await convertFile(j.input, j.output, settings, (r, e) => progress.add(r, e))).rows;
            } catch (e) {
              failures.push(failureOf(j.input, messageOf(e)));
            }
            progress.filesDone++;
          }
        } else ({ failures, rows } = await runPool(jobs, n, settings, progress));
      } finally {
        progress.clear();
      }
      const s = (performance.now() - t0) / 1000;
      const ok = jobs.length - failures.length;
      for (const f of failures) process.stderr.write(`trialforge: convert: ${f}\n`);
      if (!o.quiet || failures.length)
        process.stderr.write(
          `convert: ${ok} of ${jobs.length} files, ${fmt(rows)} rows -> ${o.out} in ${s.toFixed(2)} s (${fmt(rows / s)} rows/s, ${n} ${n === 1 ? "process" : "processes"})\n`,
        );
      if (failures.length) process.exitCode = 1;
    });
}
