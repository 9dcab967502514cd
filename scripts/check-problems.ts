// Validates problem files the way start-up does and prints each problem's estimation table.
// Usage: npm run check:problems [-- problems/foo.md ...]
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkReferenceResults, formatValue } from '../shared/estimate';
import { readProblem } from '../server/problems/catalog';
import { ProblemFileError } from '../server/problems/parse-problem';

const args = process.argv.slice(2);
const files = args.length
  ? args
  : readdirSync('problems')
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => join('problems', f));
let failed = 0;
for (const file of files) {
  try {
    const p = readProblem(dirname(file), basename(file)).problem;
    const board = p.guide.referenceBoard.shapes;
    const count = (t: string) => board.filter((s) => s.type === t).length;
    console.log(`ok   ${file}  (${p.meta.difficulty}, ${p.meta.tags.join(', ')}; board: ${count('component')} components, ${count('arrow')} arrows)`);
    for (const r of checkReferenceResults(p.meta.estimation.assumptions, p.meta.estimation.results)) {
      console.log(`       ${r.label.padEnd(44)} ${formatValue(r.computed, r.unit)}`);
    }
  } catch (err) {
    failed++;
    console.log(`FAIL ${err instanceof ProblemFileError ? err.message : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
