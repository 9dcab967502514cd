// Validates problem files the way start-up does and prints each problem's estimation table.
// Usage: npm run check:problems [-- problems/foo.md ...]
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkReferenceResults, formatValue } from '../shared/estimate';
import { parseProblem, ProblemFileError } from '../server/problems/parse-problem';

const args = process.argv.slice(2);
const files = args.length
  ? args
  : readdirSync('problems')
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => join('problems', f));
let failed = 0;
for (const file of files) {
  try {
    const p = parseProblem(file, readFileSync(file, 'utf8'), basename(file, '.md'));
    console.log(`ok   ${file}  (${p.meta.difficulty}, ${p.meta.tags.join(', ')})`);
    for (const r of checkReferenceResults(p.meta.estimation.assumptions, p.meta.estimation.results)) {
      console.log(`       ${r.label.padEnd(44)} ${formatValue(r.computed, r.unit)}`);
    }
  } catch (err) {
    failed++;
    console.log(`FAIL ${err instanceof ProblemFileError ? err.message : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
