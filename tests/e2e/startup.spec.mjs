// At the WebPOS's start, before credentials (guardStartup through the adapter): a calm notice
// exactly when a login would be blocked, none during an honoured hot fix (the value last seen
// at a login on this till counts), the recorded block back after the reload, and cleared once
// the till is no longer blocked.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, POS_PATH, useScenario, storeOrigin, openPos, logIn, logOut } from './sim.mjs';

const notice = (page) => page.locator('[data-webpos-version-guard-notice]');
const startupVerdict = (page) => page.evaluate(() => window.__verdicts.filter((v) => v.when === 'startup').at(-1));

test('a notice before credentials when a login would be blocked, with store mode one click away', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  const box = notice(page);
  await expect(box).toBeVisible();
  await expect(box).toHaveAttribute('lang', 'en');
  await expect(box.getByRole('heading')).toHaveText('Use store mode on this till for now');
  await expect(box).toContainText("the shop's server still has sales to send to head office");
  await expect(page.getByRole('alertdialog')).toHaveCount(0); // calm: not modal
  await expect(page.locator('#user')).toBeEditable();
  expect(await startupVerdict(page)).toMatchObject({ outcome: 'block', rule: 6, when: 'startup' });
  const store = await storeOrigin(request, 'store1');
  await box.getByRole('link', { name: 'Open store mode' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`${store}${POS_PATH}?terminal=VBS-1&lang=en_US`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(notice(page)).toHaveCount(0); // store mode: nothing to say
});

test('the notice speaks Spanish when the till does', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL, 'terminal=VBS-1&redirect=0&lang=es_ES');
  await expect(notice(page)).toHaveAttribute('lang', 'es');
  await expect(notice(page).getByRole('link', { name: 'Abrir modo tienda' })).toHaveAttribute('href', /lang=es_ES$/);
});

test('no notice when a login would proceed', async ({ page, request }) => {
  for (const scenario of ['same-version', 'different-no-pending']) {
    await useScenario(request, scenario);
    await openPos(page, CENTRAL);
    expect((await startupVerdict(page)).outcome).toBe('proceed');
    await expect(notice(page)).toHaveCount(0);
  }
});

test('after a block the reload brings the message back; once no longer blocked it is cleared', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'block', loggedOut: true });
  const box = page.getByRole('alertdialog');
  await expect(box).toBeVisible();
  await expect(box.getByRole('link', { name: 'Open store mode' })).toBeFocused();
  expect((await startupVerdict(page)).diagnostics).toContain('The block recorded before the logout is shown again.');
  await expect(notice(page)).toHaveCount(0); // the message, not both

  // A reload while still blocked: the message again.
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(box).toBeVisible();

  // The update finished: the next start clears the record, and shows nothing.
  await useScenario(request, 'same-version');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(box).toHaveCount(0);
  expect((await startupVerdict(page)).diagnostics.join('\n')).toContain('no longer holds; it was cleared');
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('webpos-version-guard:block:')))).toEqual([]);
});

test('a tampered block record is ignored, not trusted', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  await page.evaluate(() => sessionStorage.setItem('webpos-version-guard:block:VBS-1', '{"format":1,"terminal":"VBS-1","storeModeUrl":"javascript:alert(1)"}'));
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect((await startupVerdict(page)).diagnostics.join('\n')).toContain('A stored block record was ignored');
});
