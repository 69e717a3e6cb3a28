// The overview page's own words (buttons, the summary, the details), in English and Spanish.
// The words it shares with the rows and the CSV (the column headings, the version statuses, the
// pending trend) are the crate's, from texts.js (written by src/overview/page_texts.rs); the
// words of the stores' rows (statuses, the Differences field, errors) come from central's
// collector, computed by the core in the page's language.

import { formatDateTime, formatNumber, formatTime } from './format.js';
import { words as shared } from './texts.js';

/** The crate's shared words of `lang`, under the names the page reads. */
export function sharedWords(lang) {
  const { headings: h, versionStatus: v, trend } = shared[lang];
  return {
    server: h.server,
    serverStatus: h.serverStatus,
    reloadStatus: h.reloadStatus,
    versionStatus: h.versionStatus,
    version: h.version,
    centralVersion: h.centralVersion,
    pendingBatches: h.pendingBatches,
    differences: h.differences,
    checkedAt: h.checkedAt,
    url: h.url,
    same: v.same,
    different: v.different,
    unknown: v.unknown,
    trendWords: { ...trend, new: '' },
  };
}

const en = {
  title: 'Store Server Version Overview',
  loginTitle: 'Log in to central',
  loginWhy: 'The overview is for central\'s administrators: log in with a role that administers the client.',
  notAdmin: (e) => `${e} Log in as an administrator.`,
  user: 'User',
  password: 'Password',
  logIn: 'Log in',
  loginFailed: 'Invalid user name or password.',
  loggedInAs: (u) => `Logged in as ${u}`,
  refresh: 'Refresh now',
  passRunning: (a, b) => `${a} of ${b} stores checked`,
  passDone: (n, t, ms) => `${n} stores checked; the last pass ended at ${t} and took ${ms}`,
  passError: (e) => `The last pass could not ask the stores: ${e}`,
  seconds: (ms, n) => (ms < 1000 ? `${n(Math.round(ms))} ms` : `${n(Math.round(ms / 100) / 10)} s`),
  disconnected: 'Connection to central lost; reconnecting…',
  retrying: (seconds) => `Connection to central lost; trying again in ${seconds} s…`,
  streamEnded: (why) => `The overview stopped: ${why}`,
  shown: (a, b) => `Showing ${a} of ${b} stores`,
  select: 'Select',
  selectStore: (name) => `Select ${name}`,
  recomputeSelected: (n) => `Recompute selected (${n})`,
  recomputedMany: (ok, failed) => `Recomputed: ${ok}; failed: ${failed}.`,
  blocksLogins: 'blocks logins',
  loginsUnchecked: 'hot fix: not checked',
  blocksLoginsTitle: 'A WebPOS loaded from central would be blocked on this store now: it is Different from Central with data pending to sync.',
  sameWithLone: (n) => `${n} store(s) are Same as Central but have a module installed on one side only; their server version is computed over all their modules, so it differs from central's (a lower number is not an older server).`,
  byModule: 'Stores per module version',
  byModuleNote: 'How many stores that answered run each version of each module.',
  byModuleLoad: 'Show',
  storeVersions: 'Versions on the stores',
  versionStores: (v, n, central) => `${v}: ${n}${central ? ' (central)' : ''}`,
  missingOn: (n) => `missing on ${n}`,
  notOnStore: 'not on this store',
  onlyOnStore: 'only on this store',
  modulesSummary: (all, differ, missing, extra) => `${all} module(s): ${differ} on another version, ${missing} missing on this store, ${extra} only on this store.`,
  all: 'All',
  blocking: 'Blocking logins now',
  search: 'Search',
  searchPlaceholder: 'Store name or key',
  export: 'Export CSV',
  loading: 'Loading…',
  summary: (s, n) => `Same as Central: ${n(s.same)} · Different from Central: ${n(s.different)} · Unknown: ${n(s.unknown)} · Data pending to sync: ${n(s.pendingBatches)} batches · Blocking logins now: ${n(s.blockingLogins)}`,
  caption: 'Store servers',
  changed: 'changed',
  changedWhat: { serverStatus: 'server status', reloadStatus: 'reload status', versionStatus: 'version status', version: 'version', pendingBatches: 'pending data' },
  changedSince: (what) => `changed since the last refresh: ${what}`,
  changedRows: (n) => `${n} changed since the last refresh`,
  close: 'Close',
  searchKey: 'Search key',
  computedAt: 'Computed at',
  recompute: 'Recompute Version Information',
  recomputing: 'Recomputing…',
  recomputed: (t) => `Version information recomputed (${t}).`,
  recomputeFailed: (e) => `Recompute failed: ${e}`,
  now: 'now',
  modulesByServer: 'Modules by Server',
  modulesCaption: 'Modules installed on the selected store server',
  modulesMissing: (e) => `The store server did not give its modules${e ? `: ${e}` : '.'}`,
  module: 'Module',
  javaPackage: 'Java package',
  difference: 'Difference',
  differs: 'Differs',
  notOnCentral: 'not on central',
  charts: 'Pictures',
  perVersion: 'Stores per version',
  perVersionDesc: (n) => `How many of the ${n} stores that answered run each server version; central's version is marked "central".`,
  centralMark: 'central',
  stores: (n, fmt) => `${fmt(n)} ${n === 1 ? 'store' : 'stores'}`,
  otherVersions: (n) => `${n} other versions`,
  pendingOverSession: 'Data pending to sync, all stores, per pass',
  storePending: 'Pending batches of this store, per pass',
  trendIs: (t) => (t ? `trend: ${t}` : 'one count so far: no trend yet'),
  noData: 'No data yet.',
  batches: (n, fmt) => `${fmt(n)} ${n === 1 ? 'batch' : 'batches'}`,
  loadFailed: (e) => `The overview could not be loaded: ${e}`,
};

const es = {
  title: 'Resumen de versiones de los servidores de tienda',
  loginTitle: 'Inicie sesión en la central',
  loginWhy: 'El resumen es para los administradores de la central: inicie sesión con un rol que administre el cliente.',
  notAdmin: (e) => `${e} Inicie sesión como administrador.`,
  user: 'Usuario',
  password: 'Contraseña',
  logIn: 'Entrar',
  loginFailed: 'Usuario o contraseña incorrectos.',
  loggedInAs: (u) => `Sesión de ${u}`,
  refresh: 'Actualizar ahora',
  passRunning: (a, b) => `${a} de ${b} tiendas comprobadas`,
  passDone: (n, t, ms) => `${n} tiendas comprobadas; la última pasada terminó a las ${t} y duró ${ms}`,
  passError: (e) => `La última pasada no pudo consultar las tiendas: ${e}`,
  seconds: (ms, n) => (ms < 1000 ? `${n(Math.round(ms))} ms` : `${n(Math.round(ms / 100) / 10)} s`),
  disconnected: 'Se perdió la conexión con la central; reconectando…',
  retrying: (seconds) => `Se perdió la conexión con la central; nuevo intento en ${seconds} s…`,
  streamEnded: (why) => `La vista se detuvo: ${why}`,
  shown: (a, b) => `Se muestran ${a} de ${b} tiendas`,
  select: 'Seleccionar',
  selectStore: (name) => `Seleccionar ${name}`,
  recomputeSelected: (n) => `Recalcular las seleccionadas (${n})`,
  recomputedMany: (ok, failed) => `Recalculadas: ${ok}; con error: ${failed}.`,
  blocksLogins: 'bloquea inicios',
  loginsUnchecked: 'corrección urgente: sin comprobar',
  blocksLoginsTitle: 'Un WebPOS abierto desde la central se bloquearía ahora en esta tienda: es Diferente de Central y tiene datos pendientes de sincronizar.',
  sameWithLone: (n) => `${n} tienda(s) son Igual que Central pero tienen un módulo instalado solo en un lado; su versión de servidor se calcula con todos sus módulos, así que difiere de la de central (un número menor no es un servidor más antiguo).`,
  byModule: 'Tiendas por versión de módulo',
  byModuleNote: 'Cuántas tiendas que respondieron tienen cada versión de cada módulo.',
  byModuleLoad: 'Mostrar',
  storeVersions: 'Versiones en las tiendas',
  versionStores: (v, n, central) => `${v}: ${n}${central ? ' (central)' : ''}`,
  missingOn: (n) => `falta en ${n}`,
  notOnStore: 'no está en esta tienda',
  onlyOnStore: 'solo en esta tienda',
  modulesSummary: (all, differ, missing, extra) => `${all} módulo(s): ${differ} con otra versión, ${missing} que faltan en esta tienda, ${extra} solo en esta tienda.`,
  all: 'Todos',
  blocking: 'Bloquean inicios de sesión ahora',
  search: 'Buscar',
  searchPlaceholder: 'Nombre o clave de la tienda',
  export: 'Exportar CSV',
  loading: 'Cargando…',
  summary: (s, n) => `Igual que Central: ${n(s.same)} · Diferente de Central: ${n(s.different)} · Desconocido: ${n(s.unknown)} · Datos pendientes de sincronizar: ${n(s.pendingBatches)} lotes · Bloquean inicios de sesión ahora: ${n(s.blockingLogins)}`,
  caption: 'Servidores de tienda',
  changed: 'cambiado',
  changedWhat: { serverStatus: 'estado del servidor', reloadStatus: 'estado de la recarga', versionStatus: 'estado de la versión', version: 'versión', pendingBatches: 'datos pendientes' },
  changedSince: (what) => `cambiado desde la última actualización: ${what}`,
  changedRows: (n) => `${n} con cambios desde la última actualización`,
  close: 'Cerrar',
  searchKey: 'Clave',
  computedAt: 'Calculada a las',
  recompute: 'Recalcular la información de versión',
  recomputing: 'Recalculando…',
  recomputed: (t) => `Información de versión recalculada (${t}).`,
  recomputeFailed: (e) => `No se pudo recalcular: ${e}`,
  now: 'ahora',
  modulesByServer: 'Módulos por servidor',
  modulesCaption: 'Módulos instalados en el servidor de tienda seleccionado',
  modulesMissing: (e) => `El servidor de tienda no dio sus módulos${e ? `: ${e}` : '.'}`,
  module: 'Módulo',
  javaPackage: 'Paquete Java',
  difference: 'Diferencia',
  differs: 'Difiere',
  notOnCentral: 'no está en central',
  charts: 'Gráficos',
  perVersion: 'Tiendas por versión',
  perVersionDesc: (n) => `Cuántas de las ${n} tiendas que respondieron tienen cada versión de servidor; la versión de central está marcada como «central».`,
  centralMark: 'central',
  stores: (n, fmt) => `${fmt(n)} ${n === 1 ? 'tienda' : 'tiendas'}`,
  otherVersions: (n) => `${n} versiones más`,
  pendingOverSession: 'Datos pendientes de sincronizar, todas las tiendas, por pasada',
  storePending: 'Lotes pendientes de esta tienda, por pasada',
  trendIs: (t) => (t ? `tendencia: ${t}` : 'un solo recuento: aún sin tendencia'),
  noData: 'Aún no hay datos.',
  batches: (n, fmt) => `${fmt(n)} ${n === 1 ? 'lote' : 'lotes'}`,
  loadFailed: (e) => `No se pudo cargar el resumen: ${e}`,
};

/** The page's language: `?lang=` when given, else the browser's; Spanish or English. */
export function pageLanguage(params) {
  const tag = params.get('lang') ?? navigator.language ?? 'en';
  return tag.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The words of `lang`, with its number and time formats (format.js: no `Intl`). */
export function labelsFor(lang) {
  const words = { ...(lang === 'es' ? es : en), ...sharedWords(lang) };
  // One time format everywhere (the table, the details, the pictures): the browser's local time.
  return { ...words, lang, n: (x) => formatNumber(x, lang), time: formatTime, dateTime: (date) => formatDateTime(date, lang) };
}

/** Sets the text of every `[data-label]` element (and `[data-label-placeholder]`). */
export function applyLabels(root, words) {
  for (const element of root.querySelectorAll('[data-label]')) element.textContent = words[element.dataset.label];
  for (const element of root.querySelectorAll('[data-label-placeholder]')) element.placeholder = words[element.dataset.labelPlaceholder];
}
