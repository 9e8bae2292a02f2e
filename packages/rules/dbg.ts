import { inScope, readCaseFolder, runRule, Study } from "./src/index.ts";

const [f] = readCaseFolder("/tmp/i15/Published", (id) => id === "CORE-000088");
const s = new Study(f!.cases[1]!.datasets);
console.log(
  f!.rule.scope,
  s.datasets.map((d) => [d.name, d.domain, d.className, inScope(f!.rule, d)]),
);
console.log(runRule(f!.rule, s).findings.length, runRule(f!.rule, s).skipped);
