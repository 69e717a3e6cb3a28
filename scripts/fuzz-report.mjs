// Turns scripts/fuzz.sh's summary into the table in docs/ROBUSTNESS.md (between the fuzz
// markers) and test-output/fuzz/fuzz.json.
// Usage: node scripts/fuzz-report.mjs <summary.tsv> <seconds per target>
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { execFileSync } from 'node:child_process';

const [summaryPath, seconds] = process.argv.slice(2);
const rows = readFileSync(summaryPath, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
  const [target, secs, runs, corpus, cov, rss, crashes, status] = line.split('\t');
  return { target, seconds: Number(secs), runs: Number(runs), corpus: Number(corpus), coverage: Number(cov), rssMb: Number(rss), crashes: Number(crashes), exit: Number(status) };
});
const nightly = execFileSync('rustup', ['run', 'nightly', 'rustc', '--version']).toString().trim();
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus()[0].model}, ${cpus().length} cores`;
const fmt = (n) => (Number.isFinite(n) ? n.toLocaleString('en-US') : '?');
const table = [
  `Measured by \`npm run fuzz\` (${seconds} s per target) on ${date}, ${machine}, ${nightly}.`,
  '',
  '| target | seconds | executions | executions/s | corpus (inputs) | coverage (edges) | peak RSS | crashes |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| \`${r.target}\` | ${fmt(r.seconds)} | ${fmt(r.runs)} | ${fmt(Math.round(r.runs / Math.max(r.seconds, 1)))} | ${fmt(r.corpus)} | ${fmt(r.coverage)} | ${fmt(r.rssMb)} MB | ${r.exit === 0 ? r.crashes : `${r.crashes} (exit ${r.exit})`} |`),
  '',
  `In all: ${fmt(rows.reduce((s, r) => s + r.runs, 0))} executions in ${fmt(rows.reduce((s, r) => s + r.seconds, 0))} s.`,
].join('\n');
console.log(table);
writeFileSync('test-output/fuzz/fuzz.json', JSON.stringify({ date, machine, nightly, seconds: Number(seconds), rows }, null, 2));
const doc = 'docs/ROBUSTNESS.md';
const text = readFileSync(doc, 'utf8');
const begin = '<!-- fuzz:begin -->';
const end = '<!-- fuzz:end -->';
if (!text.includes(begin) || !text.includes(end)) throw new Error(`${doc} lacks the ${begin} … ${end} markers`);
writeFileSync(doc, `${text.slice(0, text.indexOf(begin) + begin.length)}\n${table}\n${text.slice(text.indexOf(end))}`);
