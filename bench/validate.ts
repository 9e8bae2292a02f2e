/**
 * Validation at scale: the real chain (synthesize --clean → ingest → SDTM → ADaM → define.xml) for N subjects
 * (default 3,000, about 2 million LB rows), then validateBuild over all of it, then the report writer.
 * Prints rows, validation time, findings and peak RSS. Never asserts. Target (issue 9): under 20 s.
 *
 *   pnpm exec tsx bench/validate.ts [subjects] [--keep DIR]   build, validate; --keep writes the XPT + define.xml build to DIR
 *   pnpm exec tsx bench/validate.ts --from DIR                 validate a kept build (XPT read-back, as `trialforge validate` does)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAdam } from "@trialforge/adam";
import { type Dataset, Diagnostics } from "@trialforge/core";
import { buildDefine } from "@trialforge/define";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadAdamSpec, loadSdtmSpec, loadStudy } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";
import {
  decodeDefineXml,
  summarizeFindings,
  validateBuild,
  writeValidationReport,
} from "@trialforge/validate";
import { readXpt, writeXpt } from "@trialforge/xport";

const subjects = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3000);
const opt = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const keep = opt("--keep");
const from = opt("--from");
const studyDir = join(import.meta.dirname, "../specs/nct05563545");
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const peak = () => mb(process.resourceUsage().maxRSS * 1024);
const secs = (t: number) => `${((performance.now() - t) / 1000).toFixed(2)} s`;

const work = mkdtempSync(join(tmpdir(), "tf-bench-validate-"));
try {
  console.log(`validate benchmark: ${subjects} subjects (node ${process.version})`);
  let t = performance.now();
  const study = loadStudy(studyDir);
  const sdtmSpec = loadSdtmSpec(studyDir);
  const terminology = loadTerminology().withSponsorCodelists(sdtmSpec.config.codelists);
  let sdtm: Map<string, Dataset>;
  let adam: Map<string, Dataset>;
  let defineXml: { sdtm: string; adam: string };
  if (from) {
    const read = async (part: string) => {
      const m = new Map<string, Dataset>();
      for (const f of readdirSync(join(from, part))
        .filter((x) => x.endsWith(".xpt"))
        .sort()) {
        const ds = await readXpt(join(from, part, f));
        ds.meta.standard = part === "sdtm" ? "SDTM" : "ADaM";
        m.set(ds.name.toUpperCase(), ds);
      }
      return m;
    };
    sdtm = await read("sdtm");
    adam = await read("adam");
    defineXml = {
      sdtm: decodeDefineXml(readFileSync(join(from, "sdtm", "define.xml"))),
      adam: decodeDefineXml(readFileSync(join(from, "adam", "define.xml"))),
    };
  } else {
    await synthesize(study, join(work, "raw"), { seed: 1, subjects, messy: false });
    const raw = await ingestStudy(study, join(work, "raw"), { edc: "csv" });
    const diagnostics = new Diagnostics();
    sdtm = buildSdtm({ study, spec: sdtmSpec, raw, terminology, diagnostics }).datasets;
    adam = buildAdam({ study, spec: loadAdamSpec(studyDir), sdtm, diagnostics });
    const timestamp = "2026-08-01T00:00:00Z";
    defineXml = {
      sdtm: buildDefine({ standard: "SDTM", datasets: sdtm.values(), study, terminology, timestamp }).xml,
      adam: buildDefine({ standard: "ADaM", datasets: adam.values(), study, terminology, timestamp }).xml,
    };
    if (keep) {
      for (const [part, sets] of [
        ["sdtm", sdtm],
        ["adam", adam],
      ] as const) {
        mkdirSync(join(keep, part), { recursive: true });
        for (const [name, ds] of sets)
          await writeXpt(ds, join(keep, part, `${name.toLowerCase()}.xpt`), { timestamp });
        writeFileSync(join(keep, part, "define.xml"), defineXml[part]);
      }
    }
  }
  const rows = (m: Map<string, { length: number }>) => [...m.values()].reduce((s, d) => s + d.length, 0);
  console.log(
    `${from ? `read ${from}:` : "build (synth → define):"}   ${secs(t)}; SDTM ${rows(sdtm)} rows (LB ${sdtm.get("LB")?.length ?? 0}), ADaM ${rows(adam)} rows (ADLB ${adam.get("ADLB")?.length ?? 0}); peak RSS so far ${peak()}`,
  );
  const rssBefore = process.memoryUsage().rss;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const findings = validateBuild({ sdtm, adam, defineXml, dataCutoff: study.dataCutoff, terminology });
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `validateBuild:            ${secs(t)} wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU; ${findings.length} findings listed; RSS ${mb(rssBefore)} → ${mb(process.memoryUsage().rss)}; peak RSS ${peak()}`,
  );
  t = performance.now();
  const s = await writeValidationReport(findings, join(work, "validation"));
  console.log(`writeValidationReport:    ${secs(t)}`);
  const sum = summarizeFindings(findings);
  console.log(`summary: ${s.errors} errors, ${s.warnings} warnings, ${s.notes} notices, ${s.rules} rules`);
  for (const r of sum.byRule)
    console.log(`  ${r.rule.padEnd(9)} ${r.severity.padEnd(8)} ${String(r.count).padStart(8)}  ${r.message}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
