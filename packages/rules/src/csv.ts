/** RFC 4180 CSV text → rows of fields (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = s.length;
  if (n === 0) return rows;
  for (;;) {
    let field: string;
    if (s.charCodeAt(i) === 34) {
      // quoted: up to the closing quote, "" is a quote
      let out = "";
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) {
          out += s.slice(j);
          j = n;
          break;
        }
        out += s.slice(j, q);
        if (s.charCodeAt(q + 1) === 34) {
          out += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      field = out;
      i = j;
      while (i < n && s.charCodeAt(i) !== 44 && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 13) i++;
    } else {
      let j = i;
      while (j < n) {
        const c = s.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13) break;
        j++;
      }
      field = s.slice(i, j);
      i = j;
    }
    row.push(field);
    if (i >= n) {
      rows.push(row);
      break;
    }
    const c = s.charCodeAt(i);
    if (c === 44) {
      i++;
      continue;
    }
    // end of line
    i += c === 13 && s.charCodeAt(i + 1) === 10 ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) break;
  }
  return rows;
}
