/**
 * define.html: one self-contained page (inline CSS, no scripts, no XSLT) with the same content as define.xml:
 * tables of contents, datasets (linking to their XPT files), variables per dataset, value-level metadata,
 * codelists, methods, comments and analysis results. Every OID is an element id, and references link to it.
 */
import type { CodeListDef, DefineModel, ItemDef, ItemGroupDef, OriginDef, WhereClauseDef } from "../model.ts";

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** HTML-escaped text (also safe inside double- or single-quoted attributes). */
export function escapeHtml(s: string | number | undefined): string {
  return s === undefined ? "" : String(s).replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** Escaped text with line breaks kept. */
function text(s: string): string {
  return escapeHtml(s).replace(/\r?\n/g, "<br>");
}

function link(id: string | undefined, label: string): string {
  return id ? `<a href="#${escapeHtml(encodeURIComponent(id))}">${escapeHtml(label)}</a>` : "";
}

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#fff}
header{background:#123a5a;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;opacity:.85}
nav{position:fixed;top:0;bottom:0;left:0;width:220px;overflow:auto;background:#f3f5f8;border-right:1px solid #d6dbe1;padding:12px;box-sizing:border-box;font-size:13px}
nav ul{list-style:none;margin:0;padding-left:12px}
nav>ul{padding-left:0}
nav a{color:#123a5a;text-decoration:none}
nav a:hover{text-decoration:underline}
main{margin-left:220px}
section{padding:4px 24px 12px}
h2{font-size:18px;border-bottom:2px solid #123a5a;padding-bottom:2px;margin-top:28px}
h3{font-size:15px;margin:22px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{border:1px solid #d6dbe1;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#e7ecf2;font-weight:600}
tr:nth-child(even) td{background:#fafbfc}
code{font:12px ui-monospace,Menlo,Consolas,monospace}
.muted{color:#5b6570}
.ext{color:#9a3b00;font-weight:600}
:target{outline:3px solid #f0a500;outline-offset:2px}
`;

function originText(o: OriginDef | undefined): string {
  if (!o) return "";
  const head = o.source ? `${o.type} (${o.source})` : o.type;
  const doc = o.documentLeafId ? ` ${link(o.documentLeafId, "aCRF")}` : "";
  return `${escapeHtml(head)}${doc}${o.description ? `<br><span class="muted">${text(o.description)}</span>` : ""}`;
}

function whereText(wc: WhereClauseDef, items: Map<string, ItemDef>): string {
  return wc.checks
    .map((c) => {
      const v = items.get(c.itemOid);
      const name = v ? link(c.itemOid, v.name) : escapeHtml(c.itemOid);
      const vals = c.values.map((x) => `"${escapeHtml(x)}"`).join(", ");
      return `${name} ${c.comparator === "EQ" ? "=" : "in"} ${c.comparator === "EQ" ? vals : `(${vals})`}`;
    })
    .join(" and ");
}

function typeCell(it: ItemDef): string {
  return escapeHtml(it.dataType);
}

/** The define.html text of a model. */
export function renderDefineHtml(m: DefineModel): string {
  const items = new Map(m.items.map((i) => [i.oid, i]));
  const codelists = new Map(m.codelists.map((c) => [c.oid, c]));
  const methods = new Map(m.methods.map((x) => [x.oid, x]));
  const comments = new Map(m.comments.map((x) => [x.oid, x]));
  const wcs = new Map(m.whereClauses.map((w) => [w.oid, w]));
  const groups = new Map(m.itemGroups.map((g) => [g.oid, g]));
  const itemLabel = (oid: string) => {
    const it = items.get(oid);
    if (!it) return escapeHtml(oid);
    const g = groups.get(it.itemGroupOid);
    return link(oid, `${g?.name ?? ""}.${it.name}${it.parentOid ? " (value level)" : ""}`);
  };
  const out: string[] = [];
  const title = `${m.studyName} ${m.standard} Define-XML ${m.mdv.defineVersion}`;
  out.push(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>`);

  // Navigation.
  out.push(`<nav aria-label="Contents"><ul>`);
  out.push(`<li><a href="#study">Study</a></li><li><a href="#standards">Standards</a></li>`);
  if (m.leaves.length > 0) out.push(`<li><a href="#documents">Documents</a></li>`);
  out.push(`<li><a href="#datasets">Datasets</a><ul>`);
  for (const g of m.itemGroups) out.push(`<li>${link(g.oid, g.name)}</li>`);
  out.push(`</ul></li>`);
  if (m.valueLists.length > 0) out.push(`<li><a href="#valuelevel">Value-level metadata</a></li>`);
  if (m.codelists.length > 0) out.push(`<li><a href="#codelists">Codelists</a></li>`);
  if (m.methods.length > 0) out.push(`<li><a href="#methods">Methods</a></li>`);
  if (m.comments.length > 0) out.push(`<li><a href="#comments">Comments</a></li>`);
  if (m.resultDisplays.length > 0) out.push(`<li><a href="#results">Analysis results</a></li>`);
  out.push(`</ul></nav><main>`);

  out.push(`<header><h1>${escapeHtml(m.studyName)} — ${escapeHtml(m.standard)} data definitions</h1>
<p>${escapeHtml(m.studyDescription)}</p></header>`);

  out.push(`<section id="study"><h2>Study</h2><table>
<tr><th>Study name</th><td>${escapeHtml(m.studyName)}</td></tr>
<tr><th>Protocol</th><td>${escapeHtml(m.protocolName)}</td></tr>
<tr><th>Description</th><td>${escapeHtml(m.studyDescription)}</td></tr>
<tr><th>Metadata version</th><td>${escapeHtml(m.mdv.name)} <span class="muted">(${escapeHtml(m.mdv.oid)})</span></td></tr>
<tr><th>Define-XML version</th><td>${escapeHtml(m.mdv.defineVersion)}</td></tr>
<tr><th>Created</th><td>${escapeHtml(m.creationDateTime)}</td></tr>
</table></section>`);

  out.push(
    `<section id="standards"><h2>Standards</h2><table><thead><tr><th>Standard</th><th>Type</th><th>Publishing set</th><th>Version</th><th>Status</th></tr></thead><tbody>`,
  );
  for (const s of m.standards) {
    out.push(
      `<tr id="${escapeHtml(s.oid)}"><td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.type)}</td><td>${escapeHtml(s.publishingSet)}</td><td>${escapeHtml(s.version)}</td><td>${escapeHtml(s.status)}</td></tr>`,
    );
  }
  out.push(`</tbody></table></section>`);

  if (m.leaves.length > 0) {
    out.push(`<section id="documents"><h2>Documents</h2><ul>`);
    for (const l of m.leaves) {
      const kind = l.id === m.annotatedCrfLeafId ? "Annotated CRF" : "Supplemental document";
      out.push(
        `<li id="${escapeHtml(l.id)}">${escapeHtml(kind)}: <a href="${escapeHtml(l.href)}">${escapeHtml(l.title)}</a></li>`,
      );
    }
    out.push(`</ul></section>`);
  }

  // Datasets.
  out.push(
    `<section id="datasets"><h2>Datasets</h2><table><thead><tr><th>Dataset</th><th>Description</th><th>Class</th><th>Structure</th><th>Purpose</th><th>Keys</th><th>Records</th><th>Location</th></tr></thead><tbody>`,
  );
  for (const g of m.itemGroups) {
    const keys = g.itemRefs
      .filter((r) => r.keySequence !== undefined)
      .sort((a, b) => a.keySequence! - b.keySequence!)
      .map((r) => escapeHtml(items.get(r.itemOid)?.name ?? r.itemOid))
      .join(", ");
    const cls = g.subClassName ? `${g.className} — ${g.subClassName}` : g.className;
    out.push(
      `<tr><td>${link(g.oid, g.name)}</td><td>${escapeHtml(g.label)}</td><td>${escapeHtml(cls)}</td><td>${escapeHtml(g.structure)}</td><td>${escapeHtml(g.purpose)}</td><td>${keys}</td><td>${g.records}</td><td><a href="${escapeHtml(g.leaf.href)}">${escapeHtml(g.leaf.title)}</a></td></tr>`,
    );
  }
  out.push(`</tbody></table></section>`);

  for (const g of m.itemGroups) out.push(renderGroup(g, items, codelists, methods, comments, m.standard));

  if (m.valueLists.length > 0) {
    out.push(`<section id="valuelevel"><h2>Value-level metadata</h2>`);
    for (const vl of m.valueLists) {
      const parent = items.get(vl.parentOid)!;
      const g = groups.get(parent.itemGroupOid)!;
      out.push(
        `<h3 id="${escapeHtml(vl.oid)}">${link(g.oid, g.name)}.${link(parent.oid, parent.name)} <span class="muted">${escapeHtml(parent.label)}</span></h3>`,
      );
      out.push(
        `<table><thead><tr><th>Where</th><th>Label</th><th>Type</th><th>Length</th><th>Significant digits</th><th>Mandatory</th><th>Origin</th><th>Derivation</th></tr></thead><tbody>`,
      );
      for (const r of vl.itemRefs) {
        const it = items.get(r.itemOid)!;
        const wc = r.whereClauseOid ? wcs.get(r.whereClauseOid) : undefined;
        const mt = r.methodOid ? methods.get(r.methodOid) : undefined;
        out.push(
          `<tr id="${escapeHtml(it.oid)}"><td>${wc ? whereText(wc, items) : ""}</td><td>${escapeHtml(it.label)}</td><td>${typeCell(it)}</td><td>${escapeHtml(it.length)}</td><td>${escapeHtml(it.significantDigits)}</td><td>${r.mandatory}</td><td>${originText(it.origin)}</td><td>${mt ? link(mt.oid, mt.name) : ""}</td></tr>`,
        );
      }
      out.push(`</tbody></table>`);
    }
    out.push(`</section>`);
  }

  if (m.codelists.length > 0) {
    out.push(`<section id="codelists"><h2>Codelists</h2>`);
    for (const cl of m.codelists) out.push(renderCodelist(cl, itemLabel));
    out.push(`</section>`);
  }

  if (m.methods.length > 0) {
    out.push(
      `<section id="methods"><h2>Methods</h2><table><thead><tr><th>Method</th><th>Type</th><th>Description</th><th>Used by</th></tr></thead><tbody>`,
    );
    for (const mt of m.methods) {
      out.push(
        `<tr id="${escapeHtml(mt.oid)}"><td>${escapeHtml(mt.name)}</td><td>${escapeHtml(mt.type)}</td><td>${text(mt.description)}</td><td>${mt.usedBy.map(itemLabel).join(", ")}</td></tr>`,
      );
    }
    out.push(`</tbody></table></section>`);
  }

  if (m.comments.length > 0) {
    out.push(
      `<section id="comments"><h2>Comments</h2><table><thead><tr><th>Comment</th><th>Description</th><th>Used by</th></tr></thead><tbody>`,
    );
    for (const c of m.comments) {
      const users = c.usedBy
        .map((oid) => (groups.has(oid) ? link(oid, groups.get(oid)!.name) : itemLabel(oid)))
        .join(", ");
      out.push(
        `<tr id="${escapeHtml(c.oid)}"><td>${escapeHtml(c.oid)}</td><td>${text(c.description)}</td><td>${users}</td></tr>`,
      );
    }
    out.push(`</tbody></table></section>`);
  }

  if (m.resultDisplays.length > 0) {
    out.push(`<section id="results"><h2>Analysis results</h2>`);
    for (const d of m.resultDisplays) {
      out.push(`<h3 id="${escapeHtml(d.oid)}">${escapeHtml(d.name)}: ${escapeHtml(d.title)}</h3>`);
      for (const r of d.results) {
        const ds = r.datasets
          .map((a) => {
            const g = groups.get(a.itemGroupOid);
            const wc = a.whereClauseOid ? wcs.get(a.whereClauseOid) : undefined;
            const vars = a.variableOids.map(itemLabel).join(", ");
            return `${link(a.itemGroupOid, g?.name ?? a.itemGroupOid)}${wc ? ` where ${whereText(wc, items)}` : ""}${vars ? `; variables ${vars}` : ""}`;
          })
          .join("<br>");
        out.push(`<table id="${escapeHtml(r.oid)}"><tr><th>Result</th><td>${escapeHtml(r.description)}</td></tr>
<tr><th>Reason / purpose</th><td>${escapeHtml(r.reason)} / ${escapeHtml(r.purpose)}</td></tr>
${r.parameterOid ? `<tr><th>Parameter</th><td>${itemLabel(r.parameterOid)}</td></tr>` : ""}
<tr><th>Data</th><td>${ds}</td></tr>
<tr><th>Documentation</th><td>${text(r.documentation)}</td></tr>
${r.code ? `<tr><th>Code (${escapeHtml(r.code.context)})</th><td><pre><code>${escapeHtml(r.code.text)}</code></pre></td></tr>` : ""}</table>`);
      }
    }
    out.push(`</section>`);
  }

  out.push(`</main></body></html>\n`);
  return out.join("\n");
}

function renderGroup(
  g: ItemGroupDef,
  items: Map<string, ItemDef>,
  codelists: Map<string, CodeListDef>,
  methods: Map<string, { oid: string; name: string; description: string }>,
  comments: Map<string, { oid: string; description: string }>,
  standard: "SDTM" | "ADaM",
): string {
  const out: string[] = [];
  const cls = g.subClassName ? `${g.className} — ${g.subClassName}` : g.className;
  out.push(`<section id="${escapeHtml(g.oid)}"><h2>${escapeHtml(g.name)} — ${escapeHtml(g.label)}</h2>`);
  out.push(
    `<p>${escapeHtml(cls)}. ${escapeHtml(g.structure)}. ${g.records} records. Location: <a href="${escapeHtml(g.leaf.href)}">${escapeHtml(g.leaf.title)}</a>${g.commentOid ? `. ${text(comments.get(g.commentOid)?.description ?? "")}` : ""}</p>`,
  );
  out.push(
    `<table><thead><tr><th>#</th><th>Variable</th><th>Label</th><th>Type</th><th>Length</th><th>Format</th><th>Key</th><th>Mandatory</th>${standard === "SDTM" ? "<th>Role</th>" : ""}<th>Controlled terms</th><th>Origin</th><th>Derivation / comment</th></tr></thead><tbody>`,
  );
  for (const r of g.itemRefs) {
    const it = items.get(r.itemOid)!;
    const cl = it.codelistOid ? codelists.get(it.codelistOid) : undefined;
    const mt = r.methodOid ? methods.get(r.methodOid) : undefined;
    const com = it.commentOid ? comments.get(it.commentOid) : undefined;
    const vl = it.valueListOid ? ` ${link(it.valueListOid, "value level")}` : "";
    const deriv = [
      mt ? `${link(mt.oid, mt.name)}<br><span class="muted">${text(mt.description)}</span>` : "",
      com ? `${link(com.oid, "Comment")}: ${text(com.description)}` : "",
    ]
      .filter(Boolean)
      .join("<br>");
    const len =
      it.significantDigits !== undefined ? `${it.length ?? ""} (${it.significantDigits})` : (it.length ?? "");
    out.push(
      `<tr id="${escapeHtml(it.oid)}"><td>${r.orderNumber}</td><td><code>${escapeHtml(it.name)}</code></td><td>${escapeHtml(it.label)}</td><td>${escapeHtml(it.dataType)}${vl}</td><td>${escapeHtml(len)}</td><td>${escapeHtml(it.displayFormat)}</td><td>${escapeHtml(r.keySequence)}</td><td>${r.mandatory}</td>${standard === "SDTM" ? `<td>${escapeHtml(r.role)}</td>` : ""}<td>${cl ? link(cl.oid, cl.name) : ""}</td><td>${originText(it.origin)}</td><td>${deriv}</td></tr>`,
    );
  }
  out.push(`</tbody></table></section>`);
  return out.join("\n");
}

function renderCodelist(cl: CodeListDef, itemLabel: (oid: string) => string): string {
  const facts = [
    cl.nciCode ? `NCI code ${escapeHtml(cl.nciCode)}` : "sponsor-defined",
    cl.extensible === undefined ? "" : cl.extensible ? "extensible" : "not extensible",
    cl.coverage === "all" ? "all terms" : "terms that occur in the data",
    `data type ${escapeHtml(cl.dataType)}`,
  ].filter(Boolean);
  const rows = cl.items
    .map(
      (t) =>
        `<tr><td><code>${escapeHtml(t.value)}</code>${t.extended ? ' <span class="ext" title="sponsor extension">*</span>' : ""}</td>${cl.decoded ? `<td>${escapeHtml(t.decode)}</td>` : ""}<td>${escapeHtml(t.nciCode)}</td></tr>`,
    )
    .join("\n");
  return `<div id="${escapeHtml(cl.oid)}"><h3>${escapeHtml(cl.name)} <span class="muted">(${escapeHtml(cl.oid)})</span></h3>
<p class="muted">${facts.join("; ")}. Used by ${cl.usedBy.map(itemLabel).join(", ")}.${cl.items.some((t) => t.extended) ? ' <span class="ext">*</span> sponsor extension.' : ""}</p>
<table><thead><tr><th>Value</th>${cl.decoded ? "<th>Decode</th>" : ""}<th>NCI code</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}
