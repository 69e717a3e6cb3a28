// The cashier's side of a block (issue #20), through the adapter and the demo WebPOS: no false
// alarm when a hot fix is set after the till's last login, the hot-fix rule on the host's path
// too, the message in plain words with the details for IT on demand, the login screen's way
// back to store mode once the message is closed, and the till's tickets explained.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, useScenario, patchServer, openPos, logIn } from './sim.mjs';

const notice = (page) => page.locator('[data-webpos-version-guard-notice]');
const dialog = (page) => page.getByRole('alertdialog');
const lastVerdict = (page, when) =>
  page.evaluate((when) => window.__verdicts.filter((v) => v.when === when).at(-1), when);

test.describe.configure({ mode: 'serial' });

test('a hot fix set after the till\'s last login: no notice at the start, and the login proceeds', async ({ page, request }) => {
  // The till's last login was blocked (the preference was not set then: N is remembered).
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  expect(await logIn(page)).toMatchObject({ outcome: 'block', ignoreVersionCheck: 'notSet' });
  await expect(dialog(page)).toBeVisible();
  // The admin sets ignore-version-check = Y in the client, then installs the hot fix; the till
  // starts afresh (a new tab session: the refused login's record is for that session only).
  await useScenario(request, 'hotfix-preference');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const startup = await lastVerdict(page, 'startup');
  expect(startup).toMatchObject({ outcome: 'proceed', rule: 2, ignoreVersionCheck: 'honouredY' });
  expect(startup.diagnostics).toContain("Before login, central says EXVG_IgnoreVersionCheck for this terminal's client is Y (record PREF-HOTFIX).");
  await expect(notice(page)).toHaveCount(0);
  await expect(dialog(page)).toHaveCount(0);
  expect(await logIn(page)).toMatchObject({ outcome: 'proceed', rule: 2 });
  await expect(page.locator('#ticket-screen')).toBeVisible();
});

test('a till that never logged in hears about the hot fix from central: no notice', async ({ page, request }) => {
  await useScenario(request, 'hotfix-preference');
  await openPos(page, CENTRAL);
  expect(await lastVerdict(page, 'startup')).toMatchObject({ outcome: 'proceed', rule: 2 });
  await expect(notice(page)).toHaveCount(0);
});

test('a login refused in this tab session is not overruled by the preference as told before login', async ({ page, request }) => {
  await useScenario(request, 'hotfix-preference');
  await openPos(page, CENTRAL);
  // The records cannot be read at login: the check runs, and blocks.
  await patchServer(request, 'central', { faults: [{ kind: 'http500', service: 'Preferences' }] });
  expect(await logIn(page)).toMatchObject({ outcome: 'block', ignoreVersionCheck: 'unavailable' });
  // After the reload, central's client-level Y does not hide the refusal: the message is back.
  const startup = await lastVerdict(page, 'startup');
  expect(startup).toMatchObject({ rule: 2 });
  expect(startup.diagnostics.join('\n')).toContain('is not overruled by the preference as told before login');
  await expect(dialog(page)).toBeVisible();
});

test('a system-level true from the host does not skip the check, and the diagnostics say why', async ({ page, request }) => {
  await useScenario(request, 'misconfigured-preference');
  await openPos(page, CENTRAL);
  // Before login: nothing in force for the client, so the notice warns.
  await expect(notice(page)).toBeVisible();
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6, ignoreVersionCheck: 'notHonoured' });
  const said = verdict.diagnostics.join('\n');
  expect(said).toContain("The WebPOS's permissions say EXVG_IgnoreVersionCheck is true (Y); the guard does not skip the check on it");
  expect(said).toContain('set it in your own client, not at system level (client/organization 0)');
});

test('the message: plain words first, the details for IT on demand, one button to dismiss', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  const box = dialog(page);
  await expect(box.getByRole('heading', { level: 2 })).toHaveText('Work in store mode for now');
  await expect(box).toContainText("This till was updated before the shop's server, and the shop's server still has sales to send to head office.");
  await expect(box).toContainText('Work in store mode until the update ends. Store mode runs this till straight from the shop\'s own server');
  // No version, count or module name in what the cashier reads first.
  const details = box.locator('details');
  await expect(details).not.toHaveAttribute('open');
  for (const technical of [verdict.centralVersion, verdict.storeVersion, 'Web POS', 'batch']) {
    await expect(box.getByText(technical, { exact: false })).toBeHidden();
  }
  await details.getByText('Details for IT').click();
  await expect(details).toContainText(`Server version of central (this WebPOS): ${verdict.centralVersion}.`);
  await expect(details).toContainText('Version check, rule 6:');
  await expect(details.getByRole('table')).toContainText('Web POS');
  await expect(box.getByRole('button')).toHaveCount(1);
});

test('after the message is closed the login screen keeps store mode one click away, until the till is no longer blocked', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL, 'terminal=VBS-1&redirect=3');
  const verdict = await logIn(page);
  // Escape (or Close) dismisses the message and stops the countdown.
  await expect(dialog(page)).toContainText(/Opening store mode in [1-3] s/);
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  const box = notice(page);
  await expect(box).toHaveAttribute('data-webpos-version-guard-notice', 'blocked');
  await expect(box.getByRole('link', { name: 'Open store mode' })).toHaveAttribute('href', verdict.storeModeUrl);
  await page.waitForTimeout(4_000);
  expect(new URL(page.url()).origin).toBe(CENTRAL);
  // A reload while still blocked: the notice, not the message again.
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(notice(page)).toBeVisible();
  await expect(dialog(page)).toHaveCount(0);
  // Close instead of Escape: the same.
  expect(await logIn(page)).toMatchObject({ outcome: 'block' });
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(notice(page).getByRole('link', { name: 'Open store mode' })).toBeVisible();
  // The update is over: the next check finds the till no longer blocked, and the notice goes.
  await useScenario(request, 'same-version');
  expect(await logIn(page)).toMatchObject({ outcome: 'proceed', rule: 4 });
  await expect(notice(page)).toHaveCount(0);
});

test('the message says the till\'s tickets stay in the WebPOS from central, with the host\'s counts', async ({ page, request }) => {
  // Two paid tickets not yet sent and one unpaid ticket, made while everything was fine.
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  await logIn(page);
  await page.click('#new-ticket');
  await page.click('#new-ticket');
  await page.click('#new-open-ticket');
  await expect(page.locator('#open-count')).toHaveText('1');
  await useScenario(request, 'different-pending');
  // Back at the login screen without the WebPOS's logout (it would delete the unpaid ticket).
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(notice(page)).toContainText('On this till now: 1 unpaid ticket and 2 paid tickets not yet sent.');
  await logIn(page);
  await expect(dialog(page)).toContainText('Tickets started on this till are not lost: they stay in the WebPOS opened from head office, and come back when you open it from head office again. On this till now: 1 unpaid ticket and 2 paid tickets not yet sent.');
  // In Spanish too.
  await dialog(page).getByRole('button').click();
  await page.evaluate(() => sessionStorage.clear());
  await openPos(page, CENTRAL, 'terminal=VBS-1&redirect=0&lang=es_ES');
  await expect(notice(page)).toContainText('En esta caja ahora: 1 ticket sin pagar y 2 tickets pagados aún sin enviar.');
});
