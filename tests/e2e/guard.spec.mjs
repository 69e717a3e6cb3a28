// The login guard through the demo WebPOS, every row of the decision table, against the
// simulator over real HTTP in headless Chromium.
import { test, expect } from './fixtures.mjs';
import { mkdirSync } from 'node:fs';
import { CENTRAL, POS_PATH, useScenario, patchServer, storeOrigin, openPos, logIn, ticketsInStorage, logOut } from './sim.mjs';

const dialog = (page) => page.getByRole('alertdialog');

test.describe.configure({ mode: 'serial' });

test('row 1: loaded from the store-mode URL, no check is needed', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, await storeOrigin(request, 'store1'));
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 1, loadedFrom: 'storeMode', status: null });
  expect(verdict.timings.centralVersion).toBeNull();
  await expect(page.locator('#ticket-screen')).toBeVisible();
  await expect(dialog(page)).toHaveCount(0);
});

test('row 2: an honoured hot-fix preference skips the check', async ({ page, request }) => {
  await useScenario(request, 'hotfix-preference');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 2, ignoreVersionCheck: 'honouredY', status: 'differentFromCentral' });
  await expect(page.locator('#ticket-screen')).toBeVisible();
});

test('a misconfigured (system-level) preference is not honoured: block, with the reason', async ({ page, request }) => {
  await useScenario(request, 'misconfigured-preference');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6, ignoreVersionCheck: 'notHonoured' });
  expect(verdict.diagnostics.join('\n')).toContain('not at system level (client/organization 0)');
  await expect(dialog(page)).toBeVisible();
});

test('row 3: an offline store proceeds with status Unknown and the error', async ({ page, request }) => {
  await useScenario(request, 'store-offline');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 3, status: 'unknown', statusLabel: 'Unknown' });
  expect(verdict.error).toContain('store version information unavailable: network error');
  await expect(page.locator('#ticket-screen')).toBeVisible();
});

test('row 3: a hanging store proceeds with Unknown within the store\'s time limit, 2 s by default', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await patchServer(request, 'store1', { faults: [{ kind: 'hang', service: 'StoreStatus' }] });
  await openPos(page, CENTRAL, 'terminal=VBS-1'); // the adapter's default settings
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 3, status: 'unknown' });
  expect(verdict.error).toContain('timed out after 2000 ms');
  expect(verdict.timings.storeStatus).toBeGreaterThanOrEqual(1990);
  expect(verdict.timings.total).toBeLessThan(2000 + 300);
  // Central's version information was asked at the same time, not after the hanging store.
  expect(verdict.timings.centralVersion).toBeLessThan(1000);
});

test('row 4: same versions proceed', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 4, status: 'sameAsCentral', pendingBatches: 4 });
  expect(verdict.centralVersion).toBe(verdict.storeVersion);
  await expect(page.locator('#guard-status')).toContainText('Same as Central (rule 4)');
});

test('row 5: different versions with nothing pending proceed, status reported', async ({ page, request }) => {
  await useScenario(request, 'different-no-pending');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 5, status: 'differentFromCentral', pendingBatches: 0, newer: 'central' });
  expect(verdict.differences.map((d) => d.name)).toEqual(['Web POS']);
  await expect(page.locator('#ticket-screen')).toBeVisible();
});

test('row 6: different with pending blocks: message, logout, store mode focused; tickets survive', async ({ page, request }) => {
  // Make three tickets while everything is fine.
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  await logIn(page);
  for (let i = 0; i < 3; i++) await page.click('#new-ticket');
  await expect(page.locator('#pending-count')).toHaveText('3');
  await logOut(page);

  await useScenario(request, 'different-pending');
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6, pendingBatches: 3, newer: 'central', loggedOut: true });
  const store = await storeOrigin(request, 'store1');
  expect(verdict.storeModeUrl).toBe(`${store}${POS_PATH}?terminal=VBS-1&lang=en_US`);

  const box = dialog(page);
  await expect(box).toBeVisible();
  await expect(box).toHaveAttribute('aria-modal', 'true');
  await expect(box).toHaveAccessibleName('Work in store mode for now');
  await expect(box).toHaveAccessibleDescription(/updated before the shop's server.* still has sales to send .* Store mode .* logged out/);
  const primary = box.getByRole('link', { name: 'Open store mode' });
  await expect(primary).toBeFocused();
  await expect(primary).toHaveAttribute('href', verdict.storeModeUrl);
  // The versions, the count and the modules are for IT, behind "Details for IT".
  const details = box.locator('details');
  await expect(details.getByRole('table')).toBeHidden();
  await details.locator('summary').click();
  await expect(details).toContainText(verdict.centralVersion);
  await expect(details).toContainText(verdict.storeVersion);
  await expect(details).toContainText('Batches pending sync on the store server: 3.');
  await expect(details.getByRole('table')).toContainText('Web POS');

  // Logged out on the server too, back at the login screen, and every ticket kept.
  await expect(page.locator('#login-screen')).toBeVisible();
  const prefs = await page.evaluate(async () => (await fetch('../../org.openbravo.mobile.core.service.jsonrest/org.example.versionguard.service.PreferenceRecords?property=x')).status);
  expect(prefs).toBe(401);
  expect(await ticketsInStorage(page)).toHaveLength(3);
  await expect(page.locator('#login-pending-count')).toHaveText('3');
});

test('the block message is in the guard\'s one package: a blocked login downloads nothing more', async ({ page, request }) => {
  const guardFiles = [];
  page.on('request', (r) => { if (r.url().includes('/pkg/')) guardFiles.push(r.url().split('/').pop()); });
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  expect(await logIn(page)).toMatchObject({ outcome: 'proceed' });
  await logOut(page);
  const loaded = [...new Set(guardFiles)];
  expect(loaded.sort()).toEqual(['webpos_version_guard.js', 'webpos_version_guard_bg.wasm']);

  await useScenario(request, 'different-pending');
  expect(await logIn(page)).toMatchObject({ outcome: 'block', loggedOut: true });
  await expect(dialog(page)).toBeVisible();
  // The reload the logout ends with loads the same two files again, and nothing else.
  expect([...new Set(guardFiles)].sort()).toEqual(loaded.sort());
});

test('when the browser refuses the dialog, the login is still blocked and the cashier logged out', async ({ page, request }) => {
  await page.addInitScript(() => {
    HTMLDialogElement.prototype.showModal = function refused() { throw new DOMException('refused by the test', 'InvalidStateError'); };
  });
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6, loggedOut: true });
  expect(verdict.diagnostics.join('\n')).toContain('The message could not be shown: refused by the test');
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('#login-screen')).toBeVisible();
});

test('row 7: different with the pending count unknown blocks', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  // The store answers its versions but cannot count its batches (its status says why).
  await patchServer(request, 'store1', { pendingError: 'the import queue is not readable' });
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 7, pendingBatches: null });
  await expect(dialog(page)).toContainText('could not say whether it still has sales to send');
});

test('the dialog is modal: Tab never reaches the page behind, it works by keyboard alone, and Escape closes it', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  await logIn(page);
  const box = dialog(page);
  const link = box.getByRole('link', { name: 'Open store mode' });
  const close = box.getByRole('button', { name: 'Close' });
  await expect(link).toBeFocused();
  expect(await box.evaluate((d) => d.tagName === 'DIALOG' && d.open && d.matches(':modal'))).toBe(true);
  await page.keyboard.press('Tab');
  await expect(close).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(link).toBeFocused();
  // Past the last action the platform's modal dialog hands the focus to the browser's own UI,
  // never to the page behind it, and the next Tab comes back into the dialog.
  const focusOutsideDialog = () => page.evaluate(() => {
    const active = document.activeElement;
    return active !== null && active !== document.body && !active.closest('[role=alertdialog]');
  });
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await focusOutsideDialog()).toBe(false);
  }
  await page.keyboard.press('Escape');
  await expect(box).toHaveCount(0);
});

test('the store-mode link opens the store WebPOS with the same terminal and language, where login proceeds', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  await logIn(page, { language: 'es' });
  const store = await storeOrigin(request, 'store1');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${store}${POS_PATH}?terminal=VBS-1&lang=es_ES`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#terminal-name')).toContainText('VBS-1');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.locator('#login-button')).toHaveText('Entrar');
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 1, loadedFrom: 'storeMode' });
});

test('through the adapter, a 10 s countdown to store mode by default after the reload; Close stops it', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL, 'terminal=VBS-1'); // the adapter's default settings
  await logIn(page);
  const box = dialog(page);
  await expect(box).toContainText(/Opening store mode in (10|9) s/);
  // One button dismisses the message, and it stops the countdown too.
  await expect(box.getByRole('button')).toHaveCount(1);
  await box.getByRole('button', { name: 'Close' }).click();
  await expect(box).toHaveCount(0);
});

test('the countdown after the reload opens store mode by itself, once per tab', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL, 'terminal=VBS-1&redirect=30');
  await logIn(page);
  await expect(dialog(page)).toContainText(/Opening store mode in (30|29|28) s/);

  // The block is recorded for the tab: a start with a short countdown redirects by itself,
  // before anyone logs in again.
  const store = await storeOrigin(request, 'store1');
  await page.goto(`${CENTRAL}${POS_PATH}?terminal=VBS-1&redirect=1`);
  await page.waitForURL(`${store}${POS_PATH}?terminal=VBS-1&lang=en_US`, { timeout: 10_000 });
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');

  // Back on central in the same tab: the message again, but no second automatic redirect.
  await page.goto(`${CENTRAL}${POS_PATH}?terminal=VBS-1&redirect=1`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(dialog(page)).toBeVisible();
  await page.waitForTimeout(2_000);
  expect(new URL(page.url()).origin).toBe(CENTRAL);
  const startup = await page.evaluate(() => window.__verdicts.filter((v) => v.when === 'startup').at(-1));
  expect(startup.diagnostics.join('\n')).toContain('it already happened once in this tab');
});

test('screenshots of the message in English and Spanish at 1024×768, and of the notice once it is closed', async ({ page, request }) => {
  mkdirSync('test-output/screenshots', { recursive: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await useScenario(request, 'different-pending');
  for (const language of ['en', 'es']) {
    // A till that has not been blocked in this tab yet (the record would show the message at once).
    await page.evaluate(() => sessionStorage.clear()).catch(() => {});
    await openPos(page, CENTRAL, `terminal=VBS-1&redirect=0&lang=${language}`);
    await logIn(page, { language });
    const box = dialog(page);
    await expect(box).toHaveAttribute('lang', language);
    if (language === 'es') {
      await expect(box).toHaveAccessibleName('Por ahora, trabaje en modo tienda');
      await expect(box.getByRole('link', { name: 'Abrir modo tienda' })).toBeFocused();
    }
    // The whole message fits the till's screen, details closed.
    const bottom = await box.evaluate((d) => d.getBoundingClientRect().bottom);
    expect(bottom).toBeLessThanOrEqual(768);
    expect(await box.evaluate((d) => d.scrollHeight <= d.clientHeight)).toBe(true);
    await page.screenshot({ path: `test-output/screenshots/message-${language}.png` });
    await box.locator('summary').click();
    await page.screenshot({ path: `test-output/screenshots/message-details-${language}.png` });
    await box.getByRole('button').click();
    await expect(page.locator('[data-webpos-version-guard-notice=blocked]')).toBeVisible();
    await page.screenshot({ path: `test-output/screenshots/notice-${language}.png` });
  }
});
