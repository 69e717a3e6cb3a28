// The shared fixture's own checks can fail: each test here provokes one thing it must catch,
// and is marked as expected to fail (test.fail), so a fixture that stopped catching it shows.
import { test } from './fixtures.mjs';
import { CENTRAL, openPos } from './sim.mjs';

test.fail('a console.error call fails the test', async ({ page }) => {
  await openPos(page, CENTRAL);
  await page.evaluate(() => console.error('provoked'));
  await page.waitForTimeout(200);
});

test.fail('an uncaught error fails the test', async ({ page }) => {
  await openPos(page, CENTRAL);
  await page.evaluate(() => setTimeout(() => { throw new Error('provoked'); }));
  await page.waitForTimeout(200);
});

test.fail('an unhandled rejection fails the test', async ({ page }) => {
  await openPos(page, CENTRAL);
  await page.evaluate(() => { Promise.reject(new Error('provoked')); });
  await page.waitForTimeout(200);
});

test.fail('a CSP violation fails the test', async ({ page }) => {
  await openPos(page, CENTRAL);
  await page.evaluate(() => { try { document.body.innerHTML = '<b>x</b>'; } catch { /* reported anyway */ } });
  await page.waitForTimeout(200);
});
