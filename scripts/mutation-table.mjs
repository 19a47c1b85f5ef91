// Markdown tables (per file, per package) from StrykerJS JSON reports (mutation-testing-elements
// schema), for docs/acceptance.md. Several reports may be given (e.g. one per file-by-file run):
// a mutant found in more than one (same place, mutator and replacement) keeps its status in the
// last one given, so a run narrowed to earlier survivors (`--mutate file:line:col-line:col`)
// updates a whole-file run. Only valid when the sources did not change between the runs.
//   node scripts/mutation-table.mjs reports/mutation/*.json [--survivors]
// "detected" counts Killed, RuntimeError and Timeout: reports made before stryker.config.mjs asked
// for TAP output score a test file that noticed a mutant (exit 1) as a runtime error (see fuzzing.md).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const showSurvivors = args.includes('--survivors');
const reports = args.filter((a) => !a.startsWith('--'));
if (reports.length === 0) {
  console.error('usage: node scripts/mutation-table.mjs REPORT.json... [--survivors]');
  process.exit(2);
}

/** path -> { mutants, source } */
const files = new Map();
const mutantKey = (m) =>
  `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.mutatorName} ${m.replacement}`;
for (const report of reports) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  for (const [path, file] of Object.entries(json.files ?? {})) {
    const known = files.get(path);
    if (known && known.source !== file.source) throw new Error(`${path} changed between ${reports.join(', ')}`);
    const byKey = new Map((known?.mutants ?? []).map((m) => [mutantKey(m), m]));
    for (const m of file.mutants) byKey.set(mutantKey(m), m);
    files.set(path, { source: file.source, mutants: [...byKey.values()] });
  }
}

const COUNTED = ['Killed', 'RuntimeError', 'Timeout', 'Survived', 'NoCoverage'];

function count(mutants) {
  const c = Object.fromEntries([...COUNTED, 'other'].map((s) => [s, 0]));
  for (const m of mutants) c[COUNTED.includes(m.status) ? m.status : 'other']++;
  const detected = c.Killed + c.RuntimeError + c.Timeout;
  const total = detected + c.Survived + c.NoCoverage;
  return { ...c, detected, total };
}

const score = (c) => (c.total === 0 ? 'n/a' : `${((100 * c.detected) / c.total).toFixed(1)} %`);
const row = (name, c) =>
  `| ${name} | ${c.total} | ${score(c)} | ${c.Killed + c.RuntimeError} | ${c.Survived} | ${c.Timeout} | ${c.NoCoverage} |`;
const header = [
  '| file | mutants | score | killed | survived | timeout | no coverage |',
  '|---|---|---|---|---|---|---|',
];

const packageOf = (path) => path.match(/packages\/([^/]+)\//)?.[1] ?? '(other)';
const sorted = [...files.keys()].sort();
const byPackage = new Map();
const lines = [...header];
for (const path of sorted) {
  const mutants = files.get(path).mutants;
  lines.push(row(`\`${path}\``, count(mutants)));
  const pkg = packageOf(path);
  byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), ...mutants]);
}
lines.push('', ...header.map((h) => h.replace('| file |', '| package |')));
for (const [pkg, mutants] of byPackage) lines.push(row(`**${pkg}**`, count(mutants)));
console.log(lines.join('\n'));

if (showSurvivors) {
  for (const path of sorted) {
    const { mutants, source } = files.get(path);
    const text = source.split('\n');
    for (const m of mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { start, end } = m.location;
      const line = text[start.line - 1] ?? '';
      const original =
        start.line === end.line ? line.slice(start.column - 1, end.column - 1) : `${line.slice(start.column - 1)}…`;
      const replacement = String(m.replacement ?? '').replace(/\s+/g, ' ');
      console.log(
        `${path}:${start.line}:${start.column} ${m.status} ${m.mutatorName}: ${original.slice(0, 80)} => ${replacement.slice(0, 60)}`,
      );
    }
  }
}
