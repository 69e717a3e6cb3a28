// The Openbravo adapter (www/pos/openbravo-version-guard.js), a classic script loaded by the
// demo WebPOS as a module's script: from the host it passes the terminal, the language
// (POSlanguageSK), the server list (OB.RR.RequestRouter.servers) and the permission, and
// OB.I18N labels win; it runs the check in OBPOS_LoadPOSWindow and stops the chain on a block.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, POS_PATH, useScenario, openPos, logIn } from './sim.mjs';

test('the adapter drives the guard from the host: one phase, the host\'s language, labels and permission', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  // The host's own label lookup, present from the start (after the reload too).
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      window.OB.I18N = {
        getLabel: (key, args) =>
          key === 'OBMOBC_VersionGuardTitle' ? `Título de ${args.length} args` : `UNDEFINED ${key}`,
      };
    });
  });
  await openPos(page, CENTRAL);
  await page.selectOption('#language', 'es');
  // The permission as the host resolves it after login: a stored N is `false`.
  await page.evaluate(() => window.OB.MobileApp.model.set('permissions', { OBMOBC_IgnoreVersionCheck: false }));
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6, terminal: 'VBS-1', storeServer: 'store1', ignoreVersionCheck: 'honouredN', loggedOut: true });
  // Everything came from the host: one phase, no request for definitions, terminal or preference.
  expect(verdict.timings).toMatchObject({ serverDefinitions: null, terminal: null, preference: null });
  expect(verdict.storeModeUrl).toMatch(/\?terminal=VBS-1&lang=es_ES$/);
  // After the reload, the message is back, in the host's language and with its label.
  const box = page.getByRole('alertdialog');
  await expect(box).toHaveAttribute('lang', 'es');
  await expect(box).toHaveAccessibleName('Título de 0 args');
  await expect(box.getByRole('link', { name: 'Abrir modo tienda' })).toBeFocused();
});

test('the hook continues the chain on proceed; on a block the POS window never opens', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  const proceeded = await page.evaluate(() => new Promise((resolve) => {
    const args = {};
    window.OB.UTIL.HookManager.executeHooks('OBPOS_LoadPOSWindow', args, () => {
      resolve({ opened: true, cancellation: args.cancellation ?? null });
    });
  }));
  expect(proceeded).toEqual({ opened: true, cancellation: null });

  // Blocked: the final callback (which opens the POS window) never runs, before or after the
  // reload the guard's logout ends with.
  await useScenario(request, 'different-pending');
  const verdict = await logIn(page);
  expect(verdict.outcome).toBe('block');
  await expect(page.locator('#ticket-screen')).toBeHidden();
  await expect(page.locator('#login-screen')).toBeVisible();
});

test('a module that cannot load leaves the login to proceed (central is the store\'s fail-over)', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await page.route('**/pkg/webpos_version_guard*', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(`${CENTRAL}${POS_PATH}?terminal=VBS-1&redirect=0`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.fill('#user', 'vallblanca');
  await page.fill('#password', 'openbravo');
  await page.click('#login-button');
  await expect(page.locator('#ticket-screen')).toBeVisible();
});
