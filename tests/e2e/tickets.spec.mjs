// Nothing lost: with 1, 100 and 10,000 tickets of each kind on the till (unpaid, unpaid with
// payments, and paid waiting to be sent), the guard's forced logout and the reload it ends with
// leave every ticket in place, byte for byte, and after logging in through store mode they are
// all still there. The guard ends the session itself (tokens removed, a GET to the logout
// servlet), never through the WebPOS's own logout, whose pre-logout actions delete the
// session's unpaid tickets. Browser storage is per origin: the tickets made while the till ran
// from central live in central's storage, those made in store mode in the store's; the guard
// touches neither, and both are checked.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, POS_PATH, useScenario, storeOrigin, openPos, logIn, ticketsInStorage } from './sim.mjs';

/** Adds `count` tickets of each kind to this origin's IndexedDB, as the demo stores them. */
async function seedTickets(page, count, label) {
  await page.evaluate(([count, label]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('webpos-demo', 2);
    open.onupgradeneeded = () => {
      for (const name of ['pendingTickets', 'openTickets']) {
        if (!open.result.objectStoreNames.contains(name)) open.result.createObjectStore(name, { keyPath: 'id' });
      }
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['pendingTickets', 'openTickets'], 'readwrite');
      const start = Date.UTC(2026, 10, 24, 9);
      const ticket = (kind, i, payments) => ({
        id: `${label}-${kind}-${String(i).padStart(5, '0')}`, terminal: 'VBS-1', user: 'vallblanca',
        session: `${label}-session`, createdAt: new Date(start + i * 1000).toISOString(),
        total: (i % 9973) / 100, lines: [{ product: `Product ${i % 37}`, quantity: 1 + (i % 3) }], payments,
      });
      for (let i = 0; i < count; i++) {
        const total = (i % 9973) / 100;
        tx.objectStore('pendingTickets').add(ticket('paid', i, [{ kind: 'cash', amount: total }]));
        tx.objectStore('openTickets').add(ticket('unpaid', i, []));
        tx.objectStore('openTickets').add(ticket('part-paid', i, [{ kind: 'card', amount: total / 2 }]));
      }
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [count, label]);
}

/** Both stores of this origin, as read directly. */
async function allTickets(page) {
  return { paid: await ticketsInStorage(page, 'pendingTickets'), open: await ticketsInStorage(page, 'openTickets') };
}

for (const count of [1, 100, 10_000]) {
  test(`${count.toLocaleString('en-US')} ticket(s) of each kind: kept through the forced logout and the reload, and there after the store-mode login`, async ({ page, context, request }) => {
    test.setTimeout(120_000);
    await useScenario(request, 'different-pending');
    const store = await storeOrigin(request, 'store1');

    // The till has tickets in both origins' storage: from central and from store mode.
    await openPos(page, store);
    await seedTickets(page, count, 'store');
    const storeTickets = await allTickets(page);
    await openPos(page, CENTRAL);
    await seedTickets(page, count, 'central');
    const centralTickets = await allTickets(page);
    for (const tickets of [centralTickets, storeTickets]) {
      expect(tickets.paid).toHaveLength(count);
      expect(tickets.open).toHaveLength(2 * count);
      expect(tickets.open.filter((t) => t.payments.length > 0)).toHaveLength(count);
    }

    // Blocked on central: message, forced logout, every ticket in place.
    const verdict = await logIn(page);
    expect(verdict).toMatchObject({ outcome: 'block', rule: 6, loggedOut: true });
    await expect(page.locator('#login-screen')).toBeVisible();
    await expect(page.locator('#login-pending-count')).toHaveText(String(count));
    expect(await allTickets(page)).toEqual(centralTickets);

    // Through store mode: the store's WebPOS, logged in, with every ticket there to send.
    await page.getByRole('alertdialog').getByRole('link', { name: 'Open store mode' }).click();
    await page.waitForURL(`${store}${POS_PATH}?terminal=VBS-1&lang=en_US`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const again = await logIn(page);
    expect(again).toMatchObject({ outcome: 'proceed', rule: 1 });
    await expect(page.locator('#ticket-screen')).toBeVisible();
    await expect(page.locator('#pending-count')).toHaveText(String(count));
    await expect(page.locator('#open-count')).toHaveText(String(2 * count));
    expect(await allTickets(page)).toEqual(storeTickets);

    // And central's own tickets are still in central's storage, to send from there later.
    const central = await context.newPage();
    await central.goto(`${CENTRAL}${POS_PATH}?terminal=VBS-1&redirect=0`);
    await expect(central.locator('body')).toHaveAttribute('data-ready', 'true');
    await expect(central.locator('#login-pending-count')).toHaveText(String(count));
    expect(await allTickets(central)).toEqual(centralTickets);
    await central.close();
  });
}

// The demo host's own logout behaves as the real WebPOS's (../shared/openbravo-notes.md): it
// refuses while a ticket carries payments; otherwise it deletes the session's unpaid tickets,
// removes the authentication tokens, GETs the logout servlet and reloads. Paid tickets waiting
// to be sent are kept. This is why the guard never calls it.
test('the WebPOS\'s own logout: refused with payments, else deletes unpaid tickets, removes the tokens, reloads', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  expect(await logIn(page)).toMatchObject({ outcome: 'proceed' });
  await page.click('#new-ticket');
  await page.click('#new-open-ticket');
  await expect(page.locator('#open-count')).toHaveText('1');
  await page.click('#pay-part');
  await page.click('#logout-button');
  await expect(page.locator('#ticket-status')).toContainText('carries payments');
  await expect(page.locator('#ticket-screen')).toBeVisible();

  // Pay nothing on a second session's ticket: log out works and deletes it, not the paid ones.
  await page.evaluate(async () => {
    const open = await window.DemoTickets.openTickets();
    for (const t of open) { t.payments = []; }
    const db = await new Promise((r) => { const o = indexedDB.open('webpos-demo', 2); o.onsuccess = () => r(o.result); });
    await new Promise((r) => { const tx = db.transaction('openTickets', 'readwrite'); for (const t of open) tx.objectStore('openTickets').put(t); tx.oncomplete = r; });
    db.close();
  });
  expect(await page.evaluate(() => localStorage.getItem('WebPOS.authenticationToken'))).toBeTruthy();
  const logoutRequests = [];
  page.on('request', (r) => { if (r.url().endsWith('org.openbravo.mobile.core.logout')) logoutRequests.push(r.method()); });
  await Promise.all([page.waitForEvent('load'), page.click('#logout-button')]);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  expect(logoutRequests).toEqual(['GET']);
  expect(await page.evaluate(() => localStorage.getItem('WebPOS.authenticationToken'))).toBeNull();
  expect(await ticketsInStorage(page, 'openTickets')).toHaveLength(0);
  expect(await ticketsInStorage(page, 'pendingTickets')).toHaveLength(1);
});
