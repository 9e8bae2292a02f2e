/**
 * Streaming CSV reader: csv-parse with array records (the header is mapped here), BOM stripped,
 * uneven rows and bad quoting turned into rejections, invalid UTF-8 detected per chunk.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { RawForm } from "@trialforge/spec";
import { Parser } from "csv-parse";
import { RawTableBuilder } from "../table-builder.ts";
import { type RawTable, RejectionCodes } from "../types.ts";
import { checkFile, fileError, mapHeader, type ReadContext } from "./context.ts";
import { NOT_UTF8_MESSAGE, Utf8Check } from "./utf8.ts";

/** The parts of a csv-parse error we use (it copies the parser's info onto the error). */
interface CsvErr {
  code: string;
  message: string;
  /** Line where the error was found. */
  lines: number;
  /** Field index (array records). */
  column?: unknown;
  /** Byte offset of the last field end before the error. */
  bytes?: number;
}

/** A record csv-parse skipped, passed down the record stream in order. */
class Skipped {
  /** First line after the bad record (set when the next record or error is pushed). */
  nextLine: number | undefined;
  constructor(
    readonly err: CsvErr,
    /** True when this error belongs to the same record as the previous one. */
    readonly sameRecord: boolean,
    /** Line after the last good record: where the bad record starts (blank lines aside). */
    readonly startLine: number,
  ) {}
}

/**
 * csv-parse with line bookkeeping for skipped records: a record with bad quoting can run over several
 * lines (swallowing rows); the rejection then says which lines it covered.
 */
class TrackingParser extends Parser {
  lastRecordLine = 0;
  private pending: Skipped | undefined;
  private lastSkipRecord: unknown;

  /** Called by csv-parse (on_skip) for each error; several errors may belong to one record. */
  skip(err: CsvErr): void {
    const rec = (this as unknown as { state: { record: unknown } }).state.record;
    const mark = new Skipped(err, rec === this.lastSkipRecord, this.lastRecordLine + 1);
    this.lastSkipRecord = rec;
    this.push(mark);
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk instanceof Skipped) {
      if (!chunk.sameRecord) {
        if (this.pending) this.pending.nextLine = chunk.err.lines;
        this.pending = chunk;
      }
    } else if (chunk === null) {
      this.pending = undefined; // the last record: it ends at its error line
    } else {
      this.lastRecordLine = this.info.lines;
      if (this.pending) {
        this.pending.nextLine = this.info.lines;
        this.pending = undefined;
      }
    }
    return super.push(chunk, encoding);
  }
}

/** 1-based line holding byte `offset` of the file (error path only: reads the file again). */
async function lineAtByte(path: string, offset: number): Promise<number> {
  const fh = await open(path);
  try {
    let line = 1;
    let pos = 0;
    const buf = Buffer.alloc(1 << 20);
    while (pos < offset) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, offset - pos), pos);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) if (buf[i] === 10) line++;
      pos += bytesRead;
    }
    return line;
  } finally {
    await fh.close();
  }
}

function describeCsvError(err: CsvErr): string {
  // csv-parse messages start with a title ("Invalid Closing Quote: got ..."); keep the detail only.
  const detail = err.message
    .replace(/^[^:]*:\s*/, "")
    .replace(/,? ?instead of delimiter.*$/, " after a closing quote");
  return detail;
}

/**
 * Longest record (all its fields, in characters) the parser holds: a stray quote that runs on would
 * otherwise buffer the rest of the file. Far above any export row; a longer one stops the file.
 */
export const MAX_CSV_RECORD_CHARS = 1 << 20;

/** Reads one CSV raw file into a checked RawTable. */
export async function readCsvForm(path: string, form: RawForm, ctx: ReadContext): Promise<RawTable> {
  const size = await checkFile(path, ctx.file, `form ${form.id}`);
  const builder = new RawTableBuilder(form, ctx.file, ctx.rejections);
  let bytesPerLine = 0; // from the first chunk, to size the columns
  const utf8 = new Utf8Check();
  let first = true;
  let offset = 0; // bytes before the current chunk
  let nulAt: number | undefined; // byte offset of the first NUL byte
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (first) {
        first = false;
        if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
          cb(fileError("INGEST.NOT_UTF8", ctx.file, "file is UTF-16; export it again as UTF-8"));
          return;
        }
      }
      // A NUL byte is no text: a binary file, or UTF-16 without a byte order mark.
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        nulAt = offset + nul;
        cb(new Error("NUL byte"));
        return;
      }
      offset += chunk.length;
      if (bytesPerLine === 0) {
        let lines = 0;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
        bytesPerLine = chunk.length / Math.max(1, lines);
      }
      utf8.push(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      utf8.end();
      cb();
    },
  });
  const parser: TrackingParser = new TrackingParser({
    bom: true,
    // Fixed, not auto-discovered: auto-discovery locks onto the first line end and merges the rows of
    // files that mix CRLF and LF.
    record_delimiter: ["\r\n", "\n"],
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
    on_skip: (err) => {
      // Too long a record stops the file (thrown here, csv-parse fails the stream with it).
      if (err && (err as unknown as CsvErr).code === "CSV_MAX_RECORD_SIZE")
        throw fileError(
          "INGEST.RECORD_TOO_LONG",
          ctx.file,
          `a record runs over more than ${MAX_CSV_RECORD_CHARS} characters (a quote opened and never closed?); the file is not read`,
          { line: (err as unknown as CsvErr).lines },
        );
      if (err) parser.skip(err as unknown as CsvErr);
      return undefined;
    },
  });
  const feeding = pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), check, parser);
  let header: string[] | undefined;
  let colOfField: Int32Array = new Int32Array(0);
  let row = 0;
  const values = builder.values;
  const nFields = values.length;
  try {
    let deferred: Skipped | undefined;
    // A bad record is logged when the next item arrives, once the lines it covered are known.
    const logSkipped = () => {
      if (!deferred || !header) return;
      const { err } = deferred;
      row++;
      const idx = typeof err.column === "number" ? err.column : -1;
      const col = idx >= 0 && idx < header.length ? header[idx] : undefined;
      const start = Math.min(deferred.startLine, err.lines);
      const end = Math.max((deferred.nextLine ?? err.lines + 1) - 1, err.lines);
      const span =
        end > start
          ? ` (the record runs over lines ${start}-${end}; rows on those lines could not be separated)`
          : "";
      builder.rejectRecord(
        row,
        RejectionCodes.BAD_QUOTING,
        `bad quoting at line ${err.lines}${span}: ${describeCsvError(err)}`,
        col,
      );
      deferred = undefined;
    };
    for await (const item of parser as AsyncIterable<string[] | Skipped>) {
      if (item instanceof Skipped) {
        const { err } = item;
        if (err.code === "CSV_QUOTE_NOT_CLOSED") {
          const line =
            item.sameRecord && deferred ? deferred.err.lines : await lineAtByte(path, err.bytes ?? 0);
          const why =
            item.sameRecord && deferred
              ? `bad quoting (${describeCsvError(deferred.err)})`
              : "a quote opened near here";
          throw fileError(
            "INGEST.BAD_QUOTING",
            ctx.file,
            `${why} leaves a quoted field open to the end of the file, so the rest cannot be split into rows (look for a stray ")`,
            { line },
          );
        }
        if (header === undefined) {
          throw fileError(
            "INGEST.BAD_QUOTING",
            ctx.file,
            `the header row cannot be read: ${describeCsvError(err)}`,
            { line: 1 },
          );
        }
        if (item.sameRecord) continue;
        logSkipped();
        deferred = item;
        continue;
      }
      logSkipped();
      if (header === undefined) {
        header = item.map((h) => h.trim());
        const other = header.length === 1 ? /[;\t|]/.exec(header[0]!)?.[0] : undefined;
        if (other !== undefined && form.fields.length > 1) {
          const shown = other === "\t" ? "tabs" : `"${other}"`;
          throw fileError(
            "INGEST.DELIMITER",
            ctx.file,
            `the header looks separated by ${shown}, not commas; export the file as comma-separated CSV`,
            { line: 1 },
          );
        }
        colOfField = mapHeader(header, form, ctx);
        builder.reserve(Math.min((size / Math.max(bytesPerLine, 1)) * 1.05 + 16, 1 << 24));
        continue;
      }
      row++;
      if (item.length !== header.length) {
        builder.rejectRecord(
          row,
          RejectionCodes.COLUMN_COUNT,
          `row has ${item.length} fields, the header has ${header.length}`,
        );
        continue;
      }
      builder.notUtf8 = utf8.invalid;
      for (let f = 0; f < nFields; f++) {
        const c = colOfField[f]!;
        values[f] = c < 0 ? "" : item[c]!.trim();
      }
      builder.commit(row);
    }
    logSkipped();
    await feeding;
  } catch (e) {
    parser.destroy();
    await feeding.catch(() => undefined);
    if (nulAt !== undefined)
      throw fileError(
        "INGEST.NUL_BYTE",
        ctx.file,
        `holds a NUL byte (at byte ${nulAt}): not a text file, or UTF-16 without a byte order mark; export it again as UTF-8 CSV`,
        { line: await lineAtByte(path, nulAt) },
      );
    throw e;
  }
  if (header === undefined)
    throw fileError(
      "INGEST.EMPTY_FILE",
      ctx.file,
      "file is empty: expected a header row with the column names",
    );
  if (utf8.invalid) {
    const first = builder.firstNotUtf8Row;
    ctx.diagnostics.warning(
      "INGEST.NOT_UTF8",
      first === undefined
        ? NOT_UTF8_MESSAGE
        : `${NOT_UTF8_MESSAGE}; records with such bytes are rejected, the first is row ${first}`,
      { file: ctx.file, ...(first !== undefined ? { row: first } : {}) },
    );
  }
  return builder.build();
}
