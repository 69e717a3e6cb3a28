// Hostile text: XSS and spoofing payloads as module names, ids and java packages, as store
// names, as versions and as server error messages, through the simulator into the guard's
// message, the demo's status line and the admin overview. Nothing runs, the rendered text
// equals the input (error messages after the documented 1 KiB truncation), and the layout
// holds. CSP violations or errors fail every test (fixtures.mjs).
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { CENTRAL, useScenario, patchServer, openPos, logIn, openOverview } from './sim.mjs';
import { PAYLOADS, LONG_ERROR, truncatedError, moduleId, utf8Length } from './hostile-payloads.mjs';
const BASE = JSON.parse(readFileSync('scenarios/_base.json', 'utf8'));
const CHUNK = 15; // the message lists at most 20 differing modules
const hostileModules = PAYLOADS.map((payload, i) => ({
  id: moduleId(payload, i), name: payload, javaPackage: payload, version: '1.0.1',
}));
// The message has one <details> of its own (Details for IT); one a payload made would sit inside
// a cell or inside it.
const ELEMENTS = 'script, img, svg, iframe, object, embed, style, math, details details, td details, th details, h1, b, [onload], [onerror], [onfocus], [onmouseover], [ontoggle]';

async function noScriptRan(page) {
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
}

/** Elements a payload would have added inside the parts that show server text (none of
 *  them has any of these of its own). */
async function injectedElements(page, roots) {
  return page.evaluate(([roots, selector]) => [...document.querySelectorAll(roots)]
    .reduce((n, root) => n + root.querySelectorAll(selector).length, 0), [roots, ELEMENTS]);
}

async function layoutHolds(page, selector) {
  const box = await page.evaluate((selector) => {
    const element = document.querySelector(selector);
    const rect = element.getBoundingClientRect();
    return {
      left: rect.left, right: rect.right, viewport: window.innerWidth,
      overflow: element.scrollWidth - element.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth,
    };
  }, selector);
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.right).toBeLessThanOrEqual(box.viewport);
  expect(box.overflow, 'horizontal overflow inside').toBeLessThanOrEqual(0);
  expect(box.page, 'horizontal overflow of the page').toBeLessThanOrEqual(0);
}

for (let start = 0; start < PAYLOADS.length; start += CHUNK) {
  const chunk = hostileModules.slice(start, start + CHUNK);
  test(`module names ${start + 1}–${start + chunk.length} of ${PAYLOADS.length} reach the block message as text`, async ({ page, request }) => {
    await useScenario(request, {
      extends: '_base', name: 'hostile-modules',
      central: { ...BASE.central, modules: [...BASE.central.modules, ...chunk] },
      stores: [{ key: 'store1', name: 'Vall Blanca Store', pendingBatches: 3,
        modules: { versions: Object.fromEntries(chunk.map((m) => [m.id, '1.0.0'])) } }],
    });
    await openPos(page, CENTRAL);
    const verdict = await logIn(page);
    expect(verdict).toMatchObject({ outcome: 'block', rule: 6 });
    expect(verdict.differences.map((d) => d.name).sort()).toEqual(chunk.map((m) => m.name).sort());
    const box = page.getByRole('alertdialog');
    await expect(box).toBeVisible();
    const names = await box.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.cells[0].textContent));
    expect(names.sort()).toEqual(chunk.map((m) => m.name).sort());
    const versions = await box.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.cells[1].textContent, r.cells[2].textContent]));
    expect(versions.every(([c, s]) => c === '1.0.1' && s === '1.0.0')).toBe(true);
    expect(await injectedElements(page, '[role=alertdialog]')).toBe(0);
    await expect(box.getByRole('link', { name: 'Open store mode' })).toBeFocused();
    // The details for IT open: the modules table, hostile names and all, keeps the layout.
    await box.locator('summary').click();
    await layoutHolds(page, '[role=alertdialog]');
    await box.getByRole('link', { name: 'Open store mode' }).focus();
    await page.mouse.move(10, 10);
    await page.keyboard.press('Tab');
    await noScriptRan(page);
  });
}

test('a hostile server error message reaches the verdict and the page as text, cut to 1 KiB', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  await patchServer(request, 'store1', { faults: [{ kind: 'errorMessage', service: 'StoreStatus', message: LONG_ERROR }] });
  const verdict = await logIn(page);
  expect(verdict).toMatchObject({ outcome: 'proceed', rule: 3, status: 'unknown' });
  const kept = truncatedError(LONG_ERROR);
  expect(utf8Length(kept)).toBeLessThanOrEqual(1024);
  expect(verdict.error).toBe(`store version information unavailable: server error (status -1): ${kept}`);
  await expect(page.locator('#guard-status')).toContainText(kept);
  expect(await page.locator('#guard-status').evaluate((e) => e.children.length)).toBe(0);
  await layoutHolds(page, 'main');
  await noScriptRan(page);
});

test('store names, module names, versions and error messages reach the admin overview as text', async ({ page, request }) => {
  const stores = [
    // Hostile store names; each store's own hostile module differs from central's.
    ...PAYLOADS.map((payload, i) => ({ key: `name${i}`, name: payload, pendingBatches: 1,
      modules: { versions: { [hostileModules[i].id]: '1.0.0' } } })),
    // Hostile versions: the store's answer is invalid, the row is Unknown.
    ...PAYLOADS.filter((p) => utf8Length(p) <= 64).map((payload, i) => ({ key: `version${i}`, name: `Version ${i}`,
      modules: { versions: { 0: payload } } })),
    // Hostile error messages from the store's version service.
    ...[...PAYLOADS, LONG_ERROR].map((payload, i) => ({ key: `error${i}`, name: `Error ${i}`,
      faults: [{ kind: 'errorMessage', service: 'StoreStatus', message: payload }] })),
  ];
  await useScenario(request, {
    extends: '_base', name: 'hostile-overview',
    central: { ...BASE.central, modules: [...BASE.central.modules, ...hostileModules] }, stores,
  });
  await openOverview(page);
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: 30_000 });
  // Every row in view at once: the table's box as tall as all of them (only rows in view are drawn).
  await page.locator('#table-scroll').evaluate((el) => { el.style.height = '100000px'; });
  await expect.poll(() => page.locator('#rows tr').count()).toBe(stores.length);
  const rows = await page.locator('#rows tr').evaluateAll((trs) => trs.map((tr) => ({
    server: tr.querySelector('[data-col=server] button').textContent,
    status: tr.dataset.status,
    differences: tr.querySelector('[data-col=differences]').textContent,
  })));
  const byServer = new Map(rows.map((r) => [r.server, r]));
  PAYLOADS.forEach((payload, i) => {
    const row = byServer.get(`${payload} (name${i})`);
    expect(row, `store named ${JSON.stringify(payload)}`).toBeTruthy();
    expect(row.status).toBe('blocking'); // different, with a batch pending
    expect(row.differences).toBe(`${payload} (central 1.0.1, store 1.0.0)`);
  });
  for (const row of rows.filter((r) => r.server.startsWith('Version '))) {
    expect(row.status).toBe('unknown');
    // The store's agent validates what it would send, as the guard does: it says why, in words.
    expect(row.differences).toMatch(/^HTTP 503: the installed modules' versions cannot be read: invalid response: module 0: (empty version|invalid character|version)/);
  }
  [...PAYLOADS, LONG_ERROR].forEach((payload, i) => {
    const row = byServer.get(`Error ${i} (error${i})`);
    expect(row.status).toBe('unknown');
    expect(row.differences).toBe(`server error (status -1): ${truncatedError(payload)}`);
  });

  // One hostile store's details: Modules by Server lists every hostile module as text.
  await page.locator('#rows [data-col=server] button').first().click();
  await expect(page.locator('#details')).toBeVisible();
  const modules = await page.locator('#module-rows tr').evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]));
  for (const m of hostileModules) expect(modules).toContainEqual([m.name, m.javaPackage]);

  // Everything that shows server text (the details panel's own picture is the page's SVG, of
  // counts and times only, and is left out).
  expect(await injectedElements(page, '#rows, #details-title, #details .fields, #modules-note, #module-rows, #summary, #error')).toBe(0);
  expect(await page.locator('#details svg').count()).toBe(1);
  expect(await page.locator('#details svg.chart').count()).toBe(1);
  await layoutHolds(page, 'main');
  await noScriptRan(page);
});
