// The built wasm packages instantiate in V8 (Node) and export what they should. Guards the
// build pipeline itself: a wasm-opt that mangles wasm-bindgen's tables fails here, not at a till.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const cargo = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8');
const version = cargo.match(/^version = "([^"]+)"/m)[1];

async function load(dir, name = 'webpos_version_guard') {
  const pkg = new URL(`../../${dir}/`, import.meta.url);
  const module = await import(new URL(`${name}.js`, pkg));
  await module.default({ module_or_path: readFileSync(new URL(`${name}_bg.wasm`, pkg)) });
  return module;
}

test('the guard package instantiates, reports the crate version, and carries no admin code', async () => {
  const guard = await load('pkg');
  assert.equal(guard.guardVersion(), version);
  assert.equal(typeof guard.checkVersions, 'function');
  assert.equal(typeof guard.guardLogin, 'function');
  assert.equal(guard.Overview, undefined, 'tills do not download the admin overview');
});

test('the guard package carries generated TypeScript types for its options and verdict', () => {
  const types = readFileSync(new URL('../../pkg/webpos_version_guard.d.ts', import.meta.url), 'utf8');
  for (const declared of ['export interface VerdictReport', 'export type Verdict = VerdictReport',
    'export interface GuardOptions', 'export type CheckOptions', 'export interface ServerDefinition',
    'export function guardLogin(options: GuardOptions | undefined): Promise<Verdict>']) {
    assert.ok(types.includes(declared), `pkg/webpos_version_guard.d.ts lacks ${declared}`);
  }
  // The verdict's codes are the core's enums, their TypeScript types generated as literal unions.
  assert.match(types, /outcome: Outcome;/);
  assert.match(types, /export type Outcome = "proceed" \| "block";/);
  // The overview's rows come from central's collector as JSON; the page reads no generated type.
  assert.ok(!types.includes('OverviewRow'), 'pkg/webpos_version_guard.d.ts declares the overview\'s types, which no page reads');
});

