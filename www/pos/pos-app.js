// The demo WebPOS's screens, driven the way the Openbravo WebPOS drives its own:
// - at the window's load its root is rendered into document.body, replacing the body's
//   content, as one full-viewport, absolutely positioned layer (Enyo's renderInto and
//   `enyo-fit`);
// - a login keeps the authentication keys and the server list through the storage wrapper
//   (`WebPOS.authenticationToken`, `WebPOS.servers`), rebuilds the request router's server
//   collection, sets the permissions and the terminal, runs the OBMOBC_TerminalLoaded hooks,
//   then loads the master data (`?masterData=<ms>` simulates a catalogue that takes that long),
//   then runs the OBPOS_LoadPOSWindow hooks before the POS window opens (the version guard's
//   adapter hooks both);
// - at the start, an authentication token still in storage logs the cashier straight back in
//   (mobile core's key authentication), with no password typed.
// Tickets are kept locally; the logout is the host's (ob-host.js): pre-logout actions, keys
// removed, GET, reload.
// A classic script, concatenated with the others and minified by JSMin as mobile core serves
// them: no template literals (JSMin does not know them).
(function () {
  'use strict';
  const TEXTS = {
    en: {
      loginTitle: 'Log in', user: 'User', password: 'Password', language: 'Language', logIn: 'Log in',
      ticketsKept: 'Tickets pending to send on this till:', tickets: 'Tickets', loggedInAs: 'Logged in as',
      newTicket: 'New ticket', newOpenTicket: 'Open a ticket', payPart: 'Pay part of it', logOut: 'Log out',
      pending: 'Pending to send:', open: 'Open tickets:', checking: 'Checking versions…',
      badLogin: 'Invalid user name or password.', loginFailed: 'Login failed:',
      blocked: 'Logged out by the version check.', status: 'Version check',
      logoutRefused: 'A ticket carries payments: finish it before logging out.',
    },
    es: {
      loginTitle: 'Iniciar sesión', user: 'Usuario', password: 'Contraseña', language: 'Idioma', logIn: 'Entrar',
      ticketsKept: 'Tickets pendientes de enviar en esta caja:', tickets: 'Tickets', loggedInAs: 'Sesión de',
      newTicket: 'Nuevo ticket', newOpenTicket: 'Abrir un ticket', payPart: 'Cobrar una parte', logOut: 'Cerrar sesión',
      pending: 'Pendientes de enviar:', open: 'Tickets abiertos:', checking: 'Comprobando versiones…',
      badLogin: 'Usuario o contraseña incorrectos.', loginFailed: 'Error al iniciar sesión:',
      blocked: 'Sesión cerrada por la comprobación de versiones.', status: 'Comprobación de versiones',
      logoutRefused: 'Un ticket tiene pagos: termínelo antes de cerrar la sesión.',
    },
  };
  // The WebPOS's language keys (localStorage POSlanguageSK) and the demo's texts.
  const LANGUAGE_KEYS = { en: 'en_US', es: 'es_ES' };

  const params = new URLSearchParams(location.search);
  const $ = (id) => document.getElementById(id);
  const model = window.OB.MobileApp.model;
  const storage = window.OB.UTIL.localStorage;
  const Tickets = window.DemoTickets;
  const MASTER_DATA_MS = Math.max(0, Number(params.get('masterData')) || 0);

  function terminal() {
    return model.get('terminalName') || '';
  }

  /** The language: the URL's `lang` (store mode carries it), else the stored one, else English. */
  function initialLanguage() {
    const tag = params.get('lang') ?? storage.getItem('POSlanguageSK') ?? 'en_US';
    return tag.toLowerCase().startsWith('es') ? 'es' : 'en';
  }
  let language = initialLanguage();

  function t(key) {
    return TEXTS[language][key] ?? TEXTS.en[key];
  }

  function applyLanguage() {
    document.documentElement.lang = language;
    storage.setItem('POSlanguageSK', LANGUAGE_KEYS[language]);
    // The login page's labels in this language (a host's own OB.I18N may have no loader).
    if (typeof window.OB.I18N?.load === 'function') window.OB.I18N.load(language);
    if ($('language')) $('language').value = language;
    for (const element of document.querySelectorAll('[data-text]')) {
      element.textContent = t(element.dataset.text);
    }
  }

  /** Enyo's renderInto(document.body): the body's content replaced by the app's root. */
  function render() {
    const template = $('webpos-root-template');
    const root = template.content.firstElementChild.cloneNode(true);
    document.body.replaceChildren(root);
  }

  async function showTickets() {
    const [paid, open] = await Promise.all([Tickets.pendingTickets(), Tickets.openTickets()]);
    $('pending-count').textContent = String(paid.length);
    $('login-pending-count').textContent = String(paid.length);
    $('open-count').textContent = String(open.length);
    $('ticket-list').replaceChildren(...paid.slice(-50).map((ticket) => {
      const item = document.createElement('li');
      item.textContent = ticket.createdAt + ' · ' + ticket.total.toFixed(2) + ' € · ' + ticket.id.slice(0, 8);
      return item;
    }));
  }

  function showScreen(name) {
    $('login-screen').hidden = name !== 'login';
    $('ticket-screen').hidden = name !== 'tickets';
  }

  /** The POS window: what OBPOS_LoadPOSWindow's final callback opens. */
  async function openPosWindow() {
    $('login-status').textContent = '';
    $('who').textContent = model.get('user');
    showScreen('tickets');
    await showTickets();
  }

  function hookManager() {
    return window.OB.UTIL.HookManager ?? model.hookManager;
  }

  /** The master data download (products, prices, customers): `?masterData=` ms here. */
  function loadMasterData() {
    $('login-status').textContent = t('masterData');
    return new Promise((resolve) => setTimeout(resolve, MASTER_DATA_MS)).then(() => {
      document.dispatchEvent(new CustomEvent('demo:master-data-loaded'));
    });
  }

  /** What the WebPOS does after a login answer, in mobile core's order. */
  function afterLogin(data) {
    const status = $('login-status');
    storage.setItem('authenticationClient', encodeURIComponent(data.client));
    storage.setItem('authenticationToken', encodeURIComponent(data.authenticationToken));
    storage.setItem('servers', JSON.stringify(data.servers));
    window.OB.RR.RequestRouter.initialize();
    model.set('user', data.user);
    // The permissions as Openbravo resolves them (system-level and filtered records too).
    model.set('permissions', data.permissions || {});
    model.set('session', crypto.randomUUID());
    model.set('terminal', { searchKey: data.terminal || terminal() });
    status.textContent = t('checking');
    const failed = (error) => { status.textContent = t('loginFailed') + ' ' + error; };
    const openPos = () => {
      openPosWindow().catch(failed);
    };
    const hooks = hookManager();
    // A release without a hook manager (a test of the adapter's guard) opens the window at once.
    if (!hooks) {
      loadMasterData().then(openPos, failed);
      return;
    }
    hooks.executeHooks('OBMOBC_TerminalLoaded', { terminalInfo: model }, function () {
      loadMasterData().then(() => {
        hooks.executeHooks('OBPOS_LoadPOSWindow', {}, openPos);
      }, failed);
    });
  }

  /** POSTs a login (credentials or a kept token); the answer's data, or null with the reason said. */
  async function postLogin(body) {
    const status = $('login-status');
    const response = await fetch('../../org.openbravo.retail.posterminal.POSLoginHandler', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status === 401) {
      status.textContent = t('badLogin');
      return null;
    }
    if (!response.ok) {
      status.textContent = t('loginFailed') + ' HTTP ' + response.status;
      return null;
    }
    return (await response.json()).response.data;
  }

  async function logIn(event) {
    event.preventDefault();
    $('login-status').textContent = '';
    $('login-button').disabled = true;
    try {
      const data = await postLogin({ user: $('user').value, password: $('password').value, terminal: terminal() });
      if (data) afterLogin(data);
    } catch (error) {
      $('login-status').textContent = t('loginFailed') + ' ' + error;
    } finally {
      $('login-button').disabled = false;
    }
  }

  /** Mobile core's key authentication: a token still kept logs the cashier straight back in. */
  async function logInWithKeptToken() {
    const token = storage.getItem('authenticationToken');
    if (!token) return;
    try {
      const data = await postLogin({ authenticationToken: decodeURIComponent(token), terminal: terminal() });
      if (data) {
        document.body.dataset.autoLogin = 'true';
        afterLogin(data);
      }
    } catch (error) {
      $('login-status').textContent = t('loginFailed') + ' ' + error;
    }
  }

  async function showTerminalName() {
    $('terminal-name').textContent = terminal() || '—';
    try {
      const answer = await fetch(
        '../../org.openbravo.mobile.core.service.jsonrest/org.openbravo.retail.posterminal.TerminalStoreServer?terminal=' +
          encodeURIComponent(terminal()),
      );
      const data = (await answer.json()).response.data;
      if (data?.name) $('terminal-name').textContent = data.name + ' (' + data.terminal + ')';
    } catch {
      // the search key stays shown
    }
  }

  async function start() {
    render();
    applyLanguage();
    $('served-by').textContent = location.origin;
    $('language').addEventListener('change', () => {
      language = $('language').value;
      applyLanguage();
    });
    $('login-form').addEventListener('submit', logIn);
    $('new-ticket').addEventListener('click', async () => {
      await Tickets.addPaidTicket(terminal(), model.get('user'), model.get('session'));
      await showTickets();
    });
    $('new-open-ticket').addEventListener('click', async () => {
      await Tickets.addOpenTicket(terminal(), model.get('user'), model.get('session'));
      await showTickets();
    });
    $('pay-part').addEventListener('click', async () => {
      await Tickets.payPartOfOpenTicket();
      await showTickets();
    });
    $('logout-button').addEventListener('click', () => model.logout());
    document.addEventListener('demo:logout-refused', () => {
      $('ticket-status').textContent = t('logoutRefused');
    });
    // What the guard decided, as a host would log it.
    document.addEventListener('webpos-version-guard:verdict', ({ detail: verdict }) => {
      if (!$('guard-status')) return;
      $('guard-status').textContent =
        t('status') + ': ' + (verdict.statusLabel ?? '—') + ' (rule ' + verdict.rule + ') · ' + verdict.reason;
      if (verdict.when === 'login' && verdict.outcome === 'block') $('login-status').textContent = t('blocked');
    });
    await showTickets();
    showTerminalName(); // not awaited: a slow server must not hold the login screen
    // The guard's startup check (the adapter started it when it loaded); the demo is ready for
    // a login once it has settled, so that tests see what it showed.
    await window.OB.VersionGuardAdapter?.ready;
    await logInWithKeptToken();
    document.body.dataset.ready = 'true';
  }

  // Mobile core renders its root once the page has loaded (after every script).
  window.addEventListener('load', () => {
    setTimeout(() => {
      start();
    }, 0);
  });
})();
