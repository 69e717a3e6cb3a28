// The Openbravo adapter (www/pos/openbravo-version-guard.js), as a real till runs it: inside
// the one generated file mobile core serves (every WebPOS script concatenated and minified by
// JSMin), next to a hook manager that behaves like Openbravo's. From the host it passes the
// terminal, the language (POSlanguageSK), the server list (OB.RR.RequestRouter.servers) and
// the permission, and OB.I18N labels win; it runs the check in OBPOS_LoadPOSWindow and does
// not continue the chain on a block. When it cannot check, the till, the host and the admin
// hear why.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, useScenario, openPos, logIn } from './sim.mjs';

/** Records the `webpos-version-guard:unavailable` events and the page's console warnings. */
async function listen(page) {
  const warnings = [];
  page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
  await page.addInitScript(() => {
    window.__unavailable = [];
    document.addEventListener('webpos-version-guard:unavailable', (e) => window.__unavailable.push(e.detail));
  });
  return { warnings, unavailable: () => page.evaluate(() => window.__unavailable) };
}

const cannotCheckNotice = (page) => page.locator('[data-webpos-version-guard-notice="cannot-check"]');

test('the adapter drives the guard from the host: one phase, the host\'s language, labels and permission', async ({ page, request }) => {
  // A client-level N: the login's answer hands the WebPOS the permission `false`.
  await useScenario(request, {
    extends: 'different-pending', name: 'preference-n',
    preferences: [{ id: 'PREF-N', client: 'CLIENT-WHITEVALLEY', organization: '0', visibleAtClient: 'CLIENT-WHITEVALLEY', property: 'EXVG_IgnoreVersionCheck', value: 'N' }],
  });
  // The host's own label lookup, present from the start (after the reload too).
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      window.OB.I18N = {
        getLabel: (key, args) =>
          key === 'EXVG_VersionGuardTitle' ? `Título de ${args.length} args` : `UNDEFINED ${key}`,
      };
    });
  });
  await openPos(page, CENTRAL);
  await page.selectOption('#language', 'es');
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6, terminal: 'VBS-1', storeServer: 'store1', ignoreVersionCheck: 'honouredN', loggedOut: true });
  // The servers came from the host: one phase, no request for definitions or terminal; the
  // preference's records are read in that phase whatever the host's permission says.
  expect(verdict.timings).toMatchObject({ serverDefinitions: null, terminal: null });
  expect(verdict.timings.preference).toEqual(expect.any(Number));
  expect(verdict.diagnostics).toContain("The WebPOS's permissions say EXVG_IgnoreVersionCheck is false; the records agree.");
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

test('the page runs one generated script, and a blocked login is blocked wherever the release keeps its hook manager', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  for (const hooks of ['util', 'model']) {
    await openPos(page, CENTRAL, `terminal=VBS-1&redirect=0&hooks=${hooks}`);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src));
    expect(scripts).toEqual([expect.stringMatching(/\/openbravo\/web\/js\/gen\/[0-9a-f]{32}_WebPOS\.js$/)]);
    expect(await page.evaluate(() => [Boolean(window.OB.UTIL.HookManager), Boolean(window.OB.MobileApp.model.hookManager)]))
      .toEqual([hooks === 'util', true]);
    const verdict = await logIn(page);
    expect(verdict, hooks).toMatchObject({ outcome: 'block', rule: 6, loggedOut: true, cannotCheck: null });
    await expect(page.locator('#ticket-screen')).toBeHidden();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await page.evaluate(() => sessionStorage.clear());
  }
});

test('with no hook manager at all the scripts after the adapter still run, and the till hears that logins are not checked', async ({ page, request }) => {
  const heard = await listen(page);
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL, 'terminal=VBS-1&redirect=0&hooks=none&hookWait=300');
  // pos-app.js, after the adapter in the same file, ran: the page is ready.
  await expect.poll(heard.unavailable).toEqual([expect.objectContaining({ when: 'login', cause: 'noHookManager' })]);
  expect(heard.warnings.join('\n')).toContain('The version check cannot run at login on this till: no hook manager was found.');
  // The startup check ran (it needs no hook) and showed its notice first; without it, the
  // adapter's own notice says that logins are not checked.
  await expect(page.locator('[data-webpos-version-guard-notice="blocked"]')).toBeVisible();
  await useScenario(request, 'same-version');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const box = cannotCheckNotice(page);
  await expect(box.getByRole('heading')).toHaveText('The version check cannot run on this till');
  await expect(box).toContainText('could not attach itself to the login');
  await expect(box).toContainText('OB.UTIL.HookManager or OB.MobileApp.model.hookManager');
  // The login is not checked (the host has no hook to run), and it proceeds.
  await page.fill('#user', 'vallblanca');
  await page.fill('#password', 'openbravo');
  await page.click('#login-button');
  await expect(page.locator('#ticket-screen')).toBeVisible();
});

test('when the guard\'s files are missing the login proceeds, and the reason is logged, on the verdict and on the screen', async ({ page, request }) => {
  const heard = await listen(page);
  await useScenario(request, 'different-pending');
  const missing = `${CENTRAL}/openbravo/web/org.example.missing/js/pkg/`;
  await openPos(page, CENTRAL, `terminal=VBS-1&redirect=0&packageUrl=${encodeURIComponent('../../web/org.example.missing/js/pkg')}`);
  const box = cannotCheckNotice(page);
  await expect(box).toHaveAttribute('lang', 'en');
  await expect(box.getByRole('heading')).toHaveText('The version check cannot run on this till');
  await expect(box).toContainText('The version guard could not be loaded');
  await expect(box).toContainText(`could not be loaded from ${missing}`);
  // The adapter tells central's overview at the login (#39): its report is taken.
  const reported = page.waitForResponse((r) => r.url().endsWith('/api/till-report'));
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 3, status: 'unknown', when: 'login' });
  const report = await reported;
  expect(report.status()).toBe(202);
  expect(JSON.parse(report.request().postData())).toMatchObject({ terminal: 'VBS-1', outcome: 'guardNotLoaded', when: 'login' });
  expect(verdict.cannotCheck).toContain(`the version guard could not be loaded from ${missing}`);
  expect(verdict.diagnostics).toContain(verdict.cannotCheck);
  await expect(page.locator('#ticket-screen')).toBeVisible();
  expect(await heard.unavailable()).toEqual([
    expect.objectContaining({ when: 'startup', cause: 'guardNotLoaded' }),
    expect.objectContaining({ when: 'login', cause: 'guardNotLoaded' }),
  ]);
  expect(heard.warnings.filter((w) => w.includes('The version check cannot run on this till'))).toHaveLength(2);
});

test('the notice that the guard cannot load speaks Spanish when the till does', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL, 'terminal=VBS-1&redirect=0&lang=es_ES&packageUrl=/nowhere/');
  const box = cannotCheckNotice(page);
  await expect(box).toHaveAttribute('lang', 'es');
  await expect(box.getByRole('heading')).toHaveText('La comprobación de versiones no puede ejecutarse en esta caja');
  await expect(box).toContainText('No se ha podido cargar la protección de versiones');
});

test('the demo\'s hook manager is Openbravo\'s: plain functions only, the final callback with (args, []) whenever the chain reaches it', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  const seen = await page.evaluate(() => {
    const hooks = window.OB.UTIL.HookManager;
    let refused = null;
    try {
      hooks.registerHook('T', async function () {});
    } catch (error) {
      refused = `${error.constructor.name}: ${error.message}`;
    }
    const calls = [];
    hooks.registerHook('T', function first(args, callbacks) { calls.push('first'); hooks.callbackExecutor(args, callbacks); });
    hooks.registerHook('T', function flagged(args, callbacks) {
      calls.push('second');
      args.cancellation = true;
      hooks.callbackExecutor(args, callbacks);
    });
    const args = {};
    let final = null;
    hooks.executeHooks('T', args, function () {
      final = { count: arguments.length, same: arguments[0] === args, rest: arguments[1], cancellation: args.cancellation };
    });
    return { refused, calls, final };
  });
  expect(seen.refused).toMatch(/^TypeError: /);
  expect(seen.calls).toEqual(['first', 'second']);
  expect(seen.final).toEqual({ count: 2, same: true, rest: [], cancellation: true });
});

test('a hook that sets args.cancellation but continues the chain opens the POS window: only not continuing stops it', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  await page.evaluate(() => {
    const hooks = window.OB.UTIL.HookManager;
    hooks.registerHook('OBPOS_LoadPOSWindow', function (args, callbacks) {
      args.cancellation = true;
      hooks.callbackExecutor(args, callbacks);
    });
  });
  const verdict = await logIn(page);
  expect(verdict.outcome).toBe('proceed');
  await expect(page.locator('#ticket-screen')).toBeVisible();
});
