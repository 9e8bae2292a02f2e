/**
 * One record of a CSV export read back by its data row number (1-based, header excluded: the row the
 * rejection log and the SDTM trace name), for tracing a dataset record to what was collected.
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

export interface RawRecord {
  header: string[];
  values: string[];
}

/** The header and the values of data row `row` of a CSV file, or undefined when the file has fewer rows. */
export async function readCsvRecord(path: string, row: number): Promise<RawRecord | undefined> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }),
  );
  let header: string[] | undefined;
  let n = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record;
        continue;
      }
      if (++n === row) return { header, values: record };
    }
  } finally {
    parser.destroy();
  }
  return undefined;
}
