// The Openbravo adapter of webpos-version-guard, as an Openbravo module ships it: a classic
// script that the module's ComponentProvider declares (web/<module>/js/...). Mobile core never
// serves it from there: it concatenates every module script into one generated file
// (<context>/web/js/gen/<md5>_WebPOS.js), minified with JSMin, and the WebPOS page loads that.
// So this script:
// - finds the guard's package without document.currentScript (which is the combined file):
//   OB.VersionGuard.packageUrl, by default <context>/web/<module>/js/pkg/ built from the page's
//   context path; it loads the guard's ES module from there with dynamic import();
// - is written in ES2017 plus import() (the oldest syntax a till's browser must parse; checked
//   by tests/node/adapter-syntax.test.mjs) and survives JSMin (no template literal, no regular
//   expression literal, every statement ends in a semicolon): one syntax error here would stop
//   every module script of the WebPOS;
// - never throws at its top level (an exception there would stop every script after it): what
//   it does at load is guarded, and it finds the hook manager where the release keeps it
//   (OB.UTIL.HookManager, else OB.MobileApp.model.hookManager), waiting for it if need be;
// - never fails silently: when the guard cannot load or cannot attach to the login, the login
//   proceeds (central is the store's fail-over) and the host hears why: the
//   `webpos-version-guard:unavailable` event, a console.warn in words, a verdict (event
//   `webpos-version-guard:verdict`) whose `cannotCheck` and diagnostics say it, and, on the
//   login screen, a notice for the admin at the till (English and Spanish).
//
// At the WebPOS's start, before credentials, it runs the guard's startup check
// (`guardStartup`): a block recorded before a logout is shown again, else a notice says when a
// login here would be blocked. After login it runs the check in the `OBMOBC_TerminalLoaded`
// hook (mobile core runs it once the terminal and the permissions are loaded; its final
// callback starts the master data download, minutes on a large catalogue), so a blocked cashier
// is told within the check's own time; `OBPOS_LoadPOSWindow` (before the POS window opens) runs
// it only when a release did not reach the first hook. On proceed it continues the chain; on a
// block it does not, which is the only thing that stops Openbravo there (its hook manager runs
// the final callback whenever the chain reaches it; the `args.cancellation` flag it also sets is
// only a convention of other call sites). The guard ends the session itself, keeping every
// local ticket: it removes the authentication keys through the host's storage wrapper
// (`OB.UTIL.localStorage`, keys `WebPOS.<key>`) and under the bare key too, so a kept token
// cannot log the cashier back in, then reloads the page as the WebPOS's logout would; the
// message is back at the start, with a countdown to store mode.
//
// What it reads of the host, the way mobile core keeps it: the terminal (the model's
// `terminal.searchKey`, before login its `terminalName`, the page's `?terminal=`, or the stored
// `terminalName`), the language (`POSlanguageSK`), the server list (the request router's
// collection of server models, else the stored raw answer), whose `currentServer` says where
// the page runs; its notices go into the guard's layer beside the body, above the WebPOS's page
// at the bottom of the screen (the login form stays usable).
//
// Settings, in `OB.VersionGuard` (set by a module script loaded before this one; the table is
// in docs/INTEGRATION.md):
// - `packageUrl`: where the guard's package is served (default <context>/web/<module>/js/pkg/);
// - `redirectAfterSeconds` (default 10; 0 turns the automatic redirect off);
// - `timeoutMs` (per request to central, default 5000), `storeTimeoutMs` (the request to the
//   store server, default 2000: what a hanging store costs a login at most);
// - `hookManagerWaitMs`: how long after the page has loaded to wait for a hook manager before
//   saying the check cannot run at login (default 20000);
// - the module's own names: `preferenceProperty` (default EXVG_IgnoreVersionCheck),
//   `labelPrefix` (default EXVG_), `servicePaths` (by service, below a server's URL);
// - `ticketCounts`: a function the integrator wires to the host, resolving to
//   `{ unpaid, paidNotSent }`, so the message can say how many tickets stay on this till.
(function () {
  'use strict';
  var MODULE = 'org.example.versionguard';
  // The login check runs when the terminal is loaded, before the master data download; the POS
  // window's hook runs it only when a release did not reach the first one.
  var TERMINAL_HOOK = 'OBMOBC_TerminalLoaded';
  var WINDOW_HOOK = 'OBPOS_LoadPOSWindow';
  var APP_NAME = 'WebPOS';
  var PREFIX = 'webpos-version-guard';
  var VERDICT_EVENT = PREFIX + ':verdict';
  var UNAVAILABLE_EVENT = PREFIX + ':unavailable';
  var NOTICE_ATTRIBUTE = 'data-' + PREFIX + '-notice';
  var LAYER_ATTRIBUTE = 'data-' + PREFIX + '-layer';
  var BROWSERS = 'Chrome or Edge 96, Firefox 79, Safari 15 or later';
  // How long the host may take to count its tickets before the guard goes on without them.
  var TICKET_COUNT_WAIT_MS = 1000;
  // The notice's words when the guard itself cannot say them, by label name (the key is the
  // label prefix and the name); a host's OB.I18N labels win.
  var TEXTS = {
    en: {
      VersionGuardCannotCheckTitle: 'The version check cannot run on this till',
      VersionGuardCannotLoad: 'The version guard could not be loaded, so logins here are not checked against the store server\'s version.',
      VersionGuardNoHook: 'The version guard could not attach itself to the login, so logins here are not checked against the store server\'s version.',
      VersionGuardCannotCheckAdvice: 'Logins still work. Tell your IT administrator what follows:'
    },
    es: {
      VersionGuardCannotCheckTitle: 'La comprobación de versiones no puede ejecutarse en esta caja',
      VersionGuardCannotLoad: 'No se ha podido cargar la protección de versiones, así que los inicios de sesión aquí no se comprueban con la versión del servidor de tienda.',
      VersionGuardNoHook: 'La protección de versiones no ha podido engancharse al inicio de sesión, así que los inicios de sesión aquí no se comprueban con la versión del servidor de tienda.',
      VersionGuardCannotCheckAdvice: 'Se puede iniciar sesión igualmente. Comunique a su administrador de sistemas lo siguiente:'
    }
  };
  var loading = null;
  var hookManager = null;
  // Whether the check of the login in progress already ran (at OBMOBC_TerminalLoaded).
  var checkedThisLogin = false;

  function own(object, key) {
    return object !== null && object !== undefined ? object[key] : undefined;
  }

  function OB() {
    return window.OB || {};
  }

  function model() {
    return own(own(OB(), 'MobileApp'), 'model');
  }

  function settings() {
    return Object.assign({
      redirectAfterSeconds: 10,
      hookManagerWaitMs: 20000,
      preferenceProperty: 'EXVG_IgnoreVersionCheck',
      labelPrefix: 'EXVG_'
    }, OB().VersionGuard || {});
  }

  /** The page's context URL: its path up to `/web/` (the WebPOS is <context>/web/<module>/). */
  function contextUrl() {
    var path = location.pathname;
    var at = path.lastIndexOf('/web/');
    return new URL(at >= 0 ? path.slice(0, at + 1) : '../../', location.href);
  }

  /** Where the guard's package is served, as a folder URL. */
  function packageUrl() {
    var configured = settings().packageUrl;
    var url = configured ? new URL(configured, location.href) : new URL('web/' + MODULE + '/js/pkg/', contextUrl());
    if (url.pathname.slice(-1) !== '/') url.pathname += '/';
    return url;
  }

  /**
   * The guard's WebAssembly, fetched once: the response itself when the server says
   * application/wasm (compiled while it downloads), else its bytes. Tomcat before 9.0.37 serves
   * .wasm as application/octet-stream, which WebAssembly.instantiateStreaming refuses; handed
   * such a response, wasm-bindgen's glue would warn on the console at every start.
   */
  function wasmSource(url) {
    return fetch(url.href, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error('the guard\'s WebAssembly answered HTTP ' + response.status + ' (' + url.href + ')');
      var type = (response.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
      return type === 'application/wasm' ? response : response.arrayBuffer();
    });
  }

  /** The guard's ES module, loaded and initialised once. */
  function load() {
    if (!loading) {
      loading = Promise.resolve().then(function () {
        if (typeof WebAssembly !== 'object') throw new Error('this browser has no WebAssembly');
        var folder = packageUrl();
        return import(new URL('webpos_version_guard.js', folder).href).then(function (guard) {
          return wasmSource(new URL('webpos_version_guard_bg.wasm', folder)).then(function (source) {
            return guard.default({ module_or_path: source });
          }).then(function () {
            return guard;
          });
        });
      });
    }
    return loading;
  }

  function get(object, key) {
    return object && typeof object.get === 'function' ? object.get(key) : undefined;
  }

  /** Mobile core's storage wrapper (OB.UTIL.localStorage), when the host has it. */
  function hostStorage() {
    var wrapper = own(own(OB(), 'UTIL'), 'localStorage');
    return wrapper && typeof wrapper.getItem === 'function' && typeof wrapper.removeItem === 'function' ? wrapper : undefined;
  }

  /** The host's application name, before every key of its storage (WebPOS). */
  function appName() {
    return get(model(), 'appName') || APP_NAME;
  }

  /** A value the host keeps in localStorage: through its wrapper, else as the wrapper keeps it
   * (`<appName>.<key>`, then the bare key). */
  function stored(key) {
    try {
      var wrapper = hostStorage();
      if (wrapper) return wrapper.getItem(key);
      var value = localStorage.getItem(appName() + '.' + key);
      return value !== null ? value : localStorage.getItem(key);
    } catch (refused) {
      return null; // storage refused: as if nothing were kept
    }
  }

  /** The terminal: after login the model's terminal; before it the model's terminalName, the
   * page's `?terminal=`, or (terminal authentication) the stored terminalName. */
  function terminalKey() {
    return own(get(model(), 'terminal'), 'searchKey') || get(model(), 'terminalName') ||
      new URLSearchParams(location.search).get('terminal') || stored('terminalName') || undefined;
  }

  function permission() {
    // The server maps a stored Y to true and N to false, and passes other values raw: those
    // are left to the guard, which reads the records and says why they are not honoured.
    var value = own(get(model(), 'permissions'), settings().preferenceProperty);
    return typeof value === 'boolean' ? value : undefined;
  }

  /** The host's ticket counts, from the `ticketCounts` setting (a function resolving to
   * `{ unpaid, paidNotSent }`), within a second; undefined when there is none or it fails. */
  function ticketCounts() {
    var count = settings().ticketCounts;
    if (typeof count !== 'function') return Promise.resolve(undefined);
    var counted = Promise.resolve().then(function () {
      return count();
    }).then(function (counts) {
      return counts && typeof counts === 'object' ? { unpaid: counts.unpaid, paidNotSent: counts.paidNotSent } : undefined;
    }, function (error) {
      if (window.console && typeof console.warn === 'function') console.warn('[' + PREFIX + '] The ticket counts could not be read: ' + errorText(error));
      return undefined;
    });
    var late = new Promise(function (resolve) {
      setTimeout(resolve, TICKET_COUNT_WAIT_MS);
    });
    return Promise.race([counted, late]);
  }

  function language() {
    return stored('POSlanguageSK') || undefined;
  }

  function entry(server) {
    var value = function (key) {
      return server && typeof server.get === 'function' ? server.get(key) : own(server, key);
    };
    return { name: value('name'), address: value('address'), online: value('online'), priority: value('priority'), mainServer: value('mainServer'), currentServer: value('currentServer') };
  }

  /** The WebPOS's own server list as the host holds it: mobile core's request router's
   * collection of server models (OB.RR.RequestRouter.servers), an array, or else the stored
   * raw answer (WebPOS.servers). The guard normalises the addresses as mobile core does and
   * leaves out the router's stand-in for a page whose server is not listed. */
  function hostServers() {
    var servers = own(own(own(OB(), 'RR'), 'RequestRouter'), 'servers');
    var list = Array.isArray(servers) ? servers : own(servers, 'models');
    if (!Array.isArray(list) || list.length === 0) {
      try {
        list = JSON.parse(stored('servers') || 'null');
      } catch (unreadable) {
        list = null;
      }
    }
    if (!Array.isArray(list) || list.length === 0) return undefined;
    return list.map(entry);
  }

  /** The guard's options, with the host's ticket counts (a promise). */
  function options(extra) {
    var chosen = settings();
    return ticketCounts().then(function (tickets) {
      return Object.assign({
        terminal: terminalKey(),
        language: language(),
        hostServers: hostServers(),
        hostStorage: hostStorage(),
        appName: appName(),
        ignoreVersionCheck: permission(),
        preferenceProperty: chosen.preferenceProperty,
        labelPrefix: chosen.labelPrefix,
        servicePaths: chosen.servicePaths,
        tickets: tickets,
        redirectAfterSeconds: chosen.redirectAfterSeconds,
        timeoutMs: chosen.timeoutMs,
        storeTimeoutMs: chosen.storeTimeoutMs
      }, extra);
    });
  }

  // --- When the check cannot run ----------------------------------------------------------

  function dispatch(name, detail) {
    try {
      document.dispatchEvent(new CustomEvent(name, { detail: detail }));
    } catch (ignored) {
      // a listener's error is the listener's
    }
  }

  function noticeLanguage() {
    var tag = language() || document.documentElement.lang || navigator.language || 'en';
    return tag.toLowerCase().indexOf('es') === 0 ? 'es' : 'en';
  }

  function label(name, lang) {
    var key = settings().labelPrefix + name;
    var i18n = own(OB(), 'I18N');
    if (i18n && typeof i18n.getLabel === 'function') {
      try {
        var text = i18n.getLabel(key, []);
        if (typeof text === 'string' && text && text !== key && text.indexOf('UNDEFINED') !== 0) return text;
      } catch (ignored) {
        // the shipped text below
      }
    }
    return TEXTS[lang][name];
  }

  /** The notice on the login screen: the check cannot run here, why, and what to do. */
  function showNotice(bodyName, reason) {
    try {
      if (document.querySelector('[' + NOTICE_ATTRIBUTE + ']')) return;
      var lang = noticeLanguage();
      var section = document.createElement('section');
      var title = document.createElement('h2');
      title.id = PREFIX + '-notice-title';
      title.textContent = label('VersionGuardCannotCheckTitle', lang);
      section.setAttribute(NOTICE_ATTRIBUTE, 'cannot-check');
      section.setAttribute('aria-labelledby', title.id);
      section.setAttribute('lang', lang);
      setStyle(section, [['background', '#fff8e1'], ['color', '#1a1a1a'], ['border', '2px solid #b26a00'],
        ['border-radius', '8px'], ['padding', '0.8em 1.2em'], ['margin', '0.8em auto'], ['max-width', '48em'],
        ['box-shadow', '0 6px 24px rgba(0, 0, 0, 0.3)'], ['max-height', '45vh'], ['overflow', 'auto'],
        ['pointer-events', 'auto'], ['font', '16px/1.45 system-ui, sans-serif'], ['overflow-wrap', 'anywhere']]);
      setStyle(title, [['margin', '0 0 0.4em'], ['font-size', '1.15em']]);
      section.appendChild(title);
      [label(bodyName, lang), label('VersionGuardCannotCheckAdvice', lang), reason].forEach(function (text, i) {
        var paragraph = document.createElement('p');
        paragraph.textContent = text;
        if (i === 2) paragraph.style.setProperty('font-size', '0.9em');
        section.appendChild(paragraph);
      });
      var layer = noticeLayer();
      layer.insertBefore(section, layer.firstChild);
    } catch (ignored) {
      // the console and the event have said it already
    }
  }

  /** Sets each `[property, value]` of `rules` on `element`'s style. */
  function setStyle(element, rules) {
    rules.forEach(function (rule) {
      element.style.setProperty(rule[0], rule[1]);
    });
  }

  /** The guard's layer above the page (the one the guard itself uses): a child of the root
   * element beside the body, which the WebPOS's render replaces; fixed, on top, letting clicks
   * through but to what it holds. */
  function noticeLayer() {
    var layer = document.querySelector('[' + LAYER_ATTRIBUTE + ']');
    if (layer) return layer;
    layer = document.createElement('div');
    layer.setAttribute(LAYER_ATTRIBUTE, '');
    setStyle(layer, [['position', 'fixed'], ['bottom', '0'], ['left', '0'], ['right', '0'],
      ['z-index', '2147483647'], ['pointer-events', 'none']]);
    document.documentElement.appendChild(layer);
    return layer;
  }

  /** Says that the check cannot run (`cause`, in words: `reason`): a console warning and the
   * `webpos-version-guard:unavailable` event. */
  function unavailable(when, cause, reason) {
    if (window.console && typeof console.warn === 'function') console.warn('[' + PREFIX + '] ' + reason);
    dispatch(UNAVAILABLE_EVENT, { when: when, cause: cause, reason: reason });
  }

  /** The verdict of a check that could not run, announced as the guard announces its own:
   * proceed, status Unknown (decision row 3: never a logout), `cannotCheck` saying why. */
  function verdictWithout(when, reason) {
    var verdict = {
      outcome: 'proceed',
      rule: 3,
      reason: 'The version check could not run, so the login proceeds.',
      loadedFrom: 'central',
      terminal: terminalKey() || '',
      storeServer: null,
      status: 'unknown',
      statusLabel: 'Unknown',
      error: reason,
      centralVersion: null,
      storeVersion: null,
      newer: null,
      pendingBatches: null,
      differences: [],
      onlyOnCentral: [],
      onlyOnStore: [],
      storeModeUrl: null,
      storeModeRefused: null,
      ignoreVersionCheck: 'unavailable',
      cannotCheck: reason,
      diagnostics: [reason],
      timings: { serverDefinitions: null, terminal: null, centralVersion: null, storeStatus: null, preference: null, total: 0 },
      loggedOut: null,
      when: when
    };
    dispatch(VERDICT_EVENT, verdict);
    return verdict;
  }

  function errorText(error) {
    return error && error.message ? error.message : String(error);
  }

  /** The package URL for a message: a bad setting is quoted as it is. */
  function packageText() {
    try {
      return packageUrl().href;
    } catch (invalid) {
      return JSON.stringify(String(settings().packageUrl)) + ' (not a URL)';
    }
  }

  function notLoaded(when, error) {
    var reason = 'The version check cannot run on this till: the version guard could not be loaded from ' +
      packageText() + ' (' + errorText(error) + '). Logins proceed unchecked. Serve the module\'s js/pkg/ files there, ' +
      'or set OB.VersionGuard.packageUrl to where they are; the browser must run WebAssembly (' + BROWSERS + ').';
    unavailable(when, 'guardNotLoaded', reason);
    if (when === 'startup') showNotice('VersionGuardCannotLoad', reason);
    if (when === 'login') reportNotLoaded(reason);
    return verdictWithout(when, reason);
  }

  /** Where a report goes on this page's server: central's overview collector, or, on a page
   * the host says runs on a store server (store mode), that store's agent, which holds it for
   * central. */
  function reportPath() {
    var current = (hostServers() || []).filter(function (s) { return s.currentServer === true; })[0];
    return current && current.mainServer === false ? MODULE + '/TillReport' : 'web/' + MODULE + '/overview/api/till-report';
  }

  /** Tells central's overview that the guard did not load at this login (as the guard tells
   * its own checks: a beacon to the page's server, with the session's cookie). Best effort. */
  function reportNotLoaded(reason) {
    var terminal = terminalKey();
    if (!terminal || !navigator.sendBeacon) return;
    var report = {
      terminal: terminal, storeServer: null, when: 'login', outcome: 'guardNotLoaded', rule: null,
      centralVersion: null, storeVersion: null, pendingBatches: null,
      reason: reason.length > 400 ? reason.slice(0, 399) + '\u2026' : reason, totalMs: null,
      // A new id for each report: the receiver refuses one sent again as it was.
      id: Math.random().toString(16).slice(2, 15) || 'x'
    };
    try {
      navigator.sendBeacon(new URL(reportPath(), contextUrl()).href, JSON.stringify(report));
    } catch (ignored) {
      // A report is never worth an exception in the WebPOS.
    }
  }

  // --- The checks ---------------------------------------------------------------------------

  /** The startup check; resolves to its verdict (the adapter's own when the guard cannot load). */
  function startup() {
    return load().then(function (guard) {
      return options({}).then(guard.guardStartup);
    }, function (error) {
      return notLoaded('startup', error);
    });
  }

  /** The login check, in a hook: the chain goes on when the login proceeds; on a block it does
   * not, which is what keeps Openbravo from going further (its hook manager runs the final
   * callback whenever the chain reaches it). */
  function checkInHook(args, callbacks) {
    var manager = hookManager;
    var proceed = function () {
      manager.callbackExecutor(args, callbacks);
    };
    load().then(function (guard) {
      return options({ reloadAfterLogout: true }).then(guard.guardLogin);
    }, function (error) {
      notLoaded('login', error);
      return null;
    }).then(function (verdict) {
      if (verdict && verdict.outcome === 'block') {
        if (args) args.cancellation = true; // a convention only: not continuing is what stops
        return;
      }
      proceed();
    });
  }

  /** OBMOBC_TerminalLoaded: the terminal and the permissions are set, the master data not yet
   * downloaded (its final callback starts that). Blocking here tells a blocked cashier within
   * the check's own time after the login answer. A plain function, as registerHook requires. */
  function onTerminalLoaded(args, callbacks) {
    checkedThisLogin = true;
    checkInHook(args, callbacks);
  }

  /** OBPOS_LoadPOSWindow: before the POS window opens. The check already ran at
   * OBMOBC_TerminalLoaded in this login: the chain goes on; else (a release that does not run
   * that hook) the check runs here. */
  function onLoadPosWindow(args, callbacks) {
    if (checkedThisLogin) {
      checkedThisLogin = false;
      hookManager.callbackExecutor(args, callbacks);
      return;
    }
    checkInHook(args, callbacks);
  }

  // --- Attaching to the login ---------------------------------------------------------------

  /** The hook manager where this release keeps it. */
  function findHookManager() {
    var candidates = [own(own(OB(), 'UTIL'), 'HookManager'), own(model(), 'hookManager')];
    for (var i = 0; i < candidates.length; i += 1) {
      var candidate = candidates[i];
      if (candidate && typeof candidate.registerHook === 'function' && typeof candidate.callbackExecutor === 'function') {
        return candidate;
      }
    }
    return null;
  }

  function cannotAttach(reason) {
    var full = 'The version check cannot run at login on this till: ' + reason +
      ' Logins proceed unchecked. Load this module\'s script after mobile core\'s hook manager (OB.UTIL.HookManager or OB.MobileApp.model.hookManager).';
    unavailable('login', 'noHookManager', full);
    showNotice('VersionGuardNoHook', full);
  }

  /** Registers the login hook; false while no hook manager is there yet. */
  function attach() {
    var manager = findHookManager();
    if (!manager) return false;
    hookManager = manager;
    manager.registerHook(TERMINAL_HOOK, onTerminalLoaded);
    manager.registerHook(WINDOW_HOOK, onLoadPosWindow);
    return true;
  }

  /** Registers the hook now, or as soon as the release has made its hook manager. */
  function attachWhenReady() {
    if (attach()) return;
    var giveUpAt = null;
    var timer = setInterval(function () {
      try {
        if (attach()) {
          clearInterval(timer);
        } else if (document.readyState === 'complete') {
          if (giveUpAt === null) giveUpAt = Date.now() + Number(settings().hookManagerWaitMs);
          else if (Date.now() >= giveUpAt) {
            clearInterval(timer);
            cannotAttach('no hook manager was found.');
          }
        }
      } catch (error) {
        clearInterval(timer);
        cannotAttach('the hook manager refused the hook (' + errorText(error) + ').');
      }
    }, 200);
  }

  try {
    window.OB = window.OB || {};
    window.OB.VersionGuardAdapter = { load: load, startup: startup, packageUrl: packageUrl, ready: startup() };
    try {
      attachWhenReady();
    } catch (error) {
      cannotAttach('the hook manager refused the hook (' + errorText(error) + ').');
    }
  } catch (error) {
    // Nothing may escape: the module scripts after this one must still run.
    try {
      console.warn('[' + PREFIX + '] The version check cannot run on this till: ' + errorText(error));
    } catch (ignored) {
      // no console either
    }
  }
})();
