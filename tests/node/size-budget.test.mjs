// The size check of `npm test`: the guard package a till downloads (pkg/), measured after
// `gzip -9`, must stay within tests/size-budget.json's ceilings. Sizes do not vary with machine
// noise, so this is a test; speed figures are benchmarks (npm run bench, docs/BENCHMARKS.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url).pathname;
const limits = JSON.parse(readFileSync(`${root}tests/size-budget.json`, 'utf8'));

/** Bytes of `gzip -9` of a file (the gzip command itself, as the budget is stated). */
export function gzipped(path) {
  return execFileSync('gzip', ['-9', '-c', path], { maxBuffer: 64 << 20 }).length;
}

for (const [name, file] of [['wasm', 'pkg/webpos_version_guard_bg.wasm'], ['js', 'pkg/webpos_version_guard.js']]) {
  test(`guard ${name} after gzip -9 stays within its ceiling`, () => {
    const size = gzipped(`${root}${file}`);
    const { budget, ceiling } = limits[name];
    const status = size <= budget ? 'within the budget' : `OVER the ${budget} B budget by ${size - budget} B`;
    console.log(`# ${file}: ${size} B gzip -9, ${status}; ceiling ${ceiling} B`);
    assert.ok(ceiling >= budget, 'the ceiling is never below the budget');
    assert.ok(size <= ceiling, `${file} is ${size} B after gzip -9, over the ${ceiling} B ceiling`);
  });
}
