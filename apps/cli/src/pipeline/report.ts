/**
 * The build report `report/index.html`: one static, self-contained page a data manager reads in the
 * morning: what ran and how long it took, record reconciliation, validation summary, what changed since
 * the last build, and links to every output. Every interpolated value is HTML-escaped by the `html` tag.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BuildContext } from "../context.ts";
import type { BuildDiff } from "./diff.ts";
import type { Manifest } from "./manifest.ts";

class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

type Part = Html | string | number | null | undefined | Part[];

function render(v: Part): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join("");
  return escapeHtml(String(v));
}

/** Tagged template that escapes every interpolation unless it is already Html. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

const css = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.85}
main{max-width:1200px;margin:0 auto;padding:16px 24px}section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:12px 16px;margin:14px 0}
h2{font-size:16px;margin:0 0 8px}table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e6e8ec;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}td.n{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#17803d}.bad{color:#b42318;font-weight:600}.warn{color:#a15c00}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{flex:1;min-width:150px;border:1px solid #dde1e7;border-radius:6px;padding:8px 12px;background:#fbfcfd}
.card b{display:block;font-size:22px}nav a{margin-right:12px}code{font-size:12px}ul.files{columns:3;margin:0;padding-left:18px}
`;

function link(href: string, text?: string): Html {
  return html`<a href="${href}">${text ?? href}</a>`;
}

function listOutputs(workDir: string, sub: string, ext?: string): string[] {
  const dir = join(workDir, sub);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !ext || f.endsWith(ext))
    .sort()
    .map((f) => `${sub}/${f}`);
}

export async function writeReport(ctx: BuildContext, m: Manifest): Promise<void> {
  const diff = ctx.facts.diff as BuildDiff | undefined;
  const v = m.validation;
  const rejected = m.reconciliation.rejected;
  const read = m.reconciliation.sources.reduce((s, x) => s + x.read, 0);
  const validationRules = (ctx.facts.validationByRule ?? []) as {
    rule: string;
    severity: string;
    count: number;
    explained?: number;
    message: string;
  }[];
  const notRun = (ctx.facts.validationNotRun ?? []) as { rule: string; reason: string }[];
  const up = (p: string) => `../${p}`;
  // A build from delivered SDTM reads no raw exports and so has no rejection log to link to.
  const rejectsLink = existsSync(join(ctx.workDir, "rejects", "rejections.csv"))
    ? link(up("rejects/rejections.csv"), "rejects/rejections.csv")
    : undefined;
  const tlfIds = Object.keys(m.outputs).sort();
  const messages = ctx.diagnostics.items.filter((d) => d.severity !== "info");

  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>trialforge build report: ${m.study.id}</title><style>${new Html(css)}</style></head>
<body>
<header><h1>Build report: ${m.study.id}</h1>
<p>Data timestamp ${m.timestamp} · run started ${m.startedAt} · ${m.mode === "synth" ? "synthetic demo data" : m.mode === "raw" ? "raw exports" : m.mode === "mixed" ? "raw exports and given SDTM" : "given SDTM"} · trialforge ${m.tool.version} (${m.tool.sourceHash.slice(0, 12)}) · ${m.totalSeconds.toFixed(1)} s</p></header>
<main>
<nav>${link("#summary", "Summary")}${link("#stages", "Stages")}${link("#reconciliation", "Reconciliation")}${link("#validation", "Validation")}${link("#messages", "Messages")}${link("#diff", "Changes")}${link("#outputs", "Outputs")}</nav>
<section id="summary"><h2>Summary</h2><div class="cards">
<div class="card"><b>${Object.keys(m.datasets.sdtm).length}</b>SDTM datasets</div>
<div class="card"><b>${Object.keys(m.datasets.adam).length}</b>ADaM datasets</div>
<div class="card"><b>${tlfIds.length}</b>TLF outputs</div>
<div class="card"><b>${read}</b>raw records read</div>
<div class="card"><b class="${rejected ? "warn" : "ok"}">${rejected}</b>rejected${rejectsLink ? html` (${link(up("rejects/rejections.csv"), "rejects")})` : ""}</div>
<div class="card"><b class="${v?.errors ? "bad" : "ok"}">${v ? v.errors : "-"}</b>validation errors${v ? html`, ${v.warnings} warnings` : ""}</div>
</div></section>

<section id="stages"><h2>Stages</h2><table><tr><th>Stage</th><th>Status</th><th>Seconds</th></tr>
${m.timings.map((t) => html`<tr><td>${t.stage}</td><td>${t.status}</td><td class="n">${t.seconds.toFixed(2)}</td></tr>`)}
</table></section>

<section id="reconciliation"><h2>Reconciliation</h2>
${rejectsLink ? html`<p>Every raw record is carried into a dataset or listed in ${rejectsLink} with file, row, column and reason.</p>` : html`<p>No raw exports were read in this build (the SDTM was delivered), so there is no rejection log.</p>`}
<table><tr><th>Raw source</th><th>Read</th><th>Accepted</th><th>Rejected</th><th>Check</th></tr>
${m.reconciliation.sources.map(
  (s) =>
    html`<tr><td><code>${s.file}</code></td><td class="n">${s.read}</td><td class="n">${s.accepted}</td><td class="n">${s.rejected}</td><td class="${s.read === s.accepted + s.rejected ? "ok" : "bad"}">${s.read === s.accepted + s.rejected ? "reconciled" : "MISMATCH"}</td></tr>`,
)}
</table>
<table><tr><th>Dataset</th><th>Records</th><th>From raw</th><th>Rejected</th>${m.mode === "mixed" ? html`<th>Source</th>` : ""}</tr>
${m.reconciliation.domains.map(
  (d) =>
    html`<tr><td>${d.dataset}</td><td class="n">${d.records}</td><td class="n">${d.fromRaw ?? ""}</td><td class="n">${d.rejected ?? ""}</td>${m.mode === "mixed" ? html`<td>${d.source ?? ""}</td>` : ""}</tr>`,
)}
</table></section>

<section id="validation"><h2>Validation</h2>
${
  v
    ? html`<p><span class="${v.errors ? "bad" : "ok"}">${v.errors} errors</span>, <span class="${v.warnings ? "warn" : ""}">${v.warnings} warnings</span>, ${v.notes} notes${v.rulesChecked !== undefined ? ` from ${v.rulesChecked} rules checked` : ""} (${v.rules} rules with findings). Full list: ${link(up("validation/issues.xlsx"), "issues.xlsx")} · ${link(up("validation/issues.json"), "issues.json")}</p>
<table><tr><th>Rule</th><th>Severity</th><th>Findings</th><th>Explained</th><th>Reason</th></tr>
${validationRules.map((r) => html`<tr><td><a href="${up("validation/issues.json")}#${r.rule}">${r.rule}</a></td><td class="${r.severity === "error" && r.count > (r.explained ?? 0) ? "bad" : r.severity === "warning" ? "warn" : ""}">${r.severity}</td><td class="n">${r.count}</td><td class="n">${r.explained ?? ""}</td><td>${r.message}</td></tr>`)}
</table>
${
  notRun.length > 0
    ? html`<details><summary>${notRun.length} CDISC CORE rules not run (never counted as passed)</summary><table><tr><th>Rule</th><th>Why not run</th></tr>
${notRun.map((n) => html`<tr><td>${n.rule}</td><td>${n.reason}</td></tr>`)}</table></details>`
    : ""
}`
    : html`<p>Validation did not run in this build.</p>`
}
</section>

<section id="messages"><h2>Build messages</h2>
${
  messages.length === 0
    ? html`<p class="ok">No warnings.</p>`
    : html`<table><tr><th>Severity</th><th>Where</th><th>Message</th><th>Code</th></tr>
${messages.slice(0, 300).map((d) => html`<tr><td class="${d.severity === "error" ? "bad" : d.severity === "warning" ? "warn" : ""}">${d.severity}</td><td><code>${[d.file && (d.row ? `${d.file}:${d.row}` : d.file), d.column, d.dataset && (d.variable ? `${d.dataset}.${d.variable}` : d.dataset), d.key].filter(Boolean).join(" ")}</code></td><td>${d.message}</td><td><code>${d.code}</code></td></tr>`)}
</table>${messages.length > 300 ? html`<p>${messages.length - 300} more not shown.</p>` : ""}`
}
</section>

<section id="diff"><h2>Changes since the previous build</h2>
${
  !diff
    ? html`<p>No previous build to compare with.</p>`
    : diff.datasets.length === 0 && diff.tlfMoved.length === 0
      ? html`<p class="ok">No dataset records or TLF numbers changed.</p>`
      : html`<table><tr><th>Dataset</th><th>Status</th><th>Added</th><th>Removed</th><th>Changed</th><th>Examples</th></tr>
${diff.datasets.map((d) => html`<tr><td>${d.part}/${d.dataset}</td><td>${d.status}</td><td class="n">${d.added}</td><td class="n">${d.removed}</td><td class="n">${d.changed}</td><td><code>${[...d.examples.added.slice(0, 2).map((k) => `+ ${k}`), ...d.examples.removed.slice(0, 2).map((k) => `- ${k}`), ...d.examples.changed.slice(0, 2).map((k) => `~ ${k}`)].join(" | ")}</code></td></tr>`)}
</table>
${diff.datasets.some((d) => d.emptied) ? html`<h3 class="warn">Variables with no values now</h3><ul>${diff.datasets.flatMap((d) => (d.emptied ?? []).map((e) => html`<li>${d.part}/${d.dataset}.${e.variable}: no values now, ${e.before} in the previous build (a renamed or missing raw column?)</li>`))}</ul>` : ""}
${diff.newAdverseEvents.length ? html`<h3>New adverse events (${diff.newAdverseEvents.length})</h3><ul>${diff.newAdverseEvents.slice(0, 50).map((s) => html`<li>${s}</li>`)}</ul>` : ""}
${diff.newDlts.length ? html`<h3 class="bad">New DLTs (${diff.newDlts.length})</h3><ul>${diff.newDlts.map((s) => html`<li>${s}</li>`)}</ul>` : ""}
${diff.tlfMoved.length ? html`<h3>TLF numbers that moved (${diff.tlfMoved.length})</h3><table><tr><th>Output</th><th>Cell</th><th>Old</th><th>New</th></tr>${diff.tlfMoved.slice(0, 100).map((x) => html`<tr><td>${link(up(`tlf/${x.output}.pdf`), x.output)}</td><td><code>${x.path}</code></td><td class="n">${x.old ?? "-"}</td><td class="n">${x.new ?? "-"}</td></tr>`)}</table>` : ""}`
}
</section>

<section id="outputs"><h2>Outputs</h2>
<h3>TLFs</h3><table><tr><th>Output</th><th>Title</th><th>Files</th></tr>
${tlfIds.map((id) => html`<tr><td id="tlf-${id}">${id}</td><td>${m.outputs[id]!.title ?? ""}</td><td>${m.outputs[id]!.files.map((f) => html`${link(up(f), f.split(".").pop())} `)}</td></tr>`)}
</table>
<h3>SDTM</h3><p>${existsSync(join(ctx.workDir, "sdtm/define.html")) ? link(up("sdtm/define.html"), "define.html") : ""} ${existsSync(join(ctx.workDir, "sdtm/define.xml")) ? link(up("sdtm/define.xml"), "define.xml") : ""}</p>
<table><tr><th>Dataset</th><th>Label</th><th>Records</th><th>XPT</th><th>Dataset-JSON</th></tr>
${Object.entries(m.datasets.sdtm).map(([n, d]) => html`<tr><td>${n}</td><td>${d.label}</td><td class="n">${d.records}</td><td>${link(up(d.file), d.file)}</td><td>${link(up(`dataset-json/sdtm/${n}.json`), `${n}.json`)}</td></tr>`)}
</table>
<h3>ADaM</h3><p>${existsSync(join(ctx.workDir, "adam/define.html")) ? link(up("adam/define.html"), "define.html") : ""} ${existsSync(join(ctx.workDir, "adam/define.xml")) ? link(up("adam/define.xml"), "define.xml") : ""}</p>
<table><tr><th>Dataset</th><th>Label</th><th>Records</th><th>XPT</th><th>Dataset-JSON</th></tr>
${Object.entries(m.datasets.adam).map(([n, d]) => html`<tr><td>${n}</td><td>${d.label}</td><td class="n">${d.records}</td><td>${link(up(d.file), d.file)}</td><td>${link(up(`dataset-json/adam/${n}.json`), `${n}.json`)}</td></tr>`)}
</table>
<h3>Other files</h3><ul class="files">${["manifest.json", ...listOutputs(ctx.workDir, "rejects"), ...listOutputs(ctx.workDir, "validation")].map((f) => html`<li>${link(up(f), f)}</li>`)}</ul>
</section>
</main></body></html>
`;
  mkdirSync(join(ctx.workDir, "report"), { recursive: true });
  writeFileSync(join(ctx.workDir, "report", "index.html"), page.text);
}
