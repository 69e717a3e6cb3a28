// The WebPOS as an installed module serves it (issue #36): the simulator serves the demo from
// the module file's own folder (dist/org.example.versionguard-<version>.obx, unpacked by
// Python's zipfile): the adapter its component provider declares, concatenated and
// JSMin-minified into mobile core's generated script; the guard's package from the module's
// web/ folder, its .wasm served as application/octet-stream as Tomcat before 9.0.37 serves it;
// the labels of its AD_MESSAGE rows (and of its Spanish translation module) handed to OB.I18N.
// The blocking login blocks, in the module's words, with one fetch of the .wasm a page and no
// console warning or error.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { POS_PATH, openPos, logIn } from './sim.mjs';

const PORT = 18710;
const CENTRAL = `http://127.0.0.1:${PORT}`;
const UNPACKED = 'test-output/module';
let sim = null;

/** The module's labels as its files hold them: English by key, Spanish by key. */
function moduleLabels() {
  const dir = `${UNPACKED}/org.example.versionguard`;
  const xml = readFileSync(`${dir}/src-db/database/sourcedata/AD_MESSAGE.xml`, 'utf8');
  const english = {};
  const ids = {};
  for (const row of xml.split('<AD_MESSAGE>').slice(1)) {
    const column = (name) => row.split(`<${name}><![CDATA[`)[1].split(']]>')[0];
    english[column('VALUE')] = column('MSGTEXT');
    ids[column('AD_MESSAGE_ID')] = column('VALUE');
  }
  const trl = readFileSync(`${dir}.es_ES/referencedata/translation/es_ES/AD_MESSAGE_TRL_es_ES.xml`, 'utf8');
  const spanish = {};
  for (const row of trl.split('<row id="').slice(1)) {
    const id = row.split('"')[0];
    const value = row.split('<value ')[1];
    const text = value.slice(value.indexOf('>') + 1).split('</value>')[0]
      .replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    spanish[ids[id]] = text;
  }
  return { english, spanish };
}

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  const obx = readdirSync('dist').filter((f) => /^org\.example\.versionguard(\.es_ES)?-\d+\.\d+\.\d+\.obx$/.test(f));
  expect(obx, 'dist/ has the module files: run npm run package (npm test does)').toHaveLength(2);
  rmSync(UNPACKED, { recursive: true, force: true });
  mkdirSync(UNPACKED, { recursive: true });
  for (const file of obx) execFileSync('python3', ['-m', 'zipfile', '-e', `dist/${file}`, UNPACKED]);
  sim = spawn('target/debug/openbravo-sim', ['--root', '.', '--scenario', 'different-pending',
    '--central-port', String(PORT), '--store-base-port', String(PORT + 1),
    '--module', `${UNPACKED}/org.example.versionguard`, '--wasm-octet-stream'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    sim.on('exit', (code) => reject(new Error(`the simulator ended (${code})`)));
    sim.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('openbravo-sim ready ')) resolve();
    });
  });
});

test.afterAll(() => {
  if (sim && sim.exitCode === null) sim.kill();
});

for (const [language, lang] of [['en', 'english'], ['es', 'spanish']]) {
  test(`from the .obx on an old Tomcat (${language}): blocked in the module's words, one .wasm fetch a page, no warning`, async ({ page, request }) => {
    const labels = moduleLabels()[lang];
    const warnings = [];
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Runtime.enable');
    cdp.on('Runtime.consoleAPICalled', (event) => {
      if (event.type === 'warning') warnings.push(event.args.map((a) => a.value ?? a.description).join(' '));
    });
    let wasmFetches = 0;
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmFetches += 1; });
    const served = await request.get(`${CENTRAL}/openbravo/web/org.example.versionguard/js/pkg/webpos_version_guard_bg.wasm`);
    expect(served.headers()['content-type']).toBe('application/octet-stream');

    await openPos(page, CENTRAL);
    await expect(page.locator('[data-webpos-version-guard-notice]')).toBeVisible();
    expect(wasmFetches, 'one fetch of the .wasm at the start').toBe(1);
    const verdict = await logIn(page, { language });
    expect(verdict).toMatchObject({ outcome: 'block', rule: 6, loggedOut: true });
    expect(wasmFetches, 'one more after the reload that ends the blocked login').toBe(2);
    // The module's labels reached OB.I18N, and the message speaks them.
    const title = labels.EXVG_VersionGuardTitle;
    expect(await page.evaluate(() => window.OB.I18N.getLabel('EXVG_VersionGuardTitle'))).toBe(title);
    const box = page.getByRole('alertdialog');
    await expect(box).toBeVisible();
    await expect(box).toHaveAccessibleName(title);
    await expect(box.getByRole('link', { name: labels.EXVG_VersionGuardOpenStoreMode })).toBeVisible();
    expect(warnings, 'no console warning').toEqual([]);
  });
}
