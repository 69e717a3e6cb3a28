// The demo WebPOS's stand-in for the Openbravo host: our own code, with the public surface and
// the behaviour of the real WebPOS (RR17Q2 to RR21Q3) on every point the version guard touches
// (../shared/openbravo-notes.md, "The real WebPOS host"):
// - the hook manager (mobile core's ob-hooks.js): registerHook refuses what is not a plain
//   function (enyo.isFunction: an async function is refused by calling window.error, which
//   does not exist, so it throws); executeHooks runs the hooks in registration order, then the
//   final callback with (args, []) whenever the chain reaches it: args.cancellation means
//   nothing to it, only a hook that never calls callbackExecutor stops the chain. Where it is
//   kept depends on the release: OB.UTIL.HookManager with OB.MobileApp.model.hookManager as an
//   alias (the default here), only OB.MobileApp.model.hookManager (`?hooks=model`), or, to
//   test the adapter's guard, nowhere (`?hooks=none`);
// - OB.MobileApp.model: get('terminal') (searchKey), get('permissions') (Y → true, N → false,
//   other values raw), and logout(): the pre-logout actions (refused while a ticket carries
//   payments; otherwise, after the supervisor's approval, the session's unpaid tickets are
//   deleted), then the authentication tokens removed from localStorage, a GET to the logout
//   servlet, and window.location.reload();
// - OB.RR.RequestRouter.servers: the login's server list (also kept in localStorage `servers`);
// - localStorage POSlanguageSK: the cashier's language (en_US, es_ES).
// Served as mobile core serves every WebPOS script: concatenated with the others into one
// generated file and minified with JSMin (simulator/src/static_resources.rs).
(function () {
  'use strict';

  /** enyo.isFunction, as Openbravo's hook manager checks: a plain function, nothing else. */
  function isPlainFunction(value) {
    return Object.prototype.toString.call(value) === '[object Function]';
  }

  /** Openbravo's complaint about a non-function: `window.error(...)`, which is not defined. */
  function complain() {
    window.error.apply(window, arguments);
  }

  const hooks = new Map();

  const HookManager = {
    /** Adds `func(args, callbacks)` to the hooks of `qualifier` (a plain function only). */
    registerHook(qualifier, func) {
      if (!isPlainFunction(func)) {
        complain('Error trying to register hook for', qualifier, 'func', func, 'is not a function');
        return;
      }
      // Kept newest first; callbackExecutor takes from the end, so the oldest runs first.
      hooks.set(qualifier, [func].concat(hooks.get(qualifier) || []));
    },
    /** Runs the hooks of `qualifier` in registration order, then `callback(args, [])`. */
    executeHooks(qualifier, args, callback) {
      if (callback && !isPlainFunction(callback)) {
        complain('Error while executing hooks for', qualifier, 'callback is not a function', callback);
        return;
      }
      const callbacks = (hooks.get(qualifier) || []).slice();
      if (callback) callbacks.unshift(callback);
      HookManager.callbackExecutor(args, callbacks);
    },
    /** Lets the chain go on: runs the next hook, or the final callback. */
    callbackExecutor(args, callbacks) {
      const next = callbacks.pop();
      if (next) next(args, callbacks);
    },
  };

  const params = new URLSearchParams(location.search);
  const attributes = {
    terminal: { searchKey: params.get('terminal') ?? '' },
    permissions: {},
    user: null,
    session: null,
  };

  /** What the host keeps of tickets (IndexedDB), shared with the demo's screens. */
  const Tickets = window.DemoTickets;

  const model = {
    get(key) {
      return attributes[key];
    },
    set(key, value) {
      attributes[key] = value;
    },
    /** The WebPOS's own logout. Resolves to false when a pre-logout action refused. */
    async logout() {
      // Pre-logout actions: a ticket with payments must be finished first.
      const open = await Tickets.openTickets();
      if (open.some((ticket) => ticket.payments.length > 0)) {
        document.dispatchEvent(new CustomEvent('demo:logout-refused'));
        return false;
      }
      // The supervisor's approval (granted at once in the demo), then the session's unpaid
      // tickets are deleted, as the real WebPOS does.
      await Tickets.deleteOpenTickets(attributes.session);
      localStorage.removeItem('authenticationClient');
      localStorage.removeItem('authenticationToken');
      try {
        await fetch('../../org.openbravo.mobile.core.logout', { credentials: 'same-origin' });
      } finally {
        window.location.reload();
      }
      return true;
    },
  };

  function storedServers() {
    try {
      const servers = JSON.parse(localStorage.getItem('servers') ?? 'null');
      return Array.isArray(servers) ? servers : [];
    } catch {
      return [];
    }
  }

  // Where this release keeps its hook manager.
  const hooksAt = params.get('hooks') || 'util';
  if (hooksAt !== 'none') {
    model.hookManager = HookManager;
    // The WebPOS's own OBPOS_LoadPOSWindow hook (its cash drawer check), registered before any
    // module's: it continues the chain.
    HookManager.registerHook('OBPOS_LoadPOSWindow', function (args, callbacks) {
      HookManager.callbackExecutor(args, callbacks);
    });
  }
  window.OB = {
    UTIL: hooksAt === 'util' ? { HookManager } : {},
    MobileApp: { model },
    RR: { RequestRouter: { servers: storedServers() } },
  };
})();
