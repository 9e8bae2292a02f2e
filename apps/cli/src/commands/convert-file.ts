/**
 * One dataset converted between XPT v5, Dataset-JSON .json and .ndjson, streaming in blocks so memory
 * stays bounded for any row count. The output is byte-identical to writing the whole dataset read by
 * readXpt/readDatasetJson (the tests hold it to that): a Dataset-JSON header needs the row count and
 * whether each numeric column is whole / ISO-dateable before its first row, so those are found by a
 * first pass (numeric variables only, for XPT). Written beside the target and renamed, so a failure
 * never leaves a half-written output.
 */
import { rename, rm } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { Dataset, DatasetMeta } from "@trialforge/core";
import type { Helper } from "./convert-xpt-json.ts";

export type Format = "xpt" | "json" | "ndjson";

export function formatOf(path: string): Format | undefined {
  const e = extname(path).toLowerCase();
  return e === ".xpt" ? "xpt" : e === ".json" ? "json" : e === ".ndjson" ? "ndjson" : undefined;
}

export interface ConvertSettings {
  timestamp: string;
  encoding: "ascii" | "windows-1252";
  studyOid?: string;
  metadataVersionOid?: string;
}

export interface ConvertResult {
  name: string;
  rows: number;
  variables: number;
}

/** A source of blocks of one dataset, opened again for each pass. */
interface Source {
  meta: DatasetMeta;
  /** Rows the file declares or its size gives (for progress); the exact count comes from a pass. */
  expectedRows: number | undefined;
  blocks(numericOnly: boolean): AsyncGenerator<Dataset>;
  close(): Promise<void>;
}

/** Closes once, however often called (a pass closes its source; the finally of a failure too). */
function once(close: () => Promise<void>): () => Promise<void> {
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    await close();
  };
}

async function openSource(path: string, f: Format): Promise<Source> {
  if (f === "xpt") {
    const { openXpt } = await import("@trialforge/xport");
    const x = await openXpt(path);
    return {
      meta: x.meta,
      expectedRows: x.rows,
      blocks: (numericOnly) => x.blocks({ numericOnly }),
      close: once(() => x.close()),
    };
  }
  const { openDatasetJson } = await import("@trialforge/dataset-json");
  const d = await openDatasetJson(path, { format: f });
  if (!d.lengthsDeclared) {
    // a character column without "length": its XPT length is the longest value, known only at the end
    const ds = await d.readAll().finally(() => d.close());
    return {
      meta: ds.meta,
      expectedRows: ds.length,
      blocks: async function* () {
        yield ds;
      },
      close: async () => {},
    };
  }
  return {
    meta: d.meta(),
    expectedRows: d.records,
    blocks: () => d.blocks(),
    close: once(() => d.close()),
  };
}

/**
 * Converts one dataset file; `progress(rows, expected)` is called after each block written, with the
 * rows written since the last call and the rows the file is expected to give.
 */
export async function convertFile(
  input: string,
  output: string,
  s: ConvertSettings,
  onProgress: (rows: number, expected: number | undefined) => void = () => {},
  helper?: () => Helper,
): Promise<ConvertResult> {
  const fi = formatOf(input)!;
  const fo = formatOf(output)!;
  const tmp = join(dirname(output), `.${basename(output)}.partial`);
  let src = await openSource(input, fi);
  const progress = (n: number) => onProgress(n, src.expectedRows);
  try {
    const meta = src.meta;
    let rows = 0;
    const direct =
      fo === "xpt" && fi !== "xpt"
        ? await (await import("./convert-json-xpt.ts")).datasetJsonToXpt(input, tmp, fi, s, onProgress)
        : undefined;
    if (direct) rows = direct.rows;
    else if (fo === "xpt") {
      const { XptWriter } = await import("@trialforge/xport");
      const w = await XptWriter.create(tmp, meta, { timestamp: s.timestamp, encoding: s.encoding });
      for await (const b of src.blocks(false)) {
        await w.write(b);
        rows += b.length;
        progress(b.length);
      }
      await w.close();
    } else if (fi === "xpt") {
      const { xptToDatasetJson } = await import("./convert-xpt-json.ts");
      const opts: Parameters<typeof xptToDatasetJson>[3] = { timestamp: s.timestamp };
      if (s.studyOid) opts.studyOID = s.studyOid;
      if (s.metadataVersionOid) opts.metaDataVersionOID = s.metadataVersionOid;
      await src.close();
      rows = (await xptToDatasetJson(input, tmp, fo, opts, onProgress, helper)).rows;
    } else {
      const dj = await import("@trialforge/dataset-json");
      // first pass: the row count and the facts of the numeric values the header states
      let facts: ReturnType<typeof dj.columnFacts> | undefined;
      let n = 0;
      for await (const b of src.blocks(true)) {
        const f = dj.columnFacts(b);
        facts = facts ? dj.mergeColumnFacts(facts, f) : f;
        n += b.length;
      }
      await src.close();
      facts ??= meta.variables.map(() => undefined);
      src = await openSource(input, fi);
      const opts: Parameters<typeof dj.DatasetJsonWriter.create>[4] = { timestamp: s.timestamp, format: fo };
      if (s.studyOid) opts.studyOID = s.studyOid;
      if (s.metadataVersionOid) opts.metaDataVersionOID = s.metadataVersionOid;
      const w = await dj.DatasetJsonWriter.create(tmp, meta, n, facts, opts);
      for await (const b of src.blocks(false)) {
        await w.write(b);
        rows += b.length;
        progress(b.length);
      }
      await w.close();
    }
    await rename(tmp, output);
    return { name: meta.name, rows, variables: meta.variables.length };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await src.close();
  }
}
