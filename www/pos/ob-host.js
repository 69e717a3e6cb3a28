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
// - the storage wrapper (ob-localStorage.js): OB.UTIL.localStorage keeps every key as
//   `<appName>.<key>` (`WebPOS.authenticationToken`, `WebPOS.servers`, `WebPOS.POSlanguageSK`,
//   `WebPOS.terminalName`); reads try the prefixed key, then the bare one; removeItem removes
//   the prefixed key only;
// - OB.MobileApp.model: get('appName') 'WebPOS'; get('terminal') null before login, then
//   `{ searchKey }`; get('terminalName') the terminal's key before login too (the URL's
//   `terminal`, or with terminal authentication the stored `terminalName` and no URL
//   parameter); get('permissions') null before login, then Y → true, N → false, other values
//   raw; and logout(): the pre-logout actions (refused while a ticket carries payments;
//   otherwise, after the supervisor's approval, the session's unpaid tickets are deleted), then
//   the authentication keys removed through the wrapper, a GET to the logout servlet, and
//   window.location.reload();
// - OB.RR.RequestRouter.servers: a Backbone-style collection of server models (`models`,
//   `length`, `at(i)`, `model.get('address')`), built from the stored raw answer as mobile
//   core's router builds it: each address trimmed, the page's scheme put on an address without
//   one and on the current server's, a trailing `/`; at most one current server, else the one
//   whose address has the page's host, else a stand-in `Default` with no address;
// - OB.I18N.getLabel (ob-i18n.js): `'UNDEFINED ' + key` for a key it has no label for, and only
//   the first occurrence of each `%n` replaced. The demo's labels are the login page's (none of
//   the guard's), unless `?labels=host` adds two of the guard's keys in the host's own words;
//   served from a module file (the simulator's --module), the module's own labels too.
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
    appName: 'WebPOS',
    terminal: null,
    terminalName: null,
    permissions: null,
    user: null,
    session: null,
  };

  /** Mobile core's storage wrapper: every key under the app's name. */
  const storage = {
    getAppName() {
      return window.OB && OB.MobileApp && OB.MobileApp.model ? OB.MobileApp.model.get('appName') : null;
    },
    getItem(key) {
      const app = storage.getAppName();
      let value = null;
      if (app !== null && app !== undefined) value = window.localStorage.getItem(app + '.' + key);
      if (app === null || app === undefined || value === null || value === undefined) value = window.localStorage.getItem(key);
      return value;
    },
    setItem(key, value) {
      const app = storage.getAppName();
      window.localStorage.setItem(app !== null && app !== undefined ? app + '.' + key : key, value);
    },
    removeItem(key) {
      const app = storage.getAppName();
      window.localStorage.removeItem(app !== null && app !== undefined ? app + '.' + key : key);
    },
    clear() {
      window.localStorage.clear();
    },
  };

  /** A Backbone-style model: attributes behind get/set. */
  function Model(values) {
    this.attributes = Object.assign({}, values);
  }
  Model.prototype.get = function (key) {
    return this.attributes[key];
  };
  Model.prototype.set = function (key, value) {
    this.attributes[key] = value;
  };

  /** A Backbone-style collection of models. */
  function Collection() {
    this.models = [];
    this.length = 0;
  }
  Collection.prototype.add = function (model) {
    this.models.push(model);
    this.length = this.models.length;
  };
  Collection.prototype.at = function (index) {
    return this.models[index];
  };

  /** A server model as mobile core's router makes one from the stored raw answer. */
  function server(raw) {
    const values = Object.assign({ name: null, address: null, online: true, mainServer: false, allServices: false, services: [] }, raw);
    if (raw.address) {
      let address = String(raw.address).trim();
      const lower = address.toLowerCase();
      if (raw.currentServer || lower.indexOf('http') !== 0) {
        if (lower.indexOf('http:') === 0) address = location.protocol + '//' + address.substring(7);
        else if (lower.indexOf('https:') === 0) address = location.protocol + '//' + address.substring(8);
        else address = location.protocol + '//' + address;
      }
      if (address.charAt(address.length - 1) !== '/') address += '/';
      values.address = address;
    }
    return new Model(values);
  }

  const RequestRouter = {
    servers: new Collection(),
    /** Builds the server collection from the stored list, as mobile core's router does. */
    initialize() {
      const servers = new Collection();
      let current = false;
      let stored = [];
      try {
        stored = JSON.parse(storage.getItem('servers') || '[]') || [];
      } catch (unreadable) {
        stored = [];
      }
      (Array.isArray(stored) ? stored : []).forEach(function (raw) {
        const model = server(raw);
        if (!current && model.get('currentServer')) current = true;
        else model.set('currentServer', false);
        servers.add(model);
      });
      if (!current) {
        servers.models.forEach(function (model) {
          if (model.get('address') && model.get('address').split('/')[2] === location.host) {
            model.set('currentServer', true);
            current = true;
          }
        });
      }
      if (!current) {
        servers.add(new Model({ name: 'Default', address: null, online: true, mainServer: true, currentServer: true, allServices: true, services: [] }));
      }
      RequestRouter.servers = servers;
    },
  };

  /** The login page's labels, per language, as mobile core has them before login. */
  const LOGIN_LABELS = {
    en: { OBMOBC_LblLoading: 'Loading…', OBMOBC_LoadingMasterData: 'Loading master data' },
    es: { OBMOBC_LblLoading: 'Cargando…', OBMOBC_LoadingMasterData: 'Cargando datos maestros' },
  };
  /** With `?labels=host`: two of the guard's labels in the host's own words. */
  const HOST_LABELS = {
    en: { EXVG_VersionGuardTitle: 'Please use store mode (host label)', EXVG_VersionGuardOpenStoreMode: 'Go to store mode' },
    es: { EXVG_VersionGuardTitle: 'Use el modo tienda, por favor (etiqueta del host)', EXVG_VersionGuardOpenStoreMode: 'Ir al modo tienda' },
  };

  const I18N = {
    labels: null,
    /** Loads the labels of `language` (`en` or `es`). */
    load(language) {
      const lang = language === 'es' ? 'es' : 'en';
      // With the simulator's --module: the module's AD_MESSAGE labels, as mobile core's labels
      // component hands every module's that depends on the WebPOS.
      const moduleLabels = (self.OBMOBC_MODULE_LABELS || {})[lang] || {};
      I18N.labels = Object.assign({}, LOGIN_LABELS[lang], moduleLabels, params.get('labels') === 'host' ? HOST_LABELS[lang] : {});
    },
    /** Mobile core's getLabel: `UNDEFINED <key>` when unknown, the first `%n` of each replaced. */
    getLabel(key, labelParams) {
      if (key === '') return '';
      if (!I18N.labels || !I18N.labels[key]) return 'UNDEFINED ' + key;
      let label = I18N.labels[key];
      if (labelParams && labelParams.length && labelParams.length > 0) {
        for (let i = 0; i < labelParams.length; i += 1) label = label.replace('%' + i, labelParams[i]);
      }
      return label;
    },
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
      storage.removeItem('authenticationClient');
      storage.removeItem('authenticationToken');
      try {
        await fetch('../../org.openbravo.mobile.core.logout', { credentials: 'same-origin' });
      } finally {
        window.location.reload();
      }
      return true;
    },
  };

  // The terminal before login: the URL's, or with terminal authentication the stored one.
  attributes.terminalName = params.get('terminal') || storage.getItem('terminalName') || null;

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
    UTIL: hooksAt === 'util' ? { HookManager, localStorage: storage } : { localStorage: storage },
    MobileApp: { model },
    RR: { RequestRouter },
    I18N,
  };
  RequestRouter.initialize();
})();
