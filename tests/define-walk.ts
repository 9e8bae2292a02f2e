/**
 * Test helper: reads a define.xml with a small independent XML reader (not the writer's code) and walks it
 * against the XPT files of the same folder. Returns the list of disagreements (empty when the define
 * matches the data).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Dataset } from "@trialforge/core";
import { WHOLE_CODELIST_MAX_TERMS } from "@trialforge/define";
import type { Terminology } from "@trialforge/terminology";
import { readXpt } from "@trialforge/xport";

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

const ENT: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decodeEntities = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#x([0-9a-fA-F]+)|#(\d+));/g, (_, e: string, hex?: string, dec?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : ENT[e]!,
  );

/** A minimal XML reader for well-formed documents without DTDs or CDATA (enough for define.xml). */
export function parseXml(xml: string): XNode {
  const root: XNode = { name: "#root", attrs: {}, children: [], text: "" };
  const stack: XNode[] = [root];
  const re =
    /<\?[^>]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, close, name, attrText, selfClose, text] = m;
    if (text !== undefined) {
      stack.at(-1)!.text += decodeEntities(text);
      continue;
    }
    if (!name) continue;
    if (close) {
      const top = stack.pop()!;
      if (top.name !== name) throw new Error(`XML: </${name}> closes <${top.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (attrText ?? "").matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g))
      attrs[a[1]!] = decodeEntities(a[2]!);
    const node: XNode = { name, attrs, children: [], text: "" };
    stack.at(-1)!.children.push(node);
    if (!selfClose) stack.push(node);
  }
  if (stack.length !== 1) throw new Error("XML: unclosed elements");
  return root.children[0]!;
}

export function all(n: XNode, name: string): XNode[] {
  const out: XNode[] = [];
  const walk = (x: XNode) => {
    if (x.name === name) out.push(x);
    x.children.forEach(walk);
  };
  walk(n);
  return out;
}

const kids = (n: XNode, name: string) => n.children.filter((c) => c.name === name);
const textOf = (n: XNode | undefined) => (n ? (all(n, "TranslatedText")[0]?.text ?? "") : "");

/** Cell text as the define states values: character as is, numbers in shortest form. */
function cell(ds: Dataset, v: string, i: number): string {
  const x = ds.get(v, i);
  return x === null ? "" : typeof x === "number" ? String(Number(x.toPrecision(12))) : x;
}

/** Compares the define.xml in `dir` with the XPT files there. */
export async function walkDefine(
  dir: string,
  terminology: Terminology,
): Promise<{ problems: string[]; counts: Record<string, number> }> {
  const problems: string[] = [];
  const odm = parseXml(readFileSync(join(dir, "define.xml"), "utf8"));
  const itemDefs = new Map(all(odm, "ItemDef").map((n) => [n.attrs.OID!, n]));
  const codelists = new Map(all(odm, "CodeList").map((n) => [n.attrs.OID!, n]));
  const wcs = new Map(all(odm, "def:WhereClauseDef").map((n) => [n.attrs.OID!, n]));
  const vls = new Map(all(odm, "def:ValueListDef").map((n) => [n.attrs.OID!, n]));
  const groups = all(odm, "ItemGroupDef");
  const xpts = readdirSync(dir)
    .filter((f) => f.endsWith(".xpt"))
    .sort();
  const named = groups.map((g) => `${g.attrs.Name!.toLowerCase()}.xpt`).sort();
  if (JSON.stringify(named) !== JSON.stringify(xpts))
    problems.push(`datasets in define ${named.join(",")} vs XPT files ${xpts.join(",")}`);
  const counts = { datasets: 0, variables: 0, codelistValues: 0, conditions: 0 };
  const codelistValuesSeen = new Map<string, Set<string>>();
  for (const g of groups) {
    const name = g.attrs.Name!;
    const href = kids(g, "def:leaf")[0]?.attrs["xlink:href"];
    if (href !== `${name.toLowerCase()}.xpt` || !existsSync(join(dir, href))) {
      problems.push(`${name}: def:leaf ${href} is not the XPT file`);
      continue;
    }
    const ds = await readXpt(join(dir, href));
    counts.datasets++;
    if (ds.meta.name !== name) problems.push(`${name}: XPT member is ${ds.meta.name}`);
    if (textOf(kids(g, "Description")[0]) !== ds.meta.label)
      problems.push(`${name}: label "${textOf(kids(g, "Description")[0])}" vs XPT "${ds.meta.label}"`);
    const refs = kids(g, "ItemRef").sort((a, b) => Number(a.attrs.OrderNumber) - Number(b.attrs.OrderNumber));
    const defNames = refs.map((r) => itemDefs.get(r.attrs.ItemOID!)?.attrs.Name ?? `?${r.attrs.ItemOID}`);
    const xptNames = ds.meta.variables.map((v) => v.name);
    if (defNames.join(",") !== xptNames.join(","))
      problems.push(`${name}: variables ${defNames.join(",")} vs XPT ${xptNames.join(",")}`);
    // Keys: the XPT rows are in key order, and key variables are never missing.
    const keys = refs
      .filter((r) => r.attrs.KeySequence)
      .sort((a, b) => Number(a.attrs.KeySequence) - Number(b.attrs.KeySequence))
      .map((r) => itemDefs.get(r.attrs.ItemOID!)!.attrs.Name!);
    for (let i = 1; i < ds.length; i++) {
      let c = 0;
      for (const k of keys) {
        const a = ds.get(k, i - 1);
        const b = ds.get(k, i);
        c = a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
        if (c !== 0) break;
      }
      if (c > 0) {
        problems.push(`${name}: rows ${i} and ${i + 1} are not in KeySequence order (${keys.join(", ")})`);
        break;
      }
    }
    for (const r of refs) {
      const item = itemDefs.get(r.attrs.ItemOID!);
      if (!item) continue;
      const vname = item.attrs.Name!;
      const v = ds.meta.variables.find((x) => x.name === vname);
      if (!v) continue;
      counts.variables++;
      const where = `${name}.${vname}`;
      if (textOf(kids(item, "Description")[0]) !== v.label)
        problems.push(`${where}: label differs from XPT "${v.label}"`);
      const dt = item.attrs.DataType!;
      if (
        v.type === "Char" &&
        ![
          "text",
          "date",
          "datetime",
          "time",
          "partialDate",
          "partialTime",
          "partialDatetime",
          "incompleteDatetime",
          "durationDatetime",
          "integer",
          "float",
        ].includes(dt)
      )
        problems.push(`${where}: Char with DataType ${dt}`);
      if (v.type === "Num" && !["integer", "float"].includes(dt))
        problems.push(`${where}: Num with DataType ${dt}`);
      if (v.type === "Char" && item.attrs.Length && Number(item.attrs.Length) !== v.length)
        problems.push(`${where}: Length ${item.attrs.Length} vs XPT ${v.length}`);
      if ((item.attrs["def:DisplayFormat"] ?? "") !== (v.displayFormat ?? ""))
        problems.push(
          `${where}: display format ${item.attrs["def:DisplayFormat"]} vs XPT ${v.displayFormat}`,
        );
      const col = ds.column(vname);
      if (r.attrs.Mandatory === "Yes") {
        for (let i = 0; i < ds.length; i++)
          if (cell(ds, vname, i) === "") {
            problems.push(`${where}: Mandatory but row ${i + 1} is missing`);
            break;
          }
      }
      if (dt === "integer" && col.kind === "Num") {
        for (let i = 0; i < ds.length; i++) {
          const x = col.get(i);
          if (x !== null && !Number.isInteger(x)) {
            problems.push(`${where}: DataType integer but row ${i + 1} is ${x}`);
            break;
          }
        }
      }
      // Codelist: every value in the data is a coded value.
      const clRef = kids(item, "CodeListRef")[0]?.attrs.CodeListOID;
      if (clRef) {
        const cl = codelists.get(clRef);
        if (!cl) {
          problems.push(`${where}: codelist ${clRef} not defined`);
          continue;
        }
        const coded = new Set(
          [...kids(cl, "CodeListItem"), ...kids(cl, "EnumeratedItem")].map((x) => x.attrs.CodedValue!),
        );
        const seen = codelistValuesSeen.get(clRef) ?? new Set<string>();
        codelistValuesSeen.set(clRef, seen);
        for (let i = 0; i < ds.length; i++) {
          const x = cell(ds, vname, i);
          if (x === "") continue;
          seen.add(x);
          if (!coded.has(x)) {
            problems.push(`${where}: row ${i + 1} value "${x}" is not in codelist ${clRef}`);
            break;
          }
        }
      }
      // Value-level metadata: each where clause selects rows that carry the variable; every filled row is covered once.
      const vlRef = kids(item, "def:ValueListRef")[0]?.attrs.ValueListOID;
      if (vlRef) {
        const vl = vls.get(vlRef)!;
        const covered = new Uint8Array(ds.length);
        for (const vr of kids(vl, "ItemRef")) {
          counts.conditions++;
          const wc = wcs.get(kids(vr, "def:WhereClauseRef")[0]!.attrs.WhereClauseOID!)!;
          const vitem = itemDefs.get(vr.attrs.ItemOID!)!;
          const checks = kids(wc, "RangeCheck").map((rc) => ({
            variable: itemDefs.get(rc.attrs["def:ItemOID"]!)!.attrs.Name!,
            comparator: rc.attrs.Comparator!,
            values: new Set(kids(rc, "CheckValue").map((c) => c.text)),
          }));
          let rows = 0;
          let filled = 0;
          let maxLen = 0;
          for (let i = 0; i < ds.length; i++) {
            if (
              !checks.every(
                (c) =>
                  (c.comparator === "EQ" || c.comparator === "IN") && c.values.has(cell(ds, c.variable, i)),
              )
            )
              continue;
            rows++;
            const x = cell(ds, vname, i);
            if (x !== "") {
              filled++;
              covered[i] = (covered[i] ?? 0) + 1;
              maxLen = Math.max(maxLen, Buffer.byteLength(x, "utf8"));
            }
          }
          const label = `${where} where ${checks.map((c) => `${c.variable}=${[...c.values].join("|")}`).join(" & ")}`;
          if (rows === 0) problems.push(`${label}: selects no rows`);
          else if (filled === 0) problems.push(`${label}: no row has a value`);
          if (vr.attrs.Mandatory === "Yes" && filled !== rows)
            problems.push(`${label}: Mandatory but ${rows - filled} rows are missing`);
          if (v.type === "Char" && Number(vitem.attrs.Length) < maxLen)
            problems.push(`${label}: Length ${vitem.attrs.Length} < longest value ${maxLen}`);
        }
        for (let i = 0; i < ds.length; i++) {
          const x = cell(ds, vname, i);
          if (x !== "" && covered[i] !== 1) {
            problems.push(`${where}: row ${i + 1} is covered by ${covered[i]} value-level conditions`);
            break;
          }
        }
      }
    }
  }
  // Every where clause is used (by value-level metadata or an analysis result).
  const referenced = new Set(all(odm, "def:WhereClauseRef").map((r) => r.attrs.WhereClauseOID!));
  for (const oid of wcs.keys())
    if (!referenced.has(oid)) problems.push(`${oid}: where clause not referenced`);
  // Codelists listing only data values must list no value absent from the data.
  for (const [oid, cl] of codelists) {
    const items = [...kids(cl, "CodeListItem"), ...kids(cl, "EnumeratedItem")];
    counts.codelistValues += items.length;
    const nci = kids(cl, "Alias").find((a) => a.attrs.Context === "nci:ExtCodeID")?.attrs.Name;
    // CDISC codelists carry their NCI code; sponsor codelists are CL.<id>; data codelists (CL.<DS>.<VAR>) are neither.
    const ct = nci ? terminology.codelist(nci) : terminology.codelist(oid.slice(3));
    const whole = ct
      ? ct.terms.filter((t) => !t.extended).length <= WHOLE_CODELIST_MAX_TERMS || ct.standard === "Sponsor"
      : false;
    const seen = codelistValuesSeen.get(oid) ?? new Set();
    if (ct) {
      for (const it of items) {
        const term = ct.terms.find((t) => t.value === it.attrs.CodedValue);
        const code = kids(it, "Alias")[0]?.attrs.Name;
        if (term?.code && code !== term.code)
          problems.push(`${oid}: ${it.attrs.CodedValue} has NCI code ${code}, CT says ${term.code}`);
        if (!term && it.attrs["def:ExtendedValue"] !== "Yes")
          problems.push(`${oid}: ${it.attrs.CodedValue} is not a CT term and not marked extended`);
      }
    }
    if (!whole) {
      for (const it of items)
        if (!seen.has(it.attrs.CodedValue!))
          problems.push(`${oid}: "${it.attrs.CodedValue}" does not occur in the data`);
    }
  }
  return { problems, counts };
}
