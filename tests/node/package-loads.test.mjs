// The built wasm packages instantiate in V8 (Node) and export what they should. Guards the
// build pipeline itself: a wasm-opt that mangles wasm-bindgen's tables fails here, not at a till.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const cargo = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8');
const version = cargo.match(/^version = "([^"]+)"/m)[1];

async function load(dir) {
  const pkg = new URL(`../../${dir}/`, import.meta.url);
  const module = await import(new URL('webpos_version_guard.js', pkg));
  await module.default({ module_or_path: readFileSync(new URL('webpos_version_guard_bg.wasm', pkg)) });
  return module;
}

test('the guard package instantiates, reports the crate version, and carries no admin code', async () => {
  const guard = await load('pkg');
  assert.equal(guard.guardVersion(), version);
  assert.equal(typeof guard.checkVersions, 'function');
  assert.equal(typeof guard.guardLogin, 'function');
  assert.equal(guard.Overview, undefined, 'tills do not download the admin overview');
});

test('the admin package instantiates and exports the Overview', async () => {
  const admin = await load('pkg-admin');
  assert.equal(admin.guardVersion(), version);
  assert.equal(typeof admin.Overview, 'function');
});
