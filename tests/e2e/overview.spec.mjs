// The Store Server Version Overview against the simulator's `mixed` scenario (and the
// generated 2,000 stores), in headless Chromium.
import { test, expect } from './fixtures.mjs';
import { readFileSync } from 'node:fs';
import { ADMIN, useScenario } from './sim.mjs';

const TIMEOUT = 2000;

async function openOverview(page, query = `timeout=${TIMEOUT}`) {
  await page.goto(`${ADMIN}?${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

function row(page, key) {
  return page.locator(`#rows tr[data-key="${key}"]`);
}

async function columns(page, key) {
  const cells = row(page, key).locator('th, td');
  const texts = await cells.allTextContents();
  const [server, serverStatus, reloadStatus, versionStatus, version, pending, checkedAt, differences] = texts;
  return { server, serverStatus, reloadStatus, versionStatus, version, pending, checkedAt, differences };
}

test.describe.configure({ mode: 'serial' });

test('every column, for stores in every state; a hanging store ends Unknown within the time limit', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  const started = Date.now();
  await openOverview(page);
  // The nine stores that answer (or refuse) are in before the hanging one times out.
  await expect(page.locator('#progress')).toHaveText('9 of 10 stores checked', { timeout: TIMEOUT });
  expect((await columns(page, 'store7')).versionStatus).toBe('Checking…');
  await expect(page.locator('#progress')).toHaveText('10 of 10 stores checked', { timeout: TIMEOUT + 2000 });
  expect(Date.now() - started).toBeLessThan(TIMEOUT + 3000);

  const store1 = await columns(page, 'store1');
  expect(store1).toMatchObject({
    server: 'Vall Blanca Store (store1)', serverStatus: 'online', reloadStatus: 'done',
    versionStatus: 'Different from Central', pending: '3',
    differences: 'Mobile Core (central 1.1.3450, store 1.1.3400); Web POS (central 1.8.4600, store 1.8.4503)',
  });
  expect(store1.version).toMatch(/^\d+\.\d+\.\d+ #[0-9a-f]{8}$/);
  expect(await columns(page, 'store2')).toMatchObject({ versionStatus: 'Same as Central', pending: '12', differences: '—' });
  expect(await columns(page, 'store3')).toMatchObject({ versionStatus: 'Different from Central', pending: '0' });
  const offline = await columns(page, 'store4');
  expect(offline).toMatchObject({ serverStatus: 'offline', reloadStatus: '—', versionStatus: 'Unknown', version: '—', pending: '—' });
  expect(offline.differences).toMatch(/^not reachable from this browser \(network error/);
  expect(await columns(page, 'store5')).toMatchObject({ serverStatus: expect.stringMatching(/^transitioning \(going (on|off)line\)$/), reloadStatus: 'in progress', versionStatus: 'Different from Central', pending: '2' });
  expect(await columns(page, 'store6')).toMatchObject({ serverStatus: expect.stringMatching(/^transitioning \(going (on|off)line\)$/), versionStatus: 'Same as Central' });
  // One request per store (StoreStatus): a store that does not answer has no pending count either.
  expect(await columns(page, 'store7')).toMatchObject({ versionStatus: 'Unknown', differences: `timed out after ${TIMEOUT} ms`, pending: '—' });
  expect(await columns(page, 'store8')).toMatchObject({ versionStatus: 'Unknown', differences: 'HTTP 500' });
  expect(await columns(page, 'store9')).toMatchObject({ versionStatus: 'Different from Central', differences: 'Web POS (central 1.8.4600, store 1.8.4400)' });
  // Vic lacks a module central has and has one of its own: listed, though the version status
  // counts common modules only (the seed's rule).
  const vic = await columns(page, 'store10');
  expect(vic.versionStatus).toBe('Same as Central');
  expect(vic.differences).toMatch(/ \(not on the store; central [\d.]+\); Local Loyalty Cards \(not on central; store 1\.0\.12\)$/);
  await expect(page.locator('#summary')).toHaveText(
    'Same as Central: 3 · Different from Central: 4 · Unknown: 3 · Data pending to sync: 17 batches · Blocking logins now: 2');
  // Checked at, per row, as the time of day.
  expect(store1.checkedAt).toMatch(/^\d\d:\d\d:\d\d$/);
  // Proper table headers.
  await expect(page.getByRole('columnheader')).toHaveCount(8);
  await expect(page.getByRole('rowheader', { name: 'Vall Blanca Store (store1)' })).toBeVisible();
});

test('server details and Modules by Server for one store', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: TIMEOUT + 3000 });
  await page.getByRole('button', { name: 'Vall Blanca Store (store1)' }).click();
  const details = page.locator('#details');
  await expect(details.getByRole('heading', { level: 2 })).toHaveText('Vall Blanca Store (store1)');
  await expect(page.locator('#d-version-status')).toHaveText('Different from Central');
  await expect(page.locator('#d-status')).toHaveText('online (ON)');
  await expect(page.locator('#modules-note')).toHaveText('7 module(s); 2 differ from central.');
  const lines = page.locator('#module-rows tr');
  await expect(lines).toHaveCount(7);
  const webPos = page.locator('#module-rows tr', { hasText: 'Web POS' });
  await expect(webPos).toHaveClass(/differs/);
  await expect(webPos.locator('td')).toHaveText(['org.openbravo.retail.posterminal', '1.8.4503', '1.8.4600', 'Differs']);
  const core = page.locator('#module-rows tr', { hasText: 'org.openbravo' }).first();
  await expect(core.locator('td').nth(3)).toHaveText('');
});

test('Recompute Version Information turns a stale row current', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: TIMEOUT + 3000 });
  expect((await columns(page, 'store9')).versionStatus).toBe('Different from Central');
  await page.getByRole('button', { name: 'Manresa (store9)' }).click();
  const computedBefore = await page.locator('#d-computed').textContent();
  await page.getByRole('button', { name: 'Recompute Version Information' }).click();
  await expect(page.locator('#recompute-outcome')).toContainText('Version information recomputed (20');
  // The row's computed-at moves on.
  await expect(page.locator('#d-computed')).not.toHaveText(computedBefore);
  await expect.poll(async () => (await columns(page, 'store9')).versionStatus).toBe('Same as Central');
  await expect(page.locator('#d-version-status')).toHaveText('Same as Central');
  await expect(page.locator('#summary')).toContainText('Same as Central: 4 · Different from Central: 3');
  // A store that is down reports the failure.
  await page.getByRole('button', { name: 'Terrassa (store4)' }).click();
  await page.getByRole('button', { name: 'Recompute Version Information' }).click();
  await expect(page.locator('#recompute-outcome')).toContainText('Recompute failed: network error');
  // A store that recomputes but then cannot answer its version information (HTTP 500) is no
  // success either.
  await page.getByRole('button', { name: 'Reus (store8)' }).click();
  await page.getByRole('button', { name: 'Recompute Version Information' }).click();
  await expect(page.locator('#recompute-outcome')).toContainText('Recompute failed: the store recomputed its version information, but reading it again failed: HTTP 500');
});

test('sorting, filtering and the CSV export', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: TIMEOUT + 3000 });
  const pendingColumn = async () =>
    page.locator('#rows tr:not([hidden]) td[data-col=pendingBatches]').allTextContents();
  const header = page.getByRole('columnheader', { name: 'Data Pending to sync' });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  expect(await pendingColumn()).toEqual(['0', '0', '0', '0', '2', '3', '12', '—', '—', '—']);
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  expect(await pendingColumn()).toEqual(['12', '3', '2', '0', '0', '0', '0', '—', '—', '—']);

  await page.getByRole('button', { name: 'Server', exact: true }).click();
  await page.selectOption('#filter', 'unknown');
  const visibleKeys = () => page.locator('#rows tr:not([hidden])').evaluateAll((trs) => trs.map((tr) => tr.dataset.key));
  expect(await visibleKeys()).toEqual(['store8', 'store7', 'store4']); // Reus, Tarragona, Terrassa
  await page.selectOption('#filter', 'same');
  expect(await visibleKeys()).toEqual(['store6', 'store2', 'store10']);

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^store-server-versions-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true); // spreadsheets read non-ASCII names right
  const csv = text.slice(1).split('\r\n');
  expect(csv[0]).toBe('Server,Name,Server Status,Reload Status,Version Status,Version,Data Pending to sync,Differences,Error,Checked at,URL');
  expect(csv).toHaveLength(3 + 2); // header, three rows, trailing empty
  expect(csv[1]).toMatch(/^store6,Lleida,transitioning \(going (on|off)line\),done,Same as Central,\d+\.\d+\.\d+ #[0-9a-f]{8},0,,,20\d\d-\d\d-\d\dT[\d:.]+Z,http:\/\/127\.0\.0\.1:\d+\/openbravo$/);
  await page.selectOption('#filter', '');
  const all = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const rows = readFileSync(await (await all).path(), 'utf8').split('\r\n');
  expect(rows).toHaveLength(10 + 2);
  expect(rows.find((l) => l.startsWith('store1,'))).toContain(',3,"Mobile Core (central 1.1.3450, store 1.1.3400); Web POS (central 1.8.4600, store 1.8.4503)",,20');
  // An error goes in its own column, not in Differences.
  expect(rows.find((l) => l.startsWith('store8,'))).toMatch(/,,,HTTP 500,20\d\d-/);
});

test('the overview works by keyboard alone', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: TIMEOUT + 3000 });
  await page.getByRole('button', { name: 'Girona (store5)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#details-title')).toHaveText('Girona (store5)');
  await page.getByRole('button', { name: 'Version Status' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: 'Version Status' })).toHaveAttribute('aria-sort', 'ascending');
});

test('2,000 stores fill the table (time reported)', async ({ page, request }) => {
  await useScenario(request, 'many-stores');
  const started = Date.now();
  await openOverview(page, 'timeout=5000');
  await expect(page.locator('#progress')).toHaveText('2,000 of 2,000 stores checked', { timeout: 30_000 });
  const elapsed = Date.now() - started;
  console.log(`many-stores: the overview filled 2,000 rows in ${elapsed} ms`);
  test.info().annotations.push({ type: 'fill time (ms)', description: String(elapsed) });
  await expect(page.locator('#rows tr')).toHaveCount(2000);
  await expect(page.locator('#summary')).toHaveText(
    /^Same as Central: 1,200 · Different from Central: 600 · Unknown: 200 · Data pending to sync: 2,400 batches · Blocking logins now: [\d,]+$/);
});

test('the stores that would block logins now: a filter, a count and a sort; and a search by name or key', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: TIMEOUT + 3000 });
  const visibleKeys = () => page.locator('#rows tr:not([hidden])').evaluateAll((trs) => trs.map((tr) => tr.dataset.key));
  // Different from Central with data pending: Vall Blanca (3 batches) and Girona (2); Sabadell
  // and Manresa differ with nothing pending, so a login there proceeds.
  await page.selectOption('#filter', 'blocking');
  expect(await visibleKeys()).toEqual(['store5', 'store1']); // Girona, Vall Blanca Store
  await page.selectOption('#filter', '');
  const header = page.getByRole('columnheader', { name: 'Version Status' });
  await header.getByRole('button').click();
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const order = await visibleKeys();
  // Unknown first, then the blocking ones, then the other different ones, then the same.
  expect(order.slice(3, 5).sort()).toEqual(['store1', 'store5']);

  await page.getByRole('button', { name: 'Server', exact: true }).click();
  await page.fill('#search', 'reu');
  expect(await visibleKeys()).toEqual(['store8']); // Reus, by name
  await page.fill('#search', 'STORE1');
  expect((await visibleKeys()).sort()).toEqual(['store1', 'store10']); // by key, any case
  await page.fill('#search', '');
  expect(await visibleKeys()).toHaveLength(10);
});
