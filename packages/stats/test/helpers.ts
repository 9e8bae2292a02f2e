import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Read a committed R fixture (made by fixtures/make-fixtures.R). */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8")) as T;
}

/** jsonlite writes length-1 vectors as scalars (NA as null); make them arrays again. */
export function arr<T>(v: T | T[]): T[] {
  return Array.isArray(v) ? v : [v];
}

/** R NA/NaN/Inf arrive as null: compare null to any non-finite value, else absolutely within tol. */
export function close(actual: number | null | undefined, expected: number | null, tol = 1e-9): boolean {
  if (expected === null) return actual === null || actual === undefined || !Number.isFinite(actual);
  if (actual === null || actual === undefined) return false;
  return Math.abs(actual - expected) <= tol;
}

export function expectAllClose(
  actual: readonly (number | null | undefined)[],
  expected: readonly (number | null)[],
  tol: number,
  what: string,
): void {
  const bad: string[] = [];
  if (actual.length !== expected.length) bad.push(`length ${actual.length} vs ${expected.length}`);
  expected.forEach((e, i) => {
    if (!close(actual[i], e, tol)) bad.push(`[${i}] ours ${actual[i]} R ${e}`);
  });
  if (bad.length) throw new Error(`${what}: ${bad.slice(0, 5).join("; ")}`);
}
