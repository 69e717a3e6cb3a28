// The Store Server Version Overview, operated from central: central's collector asks the
// stores (once per pass, however many pages watch) and streams the rows to the page, which
// shows only the rows in view. Against the simulator's `mixed` scenario and many stores, in
// headless Chromium. The collector's time limit here is 2 s (playwright.config.mjs).
import { test, expect } from './fixtures.mjs';
import { readFileSync } from 'node:fs';
import { ADMIN, CENTRAL, useScenario, patchServer, openOverview, logInCentral, openPos, logIn } from './sim.mjs';

const TIMEOUT = 2000;

function row(page, key) {
  return page.locator(`#rows tr[data-key="${key}"]`);
}

async function columns(page, key) {
  const texts = await row(page, key).locator('th, td').allTextContents();
  const [, server, serverStatus, reloadStatus, versionStatus, version, pending, checkedAt, differences] = texts;
  return { server, serverStatus, reloadStatus, versionStatus, version, pending, checkedAt, differences };
}

async function complete(page) {
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: TIMEOUT + 5000 });
}

const visibleKeys = (page) => page.locator('#rows tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.key));

test.describe.configure({ mode: 'serial' });

test('without an admin session the page asks to log in; a cashier is refused; the admin gets in', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await page.goto(ADMIN);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByRole('heading', { name: 'Log in to central' })).toBeVisible();
  await expect(page.locator('#overview-page')).toBeHidden();
  // The stream itself answers 401 without a session.
  const stream = await page.request.get(`${ADMIN}api/stream`);
  expect(stream.status()).toBe(401);
  // A cashier's session: the page says why, and the stream answers 403.
  await logInCentral(page, 'vallblanca');
  await page.reload();
  await expect(page.locator('#login-why')).toContainText('vallblanca is logged in with a role that does not administer the client');
  expect((await page.request.get(`${ADMIN}api/stream`)).status()).toBe(403);
  // The admin logs in through the form.
  await page.fill('#user', 'Openbravo');
  await page.fill('#password', 'openbravo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('#who')).toHaveText('Logged in as Openbravo');
  await complete(page);
});

test('every column, for stores in every state, from central; a hanging store ends Unknown at the time limit', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  const started = Date.now();
  await openOverview(page);
  await complete(page);
  expect(Date.now() - started).toBeLessThan(TIMEOUT + 3000);
  await expect(page.locator('#progress')).toHaveText(/^10 stores checked; the last pass ended at \d\d:\d\d:\d\d and took [\d.,]+ (ms|s)$/);
  const store1 = await columns(page, 'store1');
  expect(store1).toMatchObject({
    server: 'Vall Blanca Store (store1) blocks logins', serverStatus: 'online', reloadStatus: 'done 2026\u201111\u201101',
    versionStatus: 'Different from Central', pending: '3',
    differences: 'Mobile Core (central 1.1.3450, store 1.1.3400); Web POS (central 1.8.4600, store 1.8.4503)',
  });
  expect(store1.version).toMatch(/^\d+\.\d+\.\d+ #[0-9a-f]{8}$/);
  expect(store1.checkedAt).toMatch(/^\d\d:\d\d:\d\d$/);
  expect(await columns(page, 'store2')).toMatchObject({ versionStatus: 'Same as Central', pending: '12', differences: '—',
    reloadStatus: 'failed 2026\u201112\u201106' });
  // The Reload Status is SymmetricDS's loads as central tells them (#39), briefly in the cell,
  // in words in its title; a store rebuilt and not restarted has its own mark.
  const reloadCell = (key) => row(page, key).locator('td[data-col=reloadStatus]');
  await expect(reloadCell('store2')).toHaveAttribute('title', 'reload of 2 tables failed 2026-12-06 22:10 (batch 2000002 in error)');
  expect((await columns(page, 'store3')).reloadStatus).toBe('loading 3/12');
  await expect(reloadCell('store3')).toHaveAttribute('title', 'loading: 3 of 12 batches (initial load, started 2026-12-07 07:30)');
  expect((await columns(page, 'store6')).reloadStatus).toBe('requested 2026\u201112\u201107');
  await expect(reloadCell('store6')).toHaveAttribute('title', 'reload of 3 tables requested 2026-12-07 08:05');
  expect((await columns(page, 'store10')).reloadStatus).toBe('never loaded');
  await expect(row(page, 'store5').locator('.rebuild')).toHaveText('restart due');
  await expect(row(page, 'store5').locator('.rebuild')).toHaveAttribute('title', /^Rebuild Status: restart pending\. /);
  await expect(row(page, 'store1').locator('.rebuild')).toHaveCount(0);
  const offline = await columns(page, 'store4');
  expect(offline).toMatchObject({ serverStatus: 'offline', versionStatus: 'Unknown', version: '—', pending: '—' });
  expect(offline.differences).toMatch(/^not reachable from central \(network error/);
  expect(await columns(page, 'store7')).toMatchObject({ versionStatus: 'Unknown', differences: `timed out after ${TIMEOUT} ms` });
  expect(await columns(page, 'store8')).toMatchObject({ versionStatus: 'Unknown', differences: 'HTTP 500' });
  await expect(page.locator('#summary')).toHaveText(
    'Same as Central: 3 · Different from Central: 4 · Unknown: 3 · Data pending to sync: 17 batches · Blocking logins now: 2 · Tills in the last hour: 1 blocked, 1 could not check');
  // The scenario's tills, as they reported their last login (#39): marked in words, the
  // reasons in the mark's title.
  await expect(row(page, 'store3').locator('.tills')).toHaveText('1 till blocked');
  await expect(row(page, 'store10').locator('.tills')).toHaveText('1 unchecked');
  await expect(row(page, 'store10').locator('.tills')).toHaveAttribute('title', /^1 till could not check \(the browser refused the request to the store server \(Local Network Access\)/);
  // The rows that block logins now say so in words.
  await expect(row(page, 'store5').locator('.blocks')).toHaveText('blocks logins');
  await expect(row(page, 'store3').locator('.blocks')).toHaveCount(0);
  // Vic is Same as Central with a module on each side only: the picture says why its version differs.
  await expect(page.locator('#version-note')).toContainText('1 store(s) are Same as Central but have a module installed on one side only');
  await expect(page.getByRole('columnheader')).toHaveCount(9);
  await expect(page.locator('#shown')).toHaveText('Showing 10 of 10 stores');
});

test('Modules by Server lists the modules the store lacks and those only it has; times agree', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await complete(page);
  await page.getByRole('button', { name: 'Vic (store10)' }).click();
  await expect(page.locator('#details-title')).toHaveText('Vic (store10)');
  await expect(page.locator('#modules-note')).toHaveText('8 module(s): 0 on another version, 1 missing on this store, 1 only on this store.');
  await expect(page.locator('#module-rows tr', { hasText: 'Local Loyalty Cards' }).locator('td').last()).toHaveText('only on this store');
  await expect(page.locator('#module-rows tr', { hasText: 'Retail Pack' }).locator('td').last()).toHaveText('not on this store');
  // The panel sits beside the table: Export CSV and every column stay clickable.
  await page.getByRole('button', { name: 'Export CSV' }).click({ trial: true });
  await page.getByRole('button', { name: 'Differences' }).click({ trial: true });
  // One time format in the table and the panel (local time).
  const inTable = (await columns(page, 'store10')).checkedAt;
  await expect(page.locator('#d-checked')).toContainText(inTable);
  await page.keyboard.press('Escape');
  await expect(page.locator('#details')).toBeHidden();
});

test('Recompute goes page → central → store, for one store or several; Escape still closes the panel', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await complete(page);
  expect((await columns(page, 'store9')).versionStatus).toBe('Different from Central');
  await page.getByRole('button', { name: 'Manresa (store9)' }).click();
  await page.getByRole('button', { name: 'Recompute Version Information' }).click();
  await expect(page.locator('#recompute-outcome')).toContainText('Version information recomputed');
  await expect.poll(async () => (await columns(page, 'store9')).versionStatus).toBe('Same as Central');
  await expect(page.locator('#d-version-status')).toHaveText('Same as Central');
  // Who did it and when, in the store's panel (#39).
  await expect(page.locator('#d-recomputed')).toHaveText(/^recomputed by Openbravo at \S/);
  // The focus stayed on the button: Escape closes the panel.
  await expect(page.getByRole('button', { name: 'Recompute Version Information' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('#details')).toBeHidden();
  // Several at once: a store that is down says why.
  await page.getByRole('checkbox', { name: 'Select Terrassa (store4)' }).check();
  await page.getByRole('checkbox', { name: 'Select Vic (store10)' }).check();
  await page.getByRole('button', { name: 'Recompute selected (2)' }).click();
  await expect(page.locator('#error')).toHaveText('Recomputed: 1; failed: 1.');
  // Who did what: both Recomputes, the latest first, with the admin who asked.
  await page.getByRole('button', { name: 'Show the log' }).click();
  const actions = page.locator('#actions-rows tr');
  await expect(actions).toHaveCount(2);
  await expect(actions.nth(0).locator('td').nth(1)).toHaveText('Openbravo');
  await expect(actions.nth(0).locator('td').nth(2)).toHaveText('Recompute Version Information of 2 stores: store4, store10 (1 failed)');
  await expect(actions.nth(1).locator('td').nth(2)).toHaveText('Recompute Version Information of 1 store: store9');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(actions).toHaveCount(3);
  await expect(actions.nth(0).locator('td').nth(2)).toHaveText(/^Refresh now/);
  // A store refuses a recompute asked directly, without central's credential.
  const store9 = (await (await request.get(`${CENTRAL}/__sim/state`)).json()).stores.find((s) => s.key === 'store9').base;
  const direct = await request.post(`${store9}/org.openbravo.mobile.core.service.jsonrest/org.example.versionguard.service.RecomputeVersionInformation`);
  expect(direct.status()).toBe(401);
  // A state change from another site is refused (CSRF).
  const forged = await page.request.post(`${ADMIN}api/refresh`, { headers: { origin: 'https://evil.example' } });
  expect(forged.status()).toBe(403);
});

test('a till tells central what its login\'s check decided: the store\'s panel lists the till, blocked, with the cashier (#39)', async ({ browser, page, request }) => {
  await useScenario(request, 'mixed');
  // The admin watches first: the row changes live.
  await openOverview(page);
  await complete(page);
  await expect(row(page, 'store1').locator('.tills')).toHaveCount(0);
  // The till, in a browser of its own (its session is the cashier's).
  const till = await browser.newContext();
  const pos = await till.newPage();
  // VBS-2, on store1 too: a terminal no other test logs in with (reports are limited to 6 a
  // minute per terminal).
  await openPos(pos, CENTRAL, 'terminal=VBS-2&redirect=0');
  const verdict = await logIn(pos);
  expect(verdict).toMatchObject({ outcome: 'block', rule: 6 });
  // Within 2 s of the login's end (its report went before the logout), on the stream, on the
  // admin's page in front (a page behind another has its frames paused by the browser).
  await page.bringToFront();
  await expect(row(page, 'store1').locator('.tills')).toHaveText('1 till blocked', { timeout: 2000 });
  await till.close();
  await page.getByRole('button', { name: 'Vall Blanca Store (store1)' }).click();
  const rows = page.locator('#tills-rows tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('th')).toHaveText('VBS-2');
  await expect(rows.first().locator('td').first()).toHaveText('blocked (vallblanca)');
  await expect(page.locator('#tills-note')).toHaveText("1 till(s) reported their login's check (the last 7 days).");
  // The row says it at once (the stream), and so do the summary, the CSV and the metrics.
  await expect(row(page, 'store1').locator('.tills')).toHaveText('1 till blocked');
  await expect(row(page, 'store1').locator('.tills')).toHaveAttribute('title', '1 till blocked, in the last hour');
  await expect(page.locator('#summary')).toContainText('Tills in the last hour: 2 blocked, 1 could not check');
  const metrics = await (await request.get(`${CENTRAL}/metrics`)).text();
  expect(metrics).toContain('openbravo_version_overview_tills_last_hour{status="blocked"} 2');
  // The till goes to store mode, as the message offers: the page is the store's now, so its
  // login's report goes to the store, whose agent holds it; central's next pass fetches it.
  const inStore = await browser.newContext();
  const storePage = await inStore.newPage();
  await openPos(storePage, new URL(verdict.storeModeUrl).origin, 'terminal=VBS-2&redirect=0');
  const storeVerdict = await logIn(storePage);
  expect(storeVerdict).toMatchObject({ outcome: 'proceed', rule: 1 });
  expect(storeVerdict.diagnostics.filter((d) => d.includes('report'))).toEqual([]);
  await inStore.close();
  // The next pass fetches it ("Refresh now" is limited to one every 5 s per admin, and the
  // test before this one may just have pressed it: pressed again until a pass ran).
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(rows.first().locator('td').first()).toHaveText('store mode (vallblanca)', { timeout: 2500 });
  }).toPass({ timeout: 15000 });
  await expect(rows.first().locator('td').first()).toHaveAttribute('title', /^2 report\(s\) kept, the last received by the store server \(store mode\)/);
  // Blocked in the last hour still: store mode is where the block sent it.
  await expect(row(page, 'store1').locator('.tills')).toHaveText('1 till blocked');
  // Another store's panel has none.
  await page.getByRole('button', { name: 'Terrassa (store4)' }).click();
  await expect(page.locator('#tills-note')).toHaveText('No till reported a check of this store in the last 7 days.');
  await expect(page.locator('#tills-table')).toBeHidden();
});

test('sort, filter and search: kept in the URL, the count shown, blocking first when sorted down', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await complete(page);
  const header = page.getByRole('columnheader', { name: 'Data Pending to sync' });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const pendingColumn = () => page.locator('#rows td[data-col=pendingBatches]').allTextContents();
  await expect.poll(pendingColumn).toEqual(['0', '0', '0', '0', '2', '3', '12', '—', '—', '—']);
  const status = page.getByRole('columnheader', { name: 'Version Status' });
  await status.getByRole('button').click();
  await status.getByRole('button').click();
  await expect(status).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await visibleKeys(page)).slice(0, 2).sort()).toEqual(['store1', 'store5']);
  await page.selectOption('#filter', 'blocking');
  await expect.poll(() => visibleKeys(page)).toHaveLength(2);
  await expect(page.locator('#shown')).toHaveText('Showing 2 of 10 stores');
  await page.selectOption('#filter', '');
  await page.fill('#search', 'reu');
  await expect.poll(() => visibleKeys(page)).toEqual(['store8']);
  // A reload keeps them.
  expect(page.url()).toContain('q=reu');
  expect(page.url()).toContain('sort=versionStatus');
  await page.reload();
  await complete(page);
  await expect(page.locator('#search')).toHaveValue('reu');
  await expect(status).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => visibleKeys(page)).toEqual(['store8']);
});

test('the CSV: blocks logins now and central\'s version; a Spanish CSV is separated by ";"', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page, 'filter=same');
  await complete(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  const csv = text.slice(1).split('\r\n');
  expect(csv[0]).toBe('Server,Name,Server Status,Reload Status,Rebuild Status,Version Status,Blocks logins now,Version,Central version,Data Pending to sync,Tills blocked (last hour),Tills that could not check (last hour),Differences,Error,Checked at,URL');
  expect(csv).toHaveLength(3 + 2);
  // Every field quoted: one field whichever separator a spreadsheet splits on.
  expect(csv.slice(1, 4).every((l) => l.includes(',"Same as Central","No",'))).toBe(true);
  await page.goto(`${ADMIN}?lang=es`);
  await complete(page);
  const es = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar CSV' }).click();
  const rows = readFileSync(await (await es).path(), 'utf8').slice(1).split('\r\n');
  expect(rows[0].startsWith('Servidor;Nombre;')).toBe(true);
  expect(rows.find((l) => l.startsWith('"store1";'))).toContain(';"carga inicial terminada 2026-11-01 06:00";"";"Diferente de Central";"Sí";');
  expect(rows.find((l) => l.startsWith('"store5";'))).toContain(';"reinicio pendiente";');
});

test('the stream: ten pages share one pass; a dropped connection resumes without a row missing or doubled', async ({ browser, request }) => {
  await useScenario(request, 'mixed');
  // Ten admins, each in a browser profile of their own (a browser keeps at most six HTTP/1.1
  // connections per server, and each open page holds one for its stream).
  const contexts = [];
  const pages = [];
  for (let i = 0; i < 10; i++) {
    const context = await browser.newContext();
    contexts.push(context);
    // Every stream event the page receives, as the stream sent it: which connection, which
    // event, which stores.
    await context.addInitScript(() => {
      const Original = window.EventSource;
      window.__streamEvents = [];
      let connection = 0;
      window.EventSource = class extends Original {
        constructor(...args) {
          super(...args);
          const at = connection++;
          for (const name of ['reset', 'rows', 'row', 'ready']) {
            this.addEventListener(name, (event) => {
              let keys = [];
              try {
                const data = JSON.parse(event.data);
                keys = data.rows ? data.rows.map((r) => r.key) : data.row ? [data.row.key] : [];
              } catch { /* not JSON */ }
              window.__streamEvents.push({ connection: at, name, keys });
            });
          }
          this.addEventListener('open', () => window.__streamEvents.push({ connection: at, name: 'open', keys: [] }));
        }
      };
    });
    const page = await context.newPage();
    pages.push(page);
    await openOverview(page);
  }
  for (const page of pages) await complete(page);
  const state = await (await request.get(`${CENTRAL}/__sim/state`)).json();
  for (const store of state.stores) {
    expect(store.statusRequests, store.key).toBe(store.key === 'store4' ? 0 : 1);
  }
  // Every page loses its connection (central ends the streams) while a store changes and a
  // pass runs; each comes back by itself (the browser reconnects and names its last event)
  // and gets what it missed.
  const page = pages[0];
  await request.post(`${CENTRAL}/__sim/overview/disconnect`);
  await patchServer(request, 'store3', { pendingBatches: 9 });
  const refreshed = await pages[1].request.post(`${ADMIN}api/refresh`, { headers: { origin: CENTRAL } });
  expect(refreshed.status()).toBe(200);
  for (const each of pages) {
    await expect.poll(async () => (await columns(each, 'store3')).pending, { timeout: 15_000 }).toBe('9 · growing');
  }
  const keys = await page.evaluate(async () => {
    const scroller = document.getElementById('table-scroll');
    scroller.scrollTop = 0;
    await new Promise(requestAnimationFrame);
    return [...document.querySelectorAll('#rows tr')].map((tr) => tr.dataset.key);
  });
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toHaveLength(10);
  // What the stream sent (not the page's table, keyed by store): the first connection's
  // snapshot and pass had each store at most once per update; after the reconnect (the
  // browser's own, naming its last event) no snapshot came again, and store3's change came once.
  for (const each of pages) {
    const events = await each.evaluate(() => window.__streamEvents);
    const opens = events.flatMap((e, i) => (e.name === 'open' ? [i] : []));
    expect(opens.length).toBeGreaterThanOrEqual(2);
    const before = events.slice(0, opens[1]);
    const after = events.slice(opens[1] + 1);
    expect(after.filter((e) => e.name === 'reset')).toHaveLength(0);
    const resent = after.filter((e) => e.name === 'row').flatMap((e) => e.keys);
    expect(resent.filter((k) => k === 'store3')).toHaveLength(1);
    const first = before.filter((e) => e.name === 'rows' || e.name === 'row').flatMap((e) => e.keys);
    expect(first.length, 'each store once in the first connection').toBe(new Set(first).size);
    expect(new Set(first).size).toBe(10);
  }
  for (const context of contexts) await context.close();
});

test('the page recovers from an HTTP error of its stream (central cannot say who is logged in: 503), saying so while it waits', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await complete(page);
  // Central's session service fails; once the page's session answer (kept 5 s) is gone, the
  // collector answers the stream 503, and the browser gives the stream up for good.
  await patchServer(request, 'central', { faults: [{ kind: 'http500', service: 'SessionInfo' }] });
  await page.waitForTimeout(5_500);
  await request.post(`${CENTRAL}/__sim/overview/disconnect`);
  await expect(page.locator('#live-status')).toContainText(/^Connection to central lost; trying again in \d+ s…$/, { timeout: 15_000 });
  await patchServer(request, 'central', { faults: [] });
  await expect(page.locator('#live-status')).toHaveText('', { timeout: 20_000 });
  await expect.poll(() => page.locator('#rows tr').count()).toBe(10);
  await expect(page.locator('#rows tr[data-key="store1"]')).toBeVisible();
});

test('a hot fix in force: the store is shown as not checked, not as blocking', async ({ page, request }) => {
  await useScenario(request, 'hotfix-preference');
  await openOverview(page);
  await complete(page);
  const store1 = await columns(page, 'store1');
  expect(store1.versionStatus).toBe('Different from Central');
  expect(store1.server).toContain('hot fix: not checked');
  expect(store1.server).not.toContain('blocks logins');
  await expect(page.locator('#rows tr[data-key="store1"] .unchecked')).toHaveAttribute('title', 'logins are not checked for client "CLIENT-WHITEVALLEY" (ignore-version-check preference "PREF-HOTFIX", set by "Openbravo" at 2026-12-07 06:30)');
});

test('10,000 stores: only the rows in view are in the DOM', async ({ page, request }) => {
  const many = JSON.parse(readFileSync('scenarios/many-stores.json', 'utf8'));
  await useScenario(request, { ...many, name: 'ten-thousand', generate: { ...many.generate, count: 10_000 } });
  await openOverview(page);
  await expect(page.locator('#progress')).toHaveText(/^10,000 stores checked/, { timeout: 60_000 });
  const inDom = await page.locator('#rows tr').count();
  expect(inDom).toBeLessThan(80);
  await expect(page.locator('#shown')).toHaveText('Showing 10,000 of 10,000 stores');
  await expect(page.locator('#overview')).toHaveAttribute('aria-rowcount', '10001');
  await page.locator('#table-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect.poll(() => page.locator('#rows tr').last().getAttribute('aria-rowindex')).toBe('10001');
});

test('/metrics tells which stores block logins', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await complete(page);
  const text = await (await request.get(`${CENTRAL}/metrics`)).text();
  expect(text).toContain('openbravo_version_overview_store_blocks_logins{store="store1"} 1');
  expect(text).toContain('openbravo_version_overview_stores_blocking_logins 2');
  expect(text).toMatch(/openbravo_version_overview_last_pass_duration_seconds \d/);
});

test('the view by module: how many stores run each version', async ({ page, request }) => {
  await useScenario(request, 'mixed');
  await openOverview(page);
  await complete(page);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const webPos = page.locator('#by-module-rows tr', { hasText: 'Web POS' });
  await expect(webPos).toContainText('1.8.4600');
  await expect(webPos).toContainText('(central)');
});

for (const lang of ['en', 'es']) {
  test(`at 1024×768 in ${lang}: the header stays on top, every row one height, names and versions whole`, async ({ page, request }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await useScenario(request, 'mixed');
    await openOverview(page, `lang=${lang}`);
    await complete(page);
    // Every cell whole (no line cut off, no word running past its column), but Differences,
    // which shows two lines and keeps the whole text in its title and the details panel.
    const cut = await page.locator('#overview tr').evaluateAll((trs) => trs.flatMap((tr) =>
      [...tr.children].filter((cell) => cell.dataset.col !== 'differences').filter((cell) =>
        cell.scrollHeight > cell.clientHeight + 1 || cell.scrollWidth > cell.clientWidth + 1,
      ).map((cell) => `${tr.dataset.key ?? 'header'}: ${cell.textContent}`)));
    expect(cut).toEqual([]);
    const heights = await page.locator('#rows tr').evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
    expect(heights).toHaveLength(10);
    expect(new Set(heights)).toEqual(new Set([48]));
    await page.screenshot({ path: `test-output/screenshots/overview-${lang}.png` });
    // Errors in the page's language too (a server's own words stay as they are).
    const timedOut = lang === 'es' ? `sin respuesta tras ${TIMEOUT} ms` : `timed out after ${TIMEOUT} ms`;
    expect((await columns(page, 'store7')).differences).toBe(timedOut);
    // The header stays on top while the table scrolls (a short box, scrolled past the caption).
    const scroller = page.locator('#table-scroll');
    await scroller.evaluate((el) => { el.style.height = '220px'; el.scrollTop = 180; });
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(180);
    const box = await scroller.boundingBox();
    const head = await page.locator('#overview thead').boundingBox();
    expect(head.y).toBeGreaterThanOrEqual(box.y - 1);
    expect(head.y).toBeLessThan(box.y + 5);
  });
}
