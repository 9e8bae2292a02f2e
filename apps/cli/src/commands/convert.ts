import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { type Dataset, UserError } from "@trialforge/core";
import type { Command } from "commander";

type Format = "xpt" | "json" | "ndjson";

function formatOf(path: string): Format | undefined {
  const e = extname(path).toLowerCase();
  return e === ".xpt" ? "xpt" : e === ".json" ? "json" : e === ".ndjson" ? "ndjson" : undefined;
}

interface ConvertOptions {
  timestamp?: string;
  encoding?: string;
  studyOid?: string;
  metadataVersionOid?: string;
  quiet?: boolean;
}

/** Reads one dataset (.xpt, .json, .ndjson). Readers are loaded on demand to keep CLI start-up fast. */
async function readAny(path: string, f: Format): Promise<Dataset> {
  if (f === "xpt") return (await import("@trialforge/xport")).readXpt(path);
  return (await import("@trialforge/dataset-json")).readDatasetJson(path, { format: f });
}

async function writeAny(
  ds: Dataset,
  path: string,
  f: Format,
  o: ConvertOptions,
  timestamp: string,
): Promise<void> {
  if (f === "xpt") {
    const enc = o.encoding === "windows-1252" ? "windows-1252" : "ascii";
    return (await import("@trialforge/xport")).writeXpt(ds, path, { timestamp, encoding: enc });
  }
  const opts: Record<string, unknown> = { timestamp, format: f };
  if (o.studyOid) opts.studyOID = o.studyOid;
  if (o.metadataVersionOid) opts.metaDataVersionOID = o.metadataVersionOid;
  return (await import("@trialforge/dataset-json")).writeDatasetJson(ds, path, opts);
}

export function registerConvert(program: Command): void {
  program
    .command("convert")
    .description("convert one dataset between SAS XPORT v5 (.xpt) and Dataset-JSON 1.1 (.json, .ndjson)")
    .argument("<in>", "input dataset (.xpt, .json or .ndjson)")
    .argument("<out>", "output dataset (.xpt, .json or .ndjson)")
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
    .action(async function (this: Command, input: string, output: string, o: ConvertOptions) {
      const fi = formatOf(input);
      const fo = formatOf(output);
      if (!fi)
        this.error(`convert: cannot tell the format of "${input}" (use .xpt, .json or .ndjson)`, {
          exitCode: 2,
          code: "trialforge.usage",
        });
      if (!fo)
        this.error(`convert: cannot tell the format of "${output}" (use .xpt, .json or .ndjson)`, {
          exitCode: 2,
          code: "trialforge.usage",
        });
      if (resolve(input) === resolve(output))
        this.error("convert: input and output are the same file", { exitCode: 2, code: "trialforge.usage" });
      if (o.encoding !== "ascii" && o.encoding !== "windows-1252")
        this.error(`convert: --encoding must be ascii or windows-1252`, {
          exitCode: 2,
          code: "trialforge.usage",
        });
      let timestamp = o.timestamp;
      if (timestamp === undefined) {
        const sde = process.env.SOURCE_DATE_EPOCH;
        timestamp =
          sde && /^\d+$/.test(sde) ? new Date(Number(sde) * 1000).toISOString() : "1970-01-01T00:00:00Z";
      }
      if (Number.isNaN(new Date(timestamp).getTime()))
        this.error(`convert: --timestamp "${timestamp}" is not an ISO 8601 date-time`, {
          exitCode: 2,
          code: "trialforge.usage",
        });
      if (!existsSync(dirname(resolve(output))))
        throw new UserError(`convert: the folder of ${output} does not exist`);
      const t0 = performance.now();
      const ds = await readAny(input, fi!);
      // write beside the target and rename, so a failed conversion never leaves a half-written OUT
      const tmp = join(dirname(output), `.${basename(output)}.partial`);
      try {
        await writeAny(ds, tmp, fo!, o, timestamp);
        await rename(tmp, output);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      if (!o.quiet) {
        const s = ((performance.now() - t0) / 1000).toFixed(2);
        process.stderr.write(
          `convert: ${ds.name} ${ds.length} rows x ${ds.meta.variables.length} variables, ${input} -> ${output} in ${s} s\n`,
        );
      }
    });
}
