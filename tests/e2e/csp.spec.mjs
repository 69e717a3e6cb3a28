// The strict Content-Security-Policy of the demo WebPOS and the admin pages: served, enforced
// (inline script, HTML sinks and framing are refused), and the whole product works under it.
// Every other spec also fails on any violation (fixtures.mjs).
import { test, expect } from './fixtures.mjs';
import { ADMIN, CENTRAL, POS_PATH, useScenario, openPos, logIn, storeOrigin, openOverview } from './sim.mjs';

const POLICY = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data:",
  "connect-src 'self' http: https:", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
  "frame-ancestors 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'",
].join('; ');

for (const [name, url] of [['demo WebPOS', `${CENTRAL}${POS_PATH}?terminal=VBS-1`], ['admin overview', ADMIN]]) {
  test(`the ${name} is served with the strict policy and has no inline script`, async ({ page }) => {
    const response = await page.goto(url);
    expect(response.headers()['content-security-policy']).toBe(POLICY);
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i); // every script is a file
    expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no event-handler attributes
    expect(html).not.toMatch(/\sstyle\s*=/i); // no style attributes
    expect(html).not.toMatch(/javascript:/i);
  });
}

test('the policy is enforced: inline script, HTML and script-URL sinks and framing are refused, and reported', async ({ page, request }) => {
  await useScenario(request, 'same-version');
  await openPos(page, CENTRAL);
  const outcome = await page.evaluate(() => {
    const tries = {
      innerHTML: () => { document.body.insertAdjacentElement('beforeend', document.createElement('div')).innerHTML = '<img src=x onerror="window.__ran=1">'; },
      inlineScript: () => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); },
      scriptFromData: () => { const s = document.createElement('script'); s.src = 'data:text/javascript,window.__ran=1'; document.body.append(s); },
    };
    return Object.fromEntries(Object.entries(tries).map(([name, run]) => {
      try { run(); return [name, 'ran']; } catch (error) { return [name, error.name]; }
    }));
  });
  expect(outcome).toEqual({ innerHTML: 'TypeError', inlineScript: 'TypeError', scriptFromData: 'TypeError' });
  expect(await page.evaluate(() => window.__ran)).toBeUndefined();
  await expect.poll(() => page.violations.map((v) => v.directive).sort()).toEqual(
    ['require-trusted-types-for', 'require-trusted-types-for', 'require-trusted-types-for'],
  );
  page.violations.length = 0; // provoked on purpose

  // frame-ancestors 'none': another origin's page (here a store's JSON answer, which has no
  // policy of its own) cannot frame the WebPOS or the admin page, while it can frame a
  // document without the policy (the control).
  const store = await storeOrigin(request, 'store1');
  await page.goto(`${store}/openbravo/org.openbravo.mobile.core.service.jsonrest/org.example.versionguard.service.VersionInformation`);
  const framedUrls = [];
  for (const src of [`${CENTRAL}${POS_PATH}?terminal=VBS-1`, ADMIN, `${CENTRAL}/__sim/state`]) {
    await page.evaluate(async (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
      await new Promise((resolve) => { frame.onload = resolve; setTimeout(resolve, 3000); });
    }, src);
    framedUrls.push(page.frames().at(-1).url());
  }
  expect(framedUrls).toEqual(['chrome-error://chromewebdata/', 'chrome-error://chromewebdata/', `${CENTRAL}/__sim/state`]);
});

test('the guard blocks, and the overview fills its table, under the policy without a violation', async ({ page, request }) => {
  await useScenario(request, 'different-pending');
  await openPos(page, CENTRAL);
  const verdict = await logIn(page);
  expect(verdict.outcome).toBe('block');
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await useScenario(request, 'mixed');
  await openOverview(page);
  await expect(page.locator('#overview tbody tr').first()).toBeVisible();
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: 10_000 });
});
