// Adapter between the Openbravo WebPOS and webpos-version-guard.
//
// Load it as an ES module from the WebPOS, after the guard's package (pkg/) is served next to
// it, and call `guardOpenbravoLogin()` right after a successful login, before the cashier can
// create a ticket. It passes the WebPOS's own logout, terminal, language (localStorage
// `POSlanguageSK`) and — when the WebPOS has them loaded — its server list
// (`OB.RR.RequestRouter.servers`) and the resolved ignore-version-check permission.
// Everything it cannot find, the guard fetches itself (docs/INTEGRATION.md).
import init, { guardLogin } from './pkg/webpos_version_guard.js';

const PROPERTY = 'OBMOBC_IgnoreVersionCheck';
let ready = null;

/** Loads the wasm module once (call it at startup to have it ready before login). */
export function loadVersionGuard() {
  ready ??= init();
  return ready;
}

function model() {
  return globalThis.OB?.MobileApp?.model;
}

function terminalKey() {
  const terminal = model()?.get?.('terminal');
  return terminal?.searchKey ?? new URLSearchParams(location.search).get('terminal') ?? undefined;
}

function permission() {
  // Openbravo maps a stored Y to true and N (or anything else) to false; undefined when the
  // WebPOS did not load the permission, in which case the guard reads the records itself.
  const permissions = model()?.get?.('permissions');
  return permissions && PROPERTY in permissions ? permissions[PROPERTY] === true : undefined;
}

/** The WebPOS's language, e.g. `es_ES` (the message resolves it; store mode keeps it). */
function language() {
  try {
    return globalThis.localStorage?.getItem('POSlanguageSK') || undefined;
  } catch {
    return undefined; // storage refused: the guard uses the page's language
  }
}

/** The WebPOS's own server list: central (`mainServer`) and the terminal's organization's
 * store servers by priority, so the guard spends no request finding them. */
function hostServers() {
  const servers = globalThis.OB?.RR?.RequestRouter?.servers;
  if (!Array.isArray(servers) || servers.length === 0) return undefined;
  return servers.map(({ name, address, online, priority, mainServer, currentServer }) =>
    ({ name, address, online, priority, mainServer, currentServer }));
}

/** Runs the guard for the logged-in cashier; resolves to its verdict. */
export async function guardOpenbravoLogin(extra = {}) {
  await loadVersionGuard();
  const obModel = model();
  const options = {
    terminal: terminalKey(),
    ignoreVersionCheck: permission(),
    language: language(),
    hostServers: hostServers(),
    // The WebPOS's own logout removes its authentication tokens and never deletes the local
    // tickets waiting to be sent.
    logout: obModel?.logout ? () => obModel.logout() : undefined,
    ...extra,
  };
  const verdict = await guardLogin(options);
  globalThis.OB?.info?.('webpos-version-guard', verdict.outcome, verdict.reason);
  return verdict;
}
