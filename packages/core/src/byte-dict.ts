/**
 * Byte-keyed front of a CharColumn's dictionary, for readers of big files: the code of a value is found
 * from its raw bytes (hash + compare), so a string is decoded only the first time a value is seen.
 * Millions of cells then cost no string allocation when values repeat (test codes, units, visits).
 */
import type { CharColumn } from "./dataset.ts";

/** Decodes raw bytes buf[start, end) to the value's text (called once per distinct byte sequence). */
export type ByteDecoder = (buf: Uint8Array, start: number, end: number) => string;

const MAX_ENTRIES = 1 << 23;
const MAX_ARENA = 1 << 28;

export class ByteDictionary {
  private table = new Int32Array(1024);
  private mask = 1023;
  private hashes = new Int32Array(256);
  private offs = new Int32Array(256);
  private lens = new Int32Array(256);
  private codes = new Uint32Array(256);
  private arena = new Uint8Array(1 << 14);
  private used = 0;
  private n = 0;

  constructor(readonly col: CharColumn) {}

  /** The column code of the value whose bytes are buf[start, end). */
  code(buf: Uint8Array, start: number, end: number, decode: ByteDecoder): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const len = end - start;
    const table = this.table;
    const mask = this.mask;
    let idx = h & mask;
    for (;;) {
      const ent = table[idx]!;
      if (ent === 0) break;
      const k = ent - 1;
      if (this.hashes[k] === h && this.lens[k] === len) {
        const arena = this.arena;
        const o = this.offs[k]!;
        let i = 0;
        while (i < len && arena[o + i] === buf[start + i]) i++;
        if (i === len) return this.codes[k]!;
      }
      idx = (idx + 1) & mask;
    }
    const code = this.col.codeOf(decode(buf, start, end));
    if (this.n < MAX_ENTRIES && this.used + len <= MAX_ARENA) this.insert(idx, h, buf, start, len, code);
    return code;
  }

  private insert(idx: number, h: number, buf: Uint8Array, start: number, len: number, code: number): void {
    const k = this.n++;
    if (k === this.hashes.length) {
      const grow = <T extends Int32Array | Uint32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes);
      this.offs = grow(this.offs);
      this.lens = grow(this.lens);
      this.codes = grow(this.codes);
    }
    if (this.used + len > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    for (let i = 0; i < len; i++) this.arena[this.used + i] = buf[start + i]!;
    this.hashes[k] = h;
    this.offs[k] = this.used;
    this.lens[k] = len;
    this.codes[k] = code;
    this.used += len;
    this.table[idx] = k + 1;
    if (this.n * 2 > this.table.length) this.rehash();
  }

  private rehash(): void {
    const size = this.table.length * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let k = 0; k < this.n; k++) {
      let idx = this.hashes[k]! & mask;
      while (table[idx] !== 0) idx = (idx + 1) & mask;
      table[idx] = k + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}
