// Accessibility (axe-core: WCAG 2.1 A and AA rules and axe's best practices) of what a cashier and an admin see: the
// login page, the startup notice, the block message, and the overview (default, filtered, a
// store selected).
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.mjs';
import { ADMIN, CENTRAL, useScenario, openPos, logIn, openOverview } from './sim.mjs';

async function violations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the login page, the startup notice and the block message have no violations', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  expect(await violations(page)).toEqual([]);

  await useScenario(request, 'different-pending');
  await page.reload();
  await expect(page.locator('[data-webpos-version-guard-notice]')).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await logIn(page);
  await expect(page.getByRole('alertdialog')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the overview has no violations: its login form, default, filtered, a store selected, by module, who did what', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await page.goto(ADMIN);
  await expect(page.locator('#login-form')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await openOverview(page);
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: 10_000 });
  expect(await violations(page)).toEqual([]);
  await page.selectOption('#filter', 'blocking');
  expect(await violations(page)).toEqual([]);
  await page.selectOption('#filter', '');
  await page.getByRole('button', { name: 'Vall Blanca Store (store1)' }).click();
  await expect(page.locator('#module-rows tr').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.locator('#by-module-rows tr').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  // Who did what, after a Refresh now.
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await page.getByRole('button', { name: 'Show the log' }).click();
  await expect(page.locator('#actions-rows tr').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the overview announces its progress politely, at most every few seconds', async ({ page, request }) => {
  await useScenario(request, 'many-stores');
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const region = document.getElementById('progress-announce');
      new MutationObserver(() => { window.__regionChanges = (window.__regionChanges ?? 0) + 1; })
        .observe(region, { subtree: true, childList: true, characterData: true });
    });
  });
  const started = Date.now();
  await openOverview(page);
  // Polled by a cheap function: a locator on <body> previews the whole 2,000-row page per poll.
  await page.waitForFunction(() => document.body.dataset.complete === 'true', null, { timeout: 30_000 });
  const seconds = (Date.now() - started) / 1000;
  const changes = await page.evaluate(() => window.__regionChanges ?? 0);
  await expect(page.locator('#progress-announce')).toHaveText(/^2,000 stores checked; the last pass ended at/);
  await expect(page.locator('#progress-announce')).toHaveAttribute('aria-live', 'polite');
  // One at the start, about one every 5 s, and the last one.
  expect(changes).toBeLessThanOrEqual(Math.ceil(seconds / 5) + 2);
});
