// The Openbravo adapter of webpos-version-guard, as an Openbravo module ships it: a classic
// script that the module's ComponentProvider declares (web/<module>/js/…), concatenated with
// the other module scripts into the WebPOS's static resource. A static `import` cannot appear
// there, so it loads the guard's ES module with dynamic import() from its own folder's `pkg/`
// (docs/INTEGRATION.md).
//
// At the WebPOS's start, before credentials, it runs the guard's startup check
// (`guardStartup`): a block recorded before a logout is shown again, else a notice says when a
// login here would be blocked. After login it runs the check in the `OBPOS_LoadPOSWindow` hook
// (after login and cash-up init, before the POS window opens): on proceed it lets the chain go
// on; on a block it sets `args.cancellation` and stops the chain, so the POS window never opens,
// and the guard ends the session itself, keeping every local ticket (the authentication tokens
// removed and a GET to the logout servlet, never the WebPOS's own logout, whose pre-logout
// actions delete unpaid tickets), then reloads the page as the WebPOS's logout would; the
// message is back at the start, with a visible, cancellable countdown to store mode.
//
// Settings, in `OB.VersionGuard` (set by a module script loaded before this one):
// - `redirectAfterSeconds` (default 10; 0 turns the automatic redirect off);
// - `timeoutMs` (per request, default 5000).
(function () {
  'use strict';
  const PROPERTY = 'OBMOBC_IgnoreVersionCheck';
  // Resolved while the script runs: its own folder, where the module's `pkg/` is served.
  const folder = new URL('./', document.currentScript?.src ?? location.href);
  let loading = null;

  /** The guard's ES module, loaded and initialised once. */
  function load() {
    loading ??= import(new URL('pkg/webpos_version_guard.js', folder).href).then(async (guard) => {
      await guard.default({ module_or_path: new URL('pkg/webpos_version_guard_bg.wasm', folder) });
      return guard;
    });
    return loading;
  }

  function settings() {
    return { redirectAfterSeconds: 10, ...(globalThis.OB?.VersionGuard ?? {}) };
  }

  function model() {
    return globalThis.OB?.MobileApp?.model;
  }

  function terminalKey() {
    const terminal = model()?.get?.('terminal');
    return terminal?.searchKey || new URLSearchParams(location.search).get('terminal') || undefined;
  }

  function permission() {
    // The server maps a stored Y to true and N to false, and passes other values raw: those
    // are left to the guard, which reads the records and says why they are not honoured.
    const value = model()?.get?.('permissions')?.[PROPERTY];
    return typeof value === 'boolean' ? value : undefined;
  }

  function language() {
    try {
      return localStorage.getItem('POSlanguageSK') || undefined;
    } catch {
      return undefined; // storage refused: the guard uses the page's language
    }
  }

  /** The WebPOS's own server list: central (`mainServer`) and the terminal's organization's
   * store servers, by priority (OB.RR.RequestRouter.servers, else localStorage `servers`). */
  function hostServers() {
    let servers = globalThis.OB?.RR?.RequestRouter?.servers;
    if (!Array.isArray(servers) || servers.length === 0) {
      try {
        servers = JSON.parse(localStorage.getItem('servers') ?? 'null');
      } catch {
        servers = null;
      }
    }
    if (!Array.isArray(servers) || servers.length === 0) return undefined;
    return servers.map(({ name, address, online, priority, mainServer, currentServer }) =>
      ({ name, address, online, priority, mainServer, currentServer }));
  }

  function options(extra) {
    const { redirectAfterSeconds, timeoutMs } = settings();
    return {
      terminal: terminalKey(),
      language: language(),
      hostServers: hostServers(),
      ignoreVersionCheck: permission(),
      redirectAfterSeconds,
      timeoutMs,
      ...extra,
    };
  }

  /** The startup check; resolves to its verdict, or null when the guard could not load. */
  async function startup() {
    try {
      return await (await load()).guardStartup(options({}));
    } catch {
      return null;
    }
  }

  /** OBPOS_LoadPOSWindow: the login check between the login and the POS window. */
  function onLoadPosWindow(args, callbacks) {
    const proceed = () => globalThis.OB.UTIL.HookManager.callbackExecutor(args, callbacks);
    load()
      .then((guard) => guard.guardLogin(options({ reloadAfterLogout: true })))
      .then((verdict) => {
        if (verdict.outcome === 'block') {
          args.cancellation = true; // the chain stops here: the POS window does not open
          return;
        }
        proceed();
      }, proceed); // the guard could not load: as with an unreachable server, the login proceeds
  }

  globalThis.OB.UTIL.HookManager.registerHook('OBPOS_LoadPOSWindow', onLoadPosWindow);
  globalThis.OB.VersionGuardAdapter = { load, startup, ready: startup() };
})();
