// The fault matrix: every fault kind the simulator has, on each service the guard uses, of the
// store and of central, in headless Chromium. For each: the verdict follows the decision table,
// it arrives within the time limit + 100 ms, there is no uncaught error, unhandled rejection,
// console error or CSP violation (fixtures.mjs), and the page stays usable.
import { test, expect } from './fixtures.mjs';
import { CENTRAL, useScenario, patchServer, openPos, logIn } from './sim.mjs';

const LIMIT_MS = 1000;
const KINDS = [
  ['latency below the limit', { kind: 'latency', ms: 300 }],
  ['latency above the limit', { kind: 'latency', ms: LIMIT_MS + 500 }],
  ['hang', { kind: 'hang' }],
  ['reset', { kind: 'reset' }],
  ['HTTP 500', { kind: 'http500' }],
  ['HTTP 503', { kind: 'http503' }],
  ['HTML with 200', { kind: 'html' }],
  ['truncated JSON', { kind: 'truncated' }],
  ['not UTF-8', { kind: 'notUtf8' }],
  ['oversized body', { kind: 'oversized' }],
  ['wrong types', { kind: 'wrongTypes' }],
  ['missing CORS headers', { kind: 'noCors' }],
  ['redirect to another origin', { kind: 'redirect' }],
];

// What a failed answer of each service leads to at login, by the decision table. The scenario
// blocks (rule 6) when nothing fails; the preference rows use the hot-fix scenario (rule 2 when
// the preference answers), where a failed preference must never skip the check. At login the
// WebPOS gives the guard its own server list, so central's ServerDefinitions and TerminalInfo
// are not asked then: a fault there leaves the login's verdict as it is (they are read at the
// start, tested below).
const SERVICES = [
  { server: 'store1', service: 'StoreStatus', scenario: 'different-pending', failed: 3 },
  { server: 'central', service: 'VersionInformation', scenario: 'different-pending', failed: 3 },
  { server: 'central', service: 'ServerDefinitions', scenario: 'different-pending', failed: 6 },
  { server: 'central', service: 'TerminalInfo', scenario: 'different-pending', failed: 6 },
  { server: 'central', service: 'Preferences', scenario: 'hotfix-preference', failed: 6 },
];

function expectedRule({ server, scenario, failed }, fault) {
  const unaffected = scenario === 'hotfix-preference' ? 2 : 6;
  if (fault.kind === 'latency' && fault.ms < LIMIT_MS) return unaffected;
  // The page runs on central's origin: central's answers are same-origin, CORS plays no part.
  if (fault.kind === 'noCors' && server === 'central') return unaffected;
  return failed;
}

async function checkUsable(page, verdict) {
  if (verdict.outcome === 'proceed') {
    await expect(page.locator('#ticket-screen')).toBeVisible();
    const before = Number(await page.locator('#pending-count').textContent());
    await page.click('#new-ticket');
    await expect(page.locator('#pending-count')).toHaveText(String(before + 1));
  } else {
    const box = page.getByRole('alertdialog');
    await expect(box).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(box).toHaveCount(0);
    await expect(page.locator('#login-screen')).toBeVisible();
    await expect(page.locator('#login-button')).toBeEnabled();
  }
}

const cases = [];
for (const target of SERVICES) {
  for (const [name, fault] of KINDS) cases.push({ target, name, fault, rule: expectedRule(target, fault) });
}
cases.push({ target: SERVICES[0], name: 'server down (connection refused)', fault: { kind: 'down' }, rule: 3, whole: true });

for (const { target, name, fault, rule, whole } of cases) {
  const where = whole ? target.server : `${target.server} ${target.service}`;
  test(`${where}: ${name} → rule ${rule}`, async ({ page, request }) => {
    await useScenario(request, target.scenario);
    await openPos(page, CENTRAL, `terminal=VBS-1&redirect=0&timeout=${LIMIT_MS}&storeTimeout=${LIMIT_MS}`);
    // Faults go in after the page loaded: the demo itself reads TerminalInfo at start.
    await patchServer(request, target.server, { faults: [whole ? fault : { ...fault, service: target.service }] });
    const verdict = await logIn(page);
    expect(verdict.rule, JSON.stringify(verdict)).toBe(rule);
    expect(verdict.outcome).toBe(rule === 6 || rule === 7 ? 'block' : 'proceed');
    if (rule === 3) {
      expect(verdict.status).toBe('unknown');
      expect(verdict.error).toBeTruthy();
    }
    expect(verdict.timings.total).toBeLessThanOrEqual(LIMIT_MS + 100);
    await checkUsable(page, verdict);
  });
}

// At the start, before credentials, the guard finds the servers itself (no login, no server
// list yet): a fault on central's ServerDefinitions or TerminalInfo makes the start's verdict
// Unknown, shows no notice, and leaves the login screen usable within the time limit.
for (const service of ['ServerDefinitions', 'TerminalInfo']) {
  for (const [name, fault] of KINDS.filter(([, f]) => ['hang', 'http500', 'wrongTypes', 'html'].includes(f.kind))) {
    test(`at the start, central ${service}: ${name} → rule 3, no notice`, async ({ page, request }) => {
      await useScenario(request, 'different-pending');
      await patchServer(request, 'central', { faults: [{ ...fault, service }] });
      const started = Date.now();
      await openPos(page, CENTRAL, `terminal=VBS-1&redirect=0&timeout=${LIMIT_MS}`);
      const verdict = await page.evaluate(() => window.__verdicts.find((v) => v.when === 'startup'));
      expect(verdict).toMatchObject({ rule: 3, outcome: 'proceed', status: 'unknown' });
      expect(verdict.timings.total).toBeLessThanOrEqual(LIMIT_MS + 100);
      expect(Date.now() - started).toBeLessThan(LIMIT_MS + 5_000);
      await expect(page.locator('[data-webpos-version-guard-notice]')).toHaveCount(0);
      await expect(page.locator('#login-button')).toBeEnabled();
    });
  }
}
