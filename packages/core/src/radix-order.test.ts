import { describe, expect, it } from "vitest";
import { CharColumn, NumColumn, orderByColumns, SpecialMissing } from "./dataset.ts";
import { radixOrderByColumns } from "./radix-order.ts";

describe("radixOrderByColumns", () => {
  it("gives orderByColumns' order: missing first, numbers numerically, text by code unit, stable ties", () => {
    let seed = 5;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const n = 3000;
    const a = new CharColumn();
    a.codeOf("never-used"); // a dictionary entry no row holds
    const b = new NumColumn();
    const c = new CharColumn();
    for (let i = 0; i < n; i++) {
      a.push(["b", "B", "", "a10", "a9", "é"][rnd(6)]);
      b.push(
        rnd(7) === 0 ? null : rnd(9) === 0 ? new SpecialMissing("C") : rnd(11) === 0 ? -0 : rnd(9) - 4.5,
      );
      c.push(`k${rnd(4)}`);
    }
    for (const cols of [[a], [b], [a, b], [b, a, c], [c, b], []])
      expect([...radixOrderByColumns(cols, n)]).toEqual([...orderByColumns(cols, n)]);
    // Only the first `length` rows are ordered.
    expect([...radixOrderByColumns([a, b], 100)]).toEqual([...orderByColumns([a, b], 100)]);
  });
});
