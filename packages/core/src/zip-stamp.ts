/**
 * Deterministic zip files (XLSX): zip writers stamp every entry with the clock. This sets the DOS
 * modification time and date of every entry (central directory and local headers) to a given instant, so
 * the same inputs give the same bytes. The stamps lie outside the CRC, so the archive stays valid.
 */
export function stampZipEntries(buf: Buffer, when: Date): Buffer {
  const dosTime =
    (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2);
  const dosDate =
    ((Math.max(1980, when.getUTCFullYear()) - 1980) << 9) |
    ((when.getUTCMonth() + 1) << 5) |
    when.getUTCDate();
  // End of central directory: the last 22+ bytes (a comment may follow, at most 65,535 bytes).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file (no end of central directory)");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad zip central directory");
    buf.writeUInt16LE(dosTime, p + 12);
    buf.writeUInt16LE(dosDate, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) === 0x04034b50) {
      buf.writeUInt16LE(dosTime, local + 10);
      buf.writeUInt16LE(dosDate, local + 12);
    }
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}
