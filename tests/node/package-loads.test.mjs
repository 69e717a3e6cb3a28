// The built wasm package instantiates in V8 (Node) and its exports work. Guards the build
// pipeline itself: a wasm-opt that mangles wasm-bindgen's tables fails here, not at a till.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const pkg = new URL('../../pkg/', import.meta.url);

test('the release package instantiates and reports the crate version', async () => {
  const guard = await import(new URL('webpos_version_guard.js', pkg));
  const bytes = readFileSync(new URL('webpos_version_guard_bg.wasm', pkg));
  await guard.default({ module_or_path: bytes });
  const cargo = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8');
  const version = cargo.match(/^version = "([^"]+)"/m)[1];
  assert.equal(guard.guardVersion(), version);
});

