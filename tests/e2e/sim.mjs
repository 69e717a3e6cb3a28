// Helpers for driving the simulator and the demo WebPOS from Playwright tests.
import { expect } from '@playwright/test';
import { CENTRAL_PORT } from '../../playwright.config.mjs';

export const CENTRAL = `http://127.0.0.1:${CENTRAL_PORT}`;
export const POS_PATH = '/openbravo/web/org.openbravo.retail.posterminal/';
export const ADMIN = `${CENTRAL}/openbravo/web/org.example.versionguard/overview/`;

/** Logs `user` in to central in this page's browser context (the session cookie). */
export async function logInCentral(page, user = 'Openbravo') {
  const response = await page.request.post(`${CENTRAL}/openbravo/org.openbravo.retail.posterminal.POSLoginHandler`, {
    data: { user, password: 'openbravo' },
  });
  expect(response.status()).toBe(200);
}

/** Opens the overview as central's admin (`Openbravo`) and waits until it is ready. */
export async function openOverview(page, query = '') {
  await logInCentral(page);
  await page.goto(`${ADMIN}${query ? `?${query}` : ''}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

/** Switches the simulator to a scenario: a scenario file's name, or a scenario object. */
export async function useScenario(request, scenario) {
  const data = typeof scenario === 'string' ? { name: scenario } : { scenario };
  const response = await request.post(`${CENTRAL}/__sim/scenario`, { data });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** Changes one server (pending count, faults, status…). */
export async function patchServer(request, key, patch) {
  const response = await request.post(`${CENTRAL}/__sim/server/${key}`, { data: patch });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** A store's base origin from the simulator's state. */
export async function storeOrigin(request, key) {
  const state = await (await request.get(`${CENTRAL}/__sim/state`)).json();
  return state.stores.find((s) => s.key === key).base.replace(/\/openbravo$/, '');
}

/** Opens the demo WebPOS on an origin and records every verdict event, in the tab's
 * sessionStorage so that the record survives the reload that ends a blocked login. The demo's
 * automatic redirect to store mode is off unless the query asks for it (`redirect=`). */
export async function openPos(page, origin, query = 'terminal=VBS-1&redirect=0') {
  await page.addInitScript(() => {
    const KEY = '__verdicts';
    let kept = null;
    try {
      kept = window.sessionStorage; // refused in sandboxed frames
    } catch {
      kept = null;
    }
    window.__verdicts = JSON.parse(kept?.getItem(KEY) ?? '[]');
    document.addEventListener('webpos-version-guard:verdict', (e) => {
      window.__verdicts.push(e.detail);
      kept?.setItem(KEY, JSON.stringify(window.__verdicts));
    });
  });
  await page.goto(`${origin}${POS_PATH}?${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

/** The recorded verdicts (none while the page is between two documents). */
async function verdicts(page) {
  return page.evaluate(() => window.__verdicts ?? []).catch(() => []);
}

/** Waits for a verdict of `when` ('login' or 'startup') after the first `after` ones. */
export async function verdictAfter(page, after, when, timeout = 20_000) {
  for (const deadline = Date.now() + timeout; Date.now() < deadline;) {
    const list = await verdicts(page);
    const found = list.slice(after).findIndex((v) => v.when === when);
    if (found >= 0) return { index: after + found, verdict: list[after + found] };
    await page.waitForTimeout(25);
  }
  throw new Error(`no ${when} verdict within ${timeout} ms`);
}

/** Logs in and waits for the guard's login verdict, which it returns. When the login was
 * blocked and the guard's logout reloaded the page, it also waits for the start after the
 * reload (the message back on the login screen). */
export async function logIn(page, { language } = {}) {
  if (language) await page.selectOption('#language', language);
  await page.fill('#user', 'vallblanca');
  await page.fill('#password', 'openbravo');
  const before = (await verdicts(page)).length;
  await page.click('#login-button');
  const { index, verdict } = await verdictAfter(page, before, 'login');
  if (verdict.diagnostics.some((d) => d.startsWith('The page reloads after the logout'))) {
    await verdictAfter(page, index + 1, 'startup');
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  }
  return verdict;
}

/** The WebPOS's own logout (the demo's button): it ends by reloading the page. */
export async function logOut(page) {
  await Promise.all([page.waitForEvent('load'), page.click('#logout-button')]);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

/** Every ticket of one of the demo's IndexedDB stores in this origin, in key order, read
 * directly: `pendingTickets` (paid, waiting to be sent) or `openTickets` (unpaid, with or
 * without payments). */
export async function ticketsInStorage(page, storeName = 'pendingTickets') {
  return page.evaluate((storeName) => new Promise((resolve, reject) => {
    const open = indexedDB.open('webpos-demo', 2);
    open.onupgradeneeded = () => {
      for (const name of ['pendingTickets', 'openTickets']) {
        if (!open.result.objectStoreNames.contains(name)) open.result.createObjectStore(name, { keyPath: 'id' });
      }
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction(storeName).objectStore(storeName).getAll();
      request.onsuccess = () => { open.result.close(); resolve(request.result); };
      request.onerror = () => reject(request.error);
    };
  }), storeName);
}
