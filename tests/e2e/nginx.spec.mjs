// The overview behind a real nginx with exactly the documented configuration
// (docs/nginx/central.conf, which docs/INTEGRATION.md shows): the page on nginx's origin, the
// collector's binary behind it for the overview's path, the simulator's central as Tomcat for
// the rest. Login, the stream, Refresh now, Recompute, the CSV, and a collector restart
// behind the proxy (the page comes back by itself).
import { test, expect } from './fixtures.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, chmodSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
// Away from the other suites' ports (the 10,000-store test binds 17811 and up).
const PORTS = { central: 29610, stores: 29611, collector: 29640, nginx: 29650 };
const ORIGIN = `http://127.0.0.1:${PORTS.nginx}`;
const PAGE = `${ORIGIN}/openbravo/web/org.example.versionguard/overview/`;
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

test.describe.configure({ mode: 'serial' });

let dir;
const children = [];
let collector;

function start(command, args, ready) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const look = (chunk) => {
      output += chunk;
      if (ready.test(output)) resolve(child);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`${command} ended (${code}):\n${output}`)));
    setTimeout(() => reject(new Error(`${command} not ready in 30 s:\n${output}`)), 30_000);
  });
}

function startCollector() {
  return start(`${ROOT}target/debug/openbravo-version-overview`, [
    '--central', `http://127.0.0.1:${PORTS.central}/openbravo`, '--listen', `127.0.0.1:${PORTS.collector}`,
    '--assets', `${ROOT}www/admin`, '--token-file', join(dir, 'token'), '--timeout-ms', '2000',
    '--session-cookie', `JSESSIONID_${PORTS.central}`, '--public-origin', ORIGIN,
  ], /openbravo-version-overview: http/);
}

test.beforeAll(async () => {
  test.skip(!NGINX, 'nginx is not installed: run npm run setup (Debian\'s nginx package)');
  dir = mkdtempSync(join(tmpdir(), 'overview-nginx-'));
  chmodSync(dir, 0o777);
  writeFileSync(join(dir, 'token'), 'nginx-test-token\n');
  // The documented configuration, as docs/INTEGRATION.md shows it, with this test's upstreams.
  const documented = readFileSync(`${ROOT}docs/nginx/central.conf`, 'utf8');
  expect(readFileSync(`${ROOT}docs/INTEGRATION.md`, 'utf8')).toContain(documented.trim());
  const locations = documented
    .replaceAll('127.0.0.1:8620', `127.0.0.1:${PORTS.collector}`)
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${PORTS.central}`);
  writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1;
error_log ${dir}/error.log;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${PORTS.nginx};
${locations}
  }
}
`);
  execFileSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
  await start(`${ROOT}target/debug/openbravo-sim`, [
    '--root', ROOT, '--scenario', 'mixed', '--central-port', String(PORTS.central),
    '--store-base-port', String(PORTS.stores), '--server-token', 'nginx-test-token', '--overview-timeout-ms', '2000',
  ], /openbravo-sim ready/);
  collector = await startCollector();
  start(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], /$^/).catch(() => {});
  // Ready once the page answers through nginx.
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(PAGE)).ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not answer:\n${readFileSync(join(dir, 'error.log'), 'utf8')}`);
});

test.afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('through nginx: login, the stream, Refresh now, Recompute, the CSV, and a collector restart', async ({ page }) => {
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { name: 'Log in to central' })).toBeVisible();
  await page.fill('#user', 'Openbravo');
  await page.fill('#password', 'openbravo');
  await page.click('#login-form button[type=submit]');
  await expect(page.locator('body')).toHaveAttribute('data-complete', 'true', { timeout: 20_000 });
  await expect(page.locator('#rows tr')).toHaveCount(10);

  // Refresh now and Recompute: state changes through the proxy, from the page's origin.
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.locator('#progress')).toHaveText(/^10 stores checked/, { timeout: 20_000 });
  await expect(page.locator('#error')).toHaveText('');
  await page.getByRole('button', { name: 'Manresa (store9)' }).click();
  await page.getByRole('button', { name: 'Recompute Version Information' }).click();
  await expect(page.locator('#recompute-outcome')).toContainText('Version information recomputed');
  await page.keyboard.press('Escape');

  // The CSV.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\r\n').filter((l) => l.startsWith('"store'))).toHaveLength(10);

  // The collector restarts behind nginx (a 502 meanwhile): the page says so and comes back.
  collector.kill('SIGTERM');
  await new Promise((r) => collector.on('exit', r));
  await expect(page.locator('#live-status')).toContainText('Connection to central lost', { timeout: 15_000 });
  collector = await startCollector();
  await expect(page.locator('#live-status')).toHaveText('', { timeout: 40_000 });
  await expect(page.locator('#rows tr')).toHaveCount(10, { timeout: 20_000 });
});
