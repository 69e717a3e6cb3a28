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
  assert.equal(guard.showBlock, undefined, 'the block message is its own package');
});

test('the block message package instantiates and exports only the message', async () => {
  const block = await load('pkg', 'webpos_version_guard_block');
  assert.deepEqual(Object.keys(block).filter((k) => typeof block[k] === 'function' && k !== 'default' && k !== 'initSync').sort(),
    ['logoutFailed', 'showBlock', 'startCountdown']);
  assert.equal(block.checkVersions, undefined);
  // No message on screen yet: the countdown has nothing to count down on.
  assert.throws(() => block.startCountdown(5), /no message with a store-mode URL is shown/);
});

test('the admin package instantiates and exports the Overview', async () => {
  const admin = await load('pkg-admin');
  assert.equal(admin.guardVersion(), version);
  assert.equal(typeof admin.Overview, 'function');
});
