// The guard's few lines of JavaScript, imported by the wasm (wasm-bindgen `module`; the package
// carries it as snippets/<crate>/src/web/glue.js). Browser plumbing only, smaller here than as
// bindings; everything that decides is in Rust.

/** What `settleWithin` rejects with when the time is up; also the reason the guard's
 * requests are aborted with at their time limit (src/web/http.rs). */
export const LATE = 'webpos-version-guard: time limit';

/** Settles as `value` does (a promise or any value), or rejects with LATE after `ms`. */
export function settleWithin(value, ms) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(reject, ms, LATE); });
  return Promise.race([value, late]).finally(() => clearTimeout(timer));
}

let loading;

/** The block message's module, from this package's folder, initialised; loaded once (a
 * failed load is tried again at the next block). */
export function loadBlockUi() {
  loading ??= import(new URL('../../../../webpos_version_guard_block.js', import.meta.url).href)
    .then(async (ui) => { await ui.default(); return ui; });
  loading.catch(() => { loading = undefined; });
  return loading;
}

// A BOM is kept (not skipped), so JSON.parse refuses it as the native parser does.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** JSON.parse of UTF-8 bytes; throws 'not UTF-8 text' when they are not UTF-8. */
export function parseJsonBytes(bytes) {
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw 'not UTF-8 text';
  }
  return JSON.parse(text);
}
