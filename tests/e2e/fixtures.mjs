// The `test` every end-to-end spec uses: Playwright's, with a page that records every
// Content-Security-Policy violation (the `securitypolicyviolation` event, in every document the
// page loads), every uncaught error or unhandled rejection and every console.error call, and
// fails the test on any.
import { test as base, expect } from '@playwright/test';

export { expect };

export const test = base.extend({
  page: async ({ page }, use, testInfo) => {
    const violations = [];
    const errors = [];
    await page.exposeFunction('__reportCspViolation', (violation) => violations.push(violation));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCspViolation({
          directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber,
        });
      });
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    // console.error/console.assert calls by any script of the page (the module, the demo).
    // Chromium's own network log lines (a failed request, a CORS refusal) are not script
    // calls and do not count: the fault tests provoke them on purpose.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Runtime.enable');
    cdp.on('Runtime.consoleAPICalled', (event) => {
      if (event.type === 'error' || event.type === 'assert') {
        errors.push(`console.${event.type}: ${event.args.map((a) => a.value ?? a.description).join(' ')}`);
      }
    });
    page.violations = violations;
    page.errors = errors;
    await use(page);
    // A test that provokes violations on purpose clears them itself.
    expect(violations, `CSP violations in "${testInfo.title}"`).toEqual([]);
    expect(errors, `uncaught errors or console errors in "${testInfo.title}"`).toEqual([]);
  },
});
