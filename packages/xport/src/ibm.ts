/**
 * IBM System/370 double precision (the XPORT v5 numeric format) <-> IEEE 754 double.
 *
 * IBM: sign bit, 7-bit excess-64 base-16 exponent, 56-bit fraction 0.F with 1/16 <= 0.F < 1.
 * - IEEE -> IBM is exact for every double with 16^-65 <= |x| < 16^63 (about 5.4e-79 .. 7.2e75):
 *   the 53-bit significand is shifted left 0-3 bits into the 56-bit fraction, nothing is lost.
 * - Smaller magnitudes are written as an unnormalized fraction with exponent 0 (rounded to nearest,
 *   ties to even); below 2^-312 (about 1.2e-94) they become zero with the sign kept.
 * - |x| >= 16^63 cannot be held: `ieeeToIbm` returns false and the writer refuses the value.
 * - IBM -> IEEE rounds a 54-56-bit fraction to the nearest double (ties to even); values written by
 *   SAS (or by this writer) come from doubles, so they read back exactly.
 * - -0 keeps its sign (IBM is sign-magnitude).
 * Missing values are not IBM numbers: byte 0 is "." (0x2E), "A"-"Z" or "_" and bytes 1-7 are zero.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian hosts keep the high word at index 1 (Node on x64/arm64 is little-endian).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** POW2_IBM[e] = 16^(e-64) * 2^-56, the weight of the fraction's last bit for exponent byte e. */
const POW2_IBM = new Float64Array(128);
for (let e = 0; e < 128; e++) POW2_IBM[e] = 2 ** (4 * (e - 64) - 56);

/**
 * Writes `x` as 8 IBM bytes at `out[off..off+8)`. Returns false (writing nothing) when |x| is too
 * large for IBM (>= 16^63) or x is not finite.
 */
export function ieeeToIbm(x: number, out: Uint8Array, off: number): boolean {
  f64[0] = x;
  const hi = u32[HI]!;
  const lo = u32[LO]!;
  const sign = (hi >>> 24) & 0x80;
  const e = (hi >>> 20) & 0x7ff;
  if (e === 0x7ff) return false;
  if (e === 0 && (hi & 0xfffff) === 0 && lo === 0) {
    out[off] = sign;
    out[off + 1] = 0;
    out[off + 2] = 0;
    out[off + 3] = 0;
    out[off + 4] = 0;
    out[off + 5] = 0;
    out[off + 6] = 0;
    out[off + 7] = 0;
    return true;
  }
  // x = 0.1f * 2^(e-1022) (f with hidden bit); IBM exponent q = ceil((e-1022)/4), shift right r = 4q-(e-1022).
  const p = e - 1022;
  const q = Math.ceil(p / 4);
  if (q > 63) return false;
  if (q < -64 || e === 0) return ieeeToIbmSmall(x, out, off);
  const s = 3 - (4 * q - p); // left shift of the 53-bit significand into 56 bits
  const mhi = (hi & 0xfffff) | 0x100000;
  let fhi: number;
  let flo: number;
  if (s === 0) {
    fhi = mhi;
    flo = lo;
  } else {
    fhi = (mhi << s) | (lo >>> (32 - s));
    flo = (lo << s) >>> 0;
  }
  out[off] = sign | (q + 64);
  out[off + 1] = (fhi >>> 16) & 0xff;
  out[off + 2] = (fhi >>> 8) & 0xff;
  out[off + 3] = fhi & 0xff;
  out[off + 4] = flo >>> 24;
  out[off + 5] = (flo >>> 16) & 0xff;
  out[off + 6] = (flo >>> 8) & 0xff;
  out[off + 7] = flo & 0xff;
  return true;
}

/** Magnitudes below 16^-65: unnormalized fraction with exponent byte 0, rounded half to even. */
function ieeeToIbmSmall(x: number, out: Uint8Array, off: number): boolean {
  const neg = x < 0 || Object.is(x, -0);
  // F = |x| / 2^-312 as an integer (exact scaling by a power of two, then one rounding).
  const scaled = Math.abs(x) * 2 ** 312;
  const t = Math.floor(scaled);
  const d = scaled - t;
  const F = d > 0.5 || (d === 0.5 && t % 2 === 1) ? t + 1 : t;
  out[off] = neg ? 0x80 : 0;
  // F < 2^56 always here (|x| < 16^-65 = 2^-260, so F < 2^52).
  const fhi = Math.floor(F / 2 ** 32);
  const flo = F - fhi * 2 ** 32;
  out[off + 1] = (fhi >>> 16) & 0xff;
  out[off + 2] = (fhi >>> 8) & 0xff;
  out[off + 3] = fhi & 0xff;
  out[off + 4] = flo >>> 24;
  out[off + 5] = (flo >>> 16) & 0xff;
  out[off + 6] = (flo >>> 8) & 0xff;
  out[off + 7] = flo & 0xff;
  return true;
}

/**
 * Reads `len` (2-8) IBM bytes at `buf[off..]` (a shorter numeric is the leading bytes, the rest zero).
 * Returns NaN for a missing value; `missingCode` then tells which (see `ibmMissingCode`).
 */
export function ibmToIeee(buf: Uint8Array, off: number, len = 8): number {
  if (len === 8) {
    const hi = ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
    const lo = ((buf[off + 4]! << 24) | (buf[off + 5]! << 16) | (buf[off + 6]! << 8) | buf[off + 7]!) >>> 0;
    return ibmWordsToIeee(hi, lo);
  }
  const t = new Uint8Array(8);
  for (let k = 0; k < len; k++) t[k] = buf[off + k]!;
  return ibmToIeee(t, 0, 8);
}

/**
 * The IBM double whose 8 bytes are the big-endian words `hi` (sign, exponent, fraction bits 1-24) and `lo`
 * (fraction bits 25-56), as an IEEE double; NaN for a missing value. For readers that load whole words.
 */
export function ibmWordsToIeee(hi: number, lo: number): number {
  const b0 = hi >>> 24;
  const fhi = hi & 0xffffff;
  if (fhi === 0 && lo === 0) {
    if (b0 === 0x2e || b0 === 0x5f || (b0 >= 0x41 && b0 <= 0x5a)) return Number.NaN;
    return b0 & 0x80 ? -0 : 0;
  }
  const v = (fhi * 4294967296 + lo) * POW2_IBM[b0 & 0x7f]!;
  return b0 & 0x80 ? -v : v;
}

/** For a missing value's first byte: "" for ".", else "A".."Z" or "_". */
export function ibmMissingCode(b0: number): string {
  return b0 === 0x2e ? "" : String.fromCharCode(b0);
}
