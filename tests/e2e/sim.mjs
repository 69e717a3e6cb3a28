// Helpers for driving the simulator and the demo WebPOS from Playwright tests.
import { expect } from '@playwright/test';
import { CENTRAL_PORT } from '../../playwright.config.mjs';

export const CENTRAL = `http://127.0.0.1:${CENTRAL_PORT}`;
export const POS_PATH = '/openbravo/web/org.openbravo.retail.posterminal/';
export const ADMIN = `${CENTRAL}/openbravo/web/org.openbravo.mobile.core.versionoverview/`;

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

/** Opens the demo WebPOS on an origin and records every verdict event. */
export async function openPos(page, origin, query = 'terminal=VBS-1') {
  await page.addInitScript(() => {
    window.__verdicts = [];
    document.addEventListener('webpos-version-guard:verdict', (e) => window.__verdicts.push(e.detail));
  });
  await page.goto(`${origin}${POS_PATH}?${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

/** Logs in and waits for the guard's verdict, which it returns. */
export async function logIn(page, { language } = {}) {
  if (language) await page.selectOption('#language', language);
  await page.fill('#user', 'vallblanca');
  await page.fill('#password', 'openbravo');
  const before = await page.evaluate(() => window.__verdicts.length);
  await page.click('#login-button');
  await page.waitForFunction((n) => window.__verdicts.length > n, before, { timeout: 20_000 });
  return page.evaluate(() => window.__verdicts.at(-1));
}

/** Every ticket pending to send in this origin's IndexedDB, in key order, read directly. */
export async function ticketsInStorage(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('webpos-demo', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('pendingTickets', { keyPath: 'id' });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('pendingTickets').objectStore('pendingTickets').getAll();
      request.onsuccess = () => { open.result.close(); resolve(request.result); };
      request.onerror = () => reject(request.error);
    };
  }));
}
