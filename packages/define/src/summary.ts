/**
 * A summary read back from a define.xml that `writeDefineXml` wrote: standards, datasets (class, structure,
 * keys) and methods with the variables using them. The reviewer's guides are written from it. It reads the
 * writer's own layout (attribute order and one element per line), not any define.xml.
 */
export interface DefineSummary {
  standards: { name: string; type: string; version: string; publishingSet?: string }[];
  datasets: {
    oid: string;
    name: string;
    label: string;
    className: string;
    subClassName?: string;
    structure: string;
    keys: string[];
  }[];
  methods: { oid: string; name: string; type: string; description: string; usedBy: string[] }[];
}

const attrOf = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name.replace(":", "\\:")}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]!) : undefined;
};

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

const firstText = (block: string): string => {
  const m = /<TranslatedText[^>]*>([\s\S]*?)<\/TranslatedText>/.exec(block);
  return m ? unescapeXml(m[1]!) : "";
};

/** Standards, datasets and methods of a trialforge define.xml. */
export function readDefineSummary(xml: string): DefineSummary {
  const itemNames = new Map<string, string>();
  for (const m of xml.matchAll(/<ItemDef\s[^>]*>/g)) {
    const oid = attrOf(m[0], "OID");
    const name = attrOf(m[0], "Name");
    if (oid && name) itemNames.set(oid, name);
  }
  const standards: DefineSummary["standards"] = [];
  for (const m of xml.matchAll(/<def:Standard\s[^>]*\/>/g)) {
    const ps = attrOf(m[0], "PublishingSet");
    standards.push({
      name: attrOf(m[0], "Name") ?? "",
      type: attrOf(m[0], "Type") ?? "",
      version: attrOf(m[0], "Version") ?? "",
      ...(ps ? { publishingSet: ps } : {}),
    });
  }
  const methodUse = new Map<string, string[]>();
  const datasets: DefineSummary["datasets"] = [];
  for (const m of xml.matchAll(/(<ItemGroupDef\s[^>]*>)([\s\S]*?)<\/ItemGroupDef>/g)) {
    const head = m[1]!;
    const body = m[2]!;
    const name = attrOf(head, "Name") ?? "";
    const keys: { seq: number; name: string }[] = [];
    for (const r of body.matchAll(/<ItemRef\s[^>]*?\/?>/g)) {
      const oid = attrOf(r[0], "ItemOID") ?? "";
      const seq = attrOf(r[0], "KeySequence");
      const method = attrOf(r[0], "MethodOID");
      const vname = itemNames.get(oid) ?? oid;
      if (seq) keys.push({ seq: Number(seq), name: vname });
      if (method) methodUse.set(method, [...(methodUse.get(method) ?? []), `${name}.${vname}`]);
    }
    const cls = /<def:Class Name="([^"]*)"/.exec(body);
    const sub = /<def:SubClass Name="([^"]*)"/.exec(body);
    datasets.push({
      oid: attrOf(head, "OID") ?? "",
      name,
      label: firstText(body),
      className: cls ? unescapeXml(cls[1]!) : "",
      ...(sub ? { subClassName: unescapeXml(sub[1]!) } : {}),
      structure: attrOf(head, "def:Structure") ?? "",
      keys: keys.sort((a, b) => a.seq - b.seq).map((k) => k.name),
    });
  }
  const methods: DefineSummary["methods"] = [];
  for (const m of xml.matchAll(/(<MethodDef\s[^>]*>)([\s\S]*?)<\/MethodDef>/g)) {
    const oid = attrOf(m[1]!, "OID") ?? "";
    methods.push({
      oid,
      name: attrOf(m[1]!, "Name") ?? "",
      type: attrOf(m[1]!, "Type") ?? "",
      description: firstText(m[2]!),
      usedBy: methodUse.get(oid) ?? [],
    });
  }
  return { standards, datasets, methods };
}
