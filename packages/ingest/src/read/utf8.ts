/**
 * Streaming UTF-8 validity check over byte chunks (a character may be split between chunks).
 */
import { isUtf8 } from "node:buffer";

/** Length of the UTF-8 sequence a lead byte starts, or 0 for a continuation/invalid byte. */
function seqLen(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

export class Utf8Check {
  /** True once any invalid byte sequence was seen. */
  invalid = false;
  private carry: Buffer | undefined;

  /** Checks the next chunk. */
  push(chunk: Buffer): void {
    if (this.invalid) return;
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    // Keep an incomplete trailing sequence for the next chunk.
    for (let back = 1; back <= 3 && back <= buf.length; back++) {
      const b = buf[buf.length - back]!;
      if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
      const need = seqLen(b);
      if (need > back) {
        this.carry = buf.subarray(buf.length - back);
        buf = buf.subarray(0, buf.length - back);
      }
      break;
    }
    if (!isUtf8(buf)) this.invalid = true;
  }

  /** Ends the input: an incomplete trailing sequence is invalid. */
  end(): void {
    if (this.carry && this.carry.length > 0) this.invalid = true;
    this.carry = undefined;
  }
}

/** The message for a file that is not UTF-8. */
export const NOT_UTF8_MESSAGE =
  "file is not UTF-8 (looks like Latin-1/Windows-1252); export it again as UTF-8";
