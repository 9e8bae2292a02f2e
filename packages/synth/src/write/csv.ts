/** Streaming CSV writer (UTF-8, header row, LF line ends, RFC 4180 quoting) that is also a RowSink. */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { RowSink } from "../internal/vendor.ts";

const FLUSH_AT = 1 << 20;

/** Quotes a cell when it holds a comma, quote, line break or leading/trailing space. */
export function csvCell(v: string): string {
  if (v === "") return v;
  if (/[",\r\n]/.test(v) || v.charCodeAt(0) === 32 || v.charCodeAt(v.length - 1) === 32)
    return `"${v.replace(/"/g, '""')}"`;
  return v;
}

export class CsvWriter implements RowSink {
  readonly row: string[];
  records = 0;
  private readonly index = new Map<string, number>();
  private readonly stream: WriteStream;
  private buf = "";

  constructor(
    path: string,
    readonly fields: readonly string[],
  ) {
    for (const [i, f] of fields.entries()) this.index.set(f, i);
    this.row = fields.map(() => "");
    this.stream = createWriteStream(path, { encoding: "utf8" });
    this.buf = `${fields.map(csvCell).join(",")}\n`;
  }

  col(name: string): number {
    return this.index.get(name) ?? -1;
  }

  emit(): void {
    const r = this.row;
    let line = csvCell(r[0]!);
    r[0] = "";
    for (let i = 1; i < r.length; i++) {
      line += `,${csvCell(r[i]!)}`;
      r[i] = "";
    }
    this.buf += `${line}\n`;
    this.records++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  }

  /** Writes a whole record given by field name (fields not in the form are ignored). */
  emitRecord(rec: Record<string, string>): void {
    for (const [k, v] of Object.entries(rec)) {
      const i = this.index.get(k);
      if (i !== undefined) this.row[i] = v;
    }
    this.emit();
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    this.stream.write(this.buf);
    this.buf = "";
  }

  /** Waits while the file stream is over its high-water mark (call between subjects). */
  async drain(): Promise<void> {
    // writableNeedDrain, not a flag of our own: a drain event that fired while another writer was awaited is not lost.
    if (this.stream.writableNeedDrain) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    this.flush();
    this.stream.end();
    await once(this.stream, "close");
  }
}
