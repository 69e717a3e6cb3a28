// What a till downloads and how it is measured, shared by the size check of `npm test`
// (tests/node/size-budget.test.mjs) and `npm run bench` (tests/bench/bench.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url).pathname;

/** The guard package's files, by the names tests/size-budget.json uses. */
export const GUARD_FILES = { wasm: 'pkg/webpos_version_guard_bg.wasm', js: 'pkg/webpos_version_guard.js' };

/** The block message's package, which the guard loads only when a login is blocked. */
export const BLOCK_FILES = { blockWasm: 'pkg/webpos_version_guard_block_bg.wasm', blockJs: 'pkg/webpos_version_guard_block.js' };

/** tests/size-budget.json: per file, the budget and the ceiling `npm test` enforces (bytes). */
export const LIMITS = JSON.parse(readFileSync(`${root}tests/size-budget.json`, 'utf8'));

/** Raw bytes and bytes of `gzip -9` (the gzip command itself, as the budget is stated;
 * node's zlib differs by a few hundred bytes) of a file under the project folder. */
export function measure(path) {
  const raw = readFileSync(`${root}${path}`).length;
  const gz = execFileSync('gzip', ['-9', '-c', `${root}${path}`], { maxBuffer: 64 << 20 }).length;
  return { raw, gz };
}
