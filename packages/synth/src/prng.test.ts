import { describe, expect, it } from "vitest";
import { forkRng, Rng } from "./prng.ts";

describe("Rng", () => {
  it("the same seed gives the same sequence; another seed another", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });
  it("draws are uniform in [0,1) and int() stays in its bounds", () => {
    const r = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(-2, 3));
    expect([...seen].sort((p, q) => p - q)).toEqual([-2, -1, 0, 1, 2, 3]);
  });
  it("normal() has the requested mean and SD", () => {
    const r = new Rng(5);
    const xs = Array.from({ length: 20000 }, () => r.normal(10, 2));
    const m = xs.reduce((p, q) => p + q, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((p, q) => p + (q - m) ** 2, 0) / (xs.length - 1));
    expect(m).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });
  it("forked streams for different subjects differ", () => {
    expect(forkRng(1, 1).next()).not.toBe(forkRng(1, 2).next());
    expect(forkRng(1, 1).next()).toBe(forkRng(1, 1).next());
  });
});
