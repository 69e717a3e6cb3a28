// The size check of `npm test`: the guard package a till downloads at every login, and the
// block message's package it loads only on a block (both in pkg/), measured after `gzip -9`,
// must stay within tests/size-budget.json's ceilings. Sizes do not vary with machine
// noise, so this is a test; speed figures are benchmarks (npm run bench, docs/BENCHMARKS.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK_FILES, GUARD_FILES, LIMITS, measure } from '../size.mjs';

for (const [name, file] of Object.entries(GUARD_FILES)) {
  test(`guard ${name} after gzip -9 stays within its ceiling`, () => {
    const size = measure(file).gz;
    const { budget, ceiling } = LIMITS[name];
    const status = size <= budget ? 'within the budget' : `OVER the ${budget} B budget by ${size - budget} B`;
    console.log(`# ${file.join(' + ')}: ${size} B gzip -9, ${status}; ceiling ${ceiling} B`);
    assert.ok(file.length > 0, `${name}: no files measured`);
    assert.ok(ceiling <= budget, 'the budget is met: the ceiling may not rise above it again');
    assert.ok(size <= ceiling, `${file.join(' + ')} is ${size} B after gzip -9, over the ${ceiling} B ceiling`);
  });
}

for (const [name, file] of Object.entries(BLOCK_FILES)) {
  test(`block message ${name} after gzip -9 stays within its ceiling`, () => {
    const size = measure(file).gz;
    const { ceiling } = LIMITS[name];
    console.log(`# ${file.join(' + ')}: ${size} B gzip -9 (downloaded only when a login is blocked); ceiling ${ceiling} B`);
    assert.ok(size <= ceiling, `${file.join(' + ')} is ${size} B after gzip -9, over the ${ceiling} B ceiling`);
  });
}
