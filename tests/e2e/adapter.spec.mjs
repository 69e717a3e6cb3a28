// The Openbravo adapter (www/pos/openbravo-version-guard.js) with a stand-in `OB` global:
// it passes the WebPOS's logout, terminal, language (POSlanguageSK), server list and
// permission, and OB.I18N labels win.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, POS_PATH, useScenario } from './sim.mjs';

test('the adapter drives the guard from OB.MobileApp.model', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await page.goto(`${CENTRAL}${POS_PATH}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const state = await (await request.get(`${CENTRAL}/__sim/state`)).json();
  const servers = [
    { name: 'Central', address: state.central, online: true, priority: 10, allServices: true, mainServer: true, currentServer: true, services: [] },
    ...state.stores.map((s, i) => ({ name: s.key, address: s.base, online: true, priority: 20 + i, allServices: false, mainServer: false, currentServer: false, services: [] })),
  ];
  const verdict = await page.evaluate(async (servers) => {
    localStorage.setItem('POSlanguageSK', 'es_ES');
    window.OB = {
      RR: { RequestRouter: { servers } },
      I18N: {
        getLabel: (key, args) =>
          key === 'OBMOBC_VersionGuardTitle' ? `Título de ${args.length} args` : `UNDEFINED ${key}`,
      },
      MobileApp: {
        model: {
          get: (key) => ({ terminal: { searchKey: 'VBS-1' }, permissions: { OBMOBC_IgnoreVersionCheck: false } })[key],
          logout: () => { window.__obLogouts = (window.__obLogouts ?? 0) + 1; },
        },
      },
    };
    const adapter = await import('./openbravo-version-guard.js');
    return adapter.guardOpenbravoLogin();
  }, servers);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6, terminal: 'VBS-1', storeServer: state.stores[0].key, ignoreVersionCheck: 'honouredN', loggedOut: true });
  // Everything came from the host: one phase, no request for definitions, terminal or preference.
  expect(verdict.timings).toMatchObject({ serverDefinitions: null, terminal: null, preference: null });
  expect(verdict.storeModeUrl).toMatch(/[?&]lang=es_ES$/);
  const box = page.getByRole('alertdialog');
  await expect(box).toHaveAttribute('lang', 'es');
  await expect(box).toHaveAccessibleName('Título de 0 args');
  await expect(box.getByRole('link', { name: 'Abrir modo tienda' })).toBeFocused();
  expect(await page.evaluate(() => window.__obLogouts)).toBe(1);
});
