/**
 * A small reader of the define.xml parts validation needs (Define-XML 1.0, 2.0 and 2.1): datasets with
 * their ordered variables, mandatory flags and key sequence, variable types/lengths/labels, and codelists
 * with their extended values. Tags are matched by local name, so namespace prefixes do not matter.
 */

export interface DefineVariable {
  name: string;
  label: string;
  dataType: string;
  length?: number;
  order?: number;
  mandatory: boolean;
  keySequence?: number;
  codelist?: DefineCodelist;
}

export interface DefineCodelist {
  oid: string;
  name: string;
  /** NCI code of the CDISC codelist (Alias Context="nci"), when given. */
  nciCode?: string;
  values: Set<string>;
  extendedValues: Set<string>;
  /** An external dictionary (MedDRA, WHODrug): no enumerated values to check against. */
  external: boolean;
}

export interface DefineDataset {
  name: string;
  label: string;
  class?: string;
  structure?: string;
  variables: DefineVariable[];
  /** Variables with a KeySequence, in key order. */
  keys: string[];
}

export interface DefineDocument {
  datasets: Map<string, DefineDataset>;
}

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e[0] === "#"
      ? String.fromCodePoint(e[1] === "x" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : ENTITIES[e]!,
  );
}

const local = (n: string) => n.slice(n.indexOf(":") + 1);

/** Parses XML into a light tree (local names); throws Error with the offset on malformed input. */
function parseXml(xml: string): Node {
  const root: Node = { name: "#root", attrs: {}, children: [], text: "" };
  const stack: Node[] = [root];
  const re =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  const attrRe = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let last = 0;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    if (m.index !== last) throw new Error(`malformed XML at character ${last}`);
    last = re.lastIndex;
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[6] !== undefined) top.text += decode(m[6]);
    else if (m[3] !== undefined) {
      const name = local(m[3]);
      if (m[2] === "/") {
        if (top.name !== name) throw new Error(`malformed XML: </${m[3]}> closes <${top.name}>`);
        stack.pop();
      } else {
        const attrs: Record<string, string> = {};
        for (const a of (m[4] ?? "").matchAll(attrRe)) attrs[local(a[1]!)] = decode(a[2] ?? a[3] ?? "");
        const node: Node = { name, attrs, children: [], text: "" };
        top.children.push(node);
        if (m[5] !== "/") stack.push(node);
      }
    }
  }
  if (last !== xml.length) throw new Error(`malformed XML at character ${last}`);
  if (stack.length !== 1) throw new Error(`malformed XML: <${stack[stack.length - 1]!.name}> is not closed`);
  return root;
}

function* walk(n: Node, name: string): Generator<Node> {
  for (const c of n.children) {
    if (c.name === name) yield c;
    yield* walk(c, name);
  }
}
const child = (n: Node, name: string) => n.children.find((c) => c.name === name);
const descriptionText = (n: Node) => {
  const d = child(n, "Description");
  const t = d && child(d, "TranslatedText");
  return (t?.text ?? "").trim();
};

/**
 * The text of a define.xml file's bytes, decoded by its XML declaration (UTF-8 by default; ISO-8859-1 and
 * windows-1252 as declared, as in Define-XML 1.0 files such as the CDISC pilot's).
 */
export function decodeDefineXml(bytes: Uint8Array): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const enc = /^<\?xml[^>]*encoding=["']([\w.-]+)["']/.exec(head)?.[1]?.toLowerCase() ?? "utf-8";
  const label =
    enc === "iso-8859-1" || enc === "latin1" || enc === "windows-1252" || enc === "cp1252"
      ? "windows-1252"
      : "utf-8";
  return new TextDecoder(label).decode(bytes);
}

/** Reads a define.xml document; throws Error for text that is not well-formed or not an ODM define. */
export function parseDefineXml(xml: string): DefineDocument {
  const root = parseXml(xml);
  const mdv = walk(root, "MetaDataVersion").next().value;
  if (!mdv) throw new Error("no ODM MetaDataVersion element");
  const codelists = new Map<string, DefineCodelist>();
  for (const cl of walk(mdv, "CodeList")) {
    const c: DefineCodelist = {
      oid: cl.attrs.OID ?? "",
      name: cl.attrs.Name ?? "",
      values: new Set(),
      extendedValues: new Set(),
      external: false,
    };
    for (const it of cl.children) {
      if (it.name === "CodeListItem" || it.name === "EnumeratedItem") {
        const v = it.attrs.CodedValue ?? "";
        c.values.add(v);
        if (it.attrs.ExtendedValue === "Yes") c.extendedValues.add(v);
      } else if (it.name === "ExternalCodeList") c.external = true;
      else if (it.name === "Alias" && (it.attrs.Context ?? "").toLowerCase() === "nci")
        c.nciCode = it.attrs.Name;
    }
    codelists.set(c.oid, c);
  }
  const items = new Map<string, Omit<DefineVariable, "order" | "mandatory" | "keySequence">>();
  for (const it of walk(mdv, "ItemDef")) {
    const v: Omit<DefineVariable, "order" | "mandatory" | "keySequence"> = {
      name: it.attrs.Name ?? "",
      label: descriptionText(it) || (it.attrs.Label ?? ""),
      dataType: it.attrs.DataType ?? "",
    };
    if (it.attrs.Length) v.length = Number(it.attrs.Length);
    const ref = child(it, "CodeListRef");
    const cl = ref && codelists.get(ref.attrs.CodeListOID ?? "");
    if (cl) v.codelist = cl;
    items.set(it.attrs.OID ?? "", v);
  }
  const datasets = new Map<string, DefineDataset>();
  for (const g of walk(mdv, "ItemGroupDef")) {
    const name = (g.attrs.Name ?? "").toUpperCase();
    const cls = g.attrs.Class ?? child(g, "Class")?.attrs.Name;
    const ds: DefineDataset = {
      name,
      label: descriptionText(g) || (g.attrs.Label ?? ""),
      variables: [],
      keys: [],
    };
    if (cls) ds.class = cls;
    if (g.attrs.Structure) ds.structure = g.attrs.Structure;
    const keyed: [number, string][] = [];
    for (const r of g.children.filter((c) => c.name === "ItemRef")) {
      const def = items.get(r.attrs.ItemOID ?? "");
      if (!def) continue;
      const v: DefineVariable = { ...def, mandatory: r.attrs.Mandatory === "Yes" };
      if (r.attrs.OrderNumber) v.order = Number(r.attrs.OrderNumber);
      if (r.attrs.KeySequence) {
        v.keySequence = Number(r.attrs.KeySequence);
        keyed.push([v.keySequence, v.name]);
      }
      ds.variables.push(v);
    }
    ds.keys = keyed.sort((a, b) => a[0] - b[0]).map((k) => k[1]);
    datasets.set(name, ds);
  }
  return { datasets };
}
