// Nothing lost: with 1, 100 and 10,000 tickets pending on the till, a forced logout leaves
// every ticket in place, byte for byte, and after logging in through store mode they are all
// still there to send. Browser storage is per origin: the tickets made while the till ran from
// central live in central's storage, those made in store mode in the store's; the guard touches
// neither, and both are checked.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, POS_PATH, useScenario, storeOrigin, openPos, logIn, ticketsInStorage } from './sim.mjs';

/** Adds `count` pending tickets to this origin's IndexedDB, as the demo stores them. */
async function seedTickets(page, count, label) {
  await page.evaluate(([count, label]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('webpos-demo', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('pendingTickets', { keyPath: 'id' });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('pendingTickets', 'readwrite');
      const store = tx.objectStore('pendingTickets');
      const start = Date.UTC(2026, 10, 24, 9);
      for (let i = 0; i < count; i++) {
        store.add({
          id: `${label}-${String(i).padStart(5, '0')}`, terminal: 'VBS-1', user: 'vallblanca',
          createdAt: new Date(start + i * 1000).toISOString(), total: (i % 9973) / 100,
          lines: [{ product: `Product ${i % 37}`, quantity: 1 + (i % 3) }],
        });
      }
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [count, label]);
}

for (const count of [1, 100, 10_000]) {
  test(`${count.toLocaleString('en-US')} pending ticket(s): kept through the forced logout and there after the store-mode login`, async ({ page, context, request }) => {
    test.setTimeout(120_000);
    await useScenario(request, 'different-pending');
    const store = await storeOrigin(request, 'store1');

    // The till has tickets in both origins' storage: from central and from store mode.
    await openPos(page, store);
    await seedTickets(page, count, 'store');
    const storeTickets = await ticketsInStorage(page);
    await openPos(page, CENTRAL);
    await seedTickets(page, count, 'central');
    const centralTickets = await ticketsInStorage(page);
    expect(centralTickets).toHaveLength(count);
    expect(storeTickets).toHaveLength(count);

    // Blocked on central: message, forced logout, every ticket in place.
    const verdict = await logIn(page);
    expect(verdict).toMatchObject({ outcome: 'block', rule: 6, loggedOut: true });
    await expect(page.locator('#login-screen')).toBeVisible();
    await expect(page.locator('#login-pending-count')).toHaveText(String(count));
    expect(await ticketsInStorage(page)).toEqual(centralTickets);

    // Through store mode: the store's WebPOS, logged in, with every ticket there to send.
    await page.getByRole('alertdialog').getByRole('link', { name: 'Open store mode' }).click();
    await page.waitForURL(`${store}${POS_PATH}?terminal=VBS-1&lang=en`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const again = await logIn(page);
    expect(again).toMatchObject({ outcome: 'proceed', rule: 1 });
    await expect(page.locator('#ticket-screen')).toBeVisible();
    await expect(page.locator('#pending-count')).toHaveText(String(count));
    expect(await ticketsInStorage(page)).toEqual(storeTickets);

    // And central's own tickets are still in central's storage, to send from there later.
    const central = await context.newPage();
    await central.goto(`${CENTRAL}${POS_PATH}?terminal=VBS-1`);
    await expect(central.locator('body')).toHaveAttribute('data-ready', 'true');
    await expect(central.locator('#login-pending-count')).toHaveText(String(count));
    expect(await ticketsInStorage(central)).toEqual(centralTickets);
    await central.close();
  });
}
