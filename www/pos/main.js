// Loads the guard's wasm package from ./pkg/ and shows which module was loaded.
import init, { guardVersion } from './pkg/webpos_version_guard.js';

const terminal = new URLSearchParams(location.search).get('terminal') ?? '(none)';
document.getElementById('terminal').textContent = terminal;
document.getElementById('origin').textContent = location.origin;

try {
  await init();
  document.getElementById('guard').textContent = guardVersion();
} catch (error) {
  document.getElementById('guard').textContent = `not loaded: ${error}`;
}
