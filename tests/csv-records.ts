/** RFC 4180 records of a whole CSV text (quoted commas, "" escapes, quoted newlines; BOM and blank lines dropped). */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let rec: string[] = [];
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      rec.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && s[i + 1] === "\n") i++;
      rec.push(field);
      records.push(rec);
      rec = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || rec.length > 0) records.push([...rec, field]);
  return records.filter((r) => r.length > 1 || r[0] !== "");
}
