/**
 * Renders many outputs on worker threads (one per core): each output/format is independent, so the work is
 * spread over the cores. Every file is rendered by the same code as in-process, so the bytes do not depend
 * on the thread. A big output's PDF, XLSX and RTF+JSON are separate jobs. The PDF/XLSX of a very big listing
 * (pdfmake or ExcelJS hold ~1 GB for 45,000 rows) is "heavy": at most `heavyAtOnce` heavy jobs run at the
 * same time (bounded peak memory). Jobs are dealt out up front, dearest first, to "lanes" (this thread when
 * there are heavy jobs, plus the workers), each lane working through its list in order.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Output, Stamp } from "../model.ts";
import { ALL_FORMATS, type OutputFormat, writeOutputFiles } from "./files.ts";

export interface ParallelRenderOptions {
  formats?: readonly OutputFormat[];
  /**
   * Worker threads; 0 renders in this thread. Default: `TRIALFORGE_TLF_THREADS` if set, else one per core
   * when the outputs are big enough to pay for starting the workers (about 1 s), else 0.
   */
  threads?: number;
  /**
   * Drop each output from `outputs` (the entry becomes undefined) once its last job is handed out, so a big
   * listing's model can be collected while the others render. For callers that pass a throw-away array.
   */
  release?: boolean;
  /** Called with (outputs finished, outputs in all) before the first and after each finished output. */
  progress?: (done: number, total: number) => void;
  /**
   * Heavy jobs (PDF/XLSX of a very big listing) allowed at the same time, at most one per thread. Default:
   * `TRIALFORGE_TLF_HEAVY` if set, else 1: each holds ~1-2 GB at 3,000-10,000 subjects, and peak memory is
   * the scarcer resource (2 makes a 3,000-subject TLF stage ~1.4x faster for ~0.7 GB more peak RSS).
   */
  heavyAtOnce?: number;
  /** A PDF or XLSX job over this many cells is heavy (default 100,000; tests lower it). */
  heavyCells?: number;
}

export interface RenderedFiles {
  id: string;
  files: string[];
  /** Render time summed over the output's jobs (ms). */
  ms: number;
}

interface Job {
  index: number;
  formats: OutputFormat[];
  cost: number;
  /**
   * The PDF or XLSX of a very big listing: pdfmake or ExcelJS holds ~1 GB for 45,000 rows, so two such jobs
   * never run at once (peak memory of a 3,000-subject build).
   */
  heavy: boolean;
}

/** Cells of a grid output (a figure counts as a small table). */
function cells(o: Output): number {
  if (o.kind === "figure") return 4000;
  let n = 0;
  const cols = o.columns.length + (o.kind === "table" ? 1 : 0);
  for (const s of o.sections) n += (s.rows.length + 3) * cols;
  return n;
}

/** Relative cost per cell of each format (measured: pdfmake PDF ≫ ExcelJS XLSX ≫ RTF, JSON). */
const WEIGHT: Record<OutputFormat, number> = { pdf: 1, xlsx: 0.3, rtf: 0.03, json: 0.05 };
/** Below this total cost the outputs are rendered in-process (worker start-up would not pay off). */
const MIN_PARALLEL_COST = 150_000;
/** A PDF or XLSX job over this many cells is heavy (one at a time, to bound peak memory). */
const HEAVY_CELLS = 100_000;
/** An output whose cells exceed this gets one job per format group. */
const SPLIT_CELLS = 20_000;

function plan(outputs: readonly Output[], formats: readonly OutputFormat[], heavyCells: number): Job[] {
  const jobs: Job[] = [];
  outputs.forEach((o, index) => {
    const n = cells(o);
    const groups: OutputFormat[][] =
      n > SPLIT_CELLS
        ? [
            formats.filter((f) => f === "pdf"),
            formats.filter((f) => f === "xlsx"),
            formats.filter((f) => f === "rtf" || f === "json"),
          ].filter((g) => g.length > 0)
        : [[...formats]];
    for (const g of groups)
      jobs.push({
        index,
        formats: g,
        cost: g.reduce((c, f) => c + WEIGHT[f] * n, 0) + 500,
        heavy: n > heavyCells && (g.includes("pdf") || g.includes("xlsx")),
      });
  });
  // Dearest first (stable by output order) so the longest job does not start last.
  return jobs.sort((a, b) => b.cost - a.cost || a.index - b.index);
}

function envCount(name: string): number | undefined {
  const v = process.env[name];
  return v !== undefined && v !== "" && Number.isInteger(Number(v)) && Number(v) >= 0 ? Number(v) : undefined;
}

function defaultHeavyAtOnce(): number {
  return envCount("TRIALFORGE_TLF_HEAVY") ?? 1;
}

function defaultThreads(jobs: readonly Job[]): number {
  const env = process.env.TRIALFORGE_TLF_THREADS;
  if (env !== undefined && env !== "" && Number.isInteger(Number(env)) && Number(env) >= 0)
    return Number(env);
  const total = jobs.reduce((c, j) => c + j.cost, 0);
  return total >= MIN_PARALLEL_COST ? availableParallelism() : 0;
}

/**
 * Writes every output in every format to `dir` (same files as `writeOutputFiles` per output); returns the
 * files per output, in the order of `outputs`.
 */
export async function writeOutputsParallel(
  outputs: readonly Output[],
  stamp: Stamp,
  dir: string,
  options: ParallelRenderOptions = {},
): Promise<RenderedFiles[]> {
  const formats = options.formats ?? ALL_FORMATS;
  const ids = outputs.map((o) => o.id);
  const drop = (i: number) => {
    if (options.release) (outputs as (Output | undefined)[])[i] = undefined;
  };
  const jobs = plan(outputs, formats, options.heavyCells ?? HEAVY_CELLS);
  const threads = Math.min(options.threads ?? defaultThreads(jobs), jobs.length);
  const files: string[][] = outputs.map(() => []);
  const ms = outputs.map(() => 0);
  const progress = options.progress;
  progress?.(0, outputs.length);
  if (threads <= 1) {
    for (let i = 0; i < ids.length; i++) {
      const t0 = performance.now();
      files[i] = await writeOutputFiles(outputs[i]!, stamp, dir, formats);
      ms[i] = Math.round(performance.now() - t0);
      drop(i);
      progress?.(i + 1, ids.length);
    }
  } else {
    const done = new Map<Job, string[]>();
    const jobsLeft = outputs.map((_, i) => jobs.filter((j) => j.index === i).length);
    const toPost = [...jobsLeft];
    let finished = 0;
    const finish = (job: Job, paths: string[], took: number) => {
      done.set(job, paths);
      ms[job.index]! += took;
      if (--jobsLeft[job.index]! === 0) progress?.(++finished, ids.length);
    };
    // Lanes: this thread (only when there are heavy jobs: it renders without copying the model) and the
    // workers. Heavy jobs go to the first `heavyAtOnce` lanes, the rest to any lane, each job to the lane
    // with the least work so far, so every lane gets its whole share (dearest first) up front.
    const heavy = jobs.filter((j) => j.heavy);
    const light = jobs.filter((j) => !j.heavy);
    const here = heavy.length > 0;
    const nWorkers = Math.max(1, Math.min(light.length + heavy.length, here ? threads - 1 : threads));
    const nLanes = nWorkers + (here ? 1 : 0);
    const heavyLanes = Math.max(1, Math.min(nLanes, options.heavyAtOnce ?? defaultHeavyAtOnce()));
    const lanes: Job[][] = Array.from({ length: nLanes }, () => []);
    const load = new Array<number>(nLanes).fill(0);
    const deal = (job: Job, upTo: number) => {
      let w = 0;
      for (let k = 1; k < upTo; k++) if (load[k]! < load[w]!) w = k;
      lanes[w]!.push(job);
      load[w]! += job.cost;
    };
    for (const job of heavy) deal(job, heavyLanes);
    for (const job of light) deal(job, nLanes);
    // A lane's heavy jobs come first: it never holds two at once, and light work fills in after.
    const mine = here ? lanes[0]! : [];
    const shares = (here ? lanes.slice(1) : lanes).filter((share) => share.length > 0);
    const workers = shares.map(() => new Worker(new URL("./render-worker.mjs", import.meta.url)));
    const run = (worker: Worker, share: Job[]): Promise<void> =>
      new Promise((resolve, reject) => {
        let k = 0;
        worker.on("message", (m: { paths?: string[]; ms: number; error?: string }) => {
          const job = share[k++]!;
          if (m.error !== undefined) {
            reject(new Error(`rendering ${ids[job.index]} (${job.formats.join(", ")}): ${m.error}`));
            return;
          }
          finish(job, m.paths!, m.ms);
          if (k === share.length) resolve();
        });
        worker.once("error", reject);
        if (share.length === 0) resolve();
        for (const job of share) {
          worker.postMessage({ output: outputs[job.index], formats: job.formats, stamp, dir });
          if (--toPost[job.index]! === 0) drop(job.index);
        }
      });
    try {
      const working = workers.map((w, k) => run(w, shares[k]!));
      // Settle worker failures even while this thread is busy (reported after the heavy jobs).
      for (const p of working) p.catch(() => {});
      for (const job of mine) {
        const t0 = performance.now();
        const paths = await writeOutputFiles(outputs[job.index]!, stamp, dir, job.formats);
        finish(job, paths, Math.round(performance.now() - t0));
        if (--toPost[job.index]! === 0) drop(job.index);
      }
      await Promise.all(working);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    // Paths in the caller's format order, as writeOutputFiles returns them.
    for (const j of [...jobs].sort((a, b) => a.index - b.index)) files[j.index]!.push(...done.get(j)!);
    for (const f of files) f.sort((a, b) => order(a, formats) - order(b, formats));
  }
  return ids.map((id, i) => ({ id, files: files[i]!, ms: ms[i]! }));
}

const order = (path: string, formats: readonly OutputFormat[]) =>
  formats.indexOf(path.slice(path.lastIndexOf(".") + 1) as OutputFormat);
