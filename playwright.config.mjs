// End-to-end tests: the demo WebPOS in Debian's headless Chromium, against one running
// simulator (switched between scenarios through its control endpoint, so tests run serially).
import { defineConfig } from '@playwright/test';

export const CENTRAL_PORT = 18610;
export const STORE_BASE_PORT = 18611;
/** How every test launches Debian's Chromium (no downloads, no background traffic). */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-output/playwright',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM,
    viewport: { width: 1100, height: 760 },
  },
  webServer: {
    command: `target/debug/openbravo-sim --root . --scenario same-version --central-port ${CENTRAL_PORT} --store-base-port ${STORE_BASE_PORT} --overview-timeout-ms 2000`,
    url: `http://127.0.0.1:${CENTRAL_PORT}/__sim/state`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
  },
});
