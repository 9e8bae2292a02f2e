import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { stampZipEntries } from "./zip-stamp.ts";

/** A one-entry zip built by hand (local header, data, central directory, end record) with a given DOS time. */
function zip(name: string, data: Buffer, dosTime: number, dosDate: number): Buffer {
  const body = deflateRawSync(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(dosTime, 10);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(dosTime, 12);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const localPart = Buffer.concat([local, Buffer.from(name), body]);
  const centralPart = Buffer.concat([central, Buffer.from(name)]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

describe("stampZipEntries", () => {
  it("sets the DOS time and date of local and central headers; two clocks give the same bytes", () => {
    const when = new Date("2026-01-01T10:20:30Z");
    // DOS time 10:20:30 = 10<<11 | 20<<5 | 15; date 2026-01-01 = 46<<9 | 1<<5 | 1.
    const a = stampZipEntries(zip("a.xml", Buffer.from("<x/>"), 0x1234, 0x5678), when);
    const b = stampZipEntries(zip("a.xml", Buffer.from("<x/>"), 0x4321, 0x2222), when);
    expect(a.equals(b)).toBe(true);
    expect(a.readUInt16LE(10)).toBe((10 << 11) | (20 << 5) | 15);
    expect(a.readUInt16LE(12)).toBe((46 << 9) | (1 << 5) | 1);
  });

  it("refuses bytes that are not a zip", () => {
    expect(() => stampZipEntries(Buffer.alloc(40), new Date(0))).toThrow(/not a zip/);
  });
});
