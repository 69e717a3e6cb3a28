// The blocking login and the overview with every service answered by openbravo-version-agent
// from PostgreSQL (issue #26): the stack `npm start -- --postgres` runs (scripts/start-postgres.sh:
// one throwaway cluster with central's and store1's Openbravo databases filled from the
// scenario, an agent per server, the simulator serving only the WebPOS, the login, the
// sessions and the overview page, and routing the module's paths to the agents as a reverse
// proxy would), on ports of its own beside the suite's simulator.
import { spawn } from 'node:child_process';
import { test, expect } from './fixtures.mjs';
import { POS_PATH, openPos, logIn } from './sim.mjs';

const CENTRAL_PORT = 18810;
const CENTRAL = `http://127.0.0.1:${CENTRAL_PORT}`;
const STORE1 = `http://127.0.0.1:${CENTRAL_PORT + 1}`;
let stack = null;
let output = '';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  stack = spawn('bash', ['scripts/start-postgres.sh', '--scenario', 'different-pending',
    '--central-port', String(CENTRAL_PORT), '--store-base-port', String(CENTRAL_PORT + 1),
    '--agent-base-port', '18910', '--pg-port', '18909'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise((resolve, reject) => {
    const look = (chunk) => {
      output += chunk;
      if (output.includes('postgres demo ready')) resolve();
    };
    stack.stdout.on('data', look);
    stack.stderr.on('data', look);
    stack.on('exit', (code) => reject(new Error(`start-postgres.sh ended (${code}):\n${output}`)));
  });
  const late = new Promise((_, reject) => setTimeout(() => reject(new Error(`not ready in 150 s:\n${output}`)), 150_000));
  await Promise.race([ready, late]);
});

test.afterAll(async () => {
  if (stack && stack.exitCode === null) {
    const ended = new Promise((resolve) => stack.on('exit', resolve));
    process.kill(-stack.pid, 'SIGTERM');
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
});

test('a blocked login and the overview, every answer from the agents on PostgreSQL', async ({ page, request }) => {
  // The services come from the agents: the version information is computed from AD_MODULE
  // (the agent says no reload status; the simulator would answer DONE).
  const info = await (await request.get(`${STORE1}/openbravo/org.example.versionguard/VersionInformation`)).json();
  expect(info.response.data.rebuildStatus).toBeNull();
  expect(info.response.data.serverKey).toBe('store1');
  const status = await (await request.get(`${STORE1}/openbravo/org.example.versionguard/StoreStatus`)).json();
  expect(status.response.data.pendingBatches).toBe(3); // SymmetricDS's outgoing batches to central

  // The cashier at a till of store1, WebPOS from central: told before credentials, blocked at login.
  await openPos(page, CENTRAL);
  await expect(page.locator('[data-webpos-version-guard-notice]')).toBeVisible();
  const verdict = await logIn(page);
  expect(verdict, JSON.stringify(verdict.diagnostics) + ' ' + verdict.error).toMatchObject({ outcome: 'block', rule: 6, storeServer: 'store1', pendingBatches: 3, loggedOut: true });
  expect(verdict.ignoreVersionCheck).toBe('notSet');
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await expect(page.getByRole('alertdialog').getByRole('link', { name: 'Open store mode' }))
    .toHaveAttribute('href', `${STORE1}${POS_PATH}?terminal=VBS-1&lang=en_US`);

  // The admin's overview on central: the collector asks central's agent for the definitions, the
  // session and the stores' loads, and store1's agent for its status.
  const login = await page.request.post(`${CENTRAL}/openbravo/org.openbravo.retail.posterminal.POSLoginHandler`, {
    data: { user: 'Openbravo', password: 'openbravo' },
  });
  expect(login.status()).toBe(200);
  await page.goto(`${CENTRAL}/openbravo/web/org.example.versionguard/overview/`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const row = page.locator('#rows tr[data-key="store1"]');
  await expect(row).toContainText('Different from Central', { timeout: 30_000 });
  await expect(row).toContainText('blocks logins');
  // Its Reload Status from central's SymmetricDS tables, read by central's agent (#39).
  await expect(row.locator('td[data-col=reloadStatus]')).toHaveAttribute('title', 'initial load done 2026-11-01 06:00');
});
