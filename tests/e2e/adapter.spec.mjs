// The Openbravo adapter (www/pos/openbravo-version-guard.js) with a stand-in `OB` global:
// it passes the WebPOS's logout, terminal, language, permission, and OB.I18N labels win.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, POS_PATH, useScenario } from './sim.mjs';

test('the adapter drives the guard from OB.MobileApp.model', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await page.goto(`${CENTRAL}${POS_PATH}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const verdict = await page.evaluate(async () => {
    window.OB = {
      Application: { language_string: 'es' },
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
  });
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6, terminal: 'VBS-1', ignoreVersionCheck: 'honouredN', loggedOut: true });
  expect(verdict.timings.preference).toBeNull();
  const box = page.getByRole('alertdialog');
  await expect(box).toHaveAttribute('lang', 'es');
  await expect(box).toHaveAccessibleName('Título de 0 args');
  await expect(box.getByRole('link', { name: 'Abrir modo tienda' })).toBeFocused();
  expect(await page.evaluate(() => window.__obLogouts)).toBe(1);
});
