/**
 * Development helper: prints the `variables:` block of an SDTM spec file from the SDTMIG metadata in
 * @trialforge/terminology (labels, types, core, codelists in IG order), for hand editing.
 * Usage: npx tsx packages/sdtm/scripts/gen-vars.ts AE STUDYID:Assigned AETERM:Collected ...
 */
import { igVariable } from "@trialforge/terminology";

const [domain, ...specs] = process.argv.slice(2);
if (!domain) throw new Error("usage: gen-vars.ts DOMAIN VAR:Origin ...");
const lines: string[] = ["variables:"];
const order = (s: string) => igVariable("SDTM", domain, s.split(":")[0]!)?.order ?? 1e9;
for (const s of [...specs].sort((a, b) => order(a) - order(b))) {
  const [name, origin = "Collected", src] = s.split(":");
  const ig = igVariable("SDTM", domain, name!);
  const label = ig?.label ?? "TODO";
  const type = ig?.type ?? "Char";
  const core = ig?.core ?? "Perm";
  const parts = [
    `name: ${name}`,
    `label: ${JSON.stringify(label)}`,
    `type: ${type}`,
    `core: ${core}`,
    `origin: ${origin}`,
  ];
  if (src) parts.push(`originSource: ${src}`);
  if (ig?.codelist) parts.push(`codelist: ${ig.codelist}`);
  if (/DTC$/.test(name!)) parts.push("dataType: partialDatetime");
  if (/(SEQ|DY|NUM|AGE)$/.test(name!) && type === "Num") parts.push("dataType: integer");
  lines.push(`  - { ${parts.join(", ")} }`);
}
console.log(lines.join("\n"));
