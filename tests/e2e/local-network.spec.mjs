// Chrome's Local Network Access on a real till: a WebPOS loaded from a central on a public
// address asks the store server on the shop's LAN, which Chrome 142 and later allow only with
// the user's permission or the LocalNetworkAccessAllowedForUrls policy. Here central counts as
// public (Chromium's --ip-address-space-overrides) and the stores, on loopback, as local.
// Headless Chromium answers the permission prompt with "deny" unless a test grants it.
import { readdirSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { CENTRAL_PORT, CHROMIUM } from '../../playwright.config.mjs';
import { CENTRAL, POS_PATH, useScenario, patchServer, openPos, logIn, logOut } from './sim.mjs';

const PUBLIC_CENTRAL = `--ip-address-space-overrides=127.0.0.1:${CENTRAL_PORT}=public`;
const REFUSED = 'this browser refused local network access to the store server';
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/webpos-version-guard-e2e.json`;

test.use({ launchOptions: { ...CHROMIUM, args: [...CHROMIUM.args, PUBLIC_CENTRAL] } });
test.describe.configure({ mode: 'serial' });

const grant = (page) => page.context().grantPermissions(['local-network-access'], { origin: CENTRAL });
const startupVerdict = (page) => page.evaluate(() => window.__verdicts.filter((v) => v.when === 'startup').at(-1));

test('denied: before credentials the till says the check cannot run and why; the login proceeds, the refusal named', async ({ page, request }) => {
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.addInitScript(() => {
    window.__unavailable = [];
    document.addEventListener('webpos-version-guard:unavailable', (e) => window.__unavailable.push(e.detail));
  });
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  const startup = await startupVerdict(page);
  expect(startup).toMatchObject({ outcome: 'proceed', rule: 3, status: 'unknown' });
  expect(startup.error).toContain(REFUSED);
  expect(startup.cannotCheck).toContain('LocalNetworkAccessAllowedForUrls');
  const box = page.locator('[data-webpos-version-guard-notice="cannot-check"]');
  await expect(box.getByRole('heading')).toHaveText('The version check cannot run on this till');
  await expect(box).toContainText('This browser refused access to the store server on the shop\'s local network');
  await expect(box).toContainText(REFUSED);

  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 3, status: 'unknown', when: 'login' });
  expect(verdict.error).toBe(`store version information unavailable: ${REFUSED}`);
  expect(verdict.diagnostics).toContain(verdict.cannotCheck);
  await expect(page.locator('#ticket-screen')).toBeVisible();
  expect(await page.evaluate(() => window.__unavailable.map((u) => `${u.when} ${u.cause}`)))
    .toEqual(['startup localNetworkRefused', 'login localNetworkRefused']);
  expect(warnings.filter((w) => w.includes(REFUSED))).toHaveLength(2);

  // In Spanish too, on the login screen (logged out first: a kept token would log back in).
  await logOut(page);
  await page.goto(`${CENTRAL}${POS_PATH}?terminal=VBS-1&redirect=0&lang=es_ES`);
  await expect(box).toHaveAttribute('lang', 'es');
  await expect(box.getByRole('heading')).toHaveText('La comprobación de versiones no puede ejecutarse en esta caja');
  await expect(box).toContainText('Este navegador ha denegado el acceso al servidor de tienda');
});

test('granted by the user: the blocking cases block as they do on a LAN (rows 6 and 7)', async ({ page, request }) => {
  await grant(page);
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  expect(await startupVerdict(page)).toMatchObject({ outcome: 'block', rule: 6, cannotCheck: null });
  await expect(page.locator('[data-webpos-version-guard-notice="blocked"]')).toBeVisible();
  expect(await logIn(page)).toMatchObject({ outcome: 'block', rule: 6, loggedOut: true, cannotCheck: null });
  await expect(page.getByRole('alertdialog')).toBeVisible();

  await page.evaluate(() => sessionStorage.clear());
  await patchServer(request, 'store1', { pendingError: 'the import queue is not readable' });
  await openPos(page, CENTRAL);
  expect(await logIn(page)).toMatchObject({ outcome: 'block', rule: 7, cannotCheck: null });
});

test('granted: a store that is down reads as unreachable, not as refused', async ({ page, request }) => {
  await grant(page);
  await useScenario(request, 'store-offline');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 3, cannotCheck: null });
  expect(verdict.error).toContain('network error');
  expect(verdict.error).not.toContain('local network');
});

test('granted by the managed browser\'s policy (LocalNetworkAccessAllowedForUrls): the login is blocked', async ({ playwright, request }) => {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(POLICY_FILE, JSON.stringify({ LocalNetworkAccessAllowedForUrls: [CENTRAL] }));
  } catch (error) {
    test.skip(true, `cannot write Chromium's managed policy (${POLICY_FILE}: ${error.code}); run as root`);
  }
  const browser = await playwright.chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, PUBLIC_CENTRAL] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await useScenario(request, 'different-pending');
    await openPos(page, CENTRAL);
    expect(await page.evaluate(() => navigator.permissions.query({ name: 'local-network-access' }).then((s) => s.state)))
      .toBe('granted');
    expect(await logIn(page)).toMatchObject({ outcome: 'block', rule: 6, loggedOut: true, cannotCheck: null });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    rmSync(POLICY_FILE, { force: true });
    if (readdirSync(POLICY_DIR).length === 0) rmSync(POLICY_DIR, { recursive: true, force: true });
  }
});
