// The overview's requests to central's collector (its `api/` beside the page), and the login to
// central itself: every one same-origin, with the session's cookie.

const API = './api/';

/** `path` of the API: its JSON (or text) body; an error with the collector's words when it
 * refused. */
export async function api(path, init = {}) {
  const response = await fetch(API + path, { credentials: 'same-origin', ...init });
  let body = null;
  try {
    body = await (response.headers.get('content-type')?.includes('json') ? response.json() : response.text());
  } catch {
    body = null;
  }
  if (!response.ok) throw new Error(body?.error ?? `HTTP ${response.status}`);
  return body;
}

/** `POST path` with `body` as JSON. */
export function post(path, body) {
  return api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
}

/** The stream's URL in `lang`. */
export function streamUrl(lang) {
  return `${API}stream?lang=${lang}`;
}

/** Downloads the CSV of `keys` in `lang`; the HTTP status when central refused, else null. */
export async function downloadCsv(keys, lang) {
  const response = await fetch(`${API}csv?lang=${lang}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keys }),
  });
  if (!response.ok) return `HTTP ${response.status}`;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `store-server-versions-${new Date().toISOString().slice(0, 10)}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return null;
}

/** Logs in to central (its WebPOS login service); whether it accepted. */
export async function logIn(user, password) {
  const response = await fetch('../../../org.openbravo.retail.posterminal.POSLoginHandler', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  return response.ok;
}
