// The demo WebPOS's stand-in for the Openbravo host: our own code, with the public surface and
// the behaviour of the real WebPOS (RR17Q2 to RR21Q3) on every point the version guard touches
// (../shared/openbravo-notes.md, "The real WebPOS host"):
// - OB.UTIL.HookManager: registerHook, executeHooks, callbackExecutor; a hook that never calls
//   callbackExecutor stops the chain, and the final callback returns early when
//   args.cancellation === true (2020+ releases);
// - OB.MobileApp.model: get('terminal') (searchKey), get('permissions') (Y → true, N → false,
//   other values raw), and logout(): the pre-logout actions (refused while a ticket carries
//   payments; otherwise, after the supervisor's approval, the session's unpaid tickets are
//   deleted), then the authentication tokens removed from localStorage, a GET to the logout
//   servlet, and window.location.reload();
// - OB.RR.RequestRouter.servers: the login's server list (also kept in localStorage `servers`);
// - localStorage POSlanguageSK: the cashier's language (en_US, es_ES).
// A classic script, as WebPOS module scripts are.
(function () {
  'use strict';

  const hooks = new Map();

  const HookManager = {
    /** Adds `func(args, callbacks)` to the hooks of `qualifier`. */
    registerHook(qualifier, func) {
      if (!hooks.has(qualifier)) hooks.set(qualifier, []);
      hooks.get(qualifier).push(func);
    },
    /** Runs the hooks of `qualifier` one after the other, then `callback(args)`. */
    executeHooks(qualifier, args, callback) {
      const callbacks = [...(hooks.get(qualifier) ?? [])];
      callbacks.push((finalArgs) => {
        if (finalArgs && finalArgs.cancellation === true) return;
        callback(finalArgs);
      });
      HookManager.callbackExecutor(args, callbacks);
    },
    /** Lets the chain go on: runs the next hook (or the final callback). */
    callbackExecutor(args, callbacks) {
      const next = callbacks.shift();
      if (!next) return;
      if (callbacks.length === 0) next(args);
      else next(args, callbacks);
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

  window.OB = {
    UTIL: { HookManager },
    MobileApp: { model },
    RR: { RequestRouter: { servers: storedServers() } },
  };
})();
