// What a till downloads and how it is measured, shared by the size check of `npm test`
// (tests/node/size-budget.test.mjs) and `npm run bench` (tests/bench/bench.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const root = new URL('../', import.meta.url).pathname;

/** Every file under a folder of the project (none when it does not exist). */
function filesUnder(dir) {
  if (!existsSync(`${root}${dir}`)) return [];
  return readdirSync(`${root}${dir}`, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath ?? entry.path}/${entry.name}`.slice(root.length))
    .sort();
}

/** What every login downloads, by the names tests/size-budget.json uses: the guard's .wasm
 * (block message included), and its JS: the glue plus any JavaScript snippets it imports. */
export const GUARD_FILES = {
  wasm: ['pkg/webpos_version_guard_bg.wasm'],
  js: ['pkg/webpos_version_guard.js', ...filesUnder('pkg/snippets')],
};

/** tests/size-budget.json: per measure, the ceiling `npm test` enforces (bytes). */
export const LIMITS = JSON.parse(readFileSync(`${root}tests/size-budget.json`, 'utf8'));

/** Raw bytes and bytes of `gzip -9` (the gzip command itself, as the budget is stated; node's
 * zlib differs by a few hundred bytes) of files under the project folder, each compressed on
 * its own (each is its own download) and added up. */
export function measure(paths) {
  let raw = 0;
  let gz = 0;
  for (const path of [paths].flat()) {
    raw += readFileSync(`${root}${path}`).length;
    gz += execFileSync('gzip', ['-9', '-c', `${root}${path}`], { maxBuffer: 64 << 20 }).length;
  }
  return { raw, gz };
}
