// The demo WebPOS: log in, then let the version guard decide; create tickets kept locally;
// log out. It loads the guard module at startup, as an Openbravo WebPOS would.
import init, { guardLogin } from './pkg/webpos_version_guard.js';
import { addTicket, pendingTickets } from './tickets.js';

const TEXTS = {
  en: {
    loginTitle: 'Log in', user: 'User', password: 'Password', language: 'Language', logIn: 'Log in',
    ticketsKept: 'Tickets pending to send on this till:', tickets: 'Tickets', loggedInAs: 'Logged in as',
    newTicket: 'New ticket', logOut: 'Log out', pending: 'Pending to send:',
    checking: 'Checking versions…', badLogin: 'Invalid user name or password.',
    loginFailed: 'Login failed:', blocked: 'Logged out by the version check.', status: 'Version check',
  },
  es: {
    loginTitle: 'Iniciar sesión', user: 'Usuario', password: 'Contraseña', language: 'Idioma', logIn: 'Entrar',
    ticketsKept: 'Tickets pendientes de enviar en esta caja:', tickets: 'Tickets', loggedInAs: 'Sesión de',
    newTicket: 'Nuevo ticket', logOut: 'Cerrar sesión', pending: 'Pendientes de enviar:',
    checking: 'Comprobando versiones…', badLogin: 'Usuario o contraseña incorrectos.',
    loginFailed: 'Error al iniciar sesión:', blocked: 'Sesión cerrada por la comprobación de versiones.', status: 'Comprobación de versiones',
  },
};

const params = new URLSearchParams(location.search);
const terminal = params.get('terminal') ?? '';
const redirectAfterSeconds = Number(params.get('redirect') ?? 0);
const timeoutMs = params.has('timeout') ? Number(params.get('timeout')) : undefined;
const $ = (id) => document.getElementById(id);
let language = params.get('lang') === 'es' ? 'es' : 'en';
let user = null;

function t(key) {
  return TEXTS[language][key] ?? TEXTS.en[key];
}

function applyLanguage() {
  document.documentElement.lang = language;
  $('language').value = language;
  for (const element of document.querySelectorAll('[data-text]')) {
    element.textContent = t(element.dataset.text);
  }
}

async function showPending() {
  const tickets = await pendingTickets();
  $('pending-count').textContent = String(tickets.length);
  $('login-pending-count').textContent = String(tickets.length);
  const list = $('ticket-list');
  list.replaceChildren(...tickets.slice(-50).map((ticket) => {
    const item = document.createElement('li');
    item.textContent = `${ticket.createdAt} · ${ticket.total.toFixed(2)} € · ${ticket.id.slice(0, 8)}`;
    return item;
  }));
}

function showScreen(name) {
  $('login-screen').hidden = name !== 'login';
  $('ticket-screen').hidden = name !== 'tickets';
}

/** The WebPOS's own logout: ends the server session, back to the login screen. Tickets stay. */
async function logout() {
  user = null;
  showScreen('login');
  const response = await fetch('../../org.openbravo.mobile.core.logout', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`logout answered HTTP ${response.status}`);
  await showPending();
}

async function logIn(event) {
  event.preventDefault();
  const status = $('login-status');
  status.textContent = '';
  $('login-button').disabled = true;
  try {
    const response = await fetch('../../org.openbravo.retail.posterminal.POSLoginHandler', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: $('user').value, password: $('password').value, terminal }),
    });
    if (response.status === 401) {
      status.textContent = t('badLogin');
      return;
    }
    if (!response.ok) {
      status.textContent = `${t('loginFailed')} HTTP ${response.status}`;
      return;
    }
    user = (await response.json()).response.data.user;
    status.textContent = t('checking');
    const verdict = await guardLogin({ terminal, logout, language, redirectAfterSeconds, timeoutMs });
    $('guard-status').textContent =
      `${t('status')}: ${verdict.statusLabel ?? '—'} (rule ${verdict.rule}) · ${verdict.reason}`;
    if (verdict.outcome === 'block') {
      status.textContent = t('blocked');
      return;
    }
    status.textContent = '';
    $('who').textContent = user;
    showScreen('tickets');
    await showPending();
  } catch (error) {
    status.textContent = `${t('loginFailed')} ${error}`;
  } finally {
    $('login-button').disabled = false;
  }
}

async function start() {
  applyLanguage();
  $('served-by').textContent = location.origin;
  $('language').addEventListener('change', () => {
    language = $('language').value;
    applyLanguage();
  });
  $('login-form').addEventListener('submit', logIn);
  $('new-ticket').addEventListener('click', async () => {
    await addTicket(terminal, user);
    await showPending();
  });
  $('logout-button').addEventListener('click', () => logout().catch(() => showScreen('login')));
  await showPending();
  try {
    const answer = await fetch(
      `../../org.openbravo.mobile.core.service.jsonrest/org.openbravo.retail.posterminal.TerminalStoreServer?terminal=${encodeURIComponent(terminal)}`,
    );
    const data = (await answer.json()).response.data;
    $('terminal-name').textContent = data ? `${data.name} (${data.terminal})` : terminal || '—';
  } catch {
    $('terminal-name').textContent = terminal || '—';
  }
  await init();
  document.body.dataset.ready = 'true';
}

start();
