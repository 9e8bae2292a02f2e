/**
 * Renders many outputs on worker threads (one per core): big listings dominate a large build's TLF time
 * (pdfmake lays out every cell), and each output/format is independent, so the work is spread over the
 * cores. Every file is rendered by the same code as in-process, so the bytes do not depend on the thread.
 * Jobs are handed out dearest first (an output's PDF, XLSX and RTF+JSON are separate jobs when it is big).
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
  /** Called with (outputs finished, outputs in all) before the first and after each finished output. */
  progress?: (done: number, total: number) => void;
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
/** An output whose cells exceed this gets one job per format group. */
const SPLIT_CELLS = 20_000;

function plan(outputs: readonly Output[], formats: readonly OutputFormat[]): Job[] {
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
      jobs.push({ index, formats: g, cost: g.reduce((c, f) => c + WEIGHT[f] * n, 0) + 500 });
  });
  // Dearest first (stable by output order) so the longest job does not start last.
  return jobs.sort((a, b) => b.cost - a.cost || a.index - b.index);
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
  const jobs = plan(outputs, formats);
  const threads = Math.min(options.threads ?? defaultThreads(jobs), jobs.length);
  const files: string[][] = outputs.map(() => []);
  const ms = outputs.map(() => 0);
  const progress = options.progress;
  progress?.(0, outputs.length);
  if (threads <= 1) {
    for (const [i, o] of outputs.entries()) {
      const t0 = performance.now();
      files[i] = await writeOutputFiles(o, stamp, dir, formats);
      ms[i] = Math.round(performance.now() - t0);
      progress?.(i + 1, outputs.length);
    }
  } else {
    const done = new Map<string, string[]>();
    const jobsLeft = outputs.map((_, i) => jobs.filter((j) => j.index === i).length);
    let finished = 0;
    let next = 0;
    const run = (worker: Worker): Promise<void> =>
      new Promise((resolve, reject) => {
        const give = () => {
          const job = jobs[next++];
          if (!job) {
            resolve();
            return;
          }
          worker.once("message", (m: { paths?: string[]; ms: number; error?: string }) => {
            if (m.error !== undefined) {
              reject(
                new Error(`rendering ${outputs[job.index]!.id} (${job.formats.join(", ")}): ${m.error}`),
              );
              return;
            }
            done.set(`${job.index}:${job.formats.join(",")}`, m.paths!);
            ms[job.index]! += m.ms;
            if (--jobsLeft[job.index]! === 0) progress?.(++finished, outputs.length);
            give();
          });
          worker.postMessage({ output: outputs[job.index], formats: job.formats, stamp, dir });
        };
        worker.once("error", reject);
        give();
      });
    const workers = Array.from(
      { length: threads },
      () => new Worker(new URL("./render-worker.mjs", import.meta.url)),
    );
    try {
      await Promise.all(workers.map(run));
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    // Paths in the caller's format order, as writeOutputFiles returns them.
    for (const j of [...jobs].sort((a, b) => a.index - b.index))
      files[j.index]!.push(...done.get(`${j.index}:${j.formats.join(",")}`)!);
    for (const f of files) f.sort((a, b) => order(a, formats) - order(b, formats));
  }
  return outputs.map((o, i) => ({ id: o.id, files: files[i]!, ms: ms[i]! }));
}

const order = (path: string, formats: readonly OutputFormat[]) =>
  formats.indexOf(path.slice(path.lastIndexOf(".") + 1) as OutputFormat);
