// Prints the initial JavaScript of dist/index.html (entry scripts and their module preloads),
// gzipped, and fails when it is above the budget.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The budget from the issue: 150 KB of gzipped initial JavaScript (KB = 1000 bytes, the strict reading). */
const BUDGET_BYTES = 150 * 1000;

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
let html;
try {
  html = readFileSync(join(dist, 'index.html'), 'utf8');
} catch {
  console.error('dist/index.html is missing: run `npm run build` first.');
  process.exit(1);
}

const srcs = new Set();
for (const match of html.matchAll(/<script[^>]*\stype="module"[^>]*\ssrc="([^"]+)"/g)) srcs.add(match[1]);
for (const match of html.matchAll(/<link[^>]*\srel="modulepreload"[^>]*\shref="([^"]+)"/g)) srcs.add(match[1]);
if (srcs.size === 0) {
  console.error('No entry script found in dist/index.html.');
  process.exit(1);
}

let raw = 0;
let gzip = 0;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
for (const src of srcs) {
  const bytes = readFileSync(join(dist, src.replace(/^\//, '')));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += zipped;
  console.log(`  ${src}  ${kb(bytes.length)}  (gzip ${kb(zipped)})`);
}
console.log(`Initial JavaScript: ${kb(raw)}, gzip ${kb(gzip)} (budget ${kb(BUDGET_BYTES)} gzip)`);
if (gzip > BUDGET_BYTES) {
  console.error(`Initial JavaScript is over budget by ${kb(gzip - BUDGET_BYTES)} gzip.`);
  process.exit(1);
}
