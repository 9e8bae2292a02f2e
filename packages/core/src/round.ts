/**
 * Round half away from zero on the DECIMAL value a double stands for (SAS ROUND, cards `round5`): the one
 * rounding rule of the project, used for displayed statistics (packages/stats) and derived results (SDTM
 * unit conversion). See packages/stats/src/round.ts for the method and why `toFixed` is wrong (1.005).
 */

/** Round half away from zero to `digits` decimals (negative `digits` round to tens, hundreds...). */
export function roundHalfAway(x: number, digits = 0): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  if (!Number.isInteger(digits))
    throw new RangeError(`roundHalfAway: digits must be an integer, got ${digits}`);
  const sign = x < 0 ? -1 : 1;
  const [mant, expPart] = Math.abs(x).toExponential(14).split("e") as [string, string];
  const exp = Number(expPart);
  const sig = mant.replace(".", ""); // 15 significant digits: value = 0.sig * 10^(exp+1)
  const keep = exp + 1 + digits; // significant digits that survive
  if (keep >= sig.length) return x; // already exact at this precision
  if (keep < 0) return 0;
  const head = keep === 0 ? "0" : sig.slice(0, keep);
  const roundUp = sig.charCodeAt(keep) - 48 >= 5;
  const kept = BigInt(head) + (roundUp ? 1n : 0n);
  const value = Number(`${kept}e${exp + 1 - keep}`);
  return value === 0 ? 0 : sign * value;
}
