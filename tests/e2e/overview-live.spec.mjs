// The overview while an admin watches an update (issue #15): refreshes that follow the stores,
// what changed marked, the pictures, the auto-refresh and its pause, the details panel, stable
// rows and the Spanish page, against the simulator's `mixed` scenario in headless Chromium.
import { test, expect } from './fixtures.mjs';
import { ADMIN, useScenario, patchServer } from './sim.mjs';

const WEB_POS = 'FF8080812E2F8B44012E2FD0A4A4000D';
const MOBILE_CORE = 'FF8080812D842086012D844F3CC0003E';

test.describe.configure({ mode: 'serial' });

async function openOverview(page, query = '') {
  // refresh=0: no auto-refresh unless a test asks for one.
  await page.goto(`${ADMIN}?timeout=2000&refresh=0${query}`);
  await passes(page, 1);
}

/** Waits until `n` passes over the stores have finished. */
async function passes(page, n, timeout = 15_000) {
  await page.waitForFunction((n) => Number(document.body.dataset.passes ?? 0) >= n, n, { timeout });
}

function row(page, key) {
  return page.locator(`#rows tr[data-key="${key}"]`);
}

function cellText(page, key, col) {
  return row(page, key).locator(`[data-col=${col}]`).textContent();
}

test("a refresh follows a store's new version and pending count: its row, its mark, the pictures and the counts", async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await expect(page.locator('#summary')).toHaveText(
    'Same as Central: 3 · Different from Central: 4 · Unknown: 3 · Data pending to sync: 17 batches · Blocking logins now: 2');
  const centralBar = page.locator('#version-chart .bar.central');
  await expect(centralBar).toContainText('· central');
  const centralStores = Number((await centralBar.locator('text').nth(1).textContent()).match(/\d+/)[0]);
  await expect(page.locator('#live-status')).toHaveText(/^Table checked at \d\d:\d\d:\d\d$/);
  await expect(row(page, 'store1')).not.toHaveAttribute('data-changed');

  // Vall Blanca Store upgrades to central's versions and sends most of its data; Vall Blanca
  // North piles up more.
  await patchServer(request, 'store1', { versions: { [WEB_POS]: '1.8.4600', [MOBILE_CORE]: '1.1.3450' }, pendingBatches: 1 });
  await patchServer(request, 'store2', { pendingBatches: 20 });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await passes(page, 2);

  expect(await cellText(page, 'store1', 'versionStatus')).toBe('Same as Central');
  expect(await cellText(page, 'store1', 'pendingBatches')).toBe('1 · draining');
  expect(await cellText(page, 'store2', 'pendingBatches')).toBe('20 · growing');
  expect(await cellText(page, 'store3', 'pendingBatches')).toBe('0 · steady');
  await expect(row(page, 'store1')).toHaveAttribute('data-changed', 'versionStatus version pendingBatches');
  await expect(row(page, 'store2')).toHaveAttribute('data-changed', 'pendingBatches');
  await expect(row(page, 'store3')).not.toHaveAttribute('data-changed');
  // The mark is a word, with what changed in its accessible name.
  const mark = row(page, 'store1').locator('.changed');
  await expect(mark).toHaveText('changed');
  await expect(mark).toHaveAttribute('aria-label', 'changed since the last refresh: version status, version, pending data');

  await expect(page.locator('#summary')).toHaveText(
    'Same as Central: 4 · Different from Central: 3 · Unknown: 3 · Data pending to sync: 23 batches · Blocking logins now: 1 · 2 changed since the last refresh');
  await expect(centralBar.locator('text').nth(1)).toHaveText(`${centralStores + 1} stores`);
  // The session's pending picture: one point per pass, 17 then 23, growing, said in words too.
  await expect(page.locator('#pending-chart circle')).toHaveCount(2);
  await expect(page.locator('#pending-chart desc')).toHaveText('17 batches → 23 batches (2); trend: growing');
  await expect(page.locator('#pending-chart text.value')).toHaveText('23 (growing)');

  // The store's own picture, in its details.
  await page.getByRole('button', { name: 'Vall Blanca Store (store1)' }).click();
  await expect(page.locator('#store-pending-chart circle')).toHaveCount(2);
  await expect(page.locator('#store-pending-chart desc')).toHaveText('3 batches → 1 batch (2); trend: draining');
});

test('auto-refresh runs at the interval picked, and pauses while the tab is hidden', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await page.goto(`${ADMIN}?timeout=1000&refresh=2`);
  await expect(page.locator('#auto-refresh')).toHaveValue('2');
  await passes(page, 2, 20_000);
  await expect(page.locator('#live-status')).toHaveText(/^Table checked at [\d:]+ · next refresh at [\d:]+$/);
  expect(await page.evaluate(() => document.body.dataset.autoRefresh)).toBe('on');

  // The tab is hidden: no pass starts until it is shown again.
  const hide = (hidden) => page.evaluate((hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await page.waitForFunction(() => !document.getElementById('refresh').disabled); // between passes
  await hide(true);
  const paused = Number(await page.evaluate(() => document.body.dataset.passes));
  await expect(page.locator('#live-status')).toContainText('auto-refresh paused while this tab is hidden');
  await page.waitForTimeout(5_000);
  expect(Number(await page.evaluate(() => document.body.dataset.passes))).toBe(paused);
  // Shown again: the pass that was due runs at once.
  await hide(false);
  await passes(page, paused + 1, 5_000);

  // The interval picked is kept for the next visit; Off stops the passes.
  await page.selectOption('#auto-refresh', '0');
  await page.goto(`${ADMIN}?timeout=1000`);
  await expect(page.locator('#auto-refresh')).toHaveValue('0');
  await passes(page, 1);
  await page.waitForTimeout(3_000);
  expect(await page.evaluate(() => document.body.dataset.passes)).toBe('1');
  await expect(page.locator('#live-status')).toHaveText(/^Table checked at [\d:]+$/);
});

test('the details open beside the selected row, with the focus on them; Escape returns to the row', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  const button = page.getByRole('button', { name: 'Terrassa (store4)' });
  await button.click();
  const details = page.getByRole('complementary', { name: 'Terrassa (store4)' });
  await expect(details).toBeVisible();
  await expect(page.locator('#details-title')).toBeFocused();
  // Beside the row, in view, not below the table.
  const rowBox = await row(page, 'store4').locator('th').boundingBox();
  const panel = await details.boundingBox();
  const viewport = page.viewportSize();
  expect(panel.x).toBeGreaterThan(rowBox.x + rowBox.width);
  expect(panel.y).toBeLessThan(viewport.height);
  expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(viewport.height);
  await expect(page.locator('#d-differences')).toHaveText(/^not reachable from this browser \(network error/);
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(button).toBeFocused();
});

for (const [lang, checks] of [
  ['en', { store5: ['transitioning (going online)', 'in progress', 'Different from Central'], summary: /^Same as Central: 3 · /, header: 'Checked at' }],
  ['es', { store5: ['en transición (a en línea)', 'en curso', 'Diferente de Central'], summary: /^Igual que Central: 3 · Diferente de Central: 4 · Desconocido: 3 · Datos pendientes de sincronizar: 17 lotes · /, header: 'Hora de consulta' }],
]) {
  test(`at 1024×768 in ${lang}: every row one height, every label whole (no word broken or cut)`, async ({ page, request }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await useScenario(request, 'mixed');
    await openOverview(page, `&lang=${lang}`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const store5 = ['serverStatus', 'reloadStatus', 'versionStatus'].map((col) => cellText(page, 'store5', col));
    expect(await Promise.all(store5)).toEqual(checks.store5);
    await expect(page.locator('#summary')).toHaveText(checks.summary);
    await expect(page.getByRole('columnheader', { name: checks.header })).toBeVisible();
    const layout = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('#rows tr')];
      const heights = new Set(rows.map((tr) => tr.getBoundingClientRect().height));
      // The page's own words: they wrap between words only, so a cell that overflows holds a
      // word wider than itself (or more lines than the row has).
      const labels = [...document.querySelectorAll('#rows td[data-col=serverStatus], #rows td[data-col=reloadStatus], #rows td[data-col=versionStatus], #rows td[data-col=pendingBatches], #rows td[data-col=checkedAt], #overview thead button')];
      const cut = labels.filter((c) => c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1).map((c) => c.textContent);
      return { heights: [...heights], cut };
    });
    expect(layout.heights).toHaveLength(1);
    expect(layout.cut).toEqual([]);
  });
}
