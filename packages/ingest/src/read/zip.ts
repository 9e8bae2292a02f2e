/**
 * Minimal ZIP reader for workbooks: the central directory, and one entry at a time as a stream of
 * inflated chunks with a hard limit on its uncompressed size (checked against the declared size first,
 * then counted while inflating, so a zip bomb with forged sizes stops at the limit too).
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInflateRaw } from "node:zlib";

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Why a zip cannot be read; the caller turns it into a file error. */
export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;
/** Central directory bytes read at most (a workbook has a few dozen entries). */
const MAX_DIRECTORY_BYTES = 16 << 20;

/** The entries of a zip file, by name. */
export async function readZipDirectory(path: string): Promise<Map<string, ZipEntry>> {
  const fh = await open(path);
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError("not a zip archive (no end of central directory record)");
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
      throw new ZipError("ZIP64 archives are not read (a workbook over 4 GB)");
    if (dirSize > MAX_DIRECTORY_BYTES || dirOffset + dirSize > size)
      throw new ZipError("the zip central directory is damaged or the file is truncated");
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CEN)
        throw new ZipError("the zip central directory is damaged");
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      const e: ZipEntry = {
        flags: dir.readUInt16LE(p + 8),
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        localOffset: dir.readUInt32LE(p + 42),
        name: dir.toString("utf8", p + 46, p + 46 + nameLen),
      };
      if (e.localOffset + e.compressedSize > size)
        throw new ZipError(`zip entry ${e.name} runs past the end of the file (truncated?)`);
      entries.set(e.name, e);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/**
 * The uncompressed bytes of one entry, in chunks; throws ZipError when the entry is (or turns out to
 * be) larger than `limit` bytes, naming the entry.
 */
export async function* readZipEntry(path: string, e: ZipEntry, limit: number): AsyncGenerator<Buffer> {
  const tooBig = () =>
    new ZipError(
      `part ${e.name} is larger than ${limit} bytes uncompressed (a zip bomb, or a sheet beyond the reader's limit)`,
    );
  if (e.size > limit) throw tooBig();
  if (e.flags & 1) throw new ZipError(`part ${e.name} is encrypted`);
  if (e.method !== 0 && e.method !== 8)
    throw new ZipError(`part ${e.name} uses compression method ${e.method}; only deflate is read`);
  const fh = await open(path);
  let start: number;
  try {
    const loc = Buffer.alloc(30);
    await fh.read(loc, 0, 30, e.localOffset);
    if (loc.readUInt32LE(0) !== LOC) throw new ZipError(`zip entry ${e.name} is damaged`);
    start = e.localOffset + 30 + loc.readUInt16LE(26) + loc.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (e.compressedSize === 0) return;
  const raw = createReadStream(path, { start, end: start + e.compressedSize - 1, highWaterMark: 1 << 20 });
  const source = e.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 20 })) : raw;
  raw.on("error", (err) => source.destroy(err));
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw tooBig();
      yield chunk;
    }
  } catch (err) {
    if (err instanceof ZipError) throw err;
    throw new ZipError(`part ${e.name} cannot be inflated: ${(err as Error).message}`);
  } finally {
    raw.destroy();
    source.destroy();
  }
}
