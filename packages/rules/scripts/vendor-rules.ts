/**
 * Writes data/core-rules.json.gz: the YAML of data/core-rules.tgz parsed once into JSON (the same data,
 * JSON parses ten times faster than YAML). test/vendored.test.ts checks the two agree.
 *
 *   pnpm exec tsx packages/rules/scripts/vendor-rules.ts
 */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { parse } from "yaml";
import { readTgz } from "../src/read/tar.ts";

const tree = readTgz(new URL("../data/core-rules.tgz", import.meta.url));
const docs = [...tree]
  .filter(([p]) => /CORE-\d{6}\.ya?ml$/.test(p))
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([p, b]) => ({ file: p, rule: parse(new TextDecoder().decode(b)) as unknown }));
const json = `${JSON.stringify(docs)}\n`;
writeFileSync(
  new URL("../data/core-rules.json.gz", import.meta.url),
  gzipSync(json, { level: 9, mtime: 0 } as never),
);
console.log(`${docs.length} rules, ${json.length} bytes of JSON`);
