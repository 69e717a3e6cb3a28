// The `test` every end-to-end spec uses: Playwright's, with a page that records every
// Content-Security-Policy violation (the `securitypolicyviolation` event, in every document the
// page loads) and every uncaught error or unhandled rejection, and fails the test on any.
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
    page.violations = violations;
    page.errors = errors;
    await use(page);
    // A test that provokes violations on purpose clears them itself.
    expect(violations, `CSP violations in "${testInfo.title}"`).toEqual([]);
    expect(errors, `uncaught errors in "${testInfo.title}"`).toEqual([]);
  },
});
