import { describe, expect, it } from "vitest";
import { ByteDictionary } from "./byte-dict.ts";
import { CharColumn } from "./dataset.ts";

describe("ByteDictionary", () => {
  it("gives the CharColumn code of raw bytes, decoding each distinct byte sequence once", () => {
    const col = new CharColumn();
    const d = new ByteDictionary(col);
    let decoded = 0;
    const dec = (b: Uint8Array, s: number, e: number) => {
      decoded++;
      return Buffer.from(b.subarray(s, e)).toString("latin1");
    };
    const buf = Buffer.from("ALT|AST|ALT|CRP|AST|ALT|", "latin1");
    const codes: number[] = [];
    for (let i = 0; i < buf.length; i += 4) codes.push(d.code(buf, i, i + 3, dec));
    expect(codes.map((c) => col.dict[c])).toEqual(["ALT", "AST", "ALT", "CRP", "AST", "ALT"]);
    expect(decoded).toBe(3);
    expect(d.code(buf, 0, 0, dec)).toBe(0); // empty bytes -> "" (code 0)
  });

  it("keeps codes right across table growth (10,000 distinct values)", () => {
    const col = new CharColumn();
    const d = new ByteDictionary(col);
    const dec = (b: Uint8Array, s: number, e: number) => Buffer.from(b.subarray(s, e)).toString("latin1");
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10_000; i++) {
        const b = Buffer.from(`V${i}`, "latin1");
        expect(col.dict[d.code(b, 0, b.length, dec)]).toBe(`V${i}`);
      }
    }
    expect(col.dict.length).toBe(10_001);
  });
});
