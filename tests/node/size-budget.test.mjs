// The size check of `npm test`: the guard package a till downloads at every login (pkg/, the
// block message included), measured after `gzip -9`, must stay within tests/size-budget.json's
// ceilings, set against regressions. Sizes do not vary with machine noise, so this is a test;
// speed figures are benchmarks (npm run bench, docs/BENCHMARKS.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GUARD_FILES, LIMITS, measure } from '../size.mjs';

for (const [name, file] of Object.entries(GUARD_FILES)) {
  test(`guard ${name} after gzip -9 stays within its ceiling`, () => {
    const size = measure(file).gz;
    const { ceiling } = LIMITS[name];
    console.log(`# ${file.join(' + ')}: ${size} B gzip -9; ceiling ${ceiling} B`);
    assert.ok(file.length > 0, `${name}: no files measured`);
    assert.ok(size <= ceiling, `${file.join(' + ')} is ${size} B after gzip -9, over the ${ceiling} B ceiling`);
  });
}
