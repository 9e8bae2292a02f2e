import { describe, expect, it } from "vitest";
import { Utf8Check } from "./utf8.ts";

function check(chunks: Buffer[]): boolean {
  const c = new Utf8Check();
  for (const b of chunks) c.push(b);
  c.end();
  return !c.invalid;
}

describe("Utf8Check", () => {
  const text = Buffer.from("a é € 😀 ü,\n", "utf8");

  it("accepts valid UTF-8 split between chunks at every position", () => {
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        expect(
          check([text.subarray(0, i), text.subarray(i, j), text.subarray(j)]),
          `split at ${i},${j}`,
        ).toBe(true);
      }
    }
  });

  it("flags Latin-1 bytes, wherever they fall", () => {
    const latin1 = Buffer.from("Céphalée\n", "latin1");
    expect(check([latin1])).toBe(false);
    for (let i = 0; i <= latin1.length; i++)
      expect(check([latin1.subarray(0, i), latin1.subarray(i)])).toBe(false);
  });

  it("flags a sequence cut off at the end of the input, and stray continuation bytes", () => {
    expect(check([Buffer.from([0x61, 0xe2, 0x82])])).toBe(false);
    expect(check([Buffer.from([0x61, 0x80, 0x62])])).toBe(false);
    expect(check([Buffer.from([0xc0, 0xaf])])).toBe(false); // overlong
  });
});
